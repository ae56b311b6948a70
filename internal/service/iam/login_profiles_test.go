package iam

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestLoginProfileLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	ctx := context.Background()
	const password = "Tr0ub4dor&3-horse"
	yes := true
	out, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: password, PasswordResetRequired: &yes})
	mustOK(t, err)
	lp := out.LoginProfile
	if lp.UserName != "alice" || lp.PasswordResetRequired == nil || !*lp.PasswordResetRequired || !lp.CreateDate.Equal(f.now.Truncate(time.Second)) {
		t.Errorf("created = %+v", lp)
	}
	u, err := f.st.Users().Get(ctx, accountA, "alice")
	mustOK(t, err)
	stored, err := f.st.LoginProfiles().Get(ctx, accountA, u.ID)
	mustOK(t, err)
	if strings.Contains(stored.PasswordHash, password) || !strings.HasPrefix(stored.PasswordHash, "$argon2id$") {
		t.Errorf("stored hash = %q", stored.PasswordHash)
	}
	if ok, err := f.hasher.Verify(ctx, password, stored.PasswordHash); !ok || err != nil {
		t.Errorf("hash does not verify the password: %v %v", ok, err)
	}

	// The user reads its own profile without naming itself.
	got, err := f.svc.GetLoginProfile(f.alice, &GetLoginProfileRequest{})
	mustOK(t, err)
	if got.LoginProfile.UserName != "alice" || !*got.LoginProfile.PasswordResetRequired {
		t.Errorf("get = %+v", got.LoginProfile)
	}

	// Only the flag: the hash stays.
	no := false
	_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", PasswordResetRequired: &no})
	mustOK(t, err)
	after, err := f.st.LoginProfiles().Get(ctx, accountA, u.ID)
	mustOK(t, err)
	if after.PasswordHash != stored.PasswordHash || after.PasswordResetRequired {
		t.Errorf("flag update changed %+v", after)
	}
	// A new password: a new hash, the flag stays.
	_, err = f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "alice", Password: "another-long-one"})
	mustOK(t, err)
	after, err = f.st.LoginProfiles().Get(ctx, accountA, u.ID)
	mustOK(t, err)
	if ok, _ := f.hasher.Verify(ctx, "another-long-one", after.PasswordHash); !ok || after.PasswordResetRequired {
		t.Errorf("password update: %+v", after)
	}

	_, err = f.svc.DeleteLoginProfile(f.alice, &DeleteLoginProfileRequest{})
	mustOK(t, err)
	_, err = f.svc.GetLoginProfile(f.rootA, &GetLoginProfileRequest{UserName: "alice"})
	wantAWSError(t, err, "NoSuchEntity", "Login Profile for User alice cannot be found.")
}

func TestLoginProfileErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: "first-password"})
	mustOK(t, err)
	_, err = f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"create twice", func() error {
			_, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "ALICE", Password: "x-password"})
			return err
		}, "EntityAlreadyExists", "Login Profile for user alice already exists."},
		{"create for unknown user", func() error {
			_, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "ghost", Password: "x-password"})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"create without password", func() error {
			_, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "bob"})
			return err
		}, "MissingParameter", "The request must contain the parameter Password"},
		{"the root must name a user", func() error {
			_, err := f.svc.GetLoginProfile(f.rootA, &GetLoginProfileRequest{})
			return err
		}, "ValidationError", "Must specify userName when calling with non-User credentials"},
		{"get missing", func() error {
			_, err := f.svc.GetLoginProfile(f.rootA, &GetLoginProfileRequest{UserName: "bob"})
			return err
		}, "NoSuchEntity", "Login Profile for User bob cannot be found."},
		{"update missing", func() error {
			_, err := f.svc.UpdateLoginProfile(f.rootA, &UpdateLoginProfileRequest{UserName: "bob", Password: "x-password"})
			return err
		}, "NoSuchEntity", "Login Profile for User bob cannot be found."},
		{"delete missing", func() error {
			_, err := f.svc.DeleteLoginProfile(f.rootA, &DeleteLoginProfileRequest{UserName: "bob"})
			return err
		}, "NoSuchEntity", "Login Profile for User bob cannot be found."},
		{"another account", func() error {
			_, err := f.svc.GetLoginProfile(f.rootB, &GetLoginProfileRequest{UserName: "alice"})
			return err
		}, "NoSuchEntity", "The user with name alice cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantAWSError(t, tt.call(), tt.code, tt.msg) })
	}
}
