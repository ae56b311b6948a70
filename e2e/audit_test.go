package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/iamd/iamd/internal/federation/saml/samltest"
	"github.com/iamd/iamd/internal/store/storetest"
)

// TestAuditTrailHoldsNoSecret runs every operation that carries a secret
// through the AWS CLI, collecting each secret it sent or received, stops
// the server (which flushes the events still queued) and exports the trail
// with "iamd audit export". Every operation has its event, and no secret
// is in the export, in any encoding a leak would take, nor in the raw
// database files.
func TestAuditTrailHoldsNoSecret(t *testing.T) {
	certPEM, keyPEM := serverCertificate(t)
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			opts := startOptions{engine: eng, fixRoot: true}
			var cluster *storetest.PostgresCluster
			if eng == postgres {
				var err error
				if cluster, err = storetest.StartPostgresCluster(); err != nil {
					storetest.SkipOrFailWithoutPostgres(t, err)
				}
				t.Cleanup(func() { _ = cluster.Stop() })
				opts.dbURL = cluster.NewDatabase(t)
			}
			s := start(t, opts)
			secrets := &secretSet{t: t}
			secrets.add("root secret", rootSecret)
			want := runSecretOperations(t, s, secrets, certPEM, keyPEM)

			// N1: App.Close stores the queued read-only and failed events.
			s.stop(t)
			raw, records := exportTrail(t, s, opts.dbURL)
			names := map[string]int{}
			for _, r := range records {
				names[str(r, "eventName")]++
			}
			for _, name := range want {
				if names[name] == 0 {
					t.Errorf("N1: the export has no %s event; it has %v", name, names)
				}
			}
			// N2: the failed ChangePassword (wrong old password) is there too.
			if names["ChangePassword"] < 2 {
				t.Errorf("N2: %d ChangePassword events, want the failed one and the successful one", names["ChangePassword"])
			}
			// N3: the events still say what happened, without the secret.
			checkRedactedRecords(t, records)
			// N4: the MFA session's call is recorded as MFA-authenticated.
			if r := findRecord(records, func(r map[string]any) bool {
				return str(r, "eventName") == "GetCallerIdentity" && str(r, "userIdentity", "accessKeyId") == secrets.mfaSessionKey
			}); r == nil || str(r, "userIdentity", "sessionContext", "attributes", "mfaAuthenticated") != "true" {
				t.Errorf("N4: the MFA session's GetCallerIdentity event = %v, want mfaAuthenticated true", r)
			}

			// N5: no secret in the export, nor in iamd's output.
			for _, leak := range secrets.findIn(raw) {
				t.Errorf("N5: the export holds %s", leak)
			}
			for _, leak := range secrets.findIn([]byte(s.logs.String() + s.stdout.String())) {
				t.Errorf("N5: iamd's output holds %s", leak)
			}

			// N6: nor in the database files. One-time codes are left out:
			// six digits occur by chance in binary pages.
			dataDir := s.DataDir
			if cluster != nil {
				if err := cluster.Checkpoint(t.Context()); err != nil {
					t.Fatal(err)
				}
				dataDir = cluster.DataDir()
			}
			if found := storetest.GrepFiles(t, dataDir, []byte(secretsUser)); len(found) == 0 {
				t.Fatalf("N6: the grep found not even the plain user name under %s", dataDir)
			}
			for _, n := range secrets.needles() {
				if found := storetest.GrepFiles(t, dataDir, n.value); len(found) > 0 {
					t.Errorf("N6: %s is stored in plain text in %v", n.name, found)
				}
			}
		})
	}
}

// secretsUser is the user whose credentials TestAuditTrailHoldsNoSecret
// makes; its name is stored in plain text.
const secretsUser = "audit-secrets-user"

// runSecretOperations runs each secret-bearing operation, adds what it
// involves to secrets, and returns the event names the trail must hold.
func runSecretOperations(t *testing.T, s *server, secrets *secretSet, certPEM, keyPEM string) []string {
	t.Helper()
	dir := t.TempDir()
	root := newCLI(t, s, rootKeyID, rootSecret)
	acct := s.AccountID
	root.ok("iam", "create-user", "--user-name", secretsUser)

	// Passwords with characters that URL and JSON encodings change.
	const (
		password1   = "Audit+Passw0rd/One&=!"
		password2   = "Audit<Passw0rd>Two%20?"
		password3   = "Audit Passw0rd\"Three\\#"
		wrongOld    = "Wrong+Old/Passw0rd=9"
		selfService = `{"Version":"2012-10-17","Statement":[` +
			`{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"arn:aws:iam::*:user/${aws:username}"},` +
			`{"Effect":"Allow","Action":["sts:GetSessionToken","sts:AssumeRole","sts:GetCallerIdentity"],"Resource":"*"}]}`
	)
	for name, v := range map[string]string{"password 1": password1, "password 2": password2, "password 3": password3, "wrong old password": wrongOld} {
		secrets.add(name, v)
	}
	root.ok("iam", "create-login-profile", "--user-name", secretsUser, "--password", password1)
	root.ok("iam", "update-login-profile", "--user-name", secretsUser, "--password", password2)
	root.ok("iam", "put-user-policy", "--user-name", secretsUser, "--policy-name", "self-service", "--policy-document", selfService)
	key := root.ok("iam", "create-access-key", "--user-name", secretsUser)
	secrets.add("access key secret", str(key, "AccessKey", "SecretAccessKey"))
	user := newCLI(t, s, str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey"))
	if _, _, err := user.run("iam", "change-password", "--old-password", wrongOld, "--new-password", password3); err == nil {
		t.Fatal("change-password with a wrong old password succeeded")
	}
	user.ok("iam", "change-password", "--old-password", password2, "--new-password", password3)

	// Virtual MFA: the QR code's PNG (and the seed it encodes), then a
	// device bootstrapped with its base32 seed and enabled.
	qrFile := filepath.Join(dir, "qr.png")
	root.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "audit-qr",
		"--outfile", qrFile, "--bootstrap-method", "QRCodePNG")
	qr, err := os.ReadFile(qrFile)
	if err != nil {
		t.Fatal(err)
	}
	secrets.addPNG(qr)
	if uri, ok := decodeQR(t, qrFile); ok {
		_, after, found := strings.Cut(uri, "secret=")
		qrSeed, _, _ := strings.Cut(after, "&")
		if !found || qrSeed == "" {
			t.Fatalf("QR code %q holds no secret", uri)
		}
		secrets.add("QR code's seed", qrSeed)
	}
	seedFile := filepath.Join(dir, "seed.txt")
	serial := str(root.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "audit-seed",
		"--outfile", seedFile, "--bootstrap-method", "Base32StringSeed"), "VirtualMFADevice", "SerialNumber")
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	secrets.add("base32 seed", string(seed))
	// The previous and current steps enable the device; the next step's
	// code is then accepted once (within one step of now, and newer).
	now := time.Now()
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(string(seed), at)
		if err != nil {
			t.Fatal(err)
		}
		secrets.addCode(c)
		return c
	}
	root.ok("iam", "enable-mfa-device", "--user-name", secretsUser, "--serial-number", serial,
		"--authentication-code1", code(now.Add(-30*time.Second)), "--authentication-code2", code(now))
	tok := user.ok("sts", "get-session-token", "--serial-number", serial, "--token-code", code(now.Add(30*time.Second)))
	mfaSession := secrets.addCredentials("GetSessionToken", tok)
	withSession(newCLI(t, s, mfaSession[0], mfaSession[1]), mfaSession[2]).ok("sts", "get-caller-identity")
	secrets.mfaSessionKey = mfaSession[0]

	// AssumeRole by the user, into a role its account trusts.
	root.ok("iam", "create-role", "--role-name", "AuditTarget", "--assume-role-policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acct+`:root"},"Action":"sts:AssumeRole"}]}`)
	secrets.addCredentials("AssumeRole", user.ok("sts", "assume-role",
		"--role-arn", "arn:aws:iam::"+acct+":role/AuditTarget", "--role-session-name", "audit"))

	// Service-specific credentials: created, then reset.
	cred := root.ok("iam", "create-service-specific-credential", "--user-name", secretsUser, "--service-name", "codecommit.amazonaws.com")
	secrets.add("service password", str(cred, "ServiceSpecificCredential", "ServicePassword"))
	reset := root.ok("iam", "reset-service-specific-credential", "--user-name", secretsUser,
		"--service-specific-credential-id", str(cred, "ServiceSpecificCredential", "ServiceSpecificCredentialId"))
	secrets.add("reset service password", str(reset, "ServiceSpecificCredential", "ServicePassword"))

	// A server certificate with its private key.
	for name, body := range map[string]string{"cert.pem": certPEM, "key.pem": keyPEM} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	root.ok("iam", "upload-server-certificate", "--server-certificate-name", "audit-web",
		"--certificate-body", "file://"+filepath.Join(dir, "cert.pem"), "--private-key", "file://"+filepath.Join(dir, "key.pem"))
	secrets.addPrivateKey(keyPEM)

	// AssumeRoleWithSAML, unsigned, with a signed assertion.
	idp, err := samltest.NewIdP("https://idp.example.com/saml", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	metadata := filepath.Join(dir, "metadata.xml")
	if err := os.WriteFile(metadata, idp.Metadata(time.Time{}), 0o600); err != nil {
		t.Fatal(err)
	}
	providerARN := str(root.ok("iam", "create-saml-provider", "--name", "AuditIdP",
		"--saml-metadata-document", "file://"+metadata), "SAMLProviderArn")
	roleARN := str(root.ok("iam", "create-role", "--role-name", "AuditSAML", "--assume-role-policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"`+providerARN+`"},"Action":"sts:AssumeRoleWithSAML"}]}`),
		"Role", "Arn")
	assertion, err := idp.SignedResponse(idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN))
	if err != nil {
		t.Fatal(err)
	}
	secrets.addAssertion(assertion)
	secrets.addCredentials("AssumeRoleWithSAML", anonymousCLI(t, s).ok("sts", "assume-role-with-saml",
		"--no-sign-request", "--role-arn", roleARN, "--principal-arn", providerARN, "--saml-assertion", assertion))

	// A read-only call last: its event is likely still queued when the
	// server stops.
	root.ok("iam", "get-user", "--user-name", secretsUser)

	return []string{
		"GetUser", "CreateLoginProfile", "UpdateLoginProfile", "ChangePassword", "CreateAccessKey",
		"CreateVirtualMFADevice", "EnableMFADevice", "GetSessionToken", "AssumeRole",
		"CreateServiceSpecificCredential", "ResetServiceSpecificCredential", "UploadServerCertificate",
		"AssumeRoleWithSAML",
	}
}

// checkRedactedRecords checks that redaction removed the secret members
// only: the events of the secret-bearing operations still name what they
// concern. (N5 proves the secrets gone.)
func checkRedactedRecords(t *testing.T, records []map[string]any) {
	t.Helper()
	checks := []struct {
		event, path string
		want        func(v any) bool
	}{
		{"CreateLoginProfile", "requestParameters.userName", equals(secretsUser)},
		{"ChangePassword", "requestParameters", absent},
		{"CreateAccessKey", "responseElements.accessKey.accessKeyId", prefixed("AKIA")},
		{"CreateVirtualMFADevice", "responseElements.virtualMFADevice.serialNumber", prefixed("arn:aws:iam::")},
		{"EnableMFADevice", "requestParameters.serialNumber", prefixed("arn:aws:iam::")},
		{"GetSessionToken", "responseElements.credentials.accessKeyId", prefixed("ASIA")},
		{"AssumeRole", "responseElements.assumedRoleUser.arn", prefixed("arn:aws:sts::")},
		{"CreateServiceSpecificCredential", "responseElements.serviceSpecificCredential.serviceUserName", prefixed(secretsUser + "-at-")},
		{"UploadServerCertificate", "requestParameters.serverCertificateName", equals("audit-web")},
		{"AssumeRoleWithSAML", "responseElements.credentials.accessKeyId", prefixed("ASIA")},
	}
	for _, c := range checks {
		r := findRecord(records, func(r map[string]any) bool {
			return str(r, "eventName") == c.event && str(r, "errorCode") == ""
		})
		if r == nil {
			continue // N1 reports the missing event
		}
		if v := lookupPath(r, strings.Split(c.path, ".")...); !c.want(v) {
			t.Errorf("N3: %s's %s = %v", c.event, c.path, v)
		}
	}
}

func equals(want string) func(any) bool { return func(v any) bool { return v == want } }

func prefixed(p string) func(any) bool {
	return func(v any) bool { s, ok := v.(string); return ok && strings.HasPrefix(s, p) }
}

func absent(v any) bool { return v == nil }

// secretSet is every secret a test sent or received.
type secretSet struct {
	t *testing.T
	// text secrets are searched in every encoding a leak would take.
	text []named
	// raw are binary secrets (DER, PNG) and fragments of them.
	raw []named
	// codes are one-time MFA codes: six digits, searched as whole tokens.
	codes []string
	// mfaSessionKey is the key ID of the session GetSessionToken made with
	// MFA.
	mfaSessionKey string
}

type named struct {
	name  string
	value []byte
}

func (s *secretSet) add(name, v string) {
	s.t.Helper()
	if v == "" {
		s.t.Fatalf("secret %q is empty: the operation did not return it", name)
	}
	s.text = append(s.text, named{name, []byte(v)})
}

func (s *secretSet) addCode(c string) { s.codes = append(s.codes, c) }

// addCredentials adds the temporary credentials of an STS response and
// returns the key ID, secret and session token.
func (s *secretSet) addCredentials(op string, out map[string]any) [3]string {
	c := [3]string{str(out, "Credentials", "AccessKeyId"), str(out, "Credentials", "SecretAccessKey"), str(out, "Credentials", "SessionToken")}
	s.add(op+" secret key", c[1])
	s.add(op+" session token", c[2])
	return c
}

// addPNG adds a QR code's PNG: its base64 (what the API returns), an
// aligned slice of that base64 (what a copy inside a longer base64 would
// still contain), and a slice of the raw bytes.
func (s *secretSet) addPNG(png []byte) {
	s.t.Helper()
	if len(png) < 200 {
		s.t.Fatalf("QR code PNG of %d bytes", len(png))
	}
	b64 := base64.StdEncoding.EncodeToString(png)
	mid := len(b64) / 2 / 4 * 4
	s.add("QR code PNG (base64)", b64)
	s.add("QR code PNG (base64 slice)", b64[mid:mid+48])
	s.raw = append(s.raw, named{"QR code PNG (raw slice)", png[len(png)/2 : len(png)/2+32]})
}

// addPrivateKey adds a PEM private key, each line of its body, and its DER.
func (s *secretSet) addPrivateKey(keyPEM string) {
	s.t.Helper()
	block, _ := pem.Decode([]byte(keyPEM))
	if block == nil {
		s.t.Fatal("private key is not PEM")
	}
	s.add("private key PEM", keyPEM)
	s.add("private key DER (base64)", base64.StdEncoding.EncodeToString(block.Bytes))
	for i, line := range strings.Split(keyPEM, "\n") {
		if len(line) >= 40 && !strings.HasPrefix(line, "-----") {
			s.add("private key line "+strconv.Itoa(i+1), line)
		}
	}
	s.raw = append(s.raw, named{"private key DER", block.Bytes})
}

// addAssertion adds a base64 SAML response and its signature value.
func (s *secretSet) addAssertion(b64 string) {
	s.t.Helper()
	s.add("SAML assertion", b64)
	xml, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		s.t.Fatal(err)
	}
	m := regexp.MustCompile(`SignatureValue>([^<]+)<`).FindSubmatch(xml)
	if m == nil {
		s.t.Fatal("the SAML response has no SignatureValue")
	}
	fields := strings.Fields(string(m[1]))
	sort.Slice(fields, func(i, j int) bool { return len(fields[i]) > len(fields[j]) })
	s.add("SAML signature value", fields[0])
}

// encodings are the forms a text secret may take in a record or a file.
func encodings(v []byte) map[string][]byte {
	var plainJSON bytes.Buffer
	enc := json.NewEncoder(&plainJSON)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(string(v)) // a string always encodes
	htmlSafe, _ := json.Marshal(string(v))
	unquote := func(b []byte) []byte { return bytes.TrimSuffix(bytes.TrimSpace(b)[1:], []byte(`"`)) }
	return map[string][]byte{
		"plain":            v,
		"JSON string":      unquote(plainJSON.Bytes()),
		"HTML-safe JSON":   unquote(htmlSafe),
		"base64":           []byte(base64.StdEncoding.EncodeToString(v)),
		"base64url":        []byte(base64.URLEncoding.EncodeToString(v)),
		"raw base64url":    []byte(base64.RawURLEncoding.EncodeToString(v)),
		"URL query-escape": []byte(url.QueryEscape(string(v))),
		"URL path-escape":  []byte(url.PathEscape(string(v))),
	}
}

// findIn names every secret, in every encoding, that data contains.
func (s *secretSet) findIn(data []byte) []string {
	var leaks []string
	for _, sec := range s.text {
		for enc, form := range encodings(sec.value) {
			if bytes.Contains(data, form) {
				leaks = append(leaks, sec.name+" ("+enc+")")
			}
		}
	}
	for _, sec := range s.raw {
		if bytes.Contains(data, sec.value) {
			leaks = append(leaks, sec.name)
		}
	}
	for _, c := range s.codes {
		if regexp.MustCompile(`(^|[^0-9A-Za-z])` + c + `([^0-9A-Za-z]|$)`).Match(data) {
			leaks = append(leaks, "MFA code "+c)
		}
	}
	return leaks
}

// needles are what N6 greps database files for: each text secret as
// sent, and the binary ones.
func (s *secretSet) needles() []named {
	return append(append([]named(nil), s.text...), s.raw...)
}

// exportTrail runs "iamd audit export" on the server's storage and returns
// the file and its records, one a line. Events still queued in a running
// server are not in it: stop the server first to have them all.
func exportTrail(t *testing.T, s *server, dbURL string, args ...string) ([]byte, []map[string]any) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "trail.jsonl")
	cmdArgs := []string{"audit", "export", "--data-dir", s.DataDir, "--out", out}
	if dbURL != "" {
		cmdArgs = append(cmdArgs, "--db", dbURL)
	}
	cmd := exec.Command(binary, append(cmdArgs, args...)...)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("iamd audit export: %v\n%s", err, msg)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var records []map[string]any
	for i, line := range bytes.Split(bytes.TrimSuffix(raw, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal(line, &r); err != nil {
			t.Fatalf("export line %d is not JSON: %v\n%s", i+1, err, line)
		}
		records = append(records, r)
	}
	return raw, records
}

func findRecord(records []map[string]any, match func(map[string]any) bool) map[string]any {
	for _, r := range records {
		if match(r) {
			return r
		}
	}
	return nil
}

// lookupPath reads a member of decoded JSON; nil when any step is missing.
func lookupPath(m map[string]any, path ...string) any {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = mm[p]
	}
	return cur
}

// TestLookupEventsThroughAWSCLI reads the trail back with "aws cloudtrail
// lookup-events": filtered by each kind of attribute, bounded in time,
// paged, refused on bad input, scoped to the caller's account and to
// callers allowed cloudtrail:LookupEvents; and checks one record's fields
// against what the CLI saw.
func TestLookupEventsThroughAWSCLI(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			opts := startOptions{engine: eng, fixRoot: true}
			if eng == postgres {
				opts.dbURL = storetest.StartPostgres(t)
			}
			s := start(t, opts)
			acct := s.AccountID
			root := newCLI(t, s, rootKeyID, rootSecret)
			trail := &trailReader{s: s}

			// alice, then, more than a second later, bob: mid lies
			// between them even at the one-second precision of the
			// times the test sends.
			before := time.Now().Add(-time.Second)
			created, createReqID := runWithRequestID(root, "iam", "create-user", "--user-name", "alice")
			time.Sleep(1100 * time.Millisecond)
			mid := time.Now()
			root.ok("iam", "create-user", "--user-name", "bob")
			_, getReqID := runWithRequestID(root, "iam", "get-user", "--user-name", "alice")

			// alice, allowed nothing, is denied; a wrong secret for her key
			// and a key iamd never issued are not authenticated.
			key := root.ok("iam", "create-access-key", "--user-name", "alice")
			aliceKey := str(key, "AccessKey", "AccessKeyId")
			alice := newCLI(t, s, aliceKey, str(key, "AccessKey", "SecretAccessKey"))
			alice.fails("AccessDenied", "iam", "list-users")
			// L1: a caller without cloudtrail:LookupEvents is denied.
			alice.fails("AccessDenied", trail.args()...)
			newCLI(t, s, aliceKey, strings.Repeat("w", 40)).fails("SignatureDoesNotMatch", "iam", "list-users")
			const unknownKey = "AKIAAUDITUNKNOWN2345"
			newCLI(t, s, unknownKey, rootSecret).fails("InvalidClientTokenId", "iam", "list-users")

			// L2: both CreateUser events, newest first, by root, naming
			// the users.
			creates := trail.lookup(root, attr("EventName", "CreateUser"))
			if got := resourceNames(creates); strings.Join(got, ",") != "AWS::IAM::User/bob,AWS::IAM::User/alice" {
				t.Fatalf("L2: CreateUser events name %v, want bob then alice", got)
			}
			for _, e := range creates {
				if e.Username != "root" || e.EventSource != "iam.amazonaws.com" || e.ReadOnly != "false" || e.AccessKeyId != rootKeyID {
					t.Errorf("L2: CreateUser event %+v", e)
				}
			}
			// R1: the record of alice's creation, field by field.
			checkCreateUserRecord(t, creates[1], acct, createReqID, str(created, "User", "UserId"), before, mid)

			// L3: alice's events hold the denial and the wrong signature.
			aliceEvents := trail.await(root, "alice's three refused calls", func(evs []trailEvent) bool {
				return len(withError(evs, "AccessDenied")) >= 2 && len(withError(evs, "SignatureDoesNotMatch")) == 1
			}, attr("Username", "alice"))
			denied := findEvent(withError(aliceEvents, "AccessDenied"), "ListUsers")
			if denied == nil {
				t.Fatalf("L3: no denied ListUsers among alice's events: %v", summarize(aliceEvents))
			}
			if r := denied.record(t); str(r, "userIdentity", "type") != "IAMUser" || str(r, "userIdentity", "userName") != "alice" ||
				str(r, "userIdentity", "accessKeyId") != aliceKey || r["readOnly"] != true ||
				!strings.Contains(str(r, "errorMessage"), "iam:ListUsers") {
				t.Errorf("L3: denied ListUsers record = %s", denied.CloudTrailEvent)
			}
			if findEvent(withError(aliceEvents, "AccessDenied"), "LookupEvents") == nil {
				t.Errorf("L3: no denied LookupEvents among alice's events: %v", summarize(aliceEvents))
			}

			// L4: the wrong signature is the key owner's event.
			byKey := trail.lookup(root, attr("AccessKeyId", aliceKey))
			badSig := withError(byKey, "SignatureDoesNotMatch")
			if len(badSig) != 1 {
				t.Fatalf("L4: events of alice's key: %v, want one SignatureDoesNotMatch", summarize(byKey))
			}
			if r := badSig[0].record(t); str(r, "recipientAccountId") != acct || str(r, "userIdentity", "accountId") != acct ||
				str(r, "eventName") != "ListUsers" || r["requestParameters"] != nil {
				t.Errorf("L4: wrong-signature record = %s", badSig[0].CloudTrailEvent)
			}
			// L5: a key iamd never issued names no account: no one sees it.
			if evs := trail.lookup(root, attr("AccessKeyId", unknownKey)); len(evs) != 0 {
				t.Errorf("L5: the unknown key's events are in the account's trail: %v", summarize(evs))
			}

			// L6: the time range bounds the results.
			if got := resourceNames(trail.lookup(root, attr("EventName", "CreateUser"),
				"--start-time", stamp(before), "--end-time", stamp(mid))); strings.Join(got, ",") != "AWS::IAM::User/alice" {
				t.Errorf("L6: CreateUser events from before alice to mid = %v, want alice only", got)
			}
			if got := resourceNames(trail.lookup(root, attr("EventName", "CreateUser"), "--start-time", stamp(mid))); strings.Join(got, ",") != "AWS::IAM::User/bob" {
				t.Errorf("L6: CreateUser events since mid = %v, want bob only", got)
			}

			// R2: GetUser is read-only and carries the CLI's request ID.
			// CloudTrail records responseElements only for "actions that
			// make changes (create, update, or delete actions)":
			// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
			gets := trail.await(root, "GetUser", func(evs []trailEvent) bool { return len(evs) == 1 }, attr("EventName", "GetUser"))
			if r := gets[0].record(t); str(r, "requestID") != getReqID || r["readOnly"] != true || gets[0].ReadOnly != "true" {
				t.Errorf("R2: GetUser record = %s, want requestID %s and readOnly true", gets[0].CloudTrailEvent, getReqID)
			} else if r["responseElements"] != nil {
				t.Errorf("R2: read-only GetUser recorded responseElements %s, want null", mustJSON(t, r["responseElements"]))
			}

			// L7: paging through IAM's events. The end time fixes the set:
			// later events are left out, and earlier ones are all stored
			// once the batch interval has passed.
			end := stamp(time.Now())
			time.Sleep(1500 * time.Millisecond)
			checkPaging(t, trail, root, attr("EventSource", "iam.amazonaws.com"), "--end-time", end)

			// L8: AWS's validation errors.
			root.fails("InvalidLookupAttributesException", trail.args(
				"--lookup-attributes", "AttributeKey=EventName,AttributeValue=CreateUser", "AttributeKey=Username,AttributeValue=root")...)
			root.fails("InvalidTimeRangeException", trail.args("--start-time", stamp(mid), "--end-time", stamp(before))...)

			// L9: another account's user sees its own account's events only.
			keyB, secretB := newAccountOn(t, s, opts.dbURL, "audit-other")
			rootB := newCLI(t, s, keyB, secretB)
			acctB := str(rootB.ok("sts", "get-caller-identity"), "Account")
			rootB.ok("iam", "create-user", "--user-name", "auditor")
			rootB.ok("iam", "put-user-policy", "--user-name", "auditor", "--policy-name", "read-trail", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:LookupEvents","Resource":"*"}]}`)
			keyAuditor := rootB.ok("iam", "create-access-key", "--user-name", "auditor")
			auditor := newCLI(t, s, str(keyAuditor, "AccessKey", "AccessKeyId"), str(keyAuditor, "AccessKey", "SecretAccessKey"))
			seen := trail.lookup(auditor)
			if len(seen) == 0 {
				t.Error("L9: the other account's trail is empty")
			}
			for _, e := range seen {
				if r := e.record(t); str(r, "recipientAccountId") != acctB {
					t.Errorf("L9: account %s sees an event of account %q: %s", acctB, str(r, "recipientAccountId"), e.CloudTrailEvent)
				}
			}
			if got := resourceNames(trail.lookup(auditor, attr("EventName", "CreateUser"))); strings.Join(got, ",") != "AWS::IAM::User/auditor" {
				t.Errorf("L9: the other account's CreateUser events = %v, want auditor only", got)
			}
			if evs := trail.lookup(auditor, attr("Username", "alice")); len(evs) != 0 {
				t.Errorf("L9: the other account sees alice's events: %v", summarize(evs))
			}

			// R3: an assumed-role session's record names its issuer.
			checkAssumedRoleRecord(t, s, trail, root, alice)

			// L10: the export holds the unknown key's event, which no
			// account's lookup shows, and --account leaves it out.
			s.stop(t)
			_, all := exportTrail(t, s, opts.dbURL)
			isUnknown := func(r map[string]any) bool { return str(r, "userIdentity", "accessKeyId") == unknownKey }
			if r := findRecord(all, isUnknown); r == nil || str(r, "errorCode") != "InvalidClientTokenId" ||
				str(r, "eventName") != "ListUsers" || r["recipientAccountId"] != nil {
				t.Errorf("L10: the unknown key's exported event = %v", r)
			}
			_, mine := exportTrail(t, s, opts.dbURL, "--account", acct)
			if findRecord(mine, isUnknown) != nil || findRecord(mine, func(r map[string]any) bool { return str(r, "recipientAccountId") != acct }) != nil {
				t.Error("L10: export --account holds events of no or another account")
			}
		})
	}
}

// checkCreateUserRecord checks the CloudTrail record of root's CreateUser
// of alice field by field.
func checkCreateUserRecord(t *testing.T, e trailEvent, acct, requestID, userID string, before, mid time.Time) {
	t.Helper()
	r := e.record(t)
	want := map[string]any{
		"userIdentity.type":              "Root",
		"userIdentity.arn":               "arn:aws:iam::" + acct + ":root",
		"userIdentity.accountId":         acct,
		"userIdentity.accessKeyId":       rootKeyID,
		"eventSource":                    "iam.amazonaws.com",
		"eventName":                      "CreateUser",
		"awsRegion":                      "us-east-1",
		"sourceIPAddress":                "127.0.0.1",
		"requestID":                      requestID,
		"eventID":                        e.EventId,
		"readOnly":                       false,
		"eventType":                      "AwsApiCall",
		"managementEvent":                true,
		"recipientAccountId":             acct,
		"eventCategory":                  "Management",
		"responseElements.user.userName": "alice",
		"responseElements.user.userId":   userID,
		"responseElements.user.arn":      "arn:aws:iam::" + acct + ":user/alice",
		"responseElements.user.path":     "/",
		"userIdentity.sessionContext":    nil,
		"errorCode":                      nil,
	}
	for path, w := range want {
		if got := lookupPath(r, strings.Split(path, ".")...); got != w {
			t.Errorf("R1: %s = %#v, want %#v", path, got, w)
		}
	}
	if v := str(r, "eventVersion"); !regexp.MustCompile(`^1\.[0-9]+$`).MatchString(v) {
		t.Errorf("R1: eventVersion = %q, want 1.x", v)
	}
	if str(r, "userIdentity", "principalId") == "" {
		t.Errorf("R1: userIdentity.principalId is empty")
	}
	if got := mustJSON(t, r["requestParameters"]); got != `{"userName":"alice"}` {
		t.Errorf("R1: requestParameters = %s, want {\"userName\":\"alice\"}", got)
	}
	if ua := str(r, "userAgent"); !strings.Contains(ua, "aws-cli/") {
		t.Errorf("R1: userAgent = %q, want the CLI's", ua)
	}
	at, err := time.Parse(time.RFC3339, str(r, "eventTime"))
	if err != nil || at.Before(before.Truncate(time.Second)) || at.After(mid) {
		t.Errorf("R1: eventTime = %q (%v), want between %v and %v in RFC 3339", str(r, "eventTime"), err, before, mid)
	}
	if got := mustJSON(t, r["resources"]); got != `[{"ARN":"arn:aws:iam::`+acct+`:user/alice","accountId":"`+acct+`","type":"AWS::IAM::User"}]` {
		t.Errorf("R1: resources = %s", got)
	}
}

// checkAssumedRoleRecord: alice, now allowed sts:AssumeRole, assumes a
// role allowed to read the trail; the session's own LookupEvents event
// names the role as its session issuer and says MFA was not used.
func checkAssumedRoleRecord(t *testing.T, s *server, trail *trailReader, root, alice *cli) {
	t.Helper()
	acct := s.AccountID
	root.ok("iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume", "--policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	role := root.ok("iam", "create-role", "--role-name", "TrailReader", "--assume-role-policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+acct+`:root"},"Action":"sts:AssumeRole"}]}`)
	roleARN, roleID := str(role, "Role", "Arn"), str(role, "Role", "RoleId")
	root.ok("iam", "put-role-policy", "--role-name", "TrailReader", "--policy-name", "read-trail", "--policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"cloudtrail:LookupEvents","Resource":"*"}]}`)
	out := alice.ok("sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "trail-session")
	c := out["Credentials"].(map[string]any)
	sess := withSession(newCLI(t, s, str(c, "AccessKeyId"), str(c, "SecretAccessKey")), str(c, "SessionToken"))
	// The session looks up its own events until it finds two; the first
	// event after those is of the lookup that found them.
	mine := attr("Username", "trail-session")
	found := trail.await(sess, "two of the session's LookupEvents", func(evs []trailEvent) bool { return len(evs) >= 2 }, mine)
	known := map[string]bool{}
	for _, e := range found {
		known[e.EventId] = true
	}
	var next *trailEvent
	trail.await(sess, "the lookup that found two", func(evs []trailEvent) bool {
		for i := len(evs) - 1; i >= 0; i-- {
			if !known[evs[i].EventId] {
				next = &evs[i]
				return true
			}
		}
		return false
	}, mine)
	r := next.record(t)
	want := map[string]any{
		"userIdentity.type":                                       "AssumedRole",
		"userIdentity.arn":                                        "arn:aws:sts::" + acct + ":assumed-role/TrailReader/trail-session",
		"userIdentity.principalId":                                roleID + ":trail-session",
		"userIdentity.accountId":                                  acct,
		"userIdentity.accessKeyId":                                str(c, "AccessKeyId"),
		"userIdentity.sessionContext.sessionIssuer.type":          "Role",
		"userIdentity.sessionContext.sessionIssuer.arn":           roleARN,
		"userIdentity.sessionContext.sessionIssuer.userName":      "TrailReader",
		"userIdentity.sessionContext.sessionIssuer.principalId":   roleID,
		"userIdentity.sessionContext.sessionIssuer.accountId":     acct,
		"userIdentity.sessionContext.attributes.mfaAuthenticated": "false",
		"eventSource": "cloudtrail.amazonaws.com",
		"awsRegion":   "us-east-1",
		"eventName":   "LookupEvents",
		"readOnly":    true,
	}
	for path, w := range want {
		if got := lookupPath(r, strings.Split(path, ".")...); got != w {
			t.Errorf("R3: %s = %#v, want %#v", path, got, w)
		}
	}
	// The read-only LookupEvents must not record the events it returned
	// (here, two): each lookup's event would hold the records of the
	// lookups before it, and the trail would grow geometrically.
	if r["responseElements"] != nil {
		t.Errorf("R3: LookupEvents recorded responseElements of %d bytes, want null", len(mustJSON(t, r["responseElements"])))
	}
	if _, err := time.Parse(time.RFC3339, str(r, "userIdentity", "sessionContext", "attributes", "creationDate")); err != nil {
		t.Errorf("R3: sessionContext.attributes.creationDate: %v", err)
	}
}

// checkPaging pages through the events a lookup finds with --max-items
// and --starting-token, with the service's page size and with pages of one
// (the CLI then follows iamd's NextToken on every call), and finds the
// same events as the unpaged lookup, none twice.
func checkPaging(t *testing.T, trail *trailReader, c *cli, filter ...string) {
	t.Helper()
	full := eventIDs(trail.lookup(c, filter...))
	if len(full) < 5 {
		t.Fatalf("L7: only %d events to page through", len(full))
	}
	for _, pageSize := range []string{"", "1"} {
		base := append([]string{}, filter...)
		if pageSize != "" {
			base = append(base, "--page-size", pageSize)
		}
		var got []string
		token := ""
		for page := 0; page < 3; page++ {
			args := append([]string{}, base...)
			if page < 2 {
				args = append(args, "--max-items", "2")
			}
			if token != "" {
				args = append(args, "--starting-token", token)
			}
			evs, next := trail.page(c, args...)
			if page < 2 && (len(evs) != 2 || next == "") {
				t.Fatalf("L7 (page size %q): page %d has %d events and NextToken %q, want 2 and a token", pageSize, page, len(evs), next)
			}
			got = append(got, eventIDs(evs)...)
			token = next
		}
		if strings.Join(got, ",") != strings.Join(full, ",") {
			t.Errorf("L7 (page size %q): paged events\n%v\nwant, as one lookup finds them,\n%v", pageSize, got, full)
		}
	}
}

// TestLookupEventsThroughBoto3: lookup_events with a lookup attribute and
// the lookup_events paginator, from boto3.
func TestLookupEventsThroughBoto3(t *testing.T) {
	t.Parallel()
	python := requireTool(t, "python3")
	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	root := newCLI(t, s, rootKeyID, rootSecret)
	users := []string{"alice", "bob", "carol"}
	for _, u := range users {
		root.ok("iam", "create-user", "--user-name", u)
	}
	cmd := exec.Command(python, "testdata/audit/boto3_lookup.py")
	cmd.Env = append(s.awsEnv(t, rootKeyID, rootSecret),
		"IAMD_URL="+s.URL, "IAMD_ACCOUNT_ID="+s.AccountID, "USERS="+strings.Join(users, ","))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "ok") {
		t.Fatalf("boto3 lookup_events: %v\n%s", err, out)
	}
}

// trailEvent is one event of LookupEvents as the AWS CLI prints it.
type trailEvent struct {
	EventId, EventName, ReadOnly, AccessKeyId, EventSource, Username string
	Resources                                                        []struct{ ResourceType, ResourceName string }
	CloudTrailEvent                                                  string
}

func (e *trailEvent) record(t *testing.T) map[string]any {
	t.Helper()
	var r map[string]any
	if err := json.Unmarshal([]byte(e.CloudTrailEvent), &r); err != nil {
		t.Fatalf("CloudTrailEvent is not JSON: %v\n%s", err, e.CloudTrailEvent)
	}
	return r
}

// trailReader runs "aws cloudtrail lookup-events" against one server.
type trailReader struct{ s *server }

func (tr *trailReader) args(extra ...string) []string {
	return append([]string{"cloudtrail", "lookup-events", "--endpoint-url", tr.s.URL, "--region", "us-east-1"}, extra...)
}

// page runs one lookup and returns its events and the CLI's NextToken.
func (tr *trailReader) page(c *cli, args ...string) ([]trailEvent, string) {
	c.t.Helper()
	out := c.ok(tr.args(args...)...)
	var evs []trailEvent
	raw, _ := json.Marshal(out["Events"])
	if err := json.Unmarshal(raw, &evs); err != nil {
		c.t.Fatalf("lookup-events printed %v: %v", out, err)
	}
	next, _ := out["NextToken"].(string)
	return evs, next
}

// lookup returns every event the lookup finds (the CLI follows NextToken).
func (tr *trailReader) lookup(c *cli, args ...string) []trailEvent {
	c.t.Helper()
	evs, _ := tr.page(c, args...)
	return evs
}

// await repeats a lookup until done accepts its events: events that change
// nothing are stored in batches, within about half a second.
func (tr *trailReader) await(c *cli, what string, done func([]trailEvent) bool, args ...string) []trailEvent {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		evs := tr.lookup(c, args...)
		if done(evs) {
			return evs
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("lookup-events %v never found %s; last found %v", args, what, summarize(evs))
		}
		time.Sleep(300 * time.Millisecond)
	}
}

func attr(key, value string) string {
	return "--lookup-attributes=AttributeKey=" + key + ",AttributeValue=" + value
}

// stamp writes a time as the CLI takes it, to the second.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func resourceNames(evs []trailEvent) []string {
	var names []string
	for _, e := range evs {
		for _, r := range e.Resources {
			names = append(names, r.ResourceType+"/"+r.ResourceName)
		}
	}
	return names
}

func eventIDs(evs []trailEvent) []string {
	ids := make([]string, 0, len(evs))
	for _, e := range evs {
		ids = append(ids, e.EventId)
	}
	return ids
}

func withError(evs []trailEvent, code string) []trailEvent {
	var out []trailEvent
	for _, e := range evs {
		var r struct{ ErrorCode string }
		if json.Unmarshal([]byte(e.CloudTrailEvent), &r) == nil && r.ErrorCode == code {
			out = append(out, e)
		}
	}
	return out
}

func findEvent(evs []trailEvent, name string) *trailEvent {
	for i := range evs {
		if evs[i].EventName == name {
			return &evs[i]
		}
	}
	return nil
}

func summarize(evs []trailEvent) []string {
	var s []string
	for _, e := range evs {
		var r struct{ ErrorCode string }
		_ = json.Unmarshal([]byte(e.CloudTrailEvent), &r)
		s = append(s, e.EventName+"/"+e.Username+"/"+r.ErrorCode)
	}
	return s
}

// requestIDHeader finds the response's request ID in the CLI's --debug log.
var requestIDHeader = regexp.MustCompile(`(?i)'x-amzn-requestid': '([^']+)'`)

// runWithRequestID runs a CLI command that must succeed, with --debug, and
// returns its output and the request ID iamd sent back.
func runWithRequestID(c *cli, args ...string) (map[string]any, string) {
	c.t.Helper()
	out, errOut, err := c.run(append(args, "--debug")...)
	if err != nil {
		c.t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	ids := requestIDHeader.FindAllStringSubmatch(errOut, -1)
	if len(ids) == 0 {
		c.t.Fatalf("aws %s --debug logged no x-amzn-RequestId:\n%s", strings.Join(args, " "), errOut)
	}
	m := map[string]any{}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("aws %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, out)
	}
	return m, ids[len(ids)-1][1]
}

// newAccountOn creates an account on the server's storage, PostgreSQL's
// when dbURL is set, and returns its root key pair.
func newAccountOn(t *testing.T, s *server, dbURL, name string) (keyID, secret string) {
	t.Helper()
	if dbURL == "" {
		return s.newAccount(t, name)
	}
	out, err := exec.Command(binary, "accounts", "create", "--name", name, "--data-dir", s.DataDir, "--db", dbURL).Output()
	if err != nil {
		t.Fatalf("accounts create: %v", err)
	}
	_, keyID, secret = printedCredentials(t, string(out))
	return keyID, secret
}

// TestAuditSecretSearch checks the search N5 relies on: a secret is found
// in each encoding a record or log could hold it in, and a one-time code
// only as a whole token.
func TestAuditSecretSearch(t *testing.T) {
	t.Parallel()
	const secret = "Audit+Passw0rd/One&=<x>"
	set := &secretSet{t: t}
	set.add("password", secret)
	set.addCode("123456")
	htmlSafe, _ := json.Marshal(map[string]string{"password": secret})
	tests := []struct {
		name, data string
		want       []string
	}{
		{"nothing", `{"userName":"alice","accountId":"111111123456"}`, nil},
		{"plain", "log: " + secret, []string{"password (plain)"}},
		{"HTML-safe JSON", string(htmlSafe), []string{"password (HTML-safe JSON)"}},
		{"base64", `{"blob":"` + base64.StdEncoding.EncodeToString([]byte(secret)) + `"}`, []string{"password (base64)"}},
		{"form body", "Action=CreateLoginProfile&Password=" + url.QueryEscape(secret), []string{"password (URL query-escape)"}},
		{"code as a JSON value", `{"tokenCode":"123456"}`, []string{"MFA code 123456"}},
		{"code inside a longer number or ID", `{"id":"a1234567","n":1234567}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := set.findIn([]byte(tc.data))
			// Encodings may coincide, and each is reported: every
			// wanted one must be among them.
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("findIn(%q) = %v, want %s among them", tc.data, got, w)
				}
			}
			if len(tc.want) == 0 && len(got) != 0 {
				t.Errorf("findIn(%q) = %v, want nothing", tc.data, got)
			}
		})
	}
}
