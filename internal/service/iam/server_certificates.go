package iam

import (
	"context"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// serverCertificateOperations declares the server certificate operations.
func (s *Service) serverCertificateOperations() []service.Operation {
	on := func(p *principal.Principal, name string) string { return s.serverCertificateResource(p, name) }
	return []service.Operation{
		service.Op("iam", "UploadServerCertificate", s.UploadServerCertificate,
			service.WithContextKeys(func(in *UploadServerCertificateRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *UploadServerCertificateRequest) string {
				return serverCertificateARN(p.AccountID, in.Path, in.ServerCertificateName)
			})),
		service.Op("iam", "GetServerCertificate", s.GetServerCertificate, service.ReadOnly[GetServerCertificateRequest](),
			service.OnResource(func(p *principal.Principal, in *GetServerCertificateRequest) string {
				return on(p, in.ServerCertificateName)
			})),
		service.Op("iam", "UpdateServerCertificate", s.UpdateServerCertificate,
			service.OnResource(func(p *principal.Principal, in *UpdateServerCertificateRequest) string {
				return on(p, in.ServerCertificateName)
			})),
		service.Op("iam", "DeleteServerCertificate", s.DeleteServerCertificate,
			service.OnResource(func(p *principal.Principal, in *DeleteServerCertificateRequest) string {
				return on(p, in.ServerCertificateName)
			})),
		service.Op("iam", "ListServerCertificates", s.ListServerCertificates, service.ReadOnly[ListServerCertificatesRequest](),
			service.OnResource(func(p *principal.Principal, _ *ListServerCertificatesRequest) string {
				return accountWildcardARN(p.AccountID, "server-certificate")
			})),
		service.Op("iam", "TagServerCertificate", s.TagServerCertificate,
			service.WithContextKeys(func(in *TagServerCertificateRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *TagServerCertificateRequest) string {
				return on(p, in.ServerCertificateName)
			})),
		service.Op("iam", "UntagServerCertificate", s.UntagServerCertificate,
			service.WithContextKeys(func(in *UntagServerCertificateRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(p *principal.Principal, in *UntagServerCertificateRequest) string {
				return on(p, in.ServerCertificateName)
			})),
		service.Op("iam", "ListServerCertificateTags", s.ListServerCertificateTags, service.ReadOnly[ListServerCertificateTagsRequest](),
			service.OnResource(func(p *principal.Principal, in *ListServerCertificateTagsRequest) string {
				return on(p, in.ServerCertificateName)
			})),
	}
}

func serverCertificateARN(accountID, path, name string) string {
	return entityARN(accountID, "server-certificate", path, name)
}

// serverCertificateResource is the ARN of a named certificate, with its
// stored path when it exists.
func (s *Service) serverCertificateResource(p *principal.Principal, name string) string {
	path := defaultPath
	if c, err := s.store.ServerCertificates().Get(context.Background(), p.AccountID, name); err == nil {
		path, name = c.Path, c.Name
	}
	return serverCertificateARN(p.AccountID, path, name)
}

// taggedServerCertificate shares the tag operations with other entities.
var taggedServerCertificate = tagged{store.TagServerCertificate, func(ctx context.Context, st store.Store, accountID, name string) (string, error) {
	c, err := getServerCertificate(ctx, st, accountID, name)
	if err != nil {
		return "", err
	}
	return c.ID, nil
}}

func getServerCertificate(ctx context.Context, st store.Store, accountID, name string) (*store.ServerCertificate, error) {
	c, err := st.ServerCertificates().Get(ctx, accountID, name)
	return c, storeError(err, ifNotFound(awserr.NoSuchEntity(msgServerCertificateNotFound, name)))
}

// parsePrivateKey reads a PEM private key: PKCS #1 RSA, SEC 1 EC or
// PKCS #8.
func parsePrivateKey(body string) (crypto.Signer, error) {
	malformed := awserr.MalformedCertificate(msgMalformedPrivateKey)
	block, _ := pem.Decode([]byte(strings.TrimSpace(body)))
	if block == nil {
		return nil, malformed
	}
	var key any
	var err error
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	default:
		return nil, malformed
	}
	signer, ok := key.(crypto.Signer)
	if err != nil || !ok {
		return nil, malformed
	}
	return signer, nil
}

// checkChain parses the chain's certificates and checks that each signs
// the one before it, starting from the certificate itself; the index in
// AWS's message is that of the first one that fails.
func checkChain(cert *x509.Certificate, chain string) error {
	rest := []byte(strings.TrimSpace(chain))
	prev := cert
	for i := 0; len(strings.TrimSpace(string(rest))) > 0; i++ {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil || block.Type != "CERTIFICATE" {
			return awserr.MalformedCertificate(fmt.Sprintf(msgMalformedChain, i))
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil || prev.CheckSignatureFrom(c) != nil {
			return awserr.MalformedCertificate(fmt.Sprintf(msgMalformedChain, i))
		}
		prev = c
	}
	return nil
}

// publicKeysEqual compares a certificate's key with a private key's.
func publicKeysEqual(certKey any, priv crypto.Signer) bool {
	k, ok := priv.Public().(interface{ Equal(crypto.PublicKey) bool })
	return ok && k.Equal(certKey)
}

func serverCertificateMetadata(c *store.ServerCertificate) ServerCertificateMetadata {
	uploaded, expires := c.UploadedAt.UTC(), c.Expiration.UTC()
	return ServerCertificateMetadata{
		Path: c.Path, ServerCertificateName: c.Name, ServerCertificateId: c.ID,
		Arn: serverCertificateARN(c.AccountID, c.Path, c.Name), UploadDate: &uploaded, Expiration: &expires,
	}
}

// UploadServerCertificate stores a certificate with its private key
// (sealed, bound to the certificate's ID) and optional chain. The key must
// be the certificate's; the certificate must not have expired.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html
func (s *Service) UploadServerCertificate(ctx context.Context, in *UploadServerCertificateRequest) (*UploadServerCertificateResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	cert, err := parseCertificatePEM(in.CertificateBody)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if now.After(cert.NotAfter) {
		return nil, awserr.MalformedCertificate(msgCertificateExpired)
	}
	priv, err := parsePrivateKey(in.PrivateKey)
	if err != nil {
		return nil, err
	}
	if !publicKeysEqual(cert.PublicKey, priv) {
		return nil, awserr.KeyPairMismatch(msgKeyPairMismatch)
	}
	if err := checkChain(cert, in.CertificateChain); err != nil {
		return nil, err
	}
	if s.sealer == nil {
		return nil, fmt.Errorf("iam: UploadServerCertificate: no sealer configured")
	}
	id, err := s.uniqueID(secrets.PrefixCertificate)
	if err != nil {
		return nil, err
	}
	sealed, err := s.sealer.Seal([]byte(in.PrivateKey), []byte(id))
	if err != nil {
		return nil, fmt.Errorf("iam: seal server certificate key: %w", err)
	}
	c := &store.ServerCertificate{
		AccountID: accountID, ID: id, Name: in.ServerCertificateName, Path: pathOrDefault(in.Path),
		Body: in.CertificateBody, Chain: in.CertificateChain, SealedPrivateKey: sealed,
		Expiration: cert.NotAfter.UTC(), UploadedAt: now,
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		err := storeError(tx.ServerCertificates().Create(ctx, c, maxServerCertificatesPerAccount),
			ifExists(awserr.EntityAlreadyExists(msgServerCertificateExists, in.ServerCertificateName)),
			ifLimit(errQuota(quotaServerCertificatesPerAccount, maxServerCertificatesPerAccount)))
		if err != nil {
			return err
		}
		return s.setTags(ctx, tx, accountID, store.TagServerCertificate, c.ID, in.Tags)
	})
	if err != nil {
		return nil, err
	}
	meta := serverCertificateMetadata(c)
	return &UploadServerCertificateResponse{ServerCertificateMetadata: &meta, Tags: in.Tags}, nil
}

// GetServerCertificate returns a certificate, its chain and tags, never
// its private key.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetServerCertificate.html
func (s *Service) GetServerCertificate(ctx context.Context, in *GetServerCertificateRequest) (*GetServerCertificateResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	c, err := getServerCertificate(ctx, s.store, accountID, in.ServerCertificateName)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, store.TagServerCertificate, c.ID)
	if err != nil {
		return nil, storeError(err)
	}
	return &GetServerCertificateResponse{ServerCertificate: ServerCertificate{
		ServerCertificateMetadata: serverCertificateMetadata(c),
		CertificateBody:           c.Body,
		CertificateChain:          c.Chain,
		Tags:                      tagsFromStore(tags),
	}}, nil
}

// UpdateServerCertificate renames a certificate or moves it to another
// path.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateServerCertificate.html
func (s *Service) UpdateServerCertificate(ctx context.Context, in *UpdateServerCertificateRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		c, err := getServerCertificate(ctx, tx, accountID, in.ServerCertificateName)
		if err != nil {
			return err
		}
		if in.NewServerCertificateName != "" {
			c.Name = in.NewServerCertificateName
		}
		if in.NewPath != "" {
			c.Path = in.NewPath
		}
		return storeError(tx.ServerCertificates().Update(ctx, c),
			ifExists(awserr.EntityAlreadyExists(msgServerCertificateExists, c.Name)),
			ifNotFound(awserr.NoSuchEntity(msgServerCertificateNotFound, in.ServerCertificateName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteServerCertificate deletes a certificate, its key and its tags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteServerCertificate.html
func (s *Service) DeleteServerCertificate(ctx context.Context, in *DeleteServerCertificateRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		c, err := getServerCertificate(ctx, tx, accountID, in.ServerCertificateName)
		if err != nil {
			return err
		}
		return storeError(tx.ServerCertificates().Delete(ctx, accountID, c.ID),
			ifNotFound(awserr.NoSuchEntity(msgServerCertificateNotFound, in.ServerCertificateName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListServerCertificates lists the account's certificates whose path
// starts with PathPrefix, by name.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificates.html
func (s *Service) ListServerCertificates(ctx context.Context, in *ListServerCertificatesRequest) (*ListServerCertificatesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	certs, next, err := s.store.ServerCertificates().List(ctx, accountID, in.PathPrefix, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListServerCertificatesResponse{ServerCertificateMetadataList: make([]ServerCertificateMetadata, 0, len(certs))}
	for _, c := range certs {
		out.ServerCertificateMetadataList = append(out.ServerCertificateMetadataList, serverCertificateMetadata(c))
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// TagServerCertificate adds or overwrites tags of a certificate.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagServerCertificate.html
func (s *Service) TagServerCertificate(ctx context.Context, in *TagServerCertificateRequest) (*noOutput, error) {
	return s.tagEntity(ctx, taggedServerCertificate, in.ServerCertificateName, in.Tags)
}

// UntagServerCertificate removes tags of a certificate by key.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagServerCertificate.html
func (s *Service) UntagServerCertificate(ctx context.Context, in *UntagServerCertificateRequest) (*noOutput, error) {
	return s.untagEntity(ctx, taggedServerCertificate, in.ServerCertificateName, in.TagKeys)
}

// ListServerCertificateTags lists a certificate's tags by key.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificateTags.html
func (s *Service) ListServerCertificateTags(ctx context.Context, in *ListServerCertificateTagsRequest) (*ListServerCertificateTagsResponse, error) {
	out, err := s.listEntityTags(ctx, taggedServerCertificate, in.ServerCertificateName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListServerCertificateTagsResponse{Tags: out.Tags, IsTruncated: out.IsTruncated, Marker: out.Marker}, nil
}
