package iam

import (
	"context"
	"crypto/md5"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// minSSHKeyBits is the smallest RSA key IAM accepts for CodeCommit.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
const minSSHKeyBits = 2048

// sshKeyOperations declares the SSH public key operations.
func (s *Service) sshKeyOperations() []service.Operation {
	onUser := func(p *principal.Principal, name string) string { return s.userResource(p, name) }
	return []service.Operation{
		service.Op("iam", "UploadSSHPublicKey", s.UploadSSHPublicKey,
			service.OnResource(func(p *principal.Principal, in *UploadSSHPublicKeyRequest) string { return onUser(p, in.UserName) })),
		service.Op("iam", "GetSSHPublicKey", s.GetSSHPublicKey, service.ReadOnly[GetSSHPublicKeyRequest](),
			service.OnResource(func(p *principal.Principal, in *GetSSHPublicKeyRequest) string { return onUser(p, in.UserName) })),
		service.Op("iam", "UpdateSSHPublicKey", s.UpdateSSHPublicKey,
			service.OnResource(func(p *principal.Principal, in *UpdateSSHPublicKeyRequest) string { return onUser(p, in.UserName) })),
		service.Op("iam", "DeleteSSHPublicKey", s.DeleteSSHPublicKey,
			service.OnResource(func(p *principal.Principal, in *DeleteSSHPublicKeyRequest) string { return onUser(p, in.UserName) })),
		service.Op("iam", "ListSSHPublicKeys", s.ListSSHPublicKeys, service.ReadOnly[ListSSHPublicKeysRequest](),
			service.OnResource(func(p *principal.Principal, in *ListSSHPublicKeysRequest) string { return onUser(p, in.UserName) })),
	}
}

// parsedSSHKey is an uploaded key reduced to what IAM keeps of it.
type parsedSSHKey struct {
	key *rsa.PublicKey
	// blob is the key in SSH wire format (RFC 4253 section 6.6), the
	// input of the fingerprint whichever format was uploaded.
	blob []byte
}

// fingerprint is the MD5 digest of the wire-format key as colon-separated
// hex, the form IAM reports ("c4:b5:...").
func (k parsedSSHKey) fingerprint() string {
	sum := md5.Sum(k.blob)
	h := hex.EncodeToString(sum[:])
	parts := make([]string, 0, len(sum))
	for i := 0; i < len(h); i += 2 {
		parts = append(parts, h[i:i+2])
	}
	return strings.Join(parts, ":")
}

// encode renders the key as GetSSHPublicKey's Encoding asks: "SSH" for
// the ssh-rsa line, "PEM" for a PKIX PEM block.
func (k parsedSSHKey) encode(encoding string) (string, error) {
	if encoding == "PEM" {
		der, err := x509.MarshalPKIXPublicKey(k.key)
		if err != nil {
			return "", err
		}
		return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})), nil
	}
	return "ssh-rsa " + base64.StdEncoding.EncodeToString(k.blob), nil
}

// parseSSHPublicKey accepts an ssh-rsa line (OpenSSH authorized_keys
// form) or a PEM RSA public key (PKIX or PKCS #1) of at least 2048 bits.
// A text in neither form, or of another key type, is
// UnrecognizedPublicKeyEncoding; a key in one of them that does not parse
// or is too short is InvalidPublicKey.
func parseSSHPublicKey(body string) (parsedSSHKey, error) {
	body = strings.TrimSpace(body)
	invalid := awserr.InvalidPublicKey(msgInvalidPublicKey)
	unrecognized := awserr.UnrecognizedPublicKeyEncoding(msgUnrecognizedPublicKey)
	var key *rsa.PublicKey
	switch {
	case strings.HasPrefix(body, "ssh-rsa "):
		fields := strings.Fields(body)
		blob, err := base64.StdEncoding.DecodeString(fields[1])
		if err != nil {
			return parsedSSHKey{}, invalid
		}
		if key, err = parseSSHRSABlob(blob); err != nil {
			return parsedSSHKey{}, invalid
		}
	case strings.HasPrefix(body, "-----BEGIN "):
		block, _ := pem.Decode([]byte(body))
		if block == nil {
			return parsedSSHKey{}, invalid
		}
		switch block.Type {
		case "PUBLIC KEY":
			pub, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return parsedSSHKey{}, invalid
			}
			rsaKey, ok := pub.(*rsa.PublicKey)
			if !ok {
				return parsedSSHKey{}, unrecognized
			}
			key = rsaKey
		case "RSA PUBLIC KEY":
			rsaKey, err := x509.ParsePKCS1PublicKey(block.Bytes)
			if err != nil {
				return parsedSSHKey{}, invalid
			}
			key = rsaKey
		default:
			return parsedSSHKey{}, unrecognized
		}
	default:
		return parsedSSHKey{}, unrecognized
	}
	if key.N.BitLen() < minSSHKeyBits {
		return parsedSSHKey{}, invalid
	}
	return parsedSSHKey{key: key, blob: sshRSABlob(key)}, nil
}

// sshRSABlob encodes an RSA key in SSH wire format: the string "ssh-rsa",
// then e and n as mpints.
func sshRSABlob(k *rsa.PublicKey) []byte {
	var b []byte
	b = appendSSHString(b, []byte("ssh-rsa"))
	b = appendSSHString(b, mpint(big.NewInt(int64(k.E))))
	return appendSSHString(b, mpint(k.N))
}

func appendSSHString(b, s []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// mpint is a positive integer's two's-complement big-endian bytes
// (RFC 4251 section 5): a leading zero when the top bit is set.
func mpint(n *big.Int) []byte {
	b := n.Bytes()
	if len(b) > 0 && b[0]&0x80 != 0 {
		b = append([]byte{0}, b...)
	}
	return b
}

var errBadSSHBlob = errors.New("malformed ssh-rsa key")

// parseSSHRSABlob reads an ssh-rsa key in wire format, nothing after it.
func parseSSHRSABlob(blob []byte) (*rsa.PublicKey, error) {
	next := func() ([]byte, error) {
		if len(blob) < 4 {
			return nil, errBadSSHBlob
		}
		n := binary.BigEndian.Uint32(blob)
		if uint64(n) > uint64(len(blob)-4) {
			return nil, errBadSSHBlob
		}
		v := blob[4 : 4+n]
		blob = blob[4+n:]
		return v, nil
	}
	name, err := next()
	if err != nil || string(name) != "ssh-rsa" {
		return nil, errBadSSHBlob
	}
	e, err := next()
	if err != nil {
		return nil, err
	}
	n, err := next()
	if err != nil || len(blob) != 0 {
		return nil, errBadSSHBlob
	}
	exp := new(big.Int).SetBytes(e)
	if len(e) == 0 || e[0]&0x80 != 0 || len(n) == 0 || n[0]&0x80 != 0 || !exp.IsInt64() || exp.Int64() < 3 || exp.Int64() > 1<<31-1 {
		return nil, errBadSSHBlob
	}
	return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(exp.Int64())}, nil
}

// sshKeyShape is the wire SSHPublicKey; body is the key in the encoding
// the caller asked for.
func sshKeyShape(userName string, k *store.SSHPublicKey, body string) *SSHPublicKey {
	uploaded := k.UploadedAt.UTC()
	return &SSHPublicKey{
		UserName:         userName,
		SSHPublicKeyId:   k.ID,
		Fingerprint:      k.Fingerprint,
		SSHPublicKeyBody: body,
		Status:           string(k.Status),
		UploadDate:       &uploaded,
	}
}

// UploadSSHPublicKey associates an SSH public key with a user, for AWS
// CodeCommit: at most five per user, each once.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
func (s *Service) UploadSSHPublicKey(ctx context.Context, in *UploadSSHPublicKeyRequest) (*UploadSSHPublicKeyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	parsed, err := parseSSHPublicKey(in.SSHPublicKeyBody)
	if err != nil {
		return nil, err
	}
	// SSH key IDs have the length of access key IDs, not of unique IDs
	// (APKAEIVFHP46CEXAMPLE in the API Reference's example).
	id, err := secrets.NewAccessKeyID(secrets.PrefixPublicKey)
	if err != nil {
		return nil, fmt.Errorf("iam: new SSH public key ID: %w", err)
	}
	k := &store.SSHPublicKey{
		AccountID: accountID, ID: id, Body: in.SSHPublicKeyBody,
		Fingerprint: parsed.fingerprint(), Status: store.KeyActive, UploadedAt: s.now(),
	}
	var userName string
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := getUser(ctx, tx, accountID, in.UserName)
		if err != nil {
			return err
		}
		k.UserID, userName = u.ID, u.Name
		return storeError(tx.SSHPublicKeys().Create(ctx, k, maxSSHPublicKeysPerUser),
			ifLimit(errQuota(quotaSSHPublicKeysPerUser, maxSSHPublicKeysPerUser)),
			ifExists(awserr.DuplicateSSHPublicKey(msgDuplicateSSHPublicKey)),
			ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	return &UploadSSHPublicKeyResponse{SSHPublicKey: sshKeyShape(userName, k, k.Body)}, nil
}

// GetSSHPublicKey returns a key of a user in the encoding asked for.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetSSHPublicKey.html
func (s *Service) GetSSHPublicKey(ctx context.Context, in *GetSSHPublicKeyRequest) (*GetSSHPublicKeyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := getUser(ctx, s.store, accountID, in.UserName)
	if err != nil {
		return nil, err
	}
	k, err := s.store.SSHPublicKeys().Get(ctx, accountID, u.ID, in.SSHPublicKeyId)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgSSHPublicKeyNotFound, in.SSHPublicKeyId)))
	}
	parsed, err := parseSSHPublicKey(k.Body)
	if err != nil {
		return nil, errors.New("iam: stored SSH public key does not parse")
	}
	body, err := parsed.encode(in.Encoding)
	if err != nil {
		return nil, err
	}
	return &GetSSHPublicKeyResponse{SSHPublicKey: sshKeyShape(u.Name, k, body)}, nil
}

// UpdateSSHPublicKey makes a key Active or Inactive.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateSSHPublicKey.html
func (s *Service) UpdateSSHPublicKey(ctx context.Context, in *UpdateSSHPublicKeyRequest) (*noOutput, error) {
	return s.changeSSHKey(ctx, in.UserName, in.SSHPublicKeyId, func(st store.SSHPublicKeys, accountID, userID string) error {
		return st.UpdateStatus(ctx, accountID, userID, in.SSHPublicKeyId, store.AccessKeyStatus(in.Status))
	})
}

// DeleteSSHPublicKey deletes a key of a user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteSSHPublicKey.html
func (s *Service) DeleteSSHPublicKey(ctx context.Context, in *DeleteSSHPublicKeyRequest) (*noOutput, error) {
	return s.changeSSHKey(ctx, in.UserName, in.SSHPublicKeyId, func(st store.SSHPublicKeys, accountID, userID string) error {
		return st.Delete(ctx, accountID, userID, in.SSHPublicKeyId)
	})
}

// changeSSHKey resolves the user and runs change on one of its keys.
func (s *Service) changeSSHKey(ctx context.Context, userName, keyID string, change func(st store.SSHPublicKeys, accountID, userID string) error) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := getUser(ctx, tx, accountID, userName)
		if err != nil {
			return err
		}
		return storeError(change(tx.SSHPublicKeys(), accountID, u.ID),
			ifNotFound(awserr.NoSuchEntity(msgSSHPublicKeyNotFound, keyID)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListSSHPublicKeys lists a user's keys (the caller's when UserName is
// omitted; none for a root user), oldest first.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListSSHPublicKeys.html
func (s *Service) ListSSHPublicKeys(ctx context.Context, in *ListSSHPublicKeysRequest) (*ListSSHPublicKeysResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := targetUser(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	keys := []*store.SSHPublicKey{}
	if u != nil {
		if keys, err = s.store.SSHPublicKeys().List(ctx, p.AccountID, u.ID); err != nil {
			return nil, storeError(err)
		}
	}
	page, next, err := pageSlice(keys, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListSSHPublicKeysResponse{SSHPublicKeys: make([]SSHPublicKeyMetadata, 0, len(page))}
	for _, k := range page {
		out.SSHPublicKeys = append(out.SSHPublicKeys, SSHPublicKeyMetadata{
			UserName: u.Name, SSHPublicKeyId: k.ID, Status: string(k.Status), UploadDate: k.UploadedAt.UTC(),
		})
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
