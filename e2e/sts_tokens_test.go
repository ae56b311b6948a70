package e2e

import (
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestSTSSessionAndFederationTokens: GetSessionToken and
// GetFederationToken through the AWS CLI, and AssumeRole through boto3.
func TestSTSSessionAndFederationTokens(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := newCLI(t, s, rootKeyID, rootSecret)
			root.ok("iam", "create-user", "--user-name", "carol")
			root.ok("iam", "put-user-policy", "--user-name", "carol", "--policy-name", "p", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:ListRoles","sts:GetFederationToken","sts:AssumeRole"],"Resource":"*"}]}`)
			key := root.ok("iam", "create-access-key", "--user-name", "carol")
			carol := newCLI(t, s, str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey"))
			userARN := "arn:aws:iam::" + s.AccountID + ":user/carol"

			// GetSessionToken: the session is carol herself.
			st := carol.ok("sts", "get-session-token", "--duration-seconds", "900")
			sc := st["Credentials"].(map[string]any)
			sess := withSession(newCLI(t, s, str(sc, "AccessKeyId"), str(sc, "SecretAccessKey")), str(sc, "SessionToken"))
			if got := str(sess.ok("sts", "get-caller-identity"), "Arn"); got != userARN {
				t.Errorf("GetSessionToken caller = %q, want %s", got, userARN)
			}
			sess.ok("iam", "list-users")
			sess.fails("AccessDenied", "sts", "get-session-token")
			carol.fails("AccessDenied", "sts", "get-session-token", "--serial-number", "arn:aws:iam::"+s.AccountID+":mfa/carol", "--token-code", "123456")

			// GetFederationToken: carol's permissions ∩ the passed policy.
			fed := carol.ok("sts", "get-federation-token", "--name", "dave",
				"--policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListRoles","iam:CreateUser"],"Resource":"*"}]}`)
			fedARN := "arn:aws:sts::" + s.AccountID + ":federated-user/dave"
			if str(fed, "FederatedUser", "Arn") != fedARN || str(fed, "FederatedUser", "FederatedUserId") != s.AccountID+":dave" {
				t.Errorf("FederatedUser = %v", fed["FederatedUser"])
			}
			fc := fed["Credentials"].(map[string]any)
			fedCLI := withSession(newCLI(t, s, str(fc, "AccessKeyId"), str(fc, "SecretAccessKey")), str(fc, "SessionToken"))
			id := fedCLI.ok("sts", "get-caller-identity")
			if str(id, "Arn") != fedARN || str(id, "UserId") != s.AccountID+":dave" {
				t.Errorf("federated caller = %v", id)
			}
			fedCLI.ok("iam", "list-roles")
			fedCLI.fails("AccessDenied", "iam", "list-users")                      // not in the session policy
			fedCLI.fails("AccessDenied", "iam", "create-user", "--user-name", "x") // not carol's
			fedCLI.fails("AccessDenied", "sts", "get-federation-token", "--name", "again")
			// The root user's federation tokens last one hour at most.
			rf := root.ok("sts", "get-federation-token", "--name", "rootfed", "--duration-seconds", "7200",
				"--policy", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`)
			rexp, err := time.Parse(time.RFC3339, str(rf, "Credentials", "Expiration"))
			if err != nil || time.Until(rexp) > time.Hour || time.Until(rexp) < 59*time.Minute {
				t.Errorf("root federation token Expiration = %v (%v), want one hour", rexp, err)
			}

			// boto3 assumes a same-account role whose trust names carol.
			root.ok("iam", "create-role", "--role-name", "Lister", "--assume-role-policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"`+userARN+`"},"Action":["sts:AssumeRole","sts:TagSession"]}]}`)
			root.ok("iam", "put-role-policy", "--role-name", "Lister", "--policy-name", "p", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListRoles","Resource":"*"}]}`)
			py := requireTool(t, "python3")
			script := `
import boto3, botocore
sts = boto3.client("sts")
out = sts.assume_role(RoleArn="arn:aws:iam::` + s.AccountID + `:role/Lister", RoleSessionName="py",
    Tags=[{"Key": "team", "Value": "blue"}], TransitiveTagKeys=["team"])
c = out["Credentials"]
sess = boto3.session.Session(aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
    aws_session_token=c["SessionToken"])
print(sess.client("sts").get_caller_identity()["Arn"])
sess.client("iam").list_roles()
try:
    sess.client("iam").list_users()
    print("list_users allowed")
except botocore.exceptions.ClientError as e:
    print(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
print(out["PackedPolicySize"])
`
			cmd := exec.Command(py, "-c", script)
			cmd.Env = carol.env
			outb, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("boto3: %v\n%s", err, outb)
			}
			lines := strings.Fields(string(outb))
			want := []string{"arn:aws:sts::" + s.AccountID + ":assumed-role/Lister/py", "AccessDenied", "403"}
			if len(lines) != 4 || lines[0] != want[0] || lines[1] != want[1] || lines[2] != want[2] || lines[3] == "0" {
				t.Errorf("boto3 printed %q, want %q and a PackedPolicySize", lines, want)
			}
		})
	}
}

// withSession adds a session token to a CLI's environment.
func withSession(c *cli, token string) *cli {
	c.env = append(c.env, "AWS_SESSION_TOKEN="+token)
	return c
}
