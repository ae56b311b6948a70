package console

import (
	"net/http"
	"net/url"
	"reflect"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

// deployTrust lets the tools account assume the deploy role with an
// external ID, EC2 and a SAML provider, and denies one user.
const deployTrust = `{"Version":"2012-10-17","Statement":[` +
	`{"Sid":"Tools","Effect":"Allow","Principal":{"AWS":["111122223333","arn:aws:iam::444455556666:role/ci"]},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"ext-42"}}},` +
	`{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]},` +
	`{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:saml-provider/Okta"},"Action":"sts:AssumeRoleWithSAML","Condition":{"StringEquals":{"SAML:aud":"https://signin.aws.amazon.com/saml"}}},` +
	`{"Effect":"Deny","Principal":{"AWS":"arn:aws:iam::111122223333:user/mallory"},"Action":"sts:*"}]}`

// seedRole answers every read of the deploy role's page.
func seedRole(b *fakeBackend) {
	maxSession := int32(7200)
	used := time.Date(2024, 7, 1, 8, 0, 0, 0, time.UTC)
	b.on("iam:GetRole", func(_ *principal.Principal, in any) (any, error) {
		if n := in.(*iam.GetRoleRequest).RoleName; n != "deploy" {
			return nil, awserr.New("NoSuchEntity", 404, "The role with name "+n+" cannot be found.")
		}
		return &iam.GetRoleResponse{Role: iam.Role{
			Path: "/", RoleName: "deploy", RoleId: "AROADEPLOY", Arn: "arn:aws:iam::123456789012:role/deploy", CreateDate: groupsCreated,
			AssumeRolePolicyDocument: deployTrust, Description: "Deploys from CI", MaxSessionDuration: &maxSession,
			PermissionsBoundary: &iam.AttachedPermissionsBoundary{PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: "arn:aws:iam::123456789012:policy/Boundary"},
			RoleLastUsed:        &iam.RoleLastUsed{LastUsedDate: &used, Region: "eu-west-1"},
		}}, nil
	})
	b.on("iam:ListAttachedRolePolicies", replyWith(&iam.ListAttachedRolePoliciesResponse{AttachedPolicies: []iam.AttachedPolicy{
		{PolicyName: "PowerUserAccess", PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess"},
	}}))
	b.on("iam:ListRolePolicies", replyWith(&iam.ListRolePoliciesResponse{PolicyNames: []string{"logs"}}))
	b.on("iam:ListRoles", replyWith(&iam.ListRolesResponse{}))
}

func TestRolePages(t *testing.T) {
	t.Parallel()
	long := int32(43200)
	tests := []struct {
		name       string
		path       string
		seed       func(*fakeBackend)
		wantStatus int
		want       []string
	}{
		{name: "list", path: "/console/roles", wantStatus: 200,
			seed: func(b *fakeBackend) {
				b.on("iam:ListRoles", replyWith(&iam.ListRolesResponse{Roles: []iam.Role{
					{RoleName: "deploy", Description: "Deploys from CI", CreateDate: groupsCreated},
					{RoleName: "batch", MaxSessionDuration: &long, CreateDate: groupsCreated},
				}}))
			},
			want: []string{`href="/console/roles/deploy"`, "Deploys from CI", "<td>1 hour</td>", "<td>12 hours</td>", `href="/console/create-role"`, "2 role(s)"}},
		{name: "list refused", path: "/console/roles", wantStatus: 403, seed: func(*fakeBackend) {},
			want: []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListRoles"}},
		{name: "detail", path: "/console/roles/deploy", wantStatus: 200, seed: seedRole,
			want: []string{
				"arn:aws:iam::123456789012:role/deploy", "Deploys from CI", "2024-07-01 08:00 UTC in eu-west-1",
				`data-testid="role-max-session">2 hours</dd>`, `name="max_session" value="7200" min="3600" max="43200"`,
				`action="/console/roles/deploy/policies/detach"`, `action="/console/roles/deploy/inline/delete"`, `data-testid="role-attached"`,
				`href="/console/policies/view?arn=arn%3aaws%3aiam%3a%3a123456789012%3apolicy%2fBoundary"`,
				// Who may assume it, statement by statement.
				"AWS account (principals it allows): <code>111122223333</code>", "IAM role: <code>arn:aws:iam::444455556666:role/ci</code>",
				"<code>StringEquals sts:ExternalId: ext-42</code>", "(statement Tools)",
				"AWS service: <code>ec2.amazonaws.com</code>",
				"SAML identity provider: <code>arn:aws:iam::123456789012:saml-provider/Okta</code>", "<code>sts:AssumeRoleWithSAML</code>",
				"1 Deny statement(s)",
				// The trust policy, indented.
				"{\n  &#34;Version&#34;: &#34;2012-10-17&#34;,\n  &#34;Statement&#34;: [",
				`href="/console/roles/deploy/trust"`,
				`aria-label="Detach PowerUserAccess"`, `href="/console/roles/deploy/inline?policy=logs"`, `data-testid="delete-role"`,
			}},
		{name: "no such role", path: "/console/roles/ghost", wantStatus: 404, seed: seedRole,
			want: []string{"<strong>NoSuchEntity</strong>: The role with name ghost cannot be found."}},
		{name: "trust policy editor", path: "/console/roles/deploy/trust", wantStatus: 200, seed: seedRole,
			want: []string{`data-policy-kind="trust"`, `action="/console/roles/deploy/trust"`, "{\n  &#34;Version&#34;", `data-testid="trust-policy-submit"`}},
		{name: "create form", path: "/console/create-role", wantStatus: 200, seed: func(*fakeBackend) {},
			want: []string{`data-policy-kind="trust"`, `&#34;AWS&#34;: &#34;arn:aws:iam::123456789012:root&#34;`, `id="field-max_session" name="max_session" value="3600"`,
				`<label for="field-name">Role name`, `data-testid="create-role-submit"`}},
		{name: "role inline policy editor", path: "/console/roles/deploy/inline", wantStatus: 200, seed: seedRole,
			want: []string{`action="/console/roles/deploy/inline"`, `data-policy-kind="identity"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tt.seed(tc.backend)
			client, _ := tc.signedInClient(alice)
			status, body := tc.get(client, tt.path)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			wantInBody(t, body, tt.want...)
		})
	}
}

func TestRoleActions(t *testing.T) {
	t.Parallel()
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	four, twelve := int32(14400), int32(43200)
	tests := []actionCase{
		{"create a role", "/console/create-role", url.Values{"name": {"worker"}, "description": {"Runs jobs"}, "max_session": {"14400"}, "document": {trust}},
			"iam:CreateRole", &iam.CreateRoleRequest{RoleName: "worker", Description: "Runs jobs", MaxSessionDuration: &four, AssumeRolePolicyDocument: trust},
			"/console/roles/worker?notice=role-created", "policy-editor"},
		{"create a role with the default session", "/console/create-role", url.Values{"name": {"worker"}, "document": {trust}},
			"iam:CreateRole", &iam.CreateRoleRequest{RoleName: "worker", AssumeRolePolicyDocument: trust},
			"/console/roles/worker?notice=role-created", "policy-editor"},
		{"change the session duration", "/console/roles/deploy/session", url.Values{"max_session": {"43200"}},
			"iam:UpdateRole", &iam.UpdateRoleRequest{RoleName: "deploy", MaxSessionDuration: &twelve}, "/console/roles/deploy?notice=role-updated", "role-facts"},
		{"edit the trust policy", "/console/roles/deploy/trust", url.Values{"document": {trust}},
			"iam:UpdateAssumeRolePolicy", &iam.UpdateAssumeRolePolicyRequest{RoleName: "deploy", PolicyDocument: trust}, "/console/roles/deploy?notice=trust-updated", "policy-editor"},
		{"attach a policy", "/console/roles/deploy/policies/attach", url.Values{"arn": {"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"iam:AttachRolePolicy", &iam.AttachRolePolicyRequest{RoleName: "deploy", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "/console/roles/deploy?notice=policy-attached", "role-facts"},
		{"detach a policy", "/console/roles/deploy/policies/detach", url.Values{"arn": {"arn:aws:iam::aws:policy/PowerUserAccess"}},
			"iam:DetachRolePolicy", &iam.DetachRolePolicyRequest{RoleName: "deploy", PolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess"}, "/console/roles/deploy?notice=policy-detached", "role-facts"},
		{"put an inline policy", "/console/roles/deploy/inline", url.Values{"policy": {"logs"}, "existing": {"1"}, "document": {"{}"}},
			"iam:PutRolePolicy", &iam.PutRolePolicyRequest{RoleName: "deploy", PolicyName: "logs", PolicyDocument: "{}"}, "/console/roles/deploy?notice=inline-saved", "policy-editor"},
		{"delete an inline policy", "/console/roles/deploy/inline/delete", url.Values{"policy": {"logs"}},
			"iam:DeleteRolePolicy", &iam.DeleteRolePolicyRequest{RoleName: "deploy", PolicyName: "logs"}, "/console/roles/deploy?notice=inline-deleted", "role-facts"},
		{"delete the role", "/console/roles/deploy/delete", nil,
			"iam:DeleteRole", &iam.DeleteRoleRequest{RoleName: "deploy"}, "/console/roles?notice=role-deleted", "role-facts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runAction(t, seedRole, tt)
		})
	}
}

func TestRoleSessionNotANumber(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedRole(tc.backend)
	tc.backend.on("iam:UpdateRole", replyWith(&iam.UpdateRoleResponse{}))
	client, s := tc.signedInClient(alice)
	status, _, body := tc.post(client, s, "/console/roles/deploy/session", url.Values{"max_session": {"two hours"}})
	if status != http.StatusBadRequest {
		t.Errorf("status %d", status)
	}
	wantInBody(t, body, "<strong>ValidationError</strong>: The maximum session duration must be a whole number")
	if n := len(tc.backend.called("iam:UpdateRole")); n != 0 {
		t.Errorf("UpdateRole called %d times", n)
	}

	// Out of range goes to the API, whose answer is shown.
	msg := "1 validation error detected: Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600"
	tc.backend.on("iam:UpdateRole", replyErr(awserr.ValidationError(msg)))
	status, _, body = tc.post(client, s, "/console/roles/deploy/session", url.Values{"max_session": {"60"}})
	if status != http.StatusBadRequest {
		t.Errorf("status %d", status)
	}
	wantInBody(t, body, "<strong>ValidationError</strong>: 1 validation error detected: Value &#39;60&#39;")
}

func TestRoleCreateErrorKeepsInput(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	msg := "Invalid principal in policy: \"AWS\":\"nobody\""
	tc.backend.on("iam:CreateRole", replyErr(awserr.MalformedPolicyDocument("%s", msg)))
	client, s := tc.signedInClient(alice)
	doc := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"nobody"},"Action":"sts:AssumeRole"}]}`
	status, _, body := tc.post(client, s, "/console/create-role", url.Values{"name": {"worker"}, "description": {"d"}, "max_session": {"7200"}, "document": {doc}})
	if status != http.StatusBadRequest {
		t.Errorf("status %d", status)
	}
	wantInBody(t, body, "<strong>MalformedPolicyDocument</strong>: Invalid principal in policy: &#34;AWS&#34;:&#34;nobody&#34;",
		`name="name" value="worker"`, `name="max_session" value="7200"`, `&#34;nobody&#34;},&#34;Action&#34;`)
}

func TestWhoMayAssume(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		doc        string
		want       []trustGrant
		denies     int
		unreadable bool
	}{
		{name: "the statements that grant assuming, with principals and conditions", doc: deployTrust, denies: 1, want: []trustGrant{
			{Sid: "Tools", Actions: []string{"sts:AssumeRole"}, Principals: []trustPrincipal{
				{"AWS account (principals it allows)", "111122223333"}, {"IAM role", "arn:aws:iam::444455556666:role/ci"},
			}, Conditions: []string{"StringEquals sts:ExternalId: ext-42"}},
			{Actions: []string{"sts:AssumeRole"}, Principals: []trustPrincipal{{"AWS service", "ec2.amazonaws.com"}}},
			{Actions: []string{"sts:AssumeRoleWithSAML"}, Principals: []trustPrincipal{{"SAML identity provider", "arn:aws:iam::123456789012:saml-provider/Okta"}},
				Conditions: []string{"StringEquals SAML:aud: https://signin.aws.amazon.com/saml"}},
		}},
		{name: "wildcards and case in actions", doc: `{"Statement":[{"Effect":"Allow","Principal":"*","Action":"STS:assumerole*"}]}`, want: []trustGrant{
			{Actions: assumeActions, Principals: []trustPrincipal{{"Anyone", "*"}}},
		}},
		{name: "web identity and root ARNs", doc: `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"accounts.google.com","AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRoleWith*","Condition":{"StringLike":{"accounts.google.com:sub":["a*","b*"]}}}]}`,
			want: []trustGrant{{Actions: []string{"sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}, Principals: []trustPrincipal{
				{"Web identity provider", "accounts.google.com"}, {"AWS account (principals it allows)", "arn:aws:iam::111122223333:root"},
			}, Conditions: []string{"StringLike accounts.google.com:sub: a*, b*"}}}},
		{name: "OIDC providers and sessions", doc: `{"Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com","AWS":["arn:aws:sts::111122223333:assumed-role/r/s","arn:aws:iam::111122223333:user/u","*"]},"Action":"sts:AssumeRoleWithWebIdentity"}]}`,
			want: []trustGrant{{Actions: []string{"sts:AssumeRoleWithWebIdentity"}, Principals: []trustPrincipal{
				{"OIDC identity provider", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
				{"Role session", "arn:aws:sts::111122223333:assumed-role/r/s"}, {"IAM user", "arn:aws:iam::111122223333:user/u"}, {"Any AWS principal", "*"},
			}}}},
		{name: "NotAction and NotPrincipal", doc: `{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":"111122223333"},"NotAction":"sts:AssumeRoleWithSAML"}]}`,
			want: []trustGrant{{Actions: []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"}, Except: true, Principals: []trustPrincipal{{"AWS account (principals it allows)", "111122223333"}}}}},
		{name: "statements for other actions are left out", doc: `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111122223333"},"Action":"sts:TagSession"}]}`},
		{name: "an Effect in another case is not an Allow", doc: `{"Statement":[{"Effect":"allow","Principal":{"AWS":"111122223333"},"Action":"sts:AssumeRole"}]}`},
		{name: "not JSON", doc: `{"Statement":`, unreadable: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, denies, unreadable := whoMayAssume(tt.doc)
			if !reflect.DeepEqual(got, tt.want) || denies != tt.denies || unreadable != tt.unreadable {
				t.Errorf("got %+v, %d, %v\nwant %+v, %d, %v", got, denies, unreadable, tt.want, tt.denies, tt.unreadable)
			}
		})
	}
}

func TestWildcardMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "sts:assumerole", true},
		{"sts:assumerole", "sts:assumerole", true},
		{"sts:assumerole", "sts:assumerolewithsaml", false},
		{"sts:assumerole*", "sts:assumerole", true},
		{"sts:*role", "sts:assumerole", true},
		{"sts:*role", "sts:assumerolewithsaml", false},
		{"sts:assume?ole", "sts:assumerole", true},
		{"sts:assume?ole", "sts:assumeole", false},
		{"*with*", "sts:assumerolewithsaml", true},
		{"s*s*s", "sts:assumerolewithsaml", false},
		{"s*s*l", "sts:assumerolewithsaml", true},
		{"", "", true},
		{"", "a", false},
	}
	for _, tt := range tests {
		if got := wildcardMatch(tt.pattern, tt.s); got != tt.want {
			t.Errorf("wildcardMatch(%q, %q) = %v", tt.pattern, tt.s, got)
		}
	}
}

func TestSessionText(t *testing.T) {
	t.Parallel()
	n := func(v int32) *int32 { return &v }
	tests := []struct {
		in   *int32
		want string
	}{
		{nil, "1 hour"},
		{n(3600), "1 hour"},
		{n(5400), "1 hour 30 minutes"},
		{n(3660), "1 hour 1 minute"},
		{n(43200), "12 hours"},
		{n(0), "0 minutes"},
	}
	for _, tt := range tests {
		if got := sessionText(tt.in); got != tt.want {
			t.Errorf("sessionText(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
