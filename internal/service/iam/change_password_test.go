package iam

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/throttle"
)

// countingHasher counts hash verifications, to show that a throttled
// attempt runs none.
type countingHasher struct {
	PasswordHasher
	verifies atomic.Int64
}

func (c *countingHasher) Verify(ctx context.Context, password, encoded string) (bool, error) {
	c.verifies.Add(1)
	return c.PasswordHasher.Verify(ctx, password, encoded)
}

// withPassword gives alice a login profile.
func withPassword(t *testing.T, f *identityFixture, password string) {
	t.Helper()
	_, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: password, PasswordResetRequired: flagTrue()})
	mustOK(t, err)
}

func TestChangePasswordCallers(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	in := &ChangePasswordRequest{OldPassword: "old-password", NewPassword: "new-password"}
	_, err := f.svc.ChangePassword(f.rootA, in)
	wantAWSError(t, err, "InvalidUserType", msgChangePasswordUserType)
	_, err = f.svc.ChangePassword(f.role, in)
	wantAWSError(t, err, "InvalidUserType", msgChangePasswordUserType)
	_, err = f.svc.ChangePassword(f.alice, in)
	wantAWSError(t, err, "NoSuchEntity", "Login Profile for User alice cannot be found.")
	ghost := principal.WithContext(context.Background(), &principal.Principal{
		Type: principal.IAMUser, AccountID: accountA, ARN: "arn:aws:iam::" + accountA + ":user/ghost", UserName: "ghost"})
	_, err = f.svc.ChangePassword(ghost, in)
	wantAWSError(t, err, "NoSuchEntity", "The user with name ghost cannot be found.")
}

func TestChangePasswordChangesOwnPassword(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	withPassword(t, f, "old-password")
	_, err := f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "wrong-password", NewPassword: "new-password"})
	wantAWSError(t, err, "InvalidUserType", msgOldPasswordIncorrect)
	f.now = f.now.Add(time.Hour)
	_, err = f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "old-password", NewPassword: "new-password"})
	mustOK(t, err)
	u, err := f.st.Users().Get(f.rootA, accountA, "alice")
	mustOK(t, err)
	for pw, want := range map[string]bool{"new-password": true, "old-password": false} {
		ok, err := f.svc.VerifyUserPassword(f.rootA, u, pw)
		mustOK(t, err)
		if ok != want {
			t.Fatalf("verify %s = %v, want %v", pw, ok, want)
		}
	}
	lp, err := f.svc.GetLoginProfile(f.rootA, &GetLoginProfileRequest{UserName: "alice"})
	mustOK(t, err)
	if *lp.LoginProfile.PasswordResetRequired {
		t.Fatal("ChangePassword left PasswordResetRequired set")
	}
	st, err := f.svc.PasswordStatus(f.rootA, accountA, "alice")
	mustOK(t, err)
	if !st.LastChanged.Equal(f.now.Truncate(time.Second)) {
		t.Fatalf("LastChanged = %v, want %v", st.LastChanged, f.now)
	}
}

func TestPasswordExpiry(t *testing.T) {
	t.Parallel()
	for _, hard := range []bool{false, true} {
		f := newIdentityFixture(t)
		_, err := f.svc.UpdateAccountPasswordPolicy(f.rootA, &UpdateAccountPasswordPolicyRequest{MaxPasswordAge: i32(30), HardExpiry: &hard})
		mustOK(t, err)
		_, err = f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: "first-password"})
		mustOK(t, err)
		set := f.now.Truncate(time.Second)
		f.now = set.Add(30*24*time.Hour - time.Second)
		st, err := f.svc.PasswordStatus(f.rootA, accountA, "alice")
		mustOK(t, err)
		want := PasswordState{LastChanged: set, ExpiresAt: set.AddDate(0, 0, 30)}
		if *st != want {
			t.Fatalf("hard=%v one second before expiry: %+v, want %+v", hard, *st, want)
		}
		f.now = f.now.Add(time.Second)
		st, err = f.svc.PasswordStatus(f.rootA, accountA, "alice")
		mustOK(t, err)
		want.Expired, want.ResetRequired, want.Locked = true, !hard, hard
		if *st != want {
			t.Fatalf("hard=%v at expiry: %+v, want %+v", hard, *st, want)
		}
		_, err = f.svc.ChangePassword(f.alice, &ChangePasswordRequest{OldPassword: "first-password", NewPassword: "second-password"})
		if hard {
			wantAWSError(t, err, "EntityTemporarilyUnmodifiable", "The password of user alice has expired and can only be reset by an administrator.")
			// An administrator's reset starts a new period.
			_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", Password: "second-password"})
		}
		mustOK(t, err)
		st, err = f.svc.PasswordStatus(f.rootA, accountA, "alice")
		mustOK(t, err)
		if st.Expired || st.Locked || st.ResetRequired || !st.ExpiresAt.Equal(f.now.Truncate(time.Second).AddDate(0, 0, 30)) {
			t.Fatalf("hard=%v after the change: %+v", hard, *st)
		}
	}
	f := newIdentityFixture(t)
	_, err := f.svc.PasswordStatus(f.rootA, accountA, "alice")
	wantAWSError(t, err, "NoSuchEntity", "Login Profile for User alice cannot be found.")
	withPassword(t, f, "first-password")
	f.now = f.now.AddDate(10, 0, 0)
	st, err := f.svc.PasswordStatus(f.rootA, accountA, "alice")
	mustOK(t, err)
	if st.Expired || !st.ExpiresAt.IsZero() || !st.ResetRequired {
		t.Fatalf("without a policy: %+v (want never expiring, reset flag from the profile)", *st)
	}
}

func TestChangePasswordThrottled(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	hasher := &countingHasher{PasswordHasher: f.hasher}
	limiter := throttle.New(throttle.Config{FreeFailures: 3, Backoff: time.Minute, MaxBackoff: time.Minute}, func() time.Time { return f.now })
	svc := New(Config{Store: f.st, Sealer: f.keys, Hasher: hasher, Clock: func() time.Time { return f.now }, PasswordThrottle: limiter})
	_, err := svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	for _, user := range []string{"alice", "bob"} {
		_, err := svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: user, Password: "right-password"})
		mustOK(t, err)
	}
	asUser := func(name, ip string) context.Context {
		u, err := f.st.Users().Get(f.rootA, accountA, name)
		mustOK(t, err)
		ctx := principal.WithContext(context.Background(), &principal.Principal{Type: principal.IAMUser, AccountID: accountA,
			ARN: userARN(accountA, "/", name), UserID: u.ID, UserName: name})
		return service.WithRequestFacts(ctx, service.RequestFacts{SourceIP: ip})
	}
	alice := asUser("alice", "192.0.2.1")
	wrong := &ChangePasswordRequest{OldPassword: "wrong-password", NewPassword: "new-password"}
	for range 3 {
		_, err := svc.ChangePassword(alice, wrong)
		wantAWSError(t, err, "InvalidUserType", msgOldPasswordIncorrect)
	}
	before := hasher.verifies.Load()
	// Limited now, even with the right password, and without hashing.
	_, err = svc.ChangePassword(alice, &ChangePasswordRequest{OldPassword: "right-password", NewPassword: "new-password"})
	wantAWSError(t, err, "Throttling", "Rate exceeded")
	if n := hasher.verifies.Load() - before; n != 0 {
		t.Fatalf("a throttled attempt ran %d verifications", n)
	}
	// Alice from another address is limited too (per-user key); bob from
	// the guessing address as well (per-address key); bob from elsewhere
	// is not.
	_, err = svc.ChangePassword(asUser("alice", "198.51.100.9"), wrong)
	wantAWSError(t, err, "Throttling", "Rate exceeded")
	_, err = svc.ChangePassword(asUser("bob", "192.0.2.1"), wrong)
	wantAWSError(t, err, "Throttling", "Rate exceeded")
	_, err = svc.ChangePassword(asUser("bob", "198.51.100.9"), &ChangePasswordRequest{OldPassword: "right-password", NewPassword: "bobs-new-password"})
	mustOK(t, err)
	// After the window, alice may try again.
	f.now = f.now.Add(time.Minute)
	_, err = svc.ChangePassword(alice, &ChangePasswordRequest{OldPassword: "right-password", NewPassword: "new-password"})
	mustOK(t, err)
}
