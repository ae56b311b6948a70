package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

// anonymousCLI is the AWS CLI with no credentials at all, as an IdP
// helper (saml2aws, aws-google-auth) calls AssumeRoleWithSAML.
func anonymousCLI(t *testing.T, s *server) *cli {
	c := newCLI(t, s, "", "")
	env := c.env[:0:0]
	for _, kv := range c.env {
		if !strings.HasPrefix(kv, "AWS_ACCESS_KEY_ID=") && !strings.HasPrefix(kv, "AWS_SECRET_ACCESS_KEY=") {
			env = append(env, kv)
		}
	}
	c.env = env
	return c
}

// TestSTSAssumeRoleWithSAML: root registers a test IdP as a SAML provider
// and a role trusting it with the AWS CLI; an unsigned CLI call exchanges a
// signed SAML response for credentials that can do what the role allows
// and nothing else; the classic attacks on SAML are refused with AWS's
// error codes. SQLite only: the flow does not touch storage differently
// per engine.
func TestSTSAssumeRoleWithSAML(t *testing.T) {
	t.Parallel()
	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	root := newCLI(t, s, rootKeyID, rootSecret)
	anon := anonymousCLI(t, s)

	now := time.Now().UTC()
	idp, err := samltest.NewIdP("https://idp.example.com/saml", now)
	if err != nil {
		t.Fatal(err)
	}
	other, err := samltest.NewIdP("https://evil.example.net/saml", now)
	if err != nil {
		t.Fatal(err)
	}
	metadata := filepath.Join(t.TempDir(), "metadata.xml")
	if err := os.WriteFile(metadata, idp.Metadata(time.Time{}), 0o600); err != nil {
		t.Fatal(err)
	}
	providerARN := str(root.ok("iam", "create-saml-provider", "--name", "Corp",
		"--saml-metadata-document", "file://"+metadata), "SAMLProviderArn")
	if want := "arn:aws:iam::" + s.AccountID + ":saml-provider/Corp"; providerARN != want {
		t.Fatalf("SAMLProviderArn = %q, want %q", providerARN, want)
	}
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + providerARN +
		`"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"saml:aud":"https://signin.aws.amazon.com/saml"}}}]}`
	roleARN := str(root.ok("iam", "create-role", "--role-name", "SAMLReader", "--assume-role-policy-document", trust), "Role", "Arn")
	root.ok("iam", "put-role-policy", "--role-name", "SAMLReader", "--policy-name", "list",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`)

	assume := func(assertion string) []string {
		return []string{"sts", "assume-role-with-saml", "--no-sign-request", "--role-arn", roleARN,
			"--principal-arn", providerARN, "--saml-assertion", assertion}
	}
	signed := func(spec samltest.Spec) string {
		t.Helper()
		out, err := idp.SignedResponse(spec)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}

	// The genuine response.
	out := anon.ok(assume(signed(idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)))...)
	sessionARN := "arn:aws:sts::" + s.AccountID + ":assumed-role/SAMLReader/alice"
	if got := str(out, "AssumedRoleUser", "Arn"); got != sessionARN {
		t.Fatalf("AssumedRoleUser.Arn = %q, want %q", got, sessionARN)
	}
	if str(out, "Subject") != "alice@example.com" || str(out, "SubjectType") != "persistent" ||
		str(out, "Issuer") != idp.EntityID || str(out, "Audience") != "https://signin.aws.amazon.com/saml" ||
		str(out, "NameQualifier") == "" {
		t.Errorf("response %v", out)
	}
	creds := out["Credentials"].(map[string]any)
	sess := newCLI(t, s, str(creds, "AccessKeyId"), str(creds, "SecretAccessKey"))
	sess.env = append(sess.env, "AWS_SESSION_TOKEN="+str(creds, "SessionToken"))
	if got := str(sess.ok("sts", "get-caller-identity"), "Arn"); got != sessionARN {
		t.Errorf("get-caller-identity Arn = %q", got)
	}
	sess.ok("iam", "list-users")
	msg := sess.fails("AccessDenied", "iam", "create-user", "--user-name", "mallory")
	if !strings.Contains(msg, sessionARN+" is not authorized to perform: iam:CreateUser") {
		t.Errorf("create-user denial: %s", msg)
	}

	// The attacks, each with AWS's error code.
	attacks := []struct {
		name, code string
		assertion  func(t *testing.T) string
	}{
		{"unsigned", "InvalidIdentityToken", func(_ *testing.T) string {
			spec := idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)
			return samltest.Encode(idp.Response(spec, idp.Assertion(spec)))
		}},
		{"XSW3: evil assertion before the signed one", "InvalidIdentityToken", func(t *testing.T) string {
			spec := idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)
			a, err := idp.Sign(idp.Assertion(spec))
			if err != nil {
				t.Fatal(err)
			}
			return samltest.Encode(idp.Response(spec, evilAssertion(t, a), a))
		}},
		{"XSW5: signed assertion altered, original appended", "InvalidIdentityToken", func(t *testing.T) string {
			spec := idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)
			a, err := idp.Sign(idp.Assertion(spec))
			if err != nil {
				t.Fatal(err)
			}
			orig := a.Copy()
			orig.RemoveChild(orig.FindElement("./ds:Signature"))
			a.FindElement("./saml:Subject/saml:NameID").SetText("admin@example.com")
			return samltest.Encode(idp.Response(spec, a, orig))
		}},
		{"expired", "ExpiredTokenException", func(_ *testing.T) string {
			return signed(idp.DefaultSpec(time.Now().UTC().Add(-time.Hour), roleARN, providerARN))
		}},
		{"wrong audience", "InvalidIdentityToken", func(_ *testing.T) string {
			spec := idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)
			spec.Audiences = []string{"https://other-sp.example.com/saml"}
			return signed(spec)
		}},
		{"another IdP's certificate", "InvalidIdentityToken", func(t *testing.T) string {
			spec := idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)
			a, err := samltest.SignWith(other.Key, other.Cert, idp.Assertion(spec))
			if err != nil {
				t.Fatal(err)
			}
			return samltest.Encode(idp.Response(spec, a))
		}},
	}
	for _, a := range attacks {
		if msg := anon.fails(a.code, assume(a.assertion(t))...); !strings.Contains(msg, "AssumeRoleWithSAML") {
			t.Errorf("%s: %s", a.name, msg)
		}
	}

	// The trust policy's condition decides: a response whose Recipient
	// (saml:aud) is AWS's other sign-in URL verifies but is not trusted.
	spec := idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)
	spec.Recipient, spec.Destination = "https://signin.aws.amazon.com/static/saml", "https://signin.aws.amazon.com/static/saml"
	msg = anon.fails("AccessDenied", assume(signed(spec))...)
	if !strings.Contains(msg, "Not authorized to perform sts:AssumeRoleWithSAML") {
		t.Errorf("trust denial: %s", msg)
	}

	// The same flow through boto3, unsigned.
	py := exec.Command(requireTool(t, "python3"), "testdata/boto3_saml.py")
	py.Env = append(s.awsEnv(t, "", ""), "IAMD_URL="+s.URL, "ROLE_ARN="+roleARN, "PROVIDER_ARN="+providerARN,
		"SESSION_ARN="+sessionARN,
		"ASSERTION="+signed(idp.DefaultSpec(time.Now().UTC(), roleARN, providerARN)),
		"EXPIRED="+signed(idp.DefaultSpec(time.Now().UTC().Add(-time.Hour), roleARN, providerARN)))
	if pyOut, err := py.CombinedOutput(); err != nil || !strings.HasSuffix(strings.TrimSpace(string(pyOut)), "ok") {
		t.Fatalf("boto3 AssumeRoleWithSAML: %v\n%s", err, pyOut)
	}
}

// evilAssertion is the attacker's copy of a signed assertion: another ID
// and subject, no signature (XSW, as in internal/federation/saml's tests).
func evilAssertion(t *testing.T, signed *etree.Element) *etree.Element {
	t.Helper()
	evil := signed.Copy()
	evil.CreateAttr("ID", "_evil")
	evil.FindElement("./saml:Subject/saml:NameID").SetText("admin@example.com")
	if sig := evil.FindElement("./ds:Signature"); sig != nil {
		evil.RemoveChild(sig)
	}
	return evil
}
