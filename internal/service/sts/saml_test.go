package sts

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/federation/saml/samltest"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

const (
	samlRoleARN     = "arn:aws:iam::" + acct + ":role/fed/SAMLReader"
	samlProviderARN = "arn:aws:iam::" + acct + ":saml-provider/Corp"
)

// samlNow is the fixed instant of the SAML tests.
var samlNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// samlIdPs are the trusted IdP and another one; RSA keys are slow to make.
var samlIdPs = sync.OnceValues(func() ([2]*samltest.IdP, error) {
	a, err := samltest.NewIdP("https://idp.example.com/saml", samlNow)
	if err != nil {
		return [2]*samltest.IdP{}, err
	}
	b, err := samltest.NewIdP("https://evil.example.net/saml", samlNow)
	return [2]*samltest.IdP{a, b}, err
})

type samlFixture struct {
	svc        *Service
	sealer     *session.Sealer
	idp, other *samltest.IdP
	now        time.Time
	st         store.Store
}

// trustSAML is a trust policy allowing the provider with conditions.
func trustSAML(actions, condition string) string {
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"` + samlProviderARN +
		`"},"Action":` + actions + `,"Condition":` + condition + `}]}`
}

func newSAMLFixture(t *testing.T, trustPolicy string) *samlFixture {
	t.Helper()
	ctx := context.Background()
	idps, err := samlIdPs()
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	sealer, err := session.NewSealerFromMaster(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	f := &samlFixture{sealer: sealer, idp: idps[0], other: idps[1], now: samlNow, st: st}
	clock := func() time.Time { return f.now }
	loader := permissions.NewLoader(st)
	f.svc = NewService(Config{Store: st, Sealer: sealer, Policies: loader, Authorizer: &allowAll{},
		Trust: permissions.NewEnforcer(loader, clock), Now: clock})
	role := &store.Role{AccountID: acct, ID: "AROAEXAMPLESAMLROLE01", Name: "SAMLReader", Path: "/fed/",
		AssumeRolePolicy: trustPolicy, MaxSessionDuration: 7200, CreatedAt: f.now}
	if err := st.Roles().Create(ctx, role, 0); err != nil {
		t.Fatal(err)
	}
	p := &store.SAMLProvider{AccountID: acct, ID: "ASAMEXAMPLE" + strings.ReplaceAll(t.Name(), "/", "_"), Name: "Corp",
		UUID: "2b7c1f0e-0000-4000-8000-000000000001", MetadataDocument: string(f.idp.Metadata(time.Time{})), CreatedAt: f.now}
	if err := st.SAMLProviders().Create(ctx, p, 0); err != nil {
		t.Fatal(err)
	}
	return f
}

// spec is a valid response for the role and provider, issued now.
func (f *samlFixture) spec() samltest.Spec {
	return f.idp.DefaultSpec(f.now, samlRoleARN, samlProviderARN)
}

func (f *samlFixture) signed(t *testing.T, s samltest.Spec) string {
	t.Helper()
	out, err := f.idp.SignedResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func (f *samlFixture) call(assertion string, mod ...func(*AssumeRoleWithSAMLRequest)) (*AssumeRoleWithSAMLResponse, error) {
	in := &AssumeRoleWithSAMLRequest{RoleArn: samlRoleARN, PrincipalArn: samlProviderARN, SAMLAssertion: assertion}
	for _, m := range mod {
		m(in)
	}
	return f.svc.AssumeRoleWithSAML(context.Background(), in)
}

const audCondition = `{"StringEquals":{"saml:aud":"https://signin.aws.amazon.com/saml"}}`

func TestAssumeRoleWithSAML(t *testing.T) {
	t.Parallel()
	f := newSAMLFixture(t, trustSAML(`["sts:AssumeRoleWithSAML","sts:TagSession","sts:SetSourceIdentity"]`, audCondition))
	s := f.spec()
	s.SessionNotOnOrAfter = f.now.Add(30 * time.Minute)
	s.Attributes = append(s.Attributes,
		samltest.Attribute{Name: saml.AttrPrincipalTag + "team", Values: []string{"blue"}},
		samltest.Attribute{Name: saml.AttrTransitiveTagKeys, Values: []string{"team"}},
		samltest.Attribute{Name: saml.AttrSourceIdentity, Values: []string{"alice@example.com"}})
	out, err := f.call(f.signed(t, s), func(in *AssumeRoleWithSAMLRequest) { in.DurationSeconds = i32(3600) })
	if err != nil {
		t.Fatal(err)
	}
	if got, want := out.AssumedRoleUser.Arn, "arn:aws:sts::"+acct+":assumed-role/SAMLReader/alice"; got != want {
		t.Errorf("AssumedRoleUser.Arn = %q, want %q", got, want)
	}
	if got := out.AssumedRoleUser.AssumedRoleId; got != "AROAEXAMPLESAMLROLE01:alice" {
		t.Errorf("AssumedRoleId = %q", got)
	}
	if out.Subject != "alice@example.com" || out.SubjectType != "persistent" || out.Issuer != f.idp.EntityID ||
		out.Audience != saml.AWSSignInURL || out.SourceIdentity != "alice@example.com" {
		t.Errorf("response %+v", out)
	}
	if want := saml.NameQualifier(f.idp.EntityID, acct, "Corp"); out.NameQualifier != want {
		t.Errorf("NameQualifier = %q, want %q", out.NameQualifier, want)
	}
	// SessionNotOnOrAfter (30 min) is shorter than DurationSeconds (1 h).
	if !out.Credentials.Expiration.Equal(f.now.Add(30 * time.Minute)) {
		t.Errorf("Expiration = %v, want SessionNotOnOrAfter", out.Credentials.Expiration)
	}
	if out.PackedPolicySize == nil {
		t.Errorf("PackedPolicySize missing with session tags")
	}
	sess, err := f.sealer.Open(out.Credentials.SessionToken)
	if err != nil {
		t.Fatal(err)
	}
	if sess.Provider != samlProviderARN || sess.RoleARN != samlRoleARN || sess.SessionName != "alice" ||
		len(sess.Tags) != 1 || sess.Tags[0] != (session.Tag{Key: "team", Value: "blue"}) ||
		len(sess.TransitiveTagKeys) != 1 || sess.SourceIdentity != "alice@example.com" {
		t.Errorf("session %+v", sess)
	}
}

func TestAssumeRoleWithSAMLDuration(t *testing.T) {
	t.Parallel()
	f := newSAMLFixture(t, trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition))
	out, err := f.call(f.signed(t, f.spec()))
	if err != nil {
		t.Fatal(err)
	}
	if !out.Credentials.Expiration.Equal(f.now.Add(time.Hour)) || out.PackedPolicySize != nil {
		t.Errorf("default session: expiration %v, packed %v", out.Credentials.Expiration, out.PackedPolicySize)
	}
	_, err = f.call(f.signed(t, f.spec()), func(in *AssumeRoleWithSAMLRequest) { in.DurationSeconds = i32(7201) })
	wantAWSError(t, err, "ValidationError", "MaxSessionDuration")
}

func TestAssumeRoleWithSAMLRefusals(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		trust     string
		build     func(f *samlFixture, t *testing.T) string
		mod       func(*AssumeRoleWithSAMLRequest)
		code, msg string
	}{
		{name: "role pair missing", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			build: func(f *samlFixture, t *testing.T) string {
				return f.signed(t, f.idp.DefaultSpec(f.now, "arn:aws:iam::"+acct+":role/Other", samlProviderARN))
			}, code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "trust condition on saml:aud", trust: trustSAML(`"sts:AssumeRoleWithSAML"`,
			`{"StringEquals":{"saml:aud":"https://iamd.example.com/saml"}}`),
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "trust condition on saml:sub", trust: trustSAML(`"sts:AssumeRoleWithSAML"`,
			`{"StringEquals":{"saml:sub":"bob@example.com"}}`),
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "trust names another provider",
			trust: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::` + acct +
				`:saml-provider/Other"},"Action":"sts:AssumeRoleWithSAML"}]}`,
			code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "session tags without sts:TagSession", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			build: func(f *samlFixture, t *testing.T) string {
				s := f.spec()
				s.Attributes = append(s.Attributes, samltest.Attribute{Name: saml.AttrPrincipalTag + "team", Values: []string{"blue"}})
				return f.signed(t, s)
			}, code: "AccessDenied", msg: "Not authorized to perform sts:TagSession"},
		{name: "unknown provider", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			mod: func(in *AssumeRoleWithSAMLRequest) {
				in.PrincipalArn = "arn:aws:iam::" + acct + ":saml-provider/Nope"
			}, code: "AccessDenied", msg: "Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "unsigned", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			build: func(f *samlFixture, _ *testing.T) string {
				s := f.spec()
				return samltest.Encode(f.idp.Response(s, f.idp.Assertion(s)))
			}, code: "InvalidIdentityToken", msg: "Response signature invalid"},
		{name: "another IdP's certificate", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			build: func(f *samlFixture, t *testing.T) string {
				s := f.spec()
				a, err := samltest.SignWith(f.other.Key, f.other.Cert, f.idp.Assertion(s))
				if err != nil {
					t.Fatal(err)
				}
				return samltest.Encode(f.idp.Response(s, a))
			}, code: "InvalidIdentityToken", msg: "Response signature invalid"},
		{name: "expired", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			build: func(f *samlFixture, t *testing.T) string {
				return f.signed(t, f.idp.DefaultSpec(f.now.Add(-time.Hour), samlRoleARN, samlProviderARN))
			}, code: "ExpiredTokenException"},
		{name: "wrong audience", trust: trustSAML(`"sts:AssumeRoleWithSAML"`, audCondition),
			build: func(f *samlFixture, t *testing.T) string {
				s := f.spec()
				s.Audiences = []string{"https://other-sp.example.com/saml"}
				return f.signed(t, s)
			}, code: "InvalidIdentityToken"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newSAMLFixture(t, tc.trust)
			var assertion string
			if tc.build != nil {
				assertion = tc.build(f, t)
			} else {
				assertion = f.signed(t, f.spec())
			}
			var mods []func(*AssumeRoleWithSAMLRequest)
			if tc.mod != nil {
				mods = append(mods, tc.mod)
			}
			out, err := f.call(assertion, mods...)
			if out != nil {
				t.Fatalf("issued credentials: %+v", out)
			}
			wantAWSError(t, err, tc.code, tc.msg)
		})
	}
}

// wantAWSError checks err is the AWS error code whose message contains msg.
func wantAWSError(t *testing.T, err error, code, msg string) {
	t.Helper()
	if !awserr.Is(err, code) {
		t.Fatalf("error = %v, want %s", err, code)
	}
	if msg != "" && !strings.Contains(err.Error(), msg) {
		t.Errorf("error = %v, want message containing %q", err, msg)
	}
}

func TestSplitSAMLProviderARN(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in            string
		account, name string
		ok            bool
	}{
		{"arn:aws:iam::123456789012:saml-provider/Corp", "123456789012", "Corp", true},
		{"arn:aws:iam::123456789012:saml-provider/", "", "", false},
		{"arn:aws:iam::123456789012:oidc-provider/x", "", "", false},
		{"arn:aws:iam::12345:saml-provider/Corp", "", "", false},
		{"arn:aws:iam::123456789012:saml-provider/a/b", "", "", false},
	}
	for _, c := range cases {
		account, name, ok := splitSAMLProviderARN(c.in)
		if account != c.account || name != c.name || ok != c.ok {
			t.Errorf("splitSAMLProviderARN(%q) = %q, %q, %v", c.in, account, name, ok)
		}
	}
}
