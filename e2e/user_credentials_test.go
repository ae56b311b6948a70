package e2e

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store/storetest"
)

// TestAWSCLIUserCredentials uploads an SSH public key and a server
// certificate made in the test through the real AWS CLI, lists them,
// checks that the certificate's private key is never returned nor stored
// in clear, and deletes them.
func TestAWSCLIUserCredentials(t *testing.T) {
	dir := t.TempDir()
	sshKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	sshLine, fingerprint := opensshLine(sshKey)
	certPEM, keyPEM := serverCertificate(t)
	files := map[string]string{"id_rsa.pub": sshLine, "cert.pem": certPEM, "key.pem": keyPEM}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	file := func(name string) string { return "file://" + filepath.Join(dir, name) }
	keyLine := strings.Split(keyPEM, "\n")[1]

	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := newCLI(t, s, rootKeyID, rootSecret)
			root.ok("iam", "create-user", "--user-name", "dev")

			up := root.ok("iam", "upload-ssh-public-key", "--user-name", "dev", "--ssh-public-key-body", file("id_rsa.pub"))
			keyID := str(up, "SSHPublicKey", "SSHPublicKeyId")
			if !strings.HasPrefix(keyID, "APKA") || str(up, "SSHPublicKey", "Fingerprint") != fingerprint {
				t.Fatalf("uploaded key = %v, want fingerprint %s", up, fingerprint)
			}
			root.fails("DuplicateSSHPublicKey", "iam", "upload-ssh-public-key", "--user-name", "dev", "--ssh-public-key-body", file("id_rsa.pub"))
			listed := root.ok("iam", "list-ssh-public-keys", "--user-name", "dev")
			if keys, _ := listed["SSHPublicKeys"].([]any); len(keys) != 1 || str(keys[0].(map[string]any), "SSHPublicKeyId") != keyID {
				t.Fatalf("list-ssh-public-keys = %v", listed)
			}
			got := root.ok("iam", "get-ssh-public-key", "--user-name", "dev", "--ssh-public-key-id", keyID, "--encoding", "PEM")
			if !strings.HasPrefix(str(got, "SSHPublicKey", "SSHPublicKeyBody"), "-----BEGIN PUBLIC KEY-----") {
				t.Fatalf("PEM encoding = %v", got)
			}

			cert := root.ok("iam", "upload-server-certificate", "--server-certificate-name", "web", "--path", "/cloudfront/",
				"--certificate-body", file("cert.pem"), "--private-key", file("key.pem"))
			wantARN := "arn:aws:iam::" + s.AccountID + ":server-certificate/cloudfront/web"
			if str(cert, "ServerCertificateMetadata", "Arn") != wantARN {
				t.Fatalf("uploaded certificate = %v", cert)
			}
			root.fails("EntityAlreadyExists", "iam", "upload-server-certificate", "--server-certificate-name", "WEB",
				"--certificate-body", file("cert.pem"), "--private-key", file("key.pem"))
			certs := root.ok("iam", "list-server-certificates")
			if list, _ := certs["ServerCertificateMetadataList"].([]any); len(list) != 1 || str(list[0].(map[string]any), "Arn") != wantARN {
				t.Fatalf("list-server-certificates = %v", certs)
			}
			full := root.ok("iam", "get-server-certificate", "--server-certificate-name", "web")
			if body := mustJSON(t, full); strings.Contains(body, keyLine) || !strings.Contains(body, "BEGIN CERTIFICATE") {
				t.Fatalf("get-server-certificate = %s", body)
			}
			if eng == sqlite {
				certLine := strings.Split(certPEM, "\n")[1]
				if found := storetest.GrepFiles(t, s.DataDir, []byte(certLine)); len(found) == 0 {
					t.Fatalf("the grep found not even the certificate under %s", s.DataDir)
				}
				if found := storetest.GrepFiles(t, s.DataDir, []byte(keyLine)); len(found) > 0 {
					t.Fatalf("the private key is stored in clear in %v", found)
				}
			}

			root.fails("DeleteConflict", "iam", "delete-user", "--user-name", "dev")
			root.ok("iam", "delete-ssh-public-key", "--user-name", "dev", "--ssh-public-key-id", keyID)
			root.ok("iam", "delete-server-certificate", "--server-certificate-name", "web")
			root.fails("NoSuchEntity", "iam", "get-server-certificate", "--server-certificate-name", "web")
			if keys, _ := root.ok("iam", "list-ssh-public-keys", "--user-name", "dev")["SSHPublicKeys"].([]any); len(keys) != 0 {
				t.Fatalf("keys left after delete: %v", keys)
			}
			root.ok("iam", "delete-user", "--user-name", "dev")
		})
	}
}

// opensshLine is an RSA key's authorized_keys line and its MD5
// fingerprint in colon-hex, computed here from RFC 4253's wire format.
func opensshLine(k *rsa.PrivateKey) (line, fingerprint string) {
	field := func(b []byte) []byte {
		n := len(b)
		return append([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, b...)
	}
	mpint := func(n *big.Int) []byte {
		b := n.Bytes()
		if b[0]&0x80 != 0 {
			b = append([]byte{0}, b...)
		}
		return b
	}
	blob := append(append(field([]byte("ssh-rsa")), field(mpint(big.NewInt(int64(k.E))))...), field(mpint(k.N))...)
	sum := md5.Sum(blob)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02x", b)
	}
	return "ssh-rsa " + base64.StdEncoding.EncodeToString(blob) + " dev@example", strings.Join(parts, ":")
}

// serverCertificate makes a self-signed certificate valid now and its
// PKCS #8 key, both PEM.
func serverCertificate(t *testing.T) (certPEM, keyPEM string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(42), Subject: pkix.Name{CommonName: "www.example.com"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().AddDate(1, 0, 0),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
}
