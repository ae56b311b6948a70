package permissions

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

const acct = "111122223333"

type fixture struct {
	t     testing.TB
	st    store.Store
	enf   *Enforcer
	user  *store.User
	owner store.Owner
	now   time.Time
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	f := &fixture{t: t, st: st, now: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	f.enf = NewEnforcer(NewLoader(st), func() time.Time { return f.now })
	f.user = &store.User{AccountID: acct, ID: "AIDAEXAMPLEUSER000001", Name: "alice", Path: "/", CreatedAt: f.now}
	if err := st.Users().Create(ctx, f.user, 0); err != nil {
		t.Fatal(err)
	}
	f.owner = store.Owner{AccountID: acct, Kind: store.OwnerUser, ID: f.user.ID}
	return f
}

func (f *fixture) putInline(name, doc string) {
	f.t.Helper()
	if err := f.st.InlinePolicies().Put(context.Background(), &store.InlinePolicy{Owner: f.owner, Name: name, Document: doc}, len(doc), 0); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) principal() *principal.Principal {
	return &principal.Principal{Type: principal.IAMUser, AccountID: acct, ARN: "arn:aws:iam::" + acct + ":user/alice",
		UserID: f.user.ID, UserName: "alice"}
}

func (f *fixture) authorize(action, resource string, keys ...service.ContextKey) error {
	return f.enf.Authorize(context.Background(), &service.AuthzRequest{
		Principal: f.principal(), Action: action, Resource: resource,
		SourceIP: "192.0.2.10", UserAgent: "aws-cli/1.45", Region: "us-east-1", Keys: keys,
	})
}

func allow(action, resource, condition string) string {
	c := ""
	if condition != "" {
		c = `,"Condition":` + condition
	}
	return `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"` + action + `","Resource":"` + resource + `"` + c + `}]}`
}

func TestSourcesOfAUser(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	f.putInline("own", allow("iam:GetUser", "*", ""))
	if err := f.st.Attachments().Attach(ctx, &store.Attachment{Owner: f.owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, 10); err != nil {
		t.Fatal(err)
	}
	g := &store.Group{AccountID: acct, ID: "AGPAEXAMPLEGROUP00001", Name: "ops", Path: "/", CreatedAt: f.now}
	if err := f.st.Groups().Create(ctx, g, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Groups().AddMember(ctx, acct, g.ID, f.user.ID, 10); err != nil {
		t.Fatal(err)
	}
	gOwner := store.Owner{AccountID: acct, Kind: store.OwnerGroup, ID: g.ID}
	doc := allow("iam:CreateUser", "*", "")
	if err := f.st.InlinePolicies().Put(ctx, &store.InlinePolicy{Owner: gOwner, Name: "group-inline", Document: doc}, len(doc), 0); err != nil {
		t.Fatal(err)
	}
	cust := &store.ManagedPolicy{AccountID: acct, ID: "ANPAEXAMPLEPOLICY0001", Name: "deny-delete", Path: "/team/", DefaultVersionID: "v1", CreatedAt: f.now, UpdatedAt: f.now, NextVersion: 2}
	denyDoc := `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:DeleteUser","Resource":"*"}]}`
	if err := f.st.Policies().Create(ctx, cust, &store.PolicyVersion{VersionID: "v1", Document: denyDoc, IsDefault: true, CreatedAt: f.now}, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Attachments().Attach(ctx, &store.Attachment{Owner: gOwner, PolicyARN: "arn:aws:iam::" + acct + ":policy/team/deny-delete"}, 10); err != nil {
		t.Fatal(err)
	}

	sets, err := f.enf.loader.ForUser(ctx, acct, f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range sets.IdentitySources {
		got = append(got, string(s.Type)+":"+s.ID)
	}
	want := "user:own aws-managed:arn:aws:iam::aws:policy/ReadOnlyAccess group:group-inline user-managed:arn:aws:iam::" + acct + ":policy/team/deny-delete"
	if strings.Join(got, " ") != want {
		t.Fatalf("sources = %v\nwant %s", got, want)
	}
	for _, tc := range []struct{ action, wantCode string }{
		{"iam:GetUser", ""}, {"iam:ListRoles", ""}, {"iam:CreateUser", ""}, {"iam:DeleteUser", "AccessDenied"}, {"iam:CreateRole", "AccessDenied"},
	} {
		err := f.authorize(tc.action, "arn:aws:iam::"+acct+":user/x")
		if (tc.wantCode == "") != (err == nil) || (err != nil && awserr.As(err).Code != tc.wantCode) {
			t.Errorf("%s: %v, want %q", tc.action, err, tc.wantCode)
		}
	}
	err = f.authorize("iam:DeleteUser", "arn:aws:iam::"+acct+":user/x")
	if want := "with an explicit deny in an identity-based policy: arn:aws:iam::" + acct + ":policy/team/deny-delete"; !strings.Contains(err.Error(), want) {
		t.Fatalf("message %q lacks %q", err, want)
	}
}

func TestChangesAreEnforcedOnTheNextRequest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res := "arn:aws:iam::" + acct + ":user/alice"
	if err := f.authorize("iam:GetUser", res); err == nil {
		t.Fatal("allowed with no policy")
	}
	f.putInline("p", allow("iam:GetUser", "*", ""))
	if err := f.authorize("iam:GetUser", res); err != nil {
		t.Fatalf("after adding a policy: %v", err)
	}
	if err := f.st.InlinePolicies().Delete(context.Background(), f.owner, "p"); err != nil {
		t.Fatal(err)
	}
	if err := f.authorize("iam:GetUser", res); err == nil {
		t.Fatal("allowed after the policy was deleted")
	}
}

func TestContextKeys(t *testing.T) {
	t.Parallel()
	res := "arn:aws:iam::" + acct + ":user/alice"
	tests := []struct {
		name      string
		condition string
		keys      []service.ContextKey
		allowed   bool
	}{
		{"username", `{"StringEquals":{"aws:username":"alice"}}`, nil, true},
		{"username other", `{"StringEquals":{"aws:username":"bob"}}`, nil, false},
		{"source ip", `{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"}}`, nil, true},
		{"source ip outside", `{"IpAddress":{"aws:SourceIp":"198.51.100.0/24"}}`, nil, false},
		{"not secure transport", `{"Bool":{"aws:SecureTransport":"false"}}`, nil, true},
		{"principal type", `{"StringEquals":{"aws:PrincipalType":"User"}}`, nil, true},
		{"principal arn", `{"ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/ali*"}}`, nil, true},
		{"principal account", `{"StringEquals":{"aws:PrincipalAccount":"` + acct + `"}}`, nil, true},
		{"region", `{"StringEquals":{"aws:RequestedRegion":"us-east-1"}}`, nil, true},
		{"user agent", `{"StringLike":{"aws:UserAgent":"aws-cli/*"}}`, nil, true},
		{"current time", `{"DateGreaterThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}`, nil, true},
		{"current time past", `{"DateLessThan":{"aws:CurrentTime":"2026-01-01T00:00:00Z"}}`, nil, false},
		{"epoch", `{"NumericGreaterThan":{"aws:EpochTime":"1700000000"}}`, nil, true},
		{"mfa absent for long-term keys", `{"Bool":{"aws:MultiFactorAuthPresent":"true"}}`, nil, false},
		{"mfa absent, BoolIfExists", `{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}`, nil, true},
		{"policy arn", `{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}`,
			[]service.ContextKey{{Key: "iam:PolicyARN", Values: []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"}}}, true},
		{"policy arn other", `{"ArnEquals":{"iam:PolicyARN":"arn:aws:iam::aws:policy/ReadOnlyAccess"}}`,
			[]service.ContextKey{{Key: "iam:PolicyARN", Values: []string{"arn:aws:iam::aws:policy/AdministratorAccess"}}}, false},
		{"request tag", `{"StringEquals":{"aws:RequestTag/team":"blue"}}`,
			[]service.ContextKey{{Key: "aws:RequestTag/team", Values: []string{"blue"}}, {Key: "aws:TagKeys", Values: []string{"team"}}}, true},
		{"tag keys for all values", `{"ForAllValues:StringEquals":{"aws:TagKeys":["team","cost"]}}`,
			[]service.ContextKey{{Key: "aws:TagKeys", Values: []string{"team", "owner"}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			f.putInline("p", allow("iam:GetUser", "*", tt.condition))
			err := f.authorize("iam:GetUser", res, tt.keys...)
			if tt.allowed != (err == nil) {
				t.Fatalf("allowed = %v (%v), want %v", err == nil, err, tt.allowed)
			}
		})
	}
}

func TestPrincipalTags(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if err := f.st.Tags().Set(context.Background(), acct, store.TagUser, f.user.ID, []store.Tag{{Key: "team", Value: "blue"}}, 50); err != nil {
		t.Fatal(err)
	}
	f.putInline("p", allow("iam:GetUser", "arn:aws:iam::"+acct+":user/${aws:PrincipalTag/team}-*", ""))
	if err := f.authorize("iam:GetUser", "arn:aws:iam::"+acct+":user/blue-svc"); err != nil {
		t.Fatalf("tagged resource: %v", err)
	}
	if err := f.authorize("iam:GetUser", "arn:aws:iam::"+acct+":user/red-svc"); err == nil {
		t.Fatal("allowed outside the principal's tag")
	}
}

func TestResourceTags(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	target := &store.User{AccountID: acct, ID: "AIDAEXAMPLETARGET0001", Name: "svc", Path: "/apps/", CreatedAt: f.now}
	if err := f.st.Users().Create(ctx, target, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Tags().Set(ctx, acct, store.TagUser, target.ID, []store.Tag{{Key: "env", Value: "dev"}}, 50); err != nil {
		t.Fatal(err)
	}
	f.putInline("p", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":"iam:GetUser","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/env":"dev"}}},
		{"Effect":"Allow","Action":"iam:ListUserTags","Resource":"*","Condition":{"StringEquals":{"iam:ResourceTag/env":"dev"}}}]}`)
	for _, action := range []string{"iam:GetUser", "iam:ListUserTags"} {
		if err := f.authorize(action, "arn:aws:iam::"+acct+":user/apps/svc"); err != nil {
			t.Fatalf("%s on the dev-tagged user: %v", action, err)
		}
		if err := f.authorize(action, "arn:aws:iam::"+acct+":user/alice"); err == nil {
			t.Fatalf("%s on an untagged user was allowed", action)
		}
	}
	if err := f.st.Tags().Set(ctx, acct, store.TagUser, target.ID, []store.Tag{{Key: "env", Value: "prod"}}, 50); err != nil {
		t.Fatal(err)
	}
	if err := f.authorize("iam:GetUser", "arn:aws:iam::"+acct+":user/apps/svc"); err == nil {
		t.Fatal("a retagged user is still allowed")
	}
}

func TestBoundaryCaps(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	if err := f.st.Attachments().Attach(ctx, &store.Attachment{Owner: f.owner, PolicyARN: "arn:aws:iam::aws:policy/AdministratorAccess"}, 10); err != nil {
		t.Fatal(err)
	}
	f.user.PermissionsBoundary = "arn:aws:iam::aws:policy/IAMReadOnlyAccess"
	if err := f.st.Users().Update(ctx, f.user); err != nil {
		t.Fatal(err)
	}
	if err := f.authorize("iam:ListUsers", "*"); err != nil {
		t.Fatalf("inside the boundary: %v", err)
	}
	err := f.authorize("iam:CreateUser", "arn:aws:iam::"+acct+":user/x")
	if err == nil || !strings.Contains(err.Error(), "because no permissions boundary allows the iam:CreateUser action") {
		t.Fatalf("outside the boundary: %v", err)
	}
}

func TestRootIsNotBoundByIdentityPolicies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	root := &principal.Principal{Type: principal.Root, AccountID: acct, ARN: "arn:aws:iam::" + acct + ":root", UserID: acct}
	if err := f.enf.Authorize(context.Background(), &service.AuthzRequest{Principal: root, Action: "iam:CreateUser", Resource: "*"}); err != nil {
		t.Fatal(err)
	}
}
