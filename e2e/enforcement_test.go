package e2e

import (
	"strings"
	"testing"
)

// TestPolicyEnforcement drives the policy engine's scenarios with the AWS
// CLI: every IAM call is authorized by the caller's policies, in AWS's order,
// with AWS's AccessDenied messages.
func TestPolicyEnforcement(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := newCLI(t, s, rootKeyID, rootSecret)
			acct := s.AccountID

			newUser := func(name string) *cli {
				root.ok("iam", "create-user", "--user-name", name)
				key := root.ok("iam", "create-access-key", "--user-name", name)
				return newCLI(t, s, str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey"))
			}

			// A user allowed only iam:GetUser on its own ARN, through ${aws:username}.
			self := newUser("self-reader")
			newUser("other")
			root.ok("iam", "put-user-policy", "--user-name", "self-reader", "--policy-name", "read-self",
				"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::*:user/${aws:username}"}]}`)
			if got := str(self.ok("iam", "get-user", "--user-name", "self-reader"), "User", "UserName"); got != "self-reader" {
				t.Fatalf("self-reader reads itself: %q", got)
			}
			msg := self.fails("AccessDenied", "iam", "get-user", "--user-name", "other")
			want := "User: arn:aws:iam::" + acct + ":user/self-reader is not authorized to perform: iam:GetUser on resource: arn:aws:iam::" + acct + ":user/other because no identity-based policy allows the iam:GetUser action"
			if !strings.Contains(msg, want) {
				t.Fatalf("denial reads:\n%s\nwant:\n%s", msg, want)
			}

			// An explicit deny on one action beats AdministratorAccess.
			admin := newUser("admin")
			root.ok("iam", "attach-user-policy", "--user-name", "admin", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")
			admin.ok("iam", "create-user", "--user-name", "made-by-admin")
			deny := root.ok("iam", "create-policy", "--policy-name", "no-delete-users", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}`)
			root.ok("iam", "attach-user-policy", "--user-name", "admin", "--policy-arn", str(deny, "Policy", "Arn"))
			msg = admin.fails("AccessDenied", "iam", "delete-user", "--user-name", "made-by-admin")
			want = "User: arn:aws:iam::" + acct + ":user/admin is not authorized to perform: iam:DeleteUser on resource: arn:aws:iam::" + acct + ":user/made-by-admin with an explicit deny in an identity-based policy"
			if !strings.Contains(msg, want) {
				t.Fatalf("denial reads:\n%s\nwant:\n%s", msg, want)
			}
			admin.ok("iam", "list-users") // everything else still allowed

			// The change is enforced on the very next request.
			root.ok("iam", "detach-user-policy", "--user-name", "admin", "--policy-arn", str(deny, "Policy", "Arn"))
			admin.ok("iam", "delete-user", "--user-name", "made-by-admin")

			// A permissions boundary caps an administrator.
			capped := newUser("capped-admin")
			root.ok("iam", "attach-user-policy", "--user-name", "capped-admin", "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")
			boundary := root.ok("iam", "create-policy", "--policy-name", "read-only-iam", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}`)
			root.ok("iam", "put-user-permissions-boundary", "--user-name", "capped-admin", "--permissions-boundary", str(boundary, "Policy", "Arn"))
			capped.ok("iam", "list-users")
			msg = capped.fails("AccessDenied", "iam", "create-user", "--user-name", "nope")
			want = "User: arn:aws:iam::" + acct + ":user/capped-admin is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::" + acct + ":user/nope because no permissions boundary allows the iam:CreateUser action"
			if !strings.Contains(msg, want) {
				t.Fatalf("denial reads:\n%s\nwant:\n%s", msg, want)
			}

			// Group policies apply to their members.
			member := newUser("member")
			member.fails("AccessDenied", "iam", "list-groups")
			root.ok("iam", "create-group", "--group-name", "listers")
			root.ok("iam", "put-group-policy", "--group-name", "listers", "--policy-name", "list",
				"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListGroups","Resource":"*"}]}`)
			root.ok("iam", "add-user-to-group", "--group-name", "listers", "--user-name", "member")
			member.ok("iam", "list-groups")

			// GetCallerIdentity needs no permission, even under a deny.
			root.ok("iam", "put-user-policy", "--user-name", "member", "--policy-name", "deny-all",
				"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}`)
			member.ok("sts", "get-caller-identity")
			member.fails("AccessDenied", "iam", "list-groups")
		})
	}
}
