package permissions

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// addRole creates a role with one inline policy.
func (f *fixture) addRole(name, doc string) *store.Role {
	f.t.Helper()
	ctx := context.Background()
	r := &store.Role{AccountID: acct, ID: "AROAEXAMPLEROLE" + strings.Repeat("0", 6), Name: name, Path: "/",
		AssumeRolePolicy: `{"Version":"2012-10-17","Statement":[]}`, MaxSessionDuration: 3600, CreatedAt: f.now}
	if err := f.st.Roles().Create(ctx, r, 0); err != nil {
		f.t.Fatal(err)
	}
	owner := store.Owner{AccountID: acct, Kind: store.OwnerRole, ID: r.ID}
	if err := f.st.InlinePolicies().Put(ctx, &store.InlinePolicy{Owner: owner, Name: "p", Document: doc}, len(doc), 0); err != nil {
		f.t.Fatal(err)
	}
	return r
}

func (f *fixture) session(kind session.Kind, mutate func(*session.Session)) *principal.Principal {
	s := &session.Session{
		Kind: kind, AccountID: acct, AccessKeyID: "ASIAEXAMPLEEXAMPLE12", SecretAccessKey: "x",
		IssuedAt: f.now.Add(-time.Hour), Expiration: f.now.Add(time.Hour),
	}
	if mutate != nil {
		mutate(s)
	}
	return principal.FromSession(s)
}

func (f *fixture) authorizeAs(p *principal.Principal, action, resource string) error {
	return f.enf.Authorize(context.Background(), &service.AuthzRequest{
		Principal: p, Action: action, Resource: resource, Region: "us-east-1",
	})
}

func TestAssumedRoleEnforcement(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	role := f.addRole("Reader", `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"},
		{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"2026-11-23T11:30:00Z"}}},
		{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalTag/team":"blue","aws:PrincipalType":"AssumedRole","aws:PrincipalArn":"arn:aws:iam::111122223333:role/Reader"}}},
		{"Effect":"Allow","Action":"iam:DeleteUser","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"},"NumericLessThan":{"aws:MultiFactorAuthAge":"600"}}},
		{"Effect":"Allow","Action":"iam:TagUser","Resource":"*","Condition":{"StringEquals":{"aws:userid":"AROAEXAMPLEROLE000000:alice","aws:SourceIdentity":"alice@example.com"}}}
	]}`)
	ctx := context.Background()
	if err := f.st.Tags().Set(ctx, acct, store.TagRole, role.ID, []store.Tag{{Key: "team", Value: "red"}}, 50); err != nil {
		t.Fatal(err)
	}
	base := func(s *session.Session) {
		s.RoleID, s.RoleARN, s.RoleName, s.SessionName = role.ID, "arn:aws:iam::111122223333:role/Reader", role.Name, "alice"
		s.IssuedAt = f.now.Add(-10 * time.Minute) // after the revocation cut-off
	}
	with := func(extra func(*session.Session)) *principal.Principal {
		return f.session(session.AssumedRole, func(s *session.Session) { base(s); extra(s) })
	}
	none := func(*session.Session) {}
	cases := []struct {
		name    string
		p       *principal.Principal
		action  string
		allowed bool
		message string
	}{
		{name: "role policy allows", p: with(none), action: "iam:GetUser", allowed: true},
		{name: "role policy does not allow", p: with(none), action: "iam:CreateRole",
			message: "User: arn:aws:sts::111122223333:assumed-role/Reader/alice is not authorized to perform: iam:CreateRole on resource: * because no identity-based policy allows the iam:CreateRole action"},
		{name: "revoked by token issue time", p: with(func(s *session.Session) { s.IssuedAt = f.now.Add(-time.Hour) }), action: "iam:GetUser",
			message: "with an explicit deny in an identity-based policy"},
		{name: "role tag without session tag", p: with(none), action: "iam:CreateUser"},
		{name: "session tag overrides role tag", p: with(func(s *session.Session) { s.Tags = []session.Tag{{Key: "Team", Value: "blue"}} }), action: "iam:CreateUser", allowed: true},
		{name: "no MFA", p: with(none), action: "iam:DeleteUser"},
		{name: "recent MFA", p: with(func(s *session.Session) { s.MFA, s.MFAAuthTime = true, f.now.Add(-5*time.Minute) }), action: "iam:DeleteUser", allowed: true},
		{name: "old MFA", p: with(func(s *session.Session) { s.MFA, s.MFAAuthTime = true, f.now.Add(-20*time.Minute) }), action: "iam:DeleteUser"},
		{name: "userid and source identity", p: with(func(s *session.Session) { s.SourceIdentity = "alice@example.com" }), action: "iam:TagUser", allowed: true},
		{name: "session policy narrows", p: with(func(s *session.Session) {
			s.Policy = allow("iam:ListUsers", "*", "")
		}), action: "iam:GetUser", message: "because no session policy allows the iam:GetUser action"},
		{name: "session policy within role", p: with(func(s *session.Session) { s.Policy = allow("iam:ListUsers", "*", "") }), action: "iam:ListUsers", allowed: true},
		{name: "managed session policy", p: with(func(s *session.Session) {
			s.PolicyARNs = []string{"arn:aws:iam::aws:policy/IAMReadOnlyAccess"}
		}), action: "iam:GetUser", allowed: true},
		{name: "session policy cannot widen", p: with(func(s *session.Session) { s.Policy = allow("*", "*", "") }), action: "iam:CreateRole",
			message: "because no identity-based policy allows"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := f.authorizeAs(c.p, c.action, "*")
			if c.allowed {
				if err != nil {
					t.Fatalf("denied: %v", err)
				}
				return
			}
			if !awserr.Is(err, "AccessDenied") {
				t.Fatalf("err = %v, want AccessDenied", err)
			}
			if c.message != "" && !strings.Contains(err.Error(), c.message) {
				t.Errorf("message %q does not contain %q", err, c.message)
			}
		})
	}
}

func TestFederatedUserEnforcement(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.putInline("own", allow("iam:Get*", "*", ""))
	fed := func(policy, userID string) *principal.Principal {
		return f.session(session.FederatedUser, func(s *session.Session) {
			s.SessionName, s.Policy = "bob", policy
			if userID != "" {
				s.UserID, s.UserName, s.UserARN = userID, "alice", "arn:aws:iam::111122223333:user/alice"
			}
		})
	}
	cases := []struct {
		name    string
		p       *principal.Principal
		action  string
		allowed bool
	}{
		{"no session policy denies", fed("", f.user.ID), "iam:GetUser", false},
		{"user and session policy allow", fed(allow("iam:GetUser", "*", ""), f.user.ID), "iam:GetUser", true},
		{"session policy beyond the user", fed(allow("*", "*", ""), f.user.ID), "iam:CreateUser", false},
		{"federated by root", fed(allow("iam:CreateUser", "*", ""), ""), "iam:CreateUser", true},
		{"federated by root, outside session policy", fed(allow("iam:CreateUser", "*", ""), ""), "iam:DeleteUser", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := f.authorizeAs(c.p, c.action, "*")
			if (err == nil) != c.allowed {
				t.Fatalf("err = %v, want allowed=%v", err, c.allowed)
			}
			if err != nil && !strings.Contains(err.Error(), "arn:aws:sts::111122223333:federated-user/bob") {
				t.Errorf("message %q does not name the federated user", err)
			}
		})
	}
}

func TestUserSessionEnforcedAsUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.putInline("own", allow("iam:GetUser", "*", `{"Bool":{"aws:MultiFactorAuthPresent":"false"},"StringEquals":{"aws:PrincipalType":"User","aws:username":"alice"}}`))
	p := f.session(session.UserSession, func(s *session.Session) {
		s.UserID, s.UserName, s.UserARN = f.user.ID, "alice", "arn:aws:iam::111122223333:user/alice"
	})
	if err := f.authorizeAs(p, "iam:GetUser", "*"); err != nil {
		t.Fatalf("GetSessionToken session denied: %v", err)
	}
	// Long-term keys have no aws:MultiFactorAuthPresent at all.
	if err := f.authorize("iam:GetUser", "*"); err == nil {
		t.Error("long-term credentials matched aws:MultiFactorAuthPresent=false")
	}
}
