package e2e

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/session"
)

// TestSTSAssumeRoleAcrossAccounts: a user of account A assumes a role of
// account B with the AWS CLI (both sides allowing), reads what the role
// allows and nothing else, and its session is revoked, narrowed and expires
// as AWS's are. SQLite only: the harness creates the second account
// through the data directory.
func TestSTSAssumeRoleAcrossAccounts(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	master, err := secrets.LoadOrCreateMasterKey(filepath.Join(dataDir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	s := start(t, startOptions{engine: sqlite, fixRoot: true, dataDir: dataDir})
	rootA := newCLI(t, s, rootKeyID, rootSecret)
	keyB, secretB := s.newAccount(t, "account-b")
	rootB := newCLI(t, s, keyB, secretB)
	accountB := str(rootB.ok("sts", "get-caller-identity"), "Account")
	accountA := s.AccountID

	// Account A: alice may assume roles.
	rootA.ok("iam", "create-user", "--user-name", "alice")
	rootA.ok("iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	key := rootA.ok("iam", "create-access-key", "--user-name", "alice")
	alice := newCLI(t, s, str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey"))

	// Account B: a role trusting account A, allowed to read IAM users.
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + accountA + `:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-1"}}}]}`
	role := rootB.ok("iam", "create-role", "--role-name", "Reader", "--assume-role-policy-document", trust)
	roleARN := str(role, "Role", "Arn")
	roleID := str(role, "Role", "RoleId")
	rootB.ok("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "read",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser","iam:ListRoles"],"Resource":"*"}]}`)

	// The trust policy's condition must hold.
	msg := alice.fails("AccessDenied", "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "s1")
	if !strings.Contains(msg, "arn:aws:iam::"+accountA+":user/alice is not authorized to perform: sts:AssumeRole on resource: "+roleARN) {
		t.Errorf("denied AssumeRole message: %s", msg)
	}
	// A role that does not exist gets the same AccessDenied.
	missing := "arn:aws:iam::" + accountB + ":role/Nope"
	msg = alice.fails("AccessDenied", "sts", "assume-role", "--role-arn", missing, "--role-session-name", "s1", "--external-id", "ext-1")
	if !strings.Contains(msg, "on resource: "+missing) {
		t.Errorf("missing role message: %s", msg)
	}
	alice.fails("ValidationError", "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "s1",
		"--external-id", "ext-1", "--duration-seconds", "7200")

	out := alice.ok("sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "s1", "--external-id", "ext-1",
		"--duration-seconds", "900")
	creds := out["Credentials"].(map[string]any)
	sessionARN := "arn:aws:sts::" + accountB + ":assumed-role/Reader/s1"
	if got := str(out, "AssumedRoleUser", "Arn"); got != sessionARN {
		t.Fatalf("AssumedRoleUser.Arn = %q, want %q", got, sessionARN)
	}
	if got := str(out, "AssumedRoleUser", "AssumedRoleId"); got != roleID+":s1" {
		t.Errorf("AssumedRoleId = %q, want %s:s1", got, roleID)
	}
	keyID := str(creds, "AccessKeyId")
	if !strings.HasPrefix(keyID, "ASIA") || len(str(creds, "SecretAccessKey")) != 40 {
		t.Errorf("credentials %v", creds)
	}
	exp, err := time.Parse(time.RFC3339, str(creds, "Expiration"))
	if err != nil || time.Until(exp) > 15*time.Minute || time.Until(exp) < 14*time.Minute {
		t.Errorf("Expiration = %q (%v), want 15 minutes from now", str(creds, "Expiration"), err)
	}

	// The same flow through boto3.
	py := exec.Command(requireTool(t, "python3"), "testdata/boto3_assume_role.py")
	py.Env = append(s.awsEnv(t, "", ""), "IAMD_URL="+s.URL, "ROLE_ARN="+roleARN, "EXTERNAL_ID=ext-1", "ACCOUNT_B="+accountB,
		"USER_KEY_ID="+str(key, "AccessKey", "AccessKeyId"), "USER_SECRET="+str(key, "AccessKey", "SecretAccessKey"))
	if pyOut, err := py.CombinedOutput(); err != nil || !strings.HasSuffix(strings.TrimSpace(string(pyOut)), "ok") {
		t.Fatalf("boto3 cross-account AssumeRole: %v\n%s", err, pyOut)
	}

	sess := newCLI(t, s, keyID, str(creds, "SecretAccessKey"))
	sess.env = append(sess.env, "AWS_SESSION_TOKEN="+str(creds, "SessionToken"))
	id := sess.ok("sts", "get-caller-identity")
	if str(id, "Arn") != sessionARN || str(id, "Account") != accountB || str(id, "UserId") != roleID+":s1" {
		t.Errorf("GetCallerIdentity = %v", id)
	}
	if got := str(rootA.ok("sts", "get-access-key-info", "--access-key-id", keyID), "Account"); got != accountB {
		t.Errorf("GetAccessKeyInfo(ASIA) = %q, want %s", got, accountB)
	}
	// What the role allows, in account B, and nothing else.
	sess.ok("iam", "list-users")
	msg = sess.fails("AccessDenied", "iam", "create-user", "--user-name", "mallory")
	if !strings.Contains(msg, "User: "+sessionARN+" is not authorized to perform: iam:CreateUser") {
		t.Errorf("session denial message: %s", msg)
	}

	// Session tags need sts:TagSession, which this trust policy does not grant.
	msg = alice.fails("AccessDenied", "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "tagged",
		"--external-id", "ext-1", "--tags", "Key=team,Value=blue")
	if !strings.Contains(msg, "is not authorized to perform: sts:TagSession on resource: "+roleARN) {
		t.Errorf("TagSession denial: %s", msg)
	}

	// A session policy narrows the session.
	narrow := alice.ok("sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "narrow", "--external-id", "ext-1",
		"--policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}`)
	if _, ok := narrow["PackedPolicySize"].(float64); !ok {
		t.Errorf("PackedPolicySize missing: %v", narrow)
	}
	nc := narrow["Credentials"].(map[string]any)
	narrowCLI := newCLI(t, s, str(nc, "AccessKeyId"), str(nc, "SecretAccessKey"))
	narrowCLI.env = append(narrowCLI.env, "AWS_SESSION_TOKEN="+str(nc, "SessionToken"))
	narrowCLI.ok("iam", "list-roles")
	if msg := narrowCLI.fails("AccessDenied", "iam", "list-users"); !strings.Contains(msg, "session policy") {
		t.Errorf("narrowed denial: %s", msg)
	}

	// Revoking the role's sessions the AWS way: deny tokens issued before now.
	cutoff := time.Now().UTC().Add(time.Second).Format(time.RFC3339)
	rootB.ok("iam", "put-role-policy", "--role-name", "Reader", "--policy-name", "AWSRevokeOlderSessions",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"`+cutoff+`"}}}]}`)
	if msg := sess.fails("AccessDenied", "iam", "list-users"); !strings.Contains(msg, "explicit deny") {
		t.Errorf("revoked session: %s", msg)
	}

	// A tampered token, and a token that expired (sealed here with the
	// server's master key), are refused as AWS refuses them.
	bad := newCLI(t, s, keyID, str(creds, "SecretAccessKey"))
	bad.env = append(bad.env, "AWS_SESSION_TOKEN="+str(creds, "SessionToken")[:40]+"x")
	bad.fails("InvalidClientTokenId", "sts", "get-caller-identity")

	sealer, err := session.NewSealerFromMaster(master)
	if err != nil {
		t.Fatal(err)
	}
	expiredKey, err := session.NewAccessKeyID(accountB)
	if err != nil {
		t.Fatal(err)
	}
	issued := time.Now().Add(-2 * time.Hour).UTC().Truncate(time.Second)
	token, err := sealer.Seal(&session.Session{
		Kind: session.AssumedRole, AccountID: accountB, AccessKeyID: expiredKey,
		SecretAccessKey: "expiredSessionSecret0123456789abcdefghij", IssuedAt: issued, Expiration: issued.Add(time.Hour),
		RoleID: roleID, RoleARN: roleARN, RoleName: "Reader", SessionName: "old",
	})
	if err != nil {
		t.Fatal(err)
	}
	expired := newCLI(t, s, expiredKey, "expiredSessionSecret0123456789abcdefghij")
	expired.env = append(expired.env, "AWS_SESSION_TOKEN="+token)
	if msg := expired.fails("ExpiredToken", "sts", "get-caller-identity"); !strings.Contains(msg, "The security token included in the request is expired") {
		t.Errorf("expired token message: %s", msg)
	}

	// DecodeAuthorizationMessage opens what iamd sealed, for callers
	// allowed sts:DecodeAuthorizationMessage only.
	encoded, err := sealer.SealMessage([]byte(`{"allowed":false,"explicitDeny":false}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := str(rootA.ok("sts", "decode-authorization-message", "--encoded-message", encoded), "DecodedMessage"); got != `{"allowed":false,"explicitDeny":false}` {
		t.Errorf("DecodedMessage = %q", got)
	}
	alice.fails("AccessDenied", "sts", "decode-authorization-message", "--encoded-message", encoded)
	rootA.fails("InvalidAuthorizationMessageException", "sts", "decode-authorization-message", "--encoded-message", encoded[:len(encoded)-3])
}
