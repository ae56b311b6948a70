package iam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/principal"
)

func flagTrue() *bool { return pointerOf(true) }

func TestPasswordPolicyAbsent(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	msg := "The Password Policy with domain name " + accountA + " cannot be found."
	_, err := f.svc.GetAccountPasswordPolicy(f.rootA, &passwordPolicyInput{})
	wantAWSError(t, err, "NoSuchEntity", msg)
	_, err = f.svc.DeleteAccountPasswordPolicy(f.rootA, &passwordPolicyInput{})
	wantAWSError(t, err, "NoSuchEntity", msg)
}

func TestPasswordPolicyRoundTripEveryField(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.UpdateAccountPasswordPolicy(f.rootA, &UpdateAccountPasswordPolicyRequest{
		MinimumPasswordLength: i32(14), RequireSymbols: flagTrue(), RequireNumbers: flagTrue(),
		RequireUppercaseCharacters: flagTrue(), RequireLowercaseCharacters: flagTrue(), AllowUsersToChangePassword: flagTrue(),
		MaxPasswordAge: i32(90), PasswordReusePrevention: i32(24), HardExpiry: flagTrue(),
	})
	mustOK(t, err)
	got, err := f.svc.GetAccountPasswordPolicy(f.rootA, &passwordPolicyInput{})
	mustOK(t, err)
	want := PasswordPolicy{
		MinimumPasswordLength: i32(14), RequireSymbols: flagTrue(), RequireNumbers: flagTrue(),
		RequireUppercaseCharacters: flagTrue(), RequireLowercaseCharacters: flagTrue(), AllowUsersToChangePassword: flagTrue(),
		ExpirePasswords: flagTrue(), MaxPasswordAge: i32(90), PasswordReusePrevention: i32(24), HardExpiry: flagTrue(),
	}
	if diff := cmp.Diff(want, got.PasswordPolicy); diff != "" {
		t.Fatalf("policy (-want +got):\n%s", diff)
	}
	// Account B sees none of it.
	_, err = f.svc.GetAccountPasswordPolicy(f.rootB, &passwordPolicyInput{})
	wantAWSError(t, err, "NoSuchEntity", "The Password Policy with domain name "+accountB+" cannot be found.")

	// No partial updates: every omitted parameter reverts to its default.
	_, err = f.svc.UpdateAccountPasswordPolicy(f.rootA, &UpdateAccountPasswordPolicyRequest{RequireNumbers: flagTrue()})
	mustOK(t, err)
	got, err = f.svc.GetAccountPasswordPolicy(f.rootA, &passwordPolicyInput{})
	mustOK(t, err)
	no := pointerOf(false)
	want = PasswordPolicy{
		MinimumPasswordLength: i32(6), RequireSymbols: no, RequireNumbers: flagTrue(),
		RequireUppercaseCharacters: no, RequireLowercaseCharacters: no, AllowUsersToChangePassword: no,
		ExpirePasswords: no,
	}
	if diff := cmp.Diff(want, got.PasswordPolicy); diff != "" {
		t.Fatalf("after partial update (-want +got):\n%s", diff)
	}
	_, err = f.svc.DeleteAccountPasswordPolicy(f.rootA, &passwordPolicyInput{})
	mustOK(t, err)
	_, err = f.svc.GetAccountPasswordPolicy(f.rootA, &passwordPolicyInput{})
	wantAWSError(t, err, "NoSuchEntity", "The Password Policy with domain name "+accountA+" cannot be found.")
}

func TestPasswordPolicyRanges(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   UpdateAccountPasswordPolicyRequest
		ok   bool
	}{
		{"length 6", UpdateAccountPasswordPolicyRequest{MinimumPasswordLength: i32(6)}, true},
		{"length 128", UpdateAccountPasswordPolicyRequest{MinimumPasswordLength: i32(128)}, true},
		{"length 5", UpdateAccountPasswordPolicyRequest{MinimumPasswordLength: i32(5)}, false},
		{"length 129", UpdateAccountPasswordPolicyRequest{MinimumPasswordLength: i32(129)}, false},
		{"age 1", UpdateAccountPasswordPolicyRequest{MaxPasswordAge: i32(1)}, true},
		{"age 1095", UpdateAccountPasswordPolicyRequest{MaxPasswordAge: i32(1095)}, true},
		{"age 0", UpdateAccountPasswordPolicyRequest{MaxPasswordAge: i32(0)}, false},
		{"age 1096", UpdateAccountPasswordPolicyRequest{MaxPasswordAge: i32(1096)}, false},
		{"reuse 1", UpdateAccountPasswordPolicyRequest{PasswordReusePrevention: i32(1)}, true},
		{"reuse 24", UpdateAccountPasswordPolicyRequest{PasswordReusePrevention: i32(24)}, true},
		{"reuse 0", UpdateAccountPasswordPolicyRequest{PasswordReusePrevention: i32(0)}, false},
		{"reuse 25", UpdateAccountPasswordPolicyRequest{PasswordReusePrevention: i32(25)}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.in.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Validate = %v, want ok=%v", err, tc.ok)
			}
			if err != nil && !strings.Contains(err.Error(), "ValidationError") {
				t.Fatalf("Validate = %v, want a ValidationError", err)
			}
		})
	}
}

func TestPasswordPolicyViolations(t *testing.T) {
	t.Parallel()
	all := UpdateAccountPasswordPolicyRequest{MinimumPasswordLength: i32(10), RequireSymbols: flagTrue(), RequireNumbers: flagTrue(),
		RequireUppercaseCharacters: flagTrue(), RequireLowercaseCharacters: flagTrue()}
	tests := []struct {
		name     string
		policy   UpdateAccountPasswordPolicyRequest
		password string
		msg      string // "" = accepted
	}{
		{"too short", all, "Ab1!xyz", "Password should have a minimum length of 10"},
		{"length counts characters, not bytes", UpdateAccountPasswordPolicyRequest{MinimumPasswordLength: i32(6)}, "ééééé", "Password should have a minimum length of 6"},
		{"no uppercase", all, "abcdef1!xyz", "Password should have at least one uppercase letter"},
		{"no lowercase", all, "ABCDEF1!XYZ", "Password should have at least one lowercase letter"},
		{"no number", all, "Abcdefg!xyz", "Password should have at least one number"},
		{"no symbol", all, "Abcdefg1xyz", "Password should have at least one symbol"},
		{"a symbol outside AWS's set does not count", all, "Abcdefg1xyz~", "Password should have at least one symbol"},
		{"every rule met", all, "Abcdefg1xyz'", ""},
		{"unrequired classes are optional", UpdateAccountPasswordPolicyRequest{}, "aaaaaa", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newIdentityFixture(t)
			_, err := f.svc.UpdateAccountPasswordPolicy(f.rootA, &tc.policy)
			mustOK(t, err)
			// The same rules guard all three ways of setting a password.
			_, err = f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: tc.password})
			if tc.msg == "" {
				mustOK(t, err)
				return
			}
			wantAWSError(t, err, "PasswordPolicyViolation", tc.msg)
			_, err = f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: "Good-Passw0rd!"})
			mustOK(t, err)
			_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", Password: tc.password})
			wantAWSError(t, err, "PasswordPolicyViolation", tc.msg)
			_, err = f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "Good-Passw0rd!", NewPassword: tc.password})
			wantAWSError(t, err, "PasswordPolicyViolation", tc.msg)
		})
	}
}

func TestPasswordReusePrevention(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.UpdateAccountPasswordPolicy(f.rootA, &UpdateAccountPasswordPolicyRequest{PasswordReusePrevention: i32(2)})
	mustOK(t, err)
	_, err = f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: "password-1"})
	mustOK(t, err)
	reused := "Password should not be one of your previous 2 passwords"
	_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", Password: "password-1"})
	wantAWSError(t, err, "PasswordPolicyViolation", reused)
	_, err = f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "password-1", NewPassword: "password-2"})
	mustOK(t, err)
	_, err = f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "password-2", NewPassword: "password-1"})
	wantAWSError(t, err, "PasswordPolicyViolation", reused)
	_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", Password: "password-3"})
	mustOK(t, err)
	// password-1 is now the third most recent: allowed again with N = 2.
	_, err = f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "password-3", NewPassword: "password-1"})
	mustOK(t, err)
	// A reset flag alone records no password.
	_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", PasswordResetRequired: flagTrue()})
	mustOK(t, err)
	h, err := f.st.PasswordPolicies().History(f.rootA, accountA, userIDOf(t, f, "alice"))
	mustOK(t, err)
	if len(h) != 4 {
		t.Fatalf("history has %d entries, want 4", len(h))
	}
}

// userIDOf returns the unique ID of a user of account A.
func userIDOf(t *testing.T, f *identityFixture, name string) string {
	t.Helper()
	u, err := f.st.Users().Get(f.rootA, accountA, name)
	mustOK(t, err)
	return u.ID
}

func TestPasswordPolicyOperationsRegistered(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	found := map[string]bool{}
	for _, op := range f.svc.Operations() {
		found[op.Name] = true
		if op.Name == "ChangePassword" {
			if got := op.Resource(principal.FromContext(f.alice), &ChangePasswordRequest{}); got != "arn:aws:iam::"+accountA+":user/alice" {
				t.Fatalf("ChangePassword resource = %s", got)
			}
		}
		if op.Name == "GetAccountPasswordPolicy" && !op.ReadOnly {
			t.Fatal("GetAccountPasswordPolicy not read-only")
		}
	}
	for _, name := range []string{"UpdateAccountPasswordPolicy", "GetAccountPasswordPolicy", "DeleteAccountPasswordPolicy", "ChangePassword"} {
		if !found[name] {
			t.Errorf("%s not registered", name)
		}
	}
}
