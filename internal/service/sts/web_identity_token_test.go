package sts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/outbound"
	"github.com/iamd/iamd/internal/issuers"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/session"
)

// recordingIssuer keeps the claims it is asked to sign.
type recordingIssuer struct {
	off    bool
	claims *outbound.Claims
	alg    string
}

func (r *recordingIssuer) Issue(_ context.Context, _, alg string, c *outbound.Claims) (string, error) {
	if r.off {
		return "", issuers.ErrNotEnabled
	}
	r.claims, r.alg = c, alg
	return "header.payload.signature", nil
}

type fixedTags map[string]string

func (f fixedTags) PrincipalTags(context.Context, *principal.Principal) (map[string]string, error) {
	return f, nil
}

func tokenFixture(t *testing.T) (*fixture, *recordingIssuer) {
	f := newFixture(t)
	issuer := &recordingIssuer{}
	f.svc.cfg.WebIdentityTokens = issuer
	f.svc.cfg.PrincipalTags = fixedTags{"team": "blue"}
	return f, issuer
}

func TestGetWebIdentityTokenClaims(t *testing.T) {
	t.Parallel()
	f, issuer := tokenFixture(t)
	userARN := "arn:aws:iam::" + acct + ":user/alice"
	ctx := principal.WithContext(context.Background(), &principal.Principal{Type: principal.IAMUser, AccountID: acct, ARN: userARN,
		UserID: "AIDAEXAMPLEUSER000001", UserName: "alice"})
	out, err := f.svc.GetWebIdentityToken(ctx, &GetWebIdentityTokenRequest{Audience: []string{"https://api.example.com"},
		SigningAlgorithm: "RS256", Tags: []Tag{{"job", "42"}}})
	if err != nil {
		t.Fatal(err)
	}
	if out.WebIdentityToken != "header.payload.signature" || !out.Expiration.Equal(f.now.Add(300*time.Second)) {
		t.Errorf("response %+v, want the token and an expiry 300 s away", out)
	}
	c := issuer.claims
	if issuer.alg != "RS256" || c.Subject != userARN || c.AWS.PrincipalID != userARN || len(c.Audience) != 1 ||
		!c.IssuedAt.Time().Equal(f.now) || !c.Expiry.Time().Equal(f.now.Add(300*time.Second)) || len(c.ID) != 36 {
		t.Errorf("claims %+v", c)
	}
	if c.AWS.Account != acct || c.AWS.SourceRegion != "us-east-1" || c.AWS.PrincipalTags["team"] != "blue" ||
		c.AWS.RequestTags["job"] != "42" || c.AWS.OriginalSessionExp != "" {
		t.Errorf("AWS claims %+v", c.AWS)
	}
	if len(f.authz.asked) != 1 || f.authz.asked[0] != "sts:TagGetWebIdentityToken" {
		t.Errorf("implied actions authorized: %v, want sts:TagGetWebIdentityToken", f.authz.asked)
	}

	// A role session's token names the role, not the session, and says
	// when the session ends.
	assumed, err := f.svc.AssumeRole(userCtx(), &AssumeRoleRequest{RoleArn: "arn:aws:iam::" + acct + ":role/Reader", RoleSessionName: "s1",
		SourceIdentity: "alice", DurationSeconds: i32(900)})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := f.sealer.Open(assumed.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	roleCtx := principal.WithContext(context.Background(), principal.FromSession(sess))
	if _, err := f.svc.GetWebIdentityToken(roleCtx, &GetWebIdentityTokenRequest{Audience: []string{"a", "b"}, SigningAlgorithm: "ES384",
		DurationSeconds: i32(600)}); err != nil {
		t.Fatal(err)
	}
	c = issuer.claims
	roleARN := "arn:aws:iam::" + acct + ":role/Reader"
	if c.Subject != roleARN || c.AWS.PrincipalID != roleARN || len(c.Audience) != 2 || c.AWS.SourceIdentity != "alice" ||
		c.AWS.OriginalSessionExp != f.now.Add(900*time.Second).Format(time.RFC3339) || c.AWS.RequestTags != nil {
		t.Errorf("role session claims %+v", c)
	}
}

func TestGetWebIdentityTokenRefusals(t *testing.T) {
	t.Parallel()
	f, issuer := tokenFixture(t)
	user := userCtx()
	sessionEnding := func(in time.Duration, kind session.Kind) context.Context {
		s := &session.Session{Kind: kind, AccountID: acct, RoleARN: "arn:aws:iam::" + acct + ":role/Reader", RoleID: "AROAEXAMPLEROLE000001",
			SessionName: "s", IssuedAt: f.now, Expiration: f.now.Add(in)}
		return principal.WithContext(context.Background(), principal.FromSession(s))
	}
	long := strings.Repeat("a", 1000)
	var manyTags []Tag
	for i := range 50 {
		manyTags = append(manyTags, Tag{Key: strings.Repeat("k", 125) + string(rune('A'+i%26)) + string(rune('a'+i/26)), Value: strings.Repeat("v", 256)})
	}
	tests := []struct {
		name string
		ctx  context.Context
		in   GetWebIdentityTokenRequest
		off  bool
		code string
		msg  string
	}{
		{"unsupported algorithm", user, GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "HS256"}, false, "ValidationError",
			"Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"},
		{"algorithm in lower case", user, GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "rs256"}, false, "ValidationError",
			"Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"},
		{"duplicate tag keys", user, GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "RS256", Tags: []Tag{{"Job", "1"}, {"job", "2"}}},
			false, "InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"token outliving the session", sessionEnding(time.Hour, session.AssumedRole),
			GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "RS256", DurationSeconds: i32(3600)}, false,
			"SessionDurationEscalationException", "Requested token expiry time must be before the original session's expiry time."},
		{"federated user", sessionEnding(time.Hour, session.FederatedUser),
			GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "RS256"}, false,
			"AccessDenied", "GetWebIdentityToken does not support federated user sessions"},
		{"payload too large", user, GetWebIdentityTokenRequest{Audience: []string{long, long, long, long, long, long, long, long, long, long},
			SigningAlgorithm: "RS256", Tags: manyTags}, false, "JWTPayloadSizeExceededException", "JWT payload exceeds maximum allowed size"},
		{"feature off", user, GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "RS256"}, true,
			"OutboundWebIdentityFederationDisabledException", "OutboundWebIdentityFederation is disabled."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			issuer.off = tc.off
			_, err := f.svc.GetWebIdentityToken(tc.ctx, &tc.in)
			if !awserr.Is(err, tc.code) || awserr.As(err).Message != tc.msg {
				t.Fatalf("got %v, want %s: %s", err, tc.code, tc.msg)
			}
		})
	}
	// A token ending a second before the session is fine.
	issuer.off = false
	if _, err := f.svc.GetWebIdentityToken(sessionEnding(time.Hour, session.AssumedRole),
		&GetWebIdentityTokenRequest{Audience: []string{"a"}, SigningAlgorithm: "RS256", DurationSeconds: i32(3599)}); err != nil {
		t.Fatalf("a token within the session: %v", err)
	}
}

func TestWebIdentityTokenContextKeys(t *testing.T) {
	t.Parallel()
	got := map[string][]string{}
	for _, k := range webIdentityTokenKeys(&GetWebIdentityTokenRequest{Audience: []string{"a", "b"}, SigningAlgorithm: "ES384",
		Tags: []Tag{{"job", "7"}}}) {
		got[k.Key] = k.Values
	}
	want := map[string]string{
		"sts:IdentityTokenAudience": "a,b", "sts:DurationSeconds": "300", "sts:SigningAlgorithm": "ES384",
		"aws:RequestTag/job": "7", "aws:TagKeys": "job",
	}
	for k, v := range want {
		if strings.Join(got[k], ",") != v {
			t.Errorf("%s = %v, want %s", k, got[k], v)
		}
	}
	if r := webIdentityTokenResource(&principal.Principal{AccountID: acct}, nil); r != "arn:aws:sts::"+acct+":self" {
		t.Errorf("resource %s", r)
	}
}
