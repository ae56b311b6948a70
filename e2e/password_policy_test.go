package e2e

import (
	"strings"
	"testing"
)

// changeOwnPassword lets a user change its own password, as AWS's
// IAMUserChangePassword managed policy does.
const changeOwnPassword = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ChangePassword","Resource":"arn:aws:iam::*:user/${aws:username}"}]}`

// TestAWSCLIPasswordPolicy: an account password policy is enforced on
// create-login-profile and on a user's own change-password, including
// reuse prevention, as the AWS CLI sees it.
func TestAWSCLIPasswordPolicy(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := newCLI(t, s, rootKeyID, rootSecret)

			root.fails("NoSuchEntity", "iam", "get-account-password-policy")
			root.ok("iam", "update-account-password-policy", "--minimum-password-length", "10",
				"--require-uppercase-characters", "--require-numbers", "--password-reuse-prevention", "3",
				"--allow-users-to-change-password")
			pol := root.ok("iam", "get-account-password-policy")
			pp, _ := pol["PasswordPolicy"].(map[string]any)
			if pp["MinimumPasswordLength"] != float64(10) || pp["RequireUppercaseCharacters"] != true ||
				pp["PasswordReusePrevention"] != float64(3) || pp["ExpirePasswords"] != false {
				t.Fatalf("policy = %v", pp)
			}

			root.ok("iam", "create-user", "--user-name", "carol")
			msg := root.fails("PasswordPolicyViolation", "iam", "create-login-profile", "--user-name", "carol", "--password", "weakpassword1")
			if want := "Password should have at least one uppercase letter"; !strings.Contains(msg, want) {
				t.Fatalf("violation message = %q, want %q", msg, want)
			}
			root.ok("iam", "create-login-profile", "--user-name", "carol", "--password", "First-Passw0rd")
			root.ok("iam", "put-user-policy", "--user-name", "carol", "--policy-name", "own-password", "--policy-document", changeOwnPassword)
			key := root.ok("iam", "create-access-key", "--user-name", "carol")
			carol := newCLI(t, s, str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey"))

			carol.fails("InvalidUserType", "iam", "change-password", "--old-password", "Wrong-Passw0rd", "--new-password", "Second-Passw0rd")
			carol.ok("iam", "change-password", "--old-password", "First-Passw0rd", "--new-password", "Second-Passw0rd")
			carol.fails("PasswordPolicyViolation", "iam", "change-password", "--old-password", "Second-Passw0rd", "--new-password", "First-Passw0rd")
			carol.fails("PasswordPolicyViolation", "iam", "change-password", "--old-password", "Second-Passw0rd", "--new-password", "short1A")
			// The root has no IAM password to change.
			root.fails("InvalidUserType", "iam", "change-password", "--old-password", "First-Passw0rd", "--new-password", "Third-Passw0rd")

			root.ok("iam", "delete-account-password-policy")
			root.fails("NoSuchEntity", "iam", "delete-account-password-policy")
		})
	}
}
