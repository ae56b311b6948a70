package e2e

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// cli runs the AWS CLI with env and returns its output; failures are
// returned, not fatal, so tests can assert on AWS's error codes.
type cli struct {
	t   *testing.T
	bin string
	env []string
}

func newCLI(t *testing.T, s *server, keyID, secret string) *cli {
	return &cli{t: t, bin: requireTool(t, "aws"), env: s.awsEnv(t, keyID, secret)}
}

func (c *cli) run(args ...string) (stdout, stderr string, err error) {
	c.t.Helper()
	cmd := exec.Command(c.bin, append(args, "--output", "json")...)
	cmd.Env = c.env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	return out.String(), errOut.String(), err
}

// ok runs a command that must succeed and decodes its JSON output.
func (c *cli) ok(args ...string) map[string]any {
	c.t.Helper()
	out, errOut, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	m := map[string]any{}
	if strings.TrimSpace(out) != "" {
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			c.t.Fatalf("aws %s: output is not JSON: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return m
}

// fails runs a command that must fail with AWS error code want, and
// returns the CLI's error text.
func (c *cli) fails(want string, args ...string) string {
	c.t.Helper()
	_, errOut, err := c.run(args...)
	if err == nil {
		c.t.Fatalf("aws %s succeeded, want error %s", strings.Join(args, " "), want)
	}
	if !strings.Contains(errOut, "An error occurred ("+want+")") {
		c.t.Fatalf("aws %s: want error %s, got:\n%s", strings.Join(args, " "), want, errOut)
	}
	return errOut
}

func str(m map[string]any, path ...string) string {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	s, _ := cur.(string)
	return s
}

const policyV1 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
const policyV2 = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}`

// TestAWSCLISession is the server issue's session, driven by the real AWS
// CLI on each storage engine.
func TestAWSCLISession(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := newCLI(t, s, rootKeyID, rootSecret)

			id := root.ok("sts", "get-caller-identity")
			if got, want := str(id, "Arn"), "arn:aws:iam::"+s.AccountID+":root"; got != want {
				t.Fatalf("root Arn = %q, want %q", got, want)
			}

			user := root.ok("iam", "create-user", "--user-name", "alice", "--path", "/team/")
			userARN := str(user, "User", "Arn")
			if want := "arn:aws:iam::" + s.AccountID + ":user/team/alice"; userARN != want {
				t.Fatalf("user Arn = %q, want %q", userARN, want)
			}
			if id := str(user, "User", "UserId"); !strings.HasPrefix(id, "AIDA") || len(id) != 21 {
				t.Fatalf("UserId = %q, want AIDA + 17 characters", id)
			}
			root.fails("EntityAlreadyExists", "iam", "create-user", "--user-name", "ALICE")

			root.ok("iam", "create-group", "--group-name", "readers")
			root.ok("iam", "add-user-to-group", "--group-name", "readers", "--user-name", "alice")

			pol := root.ok("iam", "create-policy", "--policy-name", "read-objects", "--policy-document", policyV1)
			policyARN := str(pol, "Policy", "Arn")
			if want := "arn:aws:iam::" + s.AccountID + ":policy/read-objects"; policyARN != want {
				t.Fatalf("policy Arn = %q, want %q", policyARN, want)
			}
			v2 := root.ok("iam", "create-policy-version", "--policy-arn", policyARN,
				"--policy-document", policyV2, "--set-as-default")
			if got := str(v2, "PolicyVersion", "VersionId"); got != "v2" {
				t.Fatalf("second version = %q, want v2", got)
			}
			got := root.ok("iam", "get-policy-version", "--policy-arn", policyARN, "--version-id", "v2")
			doc, _ := json.Marshal(got["PolicyVersion"].(map[string]any)["Document"])
			if !strings.Contains(string(doc), "s3:ListBucket") {
				t.Fatalf("v2 document = %s, want the second document", doc)
			}
			root.ok("iam", "attach-group-policy", "--group-name", "readers", "--policy-arn", policyARN)
			root.ok("iam", "attach-user-policy", "--user-name", "alice", "--policy-arn", policyARN)

			key := root.ok("iam", "create-access-key", "--user-name", "alice")
			keyID, secret := str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey")
			if !strings.HasPrefix(keyID, "AKIA") || len(secret) != 40 {
				t.Fatalf("access key = %q / %d-character secret", keyID, len(secret))
			}
			listed := root.ok("iam", "list-access-keys", "--user-name", "alice")
			if strings.Contains(mustJSON(t, listed), secret) {
				t.Fatal("ListAccessKeys returned the secret")
			}

			alice := newCLI(t, s, keyID, secret)
			if got := str(alice.ok("sts", "get-caller-identity"), "Arn"); got != userARN {
				t.Fatalf("alice's caller identity = %q, want %q", got, userARN)
			}
			msg := alice.fails("AccessDenied", "iam", "create-user", "--user-name", "mallory")
			if !strings.Contains(msg, "User: "+userARN+" is not authorized to perform: iam:CreateUser") {
				t.Fatalf("AccessDenied message does not read as AWS's:\n%s", msg)
			}
			alice.fails("AccessDenied", "iam", "list-users")

			newCLI(t, s, keyID, strings.Repeat("x", 40)).fails("SignatureDoesNotMatch", "sts", "get-caller-identity")
			newCLI(t, s, "AKIAUNKNOWNKEY234567", secret).fails("InvalidClientTokenId", "sts", "get-caller-identity")

			root.fails("DeleteConflict", "iam", "delete-user", "--user-name", "alice")

			root.ok("iam", "update-access-key", "--user-name", "alice", "--access-key-id", keyID, "--status", "Inactive")
			alice.fails("InvalidClientTokenId", "sts", "get-caller-identity")
			root.ok("iam", "delete-access-key", "--user-name", "alice", "--access-key-id", keyID)
			alice.fails("InvalidClientTokenId", "sts", "get-caller-identity")
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
