package iam

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
)

func TestUploadSSHPublicKeyFormatsAndFingerprint(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	pub := &rsaKey(t, 0).PublicKey
	line := sshLine(t, pub)
	out, err := f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyBody: line})
	mustOK(t, err)
	k := out.SSHPublicKey
	if !strings.HasPrefix(k.SSHPublicKeyId, "APKA") || len(k.SSHPublicKeyId) != 20 || k.Status != "Active" || k.UserName != "alice" || k.SSHPublicKeyBody != line {
		t.Fatalf("uploaded = %+v", k)
	}
	if want := sshFingerprint(t, pub); k.Fingerprint != want {
		t.Fatalf("fingerprint = %s, want %s", k.Fingerprint, want)
	}
	if k.UploadDate == nil || !k.UploadDate.Equal(f.svc.now()) {
		t.Fatalf("upload date = %v", k.UploadDate)
	}

	// The same key in PEM form is the same key: a duplicate.
	_, err = f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyBody: pkixPEM(t, pub)})
	wantAWSError(t, err, "DuplicateSSHPublicKey", msgDuplicateSSHPublicKey)

	// A PKCS #1 PEM key of another user is accepted, with the fingerprint
	// of the wire form.
	_, err = f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)}))
	bobKey, err := f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "bob", SSHPublicKeyBody: pkcs1})
	mustOK(t, err)
	if bobKey.SSHPublicKey.Fingerprint != k.Fingerprint {
		t.Fatalf("PEM fingerprint = %s, want %s", bobKey.SSHPublicKey.Fingerprint, k.Fingerprint)
	}

	// GetSSHPublicKey renders either encoding.
	got, err := f.svc.GetSSHPublicKey(f.rootA, &GetSSHPublicKeyRequest{UserName: "bob", SSHPublicKeyId: bobKey.SSHPublicKey.SSHPublicKeyId, Encoding: "SSH"})
	mustOK(t, err)
	if want := strings.Join(strings.Fields(line)[:2], " "); got.SSHPublicKey.SSHPublicKeyBody != want {
		t.Fatalf("SSH encoding = %q, want %q", got.SSHPublicKey.SSHPublicKeyBody, want)
	}
	got, err = f.svc.GetSSHPublicKey(f.rootA, &GetSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: k.SSHPublicKeyId, Encoding: "PEM"})
	mustOK(t, err)
	block, _ := pem.Decode([]byte(got.SSHPublicKey.SSHPublicKeyBody))
	if block == nil {
		t.Fatalf("PEM encoding = %q", got.SSHPublicKey.SSHPublicKeyBody)
	}
	back, err := x509.ParsePKIXPublicKey(block.Bytes)
	mustOK(t, err)
	if !pub.Equal(back) {
		t.Fatal("PEM encoding is another key")
	}
	// Another user's key is not found through alice.
	_, err = f.svc.GetSSHPublicKey(f.rootA, &GetSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: bobKey.SSHPublicKey.SSHPublicKeyId, Encoding: "SSH"})
	wantAWSError(t, err, "NoSuchEntity", "The Public Key with id "+bobKey.SSHPublicKey.SSHPublicKeyId+" cannot be found.")
}

func TestUploadSSHPublicKeyRejects(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	mustOK(t, err)
	ec := newECKey(t)
	short := &rsaKey(t, 6).PublicKey
	tests := []struct {
		name, body, code, msg string
	}{
		{"not a key", "hello world", "UnrecognizedPublicKeyEncoding", msgUnrecognizedPublicKey},
		{"ed25519", sshLine(t, edPub), "UnrecognizedPublicKeyEncoding", msgUnrecognizedPublicKey},
		{"EC PEM", pkixPEM(t, &ec.PublicKey), "UnrecognizedPublicKeyEncoding", msgUnrecognizedPublicKey},
		{"certificate PEM", newCert(t, "x", ec, f.now, f.now.AddDate(1, 0, 0), nil).pem, "UnrecognizedPublicKeyEncoding", msgUnrecognizedPublicKey},
		{"bad base64", "ssh-rsa !!!notbase64 me", "InvalidPublicKey", msgInvalidPublicKey},
		{"truncated blob", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB", "InvalidPublicKey", msgInvalidPublicKey},
		{"1024 bits", sshLine(t, short), "InvalidPublicKey", msgInvalidPublicKey},
		{"1024 bits PEM", pkixPEM(t, short), "InvalidPublicKey", msgInvalidPublicKey},
		{"broken PEM", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", "InvalidPublicKey", msgInvalidPublicKey},
		{"no PEM block", "-----BEGIN PUBLIC KEY-----", "InvalidPublicKey", msgInvalidPublicKey},
	}
	for _, tc := range tests {
		_, err := f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyBody: tc.body})
		if err == nil {
			t.Fatalf("%s: accepted", tc.name)
		}
		wantAWSError(t, err, tc.code, tc.msg)
	}
	_, err = f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "nobody", SSHPublicKeyBody: sshLine(t, &rsaKey(t, 0).PublicKey)})
	wantAWSError(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")
	list, err := f.svc.ListSSHPublicKeys(f.rootA, &ListSSHPublicKeysRequest{UserName: "alice"})
	mustOK(t, err)
	if len(list.SSHPublicKeys) != 0 {
		t.Fatalf("rejected keys were stored: %+v", list.SSHPublicKeys)
	}
}

func TestSSHPublicKeyLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	var ids []string
	for i := 0; i < maxSSHPublicKeysPerUser; i++ {
		out, err := f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyBody: sshLine(t, &rsaKey(t, i).PublicKey)})
		mustOK(t, err)
		ids = append(ids, out.SSHPublicKey.SSHPublicKeyId)
	}
	_, err := f.svc.UploadSSHPublicKey(f.rootA, &UploadSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyBody: sshLine(t, &rsaKey(t, 5).PublicKey)})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for SSHPublicKeysPerUser: 5")

	// alice lists her own keys without naming herself, oldest first, paged.
	list, err := f.svc.ListSSHPublicKeys(f.alice, &ListSSHPublicKeysRequest{MaxItems: i32(3)})
	mustOK(t, err)
	if len(list.SSHPublicKeys) != 3 || !*list.IsTruncated || list.SSHPublicKeys[0].SSHPublicKeyId != ids[0] || list.SSHPublicKeys[0].UserName != "alice" {
		t.Fatalf("first page = %+v", list)
	}
	rest, err := f.svc.ListSSHPublicKeys(f.alice, &ListSSHPublicKeysRequest{Marker: list.Marker})
	mustOK(t, err)
	if len(rest.SSHPublicKeys) != 2 || *rest.IsTruncated || rest.SSHPublicKeys[1].SSHPublicKeyId != ids[4] {
		t.Fatalf("second page = %+v", rest)
	}
	// The root has no SSH keys of its own.
	rootList, err := f.svc.ListSSHPublicKeys(f.rootA, &ListSSHPublicKeysRequest{})
	mustOK(t, err)
	if len(rootList.SSHPublicKeys) != 0 {
		t.Fatalf("root list = %+v", rootList)
	}

	_, err = f.svc.UpdateSSHPublicKey(f.rootA, &UpdateSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: ids[1], Status: "Inactive"})
	mustOK(t, err)
	got, err := f.svc.GetSSHPublicKey(f.rootA, &GetSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: ids[1], Encoding: "SSH"})
	mustOK(t, err)
	if got.SSHPublicKey.Status != "Inactive" {
		t.Fatalf("status = %s", got.SSHPublicKey.Status)
	}
	_, err = f.svc.UpdateSSHPublicKey(f.rootA, &UpdateSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: "APKANOPE", Status: "Inactive"})
	wantAWSError(t, err, "NoSuchEntity", "The Public Key with id APKANOPE cannot be found.")
	// Account B cannot see or touch them.
	_, err = f.svc.DeleteSSHPublicKey(f.rootB, &DeleteSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: ids[0]})
	wantAWSError(t, err, "NoSuchEntity", "The user with name alice cannot be found.")

	// DeleteUser is refused while keys remain.
	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "alice"})
	wantAWSError(t, err, "DeleteConflict", msgMustDeleteSSHPublicKeys)
	for _, id := range ids {
		_, err = f.svc.DeleteSSHPublicKey(f.rootA, &DeleteSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: id})
		mustOK(t, err)
	}
	_, err = f.svc.DeleteSSHPublicKey(f.rootA, &DeleteSSHPublicKeyRequest{UserName: "alice", SSHPublicKeyId: ids[0]})
	wantAWSError(t, err, "NoSuchEntity", "The Public Key with id "+ids[0]+" cannot be found.")
	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "alice"})
	mustOK(t, err)
}

// TestParseSSHRSABlobRefusesOddInput checks the wire-format reader on
// inputs a base64 decode can produce but no ssh-rsa key is.
func TestParseSSHRSABlobRefusesOddInput(t *testing.T) {
	t.Parallel()
	good := sshRSABlob(&rsa.PublicKey{N: rsaKey(t, 0).N, E: 65537})
	if _, err := parseSSHRSABlob(good); err != nil {
		t.Fatalf("good blob: %v", err)
	}
	for name, blob := range map[string][]byte{
		"empty":         {},
		"trailing data": append(append([]byte{}, good...), 0),
		"cut":           good[:len(good)-1],
		"huge length":   {0xff, 0xff, 0xff, 0xff, 's'},
		"other type":    append(appendSSHString(nil, []byte("ssh-dss")), good[11:]...),
	} {
		if _, err := parseSSHRSABlob(blob); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
