package sts

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

const acct = "111122223333"

type allowAll struct{ asked []string }

func (a *allowAll) Authorize(_ context.Context, req *service.AuthzRequest) error {
	a.asked = append(a.asked, req.Action)
	return nil
}

type fixture struct {
	svc    *Service
	sealer *session.Sealer
	st     store.Store
	now    time.Time
	authz  *allowAll
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sealer, err := session.NewSealerFromMaster(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{sealer: sealer, st: st, now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), authz: &allowAll{}}
	f.svc = NewService(Config{Store: st, Sealer: sealer, Policies: permissions.NewLoader(st), Authorizer: f.authz,
		Now: func() time.Time { return f.now }})
	role := &store.Role{AccountID: acct, ID: "AROAEXAMPLEROLE000001", Name: "Reader", Path: "/",
		AssumeRolePolicy: `{"Version":"2012-10-17","Statement":[]}`, MaxSessionDuration: 7200, CreatedAt: f.now}
	if err := st.Roles().Create(ctx, role, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

func userCtx() context.Context {
	return principal.WithContext(context.Background(), &principal.Principal{Type: principal.IAMUser, AccountID: acct,
		ARN: "arn:aws:iam::" + acct + ":user/alice", UserID: "AIDAEXAMPLEUSER000001", UserName: "alice", AccessKeyID: "AKIAEXAMPLE"})
}

func i32(v int32) *int32 { return &v }

func TestAssumeRole(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	roleARN := "arn:aws:iam::" + acct + ":role/Reader"
	out, err := f.svc.AssumeRole(userCtx(), &AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "s1",
		Tags: []Tag{{"team", "blue"}}, TransitiveTagKeys: []string{"team"}, SourceIdentity: "alice"})
	if err != nil {
		t.Fatal(err)
	}
	if out.AssumedRoleUser.Arn != "arn:aws:sts::"+acct+":assumed-role/Reader/s1" || out.AssumedRoleUser.AssumedRoleId != "AROAEXAMPLEROLE000001:s1" {
		t.Errorf("AssumedRoleUser %+v", out.AssumedRoleUser)
	}
	if !out.Credentials.Expiration.Equal(f.now.Add(time.Hour)) || out.PackedPolicySize == nil || out.SourceIdentity != "alice" {
		t.Errorf("response %+v", out)
	}
	if len(f.authz.asked) != 2 || f.authz.asked[0] != "sts:TagSession" || f.authz.asked[1] != "sts:SetSourceIdentity" {
		t.Errorf("implied actions authorized: %v", f.authz.asked)
	}
	sess, err := f.sealer.Open(out.Credentials.SessionToken)
	if err != nil || sess.AccessKeyID != out.Credentials.AccessKeyId || sess.SecretAccessKey != out.Credentials.SecretAccessKey {
		t.Fatalf("token %+v, %v", sess, err)
	}
	role, err := f.st.Roles().Get(context.Background(), acct, "Reader")
	if err != nil || role.LastUsedAt == nil || !role.LastUsedAt.Equal(f.now) {
		t.Errorf("RoleLastUsed not recorded: %+v %v", role, err)
	}

	// Role chaining: one hour at most, transitive tags and source identity kept.
	chained := principal.WithContext(context.Background(), principal.FromSession(sess))
	if _, err := f.svc.AssumeRole(chained, &AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "s2", DurationSeconds: i32(3601)}); !awserr.Is(err, "ValidationError") ||
		awserr.As(err).Message != "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining." {
		t.Errorf("chained 3601 s: %v", err)
	}
	out2, err := f.svc.AssumeRole(chained, &AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "s2"})
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := f.sealer.Open(out2.Credentials.SessionToken)
	if !s2.Chained || s2.SourceIdentity != "alice" || len(s2.Tags) != 1 || s2.Tags[0].Value != "blue" {
		t.Errorf("chained session %+v", s2)
	}
	if _, err := f.svc.AssumeRole(chained, &AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "s3", Tags: []Tag{{"TEAM", "red"}}}); !awserr.Is(err, "InvalidParameterValue") {
		t.Errorf("overriding a transitive tag: %v", err)
	}

	cases := []struct {
		name string
		in   AssumeRoleRequest
		code string
		msg  string
	}{
		{"over max session", AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "x", DurationSeconds: i32(7201)}, "ValidationError",
			"The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{"missing role", AssumeRoleRequest{RoleArn: "arn:aws:iam::" + acct + ":role/Nope", RoleSessionName: "x"}, "AccessDenied",
			"User: arn:aws:iam::111122223333:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/Nope"},
		{"MFA device unknown", AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "x", SerialNumber: "arn:aws:iam::111122223333:mfa/a", TokenCode: "123456"}, "AccessDenied", ""},
		{"unknown policy ARN", AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "x", PolicyArns: []PolicyDescriptorType{{Arn: "arn:aws:iam::111122223333:policy/Nope"}}}, "InvalidParameterValue", ""},
	}
	for _, c := range cases {
		_, err := f.svc.AssumeRole(userCtx(), &c.in)
		if !awserr.Is(err, c.code) || (c.msg != "" && awserr.As(err).Message != c.msg) {
			t.Errorf("%s: %v, want %s %q", c.name, err, c.code, c.msg)
		}
	}
	root := principal.WithContext(context.Background(), &principal.Principal{Type: principal.Root, AccountID: acct, ARN: "arn:aws:iam::" + acct + ":root"})
	if _, err := f.svc.AssumeRole(root, &AssumeRoleRequest{RoleArn: roleARN, RoleSessionName: "x"}); !awserr.Is(err, "AccessDenied") {
		t.Errorf("root: %v", err)
	}
}

func TestGetSessionTokenDurations(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	root := principal.WithContext(context.Background(), &principal.Principal{Type: principal.Root, AccountID: acct, ARN: "arn:aws:iam::" + acct + ":root", UserID: acct})
	cases := []struct {
		name string
		ctx  context.Context
		dur  *int32
		want time.Duration
	}{
		{"user default", userCtx(), nil, 12 * time.Hour},
		{"user 36 h", userCtx(), i32(129600), 36 * time.Hour},
		{"root default", root, nil, time.Hour},
		{"root capped", root, i32(7200), time.Hour},
		{"root shorter", root, i32(900), 15 * time.Minute},
	}
	for _, c := range cases {
		out, err := f.svc.GetSessionToken(c.ctx, &GetSessionTokenRequest{DurationSeconds: c.dur})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := out.Credentials.Expiration.Sub(f.now); got != c.want {
			t.Errorf("%s: duration %v, want %v", c.name, got, c.want)
		}
	}
	out, _ := f.svc.GetSessionToken(userCtx(), &GetSessionTokenRequest{})
	sess, _ := f.sealer.Open(out.Credentials.SessionToken)
	inSession := principal.WithContext(context.Background(), principal.FromSession(sess))
	if _, err := f.svc.GetSessionToken(inSession, &GetSessionTokenRequest{}); !awserr.Is(err, "AccessDenied") {
		t.Errorf("GetSessionToken with session credentials: %v", err)
	}
	if _, err := f.svc.GetFederationToken(inSession, &GetFederationTokenRequest{Name: "x1"}); !awserr.Is(err, "AccessDenied") {
		t.Errorf("GetFederationToken with session credentials: %v", err)
	}
}

func TestDecodeAuthorizationMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	enc, err := f.sealer.SealMessage([]byte(`{"allowed":false}`))
	if err != nil {
		t.Fatal(err)
	}
	out, err := f.svc.DecodeAuthorizationMessage(userCtx(), &DecodeAuthorizationMessageRequest{EncodedMessage: enc})
	if err != nil || out.DecodedMessage != `{"allowed":false}` {
		t.Fatalf("decode = %+v, %v", out, err)
	}
	_, err = f.svc.DecodeAuthorizationMessage(userCtx(), &DecodeAuthorizationMessageRequest{EncodedMessage: enc[:len(enc)-4]})
	var e *awserr.Error
	if !errors.As(err, &e) || e.Code != "InvalidAuthorizationMessageException" || e.Status != 400 {
		t.Errorf("tampered message: %v", err)
	}
}
