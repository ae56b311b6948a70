package iam

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

func TestSigningCertificates(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	valid := func(cn string) *testCert {
		return newCert(t, cn, newECKey(t), f.now.Add(-time.Hour), f.now.AddDate(1, 0, 0), nil)
	}
	first := valid("alice-1")
	out, err := f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{UserName: "alice", CertificateBody: first.pem})
	mustOK(t, err)
	c := out.Certificate
	if c.UserName != "alice" || c.Status != "Active" || c.CertificateBody != first.pem || c.CertificateId == "" || !c.UploadDate.Equal(f.svc.now()) {
		t.Fatalf("uploaded = %+v", c)
	}
	// One certificate belongs to one owner in the account, whatever its
	// PEM formatting.
	_, err = f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{CertificateBody: "\n" + first.pem + "\n"})
	wantAWSError(t, err, "DuplicateCertificate", msgDuplicateCertificate)
	// An IAM user uploads for itself without naming itself.
	_, err = f.svc.UploadSigningCertificate(f.alice, &UploadSigningCertificateRequest{CertificateBody: valid("alice-2").pem})
	mustOK(t, err)
	_, err = f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{UserName: "alice", CertificateBody: valid("alice-3").pem})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for SigningCertificatesPerUser: 2")

	for name, body := range map[string]string{
		"not PEM":       "hello",
		"key PEM":       privateKeyPEM(t, newECKey(t)),
		"corrupt bytes": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
	} {
		_, err = f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{CertificateBody: body})
		if err == nil {
			t.Fatalf("%s: accepted", name)
		}
		wantAWSError(t, err, "MalformedCertificate", msgMalformedCertificate)
	}
	expired := newCert(t, "old", newECKey(t), f.now.AddDate(-2, 0, 0), f.now.AddDate(-1, 0, 0), nil)
	_, err = f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{CertificateBody: expired.pem})
	wantAWSError(t, err, "InvalidCertificate", msgInvalidCertificate)
	future := newCert(t, "new", newECKey(t), f.now.Add(time.Hour), f.now.AddDate(1, 0, 0), nil)
	_, err = f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{CertificateBody: future.pem})
	wantAWSError(t, err, "InvalidCertificate", msgInvalidCertificate)

	// The root's own certificates.
	rootCert, err := f.svc.UploadSigningCertificate(f.rootA, &UploadSigningCertificateRequest{CertificateBody: valid("root").pem})
	mustOK(t, err)
	if rootCert.Certificate.UserName != "" {
		t.Fatalf("root certificate user = %q", rootCert.Certificate.UserName)
	}
	has, err := RootHasSigningCertificate(f.rootA, f.st, accountA)
	mustOK(t, err)
	if !has {
		t.Fatal("RootHasSigningCertificate = false")
	}
	rootList, err := f.svc.ListSigningCertificates(f.rootA, &ListSigningCertificatesRequest{})
	mustOK(t, err)
	if len(rootList.Certificates) != 1 || rootList.Certificates[0].CertificateId != rootCert.Certificate.CertificateId {
		t.Fatalf("root list = %+v", rootList)
	}

	_, err = f.svc.UpdateSigningCertificate(f.rootA, &UpdateSigningCertificateRequest{UserName: "alice", CertificateId: c.CertificateId, Status: "Inactive"})
	mustOK(t, err)
	list, err := f.svc.ListSigningCertificates(f.alice, &ListSigningCertificatesRequest{})
	mustOK(t, err)
	if len(list.Certificates) != 2 || list.Certificates[0].Status != "Inactive" || list.Certificates[1].Status != "Active" {
		t.Fatalf("alice's list = %+v", list)
	}
	// The root's certificate is not alice's.
	_, err = f.svc.DeleteSigningCertificate(f.rootA, &DeleteSigningCertificateRequest{UserName: "alice", CertificateId: rootCert.Certificate.CertificateId})
	wantAWSError(t, err, "NoSuchEntity", "The Certificate with id "+rootCert.Certificate.CertificateId+" cannot be found.")
	_, err = f.svc.UpdateSigningCertificate(f.rootB, &UpdateSigningCertificateRequest{CertificateId: c.CertificateId, Status: "Active"})
	wantAWSError(t, err, "NoSuchEntity", "The Certificate with id "+c.CertificateId+" cannot be found.")

	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "alice"})
	wantAWSError(t, err, "DeleteConflict", msgMustDeleteSigningCertificates)
	for _, cert := range list.Certificates {
		_, err = f.svc.DeleteSigningCertificate(f.rootA, &DeleteSigningCertificateRequest{UserName: "alice", CertificateId: cert.CertificateId})
		mustOK(t, err)
	}
	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "alice"})
	mustOK(t, err)
}

// serverCertFixture is a CA, a leaf certificate it signed and the leaf's
// key, valid around the fixture's clock.
func serverCertFixture(t *testing.T, f *identityFixture) (ca, leaf *testCert) {
	t.Helper()
	ca = newCert(t, "Test CA", newECKey(t), f.now.AddDate(-1, 0, 0), f.now.AddDate(5, 0, 0), nil)
	leaf = newCert(t, "www.example.com", rsaKey(t, 0), f.now.Add(-time.Hour), f.now.AddDate(1, 0, 0), ca)
	return ca, leaf
}

func TestUploadServerCertificate(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	ca, leaf := serverCertFixture(t, f)
	keyPEM := privateKeyPEM(t, leaf.key)
	out, err := f.svc.UploadServerCertificate(f.rootA, &UploadServerCertificateRequest{
		Path: "/cloudfront/", ServerCertificateName: "web", CertificateBody: leaf.pem,
		PrivateKey: keyPEM, CertificateChain: ca.pem, Tags: []Tag{{Key: "env", Value: "prod"}},
	})
	mustOK(t, err)
	m := out.ServerCertificateMetadata
	if m.Arn != "arn:aws:iam::"+accountA+":server-certificate/cloudfront/web" || !strings.HasPrefix(m.ServerCertificateId, "ASCA") ||
		!m.Expiration.Equal(leaf.cert.NotAfter) || !m.UploadDate.Equal(f.svc.now()) || len(out.Tags) != 1 {
		t.Fatalf("uploaded = %+v %+v", m, out.Tags)
	}

	// The private key is stored sealed, bound to the certificate's ID.
	stored, err := f.st.ServerCertificates().Get(f.rootA, accountA, "web")
	mustOK(t, err)
	keyLine := strings.Split(keyPEM, "\n")[1] // the first line of the key's base64
	if bytes.Contains(stored.SealedPrivateKey, []byte("PRIVATE KEY")) || bytes.Contains(stored.SealedPrivateKey, []byte(keyLine)) {
		t.Fatal("private key stored in clear")
	}
	opened, err := f.keys.Open(stored.SealedPrivateKey, []byte(stored.ID))
	mustOK(t, err)
	if string(opened) != keyPEM {
		t.Fatal("sealed key does not open to the uploaded key")
	}
	if _, err := f.keys.Open(stored.SealedPrivateKey, []byte("ASCAOTHER")); err == nil {
		t.Fatal("sealed key opens for another certificate ID")
	}

	got, err := f.svc.GetServerCertificate(f.rootA, &GetServerCertificateRequest{ServerCertificateName: "WEB"})
	mustOK(t, err)
	if got.ServerCertificate.CertificateBody != leaf.pem || got.ServerCertificate.CertificateChain != ca.pem ||
		len(got.ServerCertificate.Tags) != 1 || got.ServerCertificate.ServerCertificateMetadata.Arn != m.Arn {
		t.Fatalf("get = %+v", got.ServerCertificate)
	}
	_, err = f.svc.UploadServerCertificate(f.rootA, &UploadServerCertificateRequest{
		ServerCertificateName: "Web", CertificateBody: leaf.pem, PrivateKey: keyPEM,
	})
	wantAWSError(t, err, "EntityAlreadyExists", "The Server Certificate with name Web already exists.")
	_, err = f.svc.GetServerCertificate(f.rootB, &GetServerCertificateRequest{ServerCertificateName: "web"})
	wantAWSError(t, err, "NoSuchEntity", "The Server Certificate with name web cannot be found.")
}

func TestUploadServerCertificateRejects(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	ca, leaf := serverCertFixture(t, f)
	keyPEM := privateKeyPEM(t, leaf.key)
	otherCA := newCert(t, "Other CA", newECKey(t), f.now.AddDate(-1, 0, 0), f.now.AddDate(5, 0, 0), nil)
	expired := newCert(t, "old", rsaKey(t, 1), f.now.AddDate(-2, 0, 0), f.now.AddDate(-1, 0, 0), nil)
	tests := []struct {
		name             string
		body, key, chain string
		code, msg        string
	}{
		{"malformed body", "not a certificate", keyPEM, "", "MalformedCertificate", msgMalformedCertificate},
		{"expired", expired.pem, privateKeyPEM(t, expired.key), "", "MalformedCertificate", msgCertificateExpired},
		{"malformed key", leaf.pem, "not a key", "", "MalformedCertificate", msgMalformedPrivateKey},
		{"other key", leaf.pem, privateKeyPEM(t, rsaKey(t, 1)), "", "KeyPairMismatch", msgKeyPairMismatch},
		{"chain of another CA", leaf.pem, keyPEM, otherCA.pem, "MalformedCertificate",
			"Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 0"},
		{"garbage after the chain", leaf.pem, keyPEM, ca.pem + "junk", "MalformedCertificate",
			"Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: 1"},
	}
	for _, tc := range tests {
		_, err := f.svc.UploadServerCertificate(f.rootA, &UploadServerCertificateRequest{
			ServerCertificateName: "c", CertificateBody: tc.body, PrivateKey: tc.key, CertificateChain: tc.chain,
		})
		if err == nil {
			t.Fatalf("%s: accepted", tc.name)
		}
		wantAWSError(t, err, tc.code, tc.msg)
	}
	n, err := CountServerCertificates(f.rootA, f.st, accountA)
	mustOK(t, err)
	if n != 0 {
		t.Fatalf("rejected certificates stored: %d", n)
	}
	// A PKCS #1 key and no chain are fine.
	_, err = f.svc.UploadServerCertificate(f.rootA, &UploadServerCertificateRequest{
		ServerCertificateName: "c", CertificateBody: leaf.pem, PrivateKey: pkcs1KeyPEM(leaf),
	})
	mustOK(t, err)
}

func TestServerCertificateUpdateListTagsDelete(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, leaf := serverCertFixture(t, f)
	for _, c := range []struct{ path, name string }{{"/a/", "one"}, {"/b/", "two"}, {"", "three"}} {
		_, err := f.svc.UploadServerCertificate(f.rootA, &UploadServerCertificateRequest{
			Path: c.path, ServerCertificateName: c.name, CertificateBody: leaf.pem, PrivateKey: privateKeyPEM(t, leaf.key),
		})
		mustOK(t, err)
	}
	n, err := CountServerCertificates(f.rootA, f.st, accountA)
	mustOK(t, err)
	if n != 3 {
		t.Fatalf("CountServerCertificates = %d", n)
	}
	list, err := f.svc.ListServerCertificates(f.rootA, &ListServerCertificatesRequest{PathPrefix: "/a/"})
	mustOK(t, err)
	if len(list.ServerCertificateMetadataList) != 1 || list.ServerCertificateMetadataList[0].ServerCertificateName != "one" {
		t.Fatalf("list /a/ = %+v", list)
	}
	_, err = f.svc.UpdateServerCertificate(f.rootA, &UpdateServerCertificateRequest{ServerCertificateName: "one", NewServerCertificateName: "TWO"})
	wantAWSError(t, err, "EntityAlreadyExists", "The Server Certificate with name TWO already exists.")
	_, err = f.svc.UpdateServerCertificate(f.rootA, &UpdateServerCertificateRequest{ServerCertificateName: "one", NewServerCertificateName: "uno", NewPath: "/c/"})
	mustOK(t, err)
	_, err = f.svc.UpdateServerCertificate(f.rootA, &UpdateServerCertificateRequest{ServerCertificateName: "one", NewPath: "/d/"})
	wantAWSError(t, err, "NoSuchEntity", "The Server Certificate with name one cannot be found.")
	all, err := f.svc.ListServerCertificates(f.rootA, &ListServerCertificatesRequest{MaxItems: i32(2)})
	mustOK(t, err)
	if len(all.ServerCertificateMetadataList) != 2 || !*all.IsTruncated || all.ServerCertificateMetadataList[0].ServerCertificateName != "three" {
		t.Fatalf("first page = %+v", all)
	}
	rest, err := f.svc.ListServerCertificates(f.rootA, &ListServerCertificatesRequest{Marker: all.Marker})
	mustOK(t, err)
	if len(rest.ServerCertificateMetadataList) != 1 || rest.ServerCertificateMetadataList[0].Arn != "arn:aws:iam::"+accountA+":server-certificate/c/uno" {
		t.Fatalf("second page = %+v", rest)
	}

	_, err = f.svc.TagServerCertificate(f.rootA, &TagServerCertificateRequest{ServerCertificateName: "uno", Tags: []Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}})
	mustOK(t, err)
	_, err = f.svc.UntagServerCertificate(f.rootA, &UntagServerCertificateRequest{ServerCertificateName: "uno", TagKeys: []string{"a"}})
	mustOK(t, err)
	tags, err := f.svc.ListServerCertificateTags(f.rootA, &ListServerCertificateTagsRequest{ServerCertificateName: "uno"})
	mustOK(t, err)
	if len(tags.Tags) != 1 || tags.Tags[0].Key != "b" {
		t.Fatalf("tags = %+v", tags.Tags)
	}
	_, err = f.svc.TagServerCertificate(f.rootA, &TagServerCertificateRequest{ServerCertificateName: "uno", Tags: []Tag{{Key: "aws:x", Value: "1"}}})
	wantAWSError(t, err, "InvalidInput", msgReservedTagKey)
	_, err = f.svc.ListServerCertificateTags(f.rootA, &ListServerCertificateTagsRequest{ServerCertificateName: "one"})
	wantAWSError(t, err, "NoSuchEntity", "The Server Certificate with name one cannot be found.")

	_, err = f.svc.DeleteServerCertificate(f.rootA, &DeleteServerCertificateRequest{ServerCertificateName: "uno"})
	mustOK(t, err)
	_, err = f.svc.DeleteServerCertificate(f.rootA, &DeleteServerCertificateRequest{ServerCertificateName: "uno"})
	wantAWSError(t, err, "NoSuchEntity", "The Server Certificate with name uno cannot be found.")
	if _, err := f.st.ServerCertificates().Get(f.rootA, accountA, "uno"); err == nil {
		t.Fatal("deleted certificate still stored")
	}
	left, err := f.st.Tags().List(f.rootA, accountA, store.TagServerCertificate, rest.ServerCertificateMetadataList[0].ServerCertificateId)
	mustOK(t, err)
	if len(left) != 0 {
		t.Fatalf("tags outlived the certificate: %+v", left)
	}
}

// pkcs1KeyPEM is an RSA certificate's key as a PKCS #1 PEM block.
func pkcs1KeyPEM(c *testCert) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(c.key.(*rsa.PrivateKey))}))
}
