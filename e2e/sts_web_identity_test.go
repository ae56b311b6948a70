package e2e

import (
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/federation/oidc"
	"github.com/iamd/iamd/internal/federation/oidc/oidctest"
)

// boto3WebIdentity exchanges a token for credentials with boto3, unsigned,
// and prints the assumed-role ARN that GetCallerIdentity returns for them.
const boto3WebIdentity = `
import os, boto3
from botocore import UNSIGNED
from botocore.config import Config
sts = boto3.client("sts", endpoint_url=os.environ["IAMD_URL"], region_name="us-east-1",
                   config=Config(signature_version=UNSIGNED))
out = sts.assume_role_with_web_identity(RoleArn=os.environ["ROLE_ARN"], RoleSessionName="boto",
                                        WebIdentityToken=os.environ["TOKEN"], DurationSeconds=900)
c = out["Credentials"]
who = boto3.client("sts", endpoint_url=os.environ["IAMD_URL"], region_name="us-east-1",
                   aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                   aws_session_token=c["SessionToken"]).get_caller_identity()
print(out["Provider"], out["SubjectFromWebIdentityToken"], out["Audience"], who["Arn"])
`

// TestSTSAssumeRoleWithWebIdentity: a loopback OpenID Connect issuer is
// registered as an OIDC provider with the AWS CLI, and a role trusts it for
// one subject. An unsigned CLI call exchanges an RS256 token for
// credentials that can do what the role allows and nothing else; a token
// for another subject is refused; boto3 does the same with an ES256 token.
// iamd trusts the issuer's certificate through SSL_CERT_FILE, as an
// operator would for a private issuer. SQLite only: the flow touches
// storage no differently per engine.
func TestSTSAssumeRoleWithWebIdentity(t *testing.T) {
	t.Parallel()
	iss := oidctest.New(t)
	caFile := filepath.Join(t.TempDir(), "issuer-ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: iss.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	s := start(t, startOptions{engine: sqlite, fixRoot: true, env: []string{"SSL_CERT_FILE=" + caFile}})
	root := newCLI(t, s, rootKeyID, rootSecret)

	const aud = "sts.amazonaws.com"
	prefix := oidc.KeyPrefix(iss.URL())
	provider := root.ok("iam", "create-open-id-connect-provider", "--url", iss.URL(), "--client-id-list", aud,
		"--thumbprint-list", strings.Repeat("a", 40))
	providerARN := str(provider, "OpenIDConnectProviderArn")
	if providerARN != "arn:aws:iam::"+s.AccountID+":oidc-provider/"+prefix {
		t.Fatalf("provider ARN = %q", providerARN)
	}
	const subject = "repo:org/app:ref:refs/heads/main"
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + providerARN + `"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + prefix + `:aud":"` + aud + `"},` +
		`"StringLike":{"` + prefix + `:sub":"repo:org/app:ref:refs/heads/*"}}}]}`
	roleARN := str(root.ok("iam", "create-role", "--role-name", "Deploy", "--assume-role-policy-document", trust), "Role", "Arn")
	root.ok("iam", "put-role-policy", "--role-name", "Deploy", "--policy-name", "list",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`)

	sign := func(alg, sub string) string {
		t.Helper()
		tok, err := iss.Sign(alg, iss.Claims(sub, aud, time.Now(), 10*time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	anon := newCLI(t, s, "", "")
	assume := func(token string) []string {
		return []string{"sts", "assume-role-with-web-identity", "--no-sign-request", "--role-arn", roleARN,
			"--role-session-name", "ci", "--web-identity-token", token}
	}

	out := anon.ok(assume(sign(oidctest.RS256, subject))...)
	sessionARN := "arn:aws:sts::" + s.AccountID + ":assumed-role/Deploy/ci"
	if got := str(out, "AssumedRoleUser", "Arn"); got != sessionARN {
		t.Fatalf("AssumedRoleUser.Arn = %q, want %q", got, sessionARN)
	}
	if str(out, "Provider") != providerARN || str(out, "SubjectFromWebIdentityToken") != subject || str(out, "Audience") != aud {
		t.Errorf("response %v", out)
	}
	creds := out["Credentials"].(map[string]any)
	sess := withSession(newCLI(t, s, str(creds, "AccessKeyId"), str(creds, "SecretAccessKey")), str(creds, "SessionToken"))
	if got := str(sess.ok("sts", "get-caller-identity"), "Arn"); got != sessionARN {
		t.Errorf("get-caller-identity Arn = %q, want %q", got, sessionARN)
	}
	sess.ok("iam", "list-users")
	msg := sess.fails("AccessDenied", "iam", "create-user", "--user-name", "mallory")
	if !strings.Contains(msg, sessionARN+" is not authorized to perform: iam:CreateUser") {
		t.Errorf("create-user denial: %s", msg)
	}

	// Another subject: the trust policy's condition does not hold.
	msg = anon.fails("AccessDenied", assume(sign(oidctest.RS256, "repo:org/other:ref:refs/heads/main"))...)
	if !strings.Contains(msg, "Not authorized to perform sts:AssumeRoleWithWebIdentity") {
		t.Errorf("other subject: %s", msg)
	}
	// A token iamd's provider does not list the audience of.
	wrongAud, err := iss.Sign(oidctest.RS256, iss.Claims(subject, "someone-else", time.Now(), 10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if msg := anon.fails("InvalidIdentityToken", assume(wrongAud)...); !strings.Contains(msg, "Incorrect token audience") {
		t.Errorf("wrong audience: %s", msg)
	}

	// boto3 with an ES256 token.
	python := requireTool(t, "python3")
	cmd := exec.Command(python, "-c", boto3WebIdentity)
	cmd.Env = append(s.awsEnv(t, "", ""), "IAMD_URL="+s.URL, "ROLE_ARN="+roleARN, "TOKEN="+sign(oidctest.ES256, subject))
	got, err := cmd.CombinedOutput()
	want := strings.Join([]string{providerARN, subject, aud, "arn:aws:sts::" + s.AccountID + ":assumed-role/Deploy/boto"}, " ")
	if err != nil || strings.TrimSpace(string(got)) != want {
		t.Fatalf("boto3: %v\n%s\nwant %s", err, got, want)
	}
}
