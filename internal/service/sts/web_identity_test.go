package sts

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/oidc"
	"github.com/iamd/iamd/internal/federation/oidc/oidctest"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

const webAud = "sts.amazonaws.com"

// webFixture is an STS service with a real store, enforcer and OIDC
// verifier, an issuer registered as the account's OIDC provider, and roles
// trusting it.
type webFixture struct {
	svc      *Service
	sealer   *session.Sealer
	iss      *oidctest.Issuer
	now      time.Time
	prefix   string // HOST:PORT of the issuer, the condition keys' prefix
	provider string // the provider's ARN
	enforcer *permissions.Enforcer
}

// trustDoc is a trust policy for the provider with a :sub condition, and
// extra statements.
func trustDoc(providerARN, prefix, sub string, extra ...string) string {
	stmts := append([]string{`{"Effect":"Allow","Principal":{"Federated":"` + providerARN + `"},` +
		`"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"` + prefix + `:sub":"` + sub + `","` +
		prefix + `:aud":"` + webAud + `"}}}`}, extra...)
	return `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
}

func newWebFixture(t *testing.T) *webFixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sealer, err := session.NewSealerFromMaster(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	iss := oidctest.New(t)
	f := &webFixture{sealer: sealer, iss: iss, now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	f.prefix = oidc.KeyPrefix(iss.URL())
	f.provider = "arn:aws:iam::" + acct + ":oidc-provider/" + f.prefix
	clock := func() time.Time { return f.now }
	loader := permissions.NewLoader(st)
	enforcer := permissions.NewEnforcer(loader, clock)
	f.enforcer = enforcer
	f.svc = NewService(Config{Store: st, Sealer: sealer, Policies: loader, Authorizer: enforcer, Trust: enforcer,
		WebIdentity: oidc.New(oidc.Options{RootCAs: iss.CertPool(), Clock: clock}), Now: clock})

	if err := st.OIDCProviders().Create(ctx, &store.OIDCProvider{AccountID: acct, ID: "OIDCP1", URL: f.prefix,
		ClientIDs: []string{"other", webAud}, CreatedAt: f.now}, 0); err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{
		"Deploy": trustDoc(f.provider, f.prefix, "repo:org/app:ref:main"),
		"Tagged": trustDoc(f.provider, f.prefix, "repo:org/app:ref:main",
			`{"Effect":"Allow","Principal":{"Federated":"`+f.provider+`"},"Action":["sts:TagSession","sts:SetSourceIdentity"],`+
				`"Condition":{"StringEquals":{"aws:RequestTag/team":"blue"}}}`),
		"Denying": trustDoc(f.provider, f.prefix, "repo:org/app:ref:main",
			`{"Effect":"Deny","Principal":{"Federated":"`+f.provider+`"},"Action":"sts:AssumeRoleWithWebIdentity",`+
				`"Condition":{"StringEquals":{"aws:FederatedProvider":"`+f.provider+`"}}}`),
	}
	for name, doc := range roles {
		role := &store.Role{AccountID: acct, ID: "AROA" + strings.ToUpper(name), Name: name, Path: "/",
			AssumeRolePolicy: doc, MaxSessionDuration: 7200, CreatedAt: f.now}
		if err := st.Roles().Create(ctx, role, 0); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.InlinePolicies().Put(ctx, &store.InlinePolicy{
		Owner: store.Owner{AccountID: acct, Kind: store.OwnerRole, ID: "AROADEPLOY"}, Name: "read",
		Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:GetUser"],"Resource":"*"}]}`,
	}, 0, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *webFixture) token(t *testing.T, alg string, edit func(map[string]any)) string {
	t.Helper()
	claims := f.iss.Claims("repo:org/app:ref:main", webAud, f.now, time.Hour)
	if edit != nil {
		edit(claims)
	}
	tok, err := f.iss.Sign(alg, claims)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// anonymous is the context of an unsigned request.
func anonymous() context.Context {
	return principal.WithContext(context.Background(), &principal.Principal{Type: principal.Anonymous})
}

func roleARN(name string) string { return "arn:aws:iam::" + acct + ":role/" + name }

func TestAssumeRoleWithWebIdentity(t *testing.T) {
	t.Parallel()
	f := newWebFixture(t)
	for _, alg := range []string{oidctest.RS256, oidctest.ES256} {
		t.Run(alg, func(t *testing.T) {
			out, err := f.svc.AssumeRoleWithWebIdentity(anonymous(), &AssumeRoleWithWebIdentityRequest{
				RoleArn: roleARN("Deploy"), RoleSessionName: "ci-" + alg, WebIdentityToken: f.token(t, alg, nil),
				DurationSeconds: i32(900)})
			if err != nil {
				t.Fatalf("AssumeRoleWithWebIdentity: %v", err)
			}
			wantARN := "arn:aws:sts::" + acct + ":assumed-role/Deploy/ci-" + alg
			if out.AssumedRoleUser.Arn != wantARN || !strings.HasSuffix(out.AssumedRoleUser.AssumedRoleId, ":ci-"+alg) {
				t.Errorf("AssumedRoleUser = %+v", out.AssumedRoleUser)
			}
			if out.SubjectFromWebIdentityToken != "repo:org/app:ref:main" || out.Provider != f.provider ||
				out.Audience != webAud || out.PackedPolicySize != nil || out.SourceIdentity != "" {
				t.Errorf("response = %+v", out)
			}
			if !out.Credentials.Expiration.Equal(f.now.Add(900 * time.Second)) {
				t.Errorf("expiration = %v", out.Credentials.Expiration)
			}
			sess, err := f.sealer.Open(out.Credentials.SessionToken)
			if err != nil {
				t.Fatal(err)
			}
			if sess.Kind != session.AssumedRole || sess.Provider != f.provider || sess.RoleARN != roleARN("Deploy") ||
				sess.ARN() != wantARN || sess.Chained || sess.AccessKeyID != out.Credentials.AccessKeyId {
				t.Errorf("session = %+v", sess)
			}
		})
	}
}

func TestAssumeRoleWithWebIdentitySessionTags(t *testing.T) {
	t.Parallel()
	f := newWebFixture(t)
	withTags := func(team string) func(map[string]any) {
		return func(c map[string]any) {
			c["https://aws.amazon.com/tags"] = map[string]any{
				"principal_tags":      map[string]any{"team": []string{team}, "env": "prod"},
				"transitive_tag_keys": []string{"team"},
			}
			c["https://aws.amazon.com/source_identity"] = "alice"
		}
	}
	out, err := f.svc.AssumeRoleWithWebIdentity(anonymous(), &AssumeRoleWithWebIdentityRequest{
		RoleArn: roleARN("Tagged"), RoleSessionName: "s", WebIdentityToken: f.token(t, oidctest.RS256, withTags("blue"))})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.sealer.Open(out.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	if len(sess.Tags) != 2 || sess.Tags[0] != (session.Tag{Key: "env", Value: "prod"}) || sess.Tags[1] != (session.Tag{Key: "team", Value: "blue"}) ||
		len(sess.TransitiveTagKeys) != 1 || sess.SourceIdentity != "alice" || out.SourceIdentity != "alice" || out.PackedPolicySize == nil {
		t.Errorf("session %+v, response %+v", sess, out)
	}
	// The trust policy allows sts:TagSession only for team=blue; Deploy
	// does not allow it at all.
	for _, tc := range []struct{ role, team string }{{"Tagged", "red"}, {"Deploy", "blue"}} {
		_, err := f.svc.AssumeRoleWithWebIdentity(anonymous(), &AssumeRoleWithWebIdentityRequest{
			RoleArn: roleARN(tc.role), RoleSessionName: "s", WebIdentityToken: f.token(t, oidctest.RS256, withTags(tc.team))})
		if !awserr.Is(err, "AccessDenied") || awserr.As(err).Message != "Not authorized to perform sts:TagSession" {
			t.Errorf("%s with team=%s: %v", tc.role, tc.team, err)
		}
	}
}

func TestAssumeRoleWithWebIdentityRefusals(t *testing.T) {
	t.Parallel()
	f := newWebFixture(t)
	other := oidctest.New(t)
	otherTok, err := other.Sign(oidctest.RS256, other.Claims("repo:org/app:ref:main", webAud, f.now, time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	set := func(k string, v any) func(map[string]any) { return func(c map[string]any) { c[k] = v } }
	tests := []struct {
		name  string
		role  string
		token string
		mod   func(*AssumeRoleWithWebIdentityRequest)
		code  string
		msg   string
	}{
		{name: "wrong audience", role: "Deploy", token: f.token(t, oidctest.RS256, set("aud", "someone-else")),
			code: "InvalidIdentityToken", msg: awserr.MsgIncorrectTokenAudience},
		{name: "expired", role: "Deploy", token: f.token(t, oidctest.ES256, set("exp", f.now.Add(-2*time.Minute).Unix())),
			code: "ExpiredTokenException", msg: "Token expired: current date/time"},
		{name: "sub does not match the trust policy", role: "Deploy", token: f.token(t, oidctest.RS256, set("sub", "repo:org/app:ref:dev")),
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "audience the provider lists but the trust policy does not", role: "Deploy", token: f.token(t, oidctest.RS256, set("aud", "other")),
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "explicit deny on aws:FederatedProvider", role: "Denying", token: f.token(t, oidctest.RS256, nil),
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "role does not exist", role: "Nope", token: f.token(t, oidctest.RS256, nil),
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithWebIdentity"},
		{name: "unknown provider", role: "Deploy", token: otherTok,
			code: "InvalidIdentityToken", msg: "No OpenIDConnect provider found in your account for " + other.URL()},
		{name: "not a JWT", role: "Deploy", token: "abc",
			code: "InvalidIdentityToken", msg: "The web identity token is not a valid JWT."},
		{name: "over the role's MaxSessionDuration", role: "Deploy", token: f.token(t, oidctest.RS256, nil),
			mod:  func(r *AssumeRoleWithWebIdentityRequest) { r.DurationSeconds = i32(7201) },
			code: "ValidationError", msg: "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."},
		{name: "ProviderId with an ID token", role: "Deploy", token: f.token(t, oidctest.RS256, nil),
			mod:  func(r *AssumeRoleWithWebIdentityRequest) { r.ProviderId = "www.amazon.com" },
			code: "InvalidIdentityToken", msg: "ProviderId www.amazon.com"},
		{name: "malformed session policy", role: "Deploy", token: f.token(t, oidctest.RS256, nil),
			mod:  func(r *AssumeRoleWithWebIdentityRequest) { r.Policy = "{" },
			code: "MalformedPolicyDocument"},
		{name: "tag value list of two", role: "Deploy", token: f.token(t, oidctest.RS256,
			set("https://aws.amazon.com/tags", map[string]any{"principal_tags": map[string]any{"a": []string{"1", "2"}}})),
			code: "InvalidIdentityToken", msg: "The web identity token's https://aws.amazon.com/tags claim is not valid"},
		{name: "transitive key without its tag", role: "Tagged", token: f.token(t, oidctest.RS256,
			set("https://aws.amazon.com/tags", map[string]any{"principal_tags": map[string]any{"team": []string{"blue"}}, "transitive_tag_keys": []string{"x"}})),
			code: "InvalidParameterValue", msg: "The specified transitive tag key must be included in the requested tags."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			in := &AssumeRoleWithWebIdentityRequest{RoleArn: roleARN(tc.role), RoleSessionName: "s", WebIdentityToken: tc.token}
			if tc.mod != nil {
				tc.mod(in)
			}
			out, err := f.svc.AssumeRoleWithWebIdentity(anonymous(), in)
			if err == nil {
				t.Fatalf("succeeded: %+v", out)
			}
			e := awserr.As(err)
			if e == nil || e.Code != tc.code || !strings.HasPrefix(e.Message, tc.msg) {
				t.Fatalf("error = %v, want %s %q...", err, tc.code, tc.msg)
			}
		})
	}
}

// The session's permissions are the role's, intersected with the session
// policy, through the ordinary enforcement of role sessions.
func TestWebIdentitySessionIsARoleSession(t *testing.T) {
	t.Parallel()
	f := newWebFixture(t)
	out, err := f.svc.AssumeRoleWithWebIdentity(anonymous(), &AssumeRoleWithWebIdentityRequest{
		RoleArn: roleARN("Deploy"), RoleSessionName: "s", WebIdentityToken: f.token(t, oidctest.RS256, nil),
		Policy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","iam:CreateUser"],"Resource":"*"}]}`})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.sealer.Open(out.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	p := principal.FromSession(sess)
	ctx := principal.WithContext(context.Background(), p)
	who, err := f.svc.GetCallerIdentity(ctx, &GetCallerIdentityRequest{})
	if err != nil || who.Arn != "arn:aws:sts::"+acct+":assumed-role/Deploy/s" || p.Type != principal.AssumedRole {
		t.Fatalf("GetCallerIdentity = %+v, %v", who, err)
	}
	if out.PackedPolicySize == nil || *out.PackedPolicySize <= 0 {
		t.Errorf("PackedPolicySize = %v", out.PackedPolicySize)
	}
	for action, allowed := range map[string]bool{
		"iam:ListUsers":  true,  // the role's policy and the session policy
		"iam:GetUser":    false, // the role's policy only
		"iam:CreateUser": false, // the session policy only
	} {
		err := f.enforcer.Authorize(ctx, &service.AuthzRequest{Principal: p, Action: action, Resource: "*"})
		if allowed != (err == nil) {
			t.Errorf("%s: %v, want allowed=%v", action, err, allowed)
		}
		if err != nil && !strings.Contains(awserr.As(err).Message, "assumed-role/Deploy/s is not authorized") {
			t.Errorf("%s: message %v", action, err)
		}
	}
}
