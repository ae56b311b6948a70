package console

import (
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

var groupsCreated = time.Date(2024, 6, 2, 9, 30, 0, 0, time.UTC)

// seedGroup answers every read of the developers group's page.
func seedGroup(b *fakeBackend) {
	b.on("iam:GetGroup", func(_ *principal.Principal, in any) (any, error) {
		if n := in.(*iam.GetGroupRequest).GroupName; n != "developers" {
			return nil, awserr.New("NoSuchEntity", 404, "The group with name "+n+" cannot be found.")
		}
		return &iam.GetGroupResponse{
			Group: iam.Group{Path: "/eng/", GroupName: "developers", GroupId: "AGPADEV", Arn: "arn:aws:iam::123456789012:group/eng/developers", CreateDate: groupsCreated},
			Users: []iam.User{{UserName: "carol", CreateDate: groupsCreated}, {UserName: "dave", CreateDate: groupsCreated}},
		}, nil
	})
	b.on("iam:ListAttachedGroupPolicies", replyWith(&iam.ListAttachedGroupPoliciesResponse{AttachedPolicies: []iam.AttachedPolicy{
		{PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"},
	}}))
	b.on("iam:ListGroupPolicies", replyWith(&iam.ListGroupPoliciesResponse{PolicyNames: []string{"s3-scratch"}}))
	b.on("iam:GetGroupPolicy", replyWith(&iam.GetGroupPolicyResponse{GroupName: "developers", PolicyName: "s3-scratch",
		PolicyDocument: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::scratch/*"}]}`}))
}

func TestGroupPages(t *testing.T) {
	t.Parallel()
	truncated := true
	tests := []struct {
		name       string
		path       string
		seed       func(*fakeBackend)
		wantStatus int
		want       []string
	}{
		{name: "list", path: "/console/groups", wantStatus: 200,
			seed: func(b *fakeBackend) {
				b.on("iam:ListGroups", replyWith(&iam.ListGroupsResponse{Groups: []iam.Group{
					{Path: "/", GroupName: "admins", Arn: "arn:aws:iam::123456789012:group/admins", CreateDate: groupsCreated},
					{Path: "/eng/", GroupName: "dev+ops", Arn: "arn:aws:iam::123456789012:group/eng/dev+ops", CreateDate: groupsCreated},
				}, IsTruncated: &truncated}))
			},
			want: []string{`href="/console/groups/admins"`, `href="/console/groups/dev&#43;ops"`, "arn:aws:iam::123456789012:group/eng/dev&#43;ops",
				"2024-06-02 09:30 UTC", "only the first 1,000 are shown", `data-testid="create-group-submit"`, `<label for="group-name">`}},
		{name: "empty list", path: "/console/groups", wantStatus: 200,
			seed: func(b *fakeBackend) { b.on("iam:ListGroups", replyWith(&iam.ListGroupsResponse{})) },
			want: []string{`data-testid="groups-empty"`, `data-testid="create-group-submit"`}},
		{name: "list refused", path: "/console/groups", wantStatus: 403, seed: func(*fakeBackend) {},
			want: []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListGroups"}},
		{name: "detail", path: "/console/groups/developers", wantStatus: 200, seed: seedGroup,
			want: []string{"arn:aws:iam::123456789012:group/eng/developers", `href="/console/users/carol"`, `href="/console/users/dave"`,
				`aria-label="Remove carol"`, `href="/console/policies/view?arn=arn%3aaws%3aiam%3a%3aaws%3apolicy%2fReadOnlyAccess"`,
				`aria-label="Detach ReadOnlyAccess"`, `href="/console/groups/developers/inline?policy=s3-scratch"`,
				`data-testid="delete-group"`, `action="/console/groups/developers/members"`,
				`action="/console/groups/developers/policies/detach"`, `action="/console/groups/developers/policies/attach"`,
				`action="/console/groups/developers/inline/delete"`, `data-testid="group-attached"`}},
		{name: "no such group", path: "/console/groups/nobody", wantStatus: 404, seed: seedGroup,
			want: []string{"<strong>NoSuchEntity</strong>: The group with name nobody cannot be found."}},
		{name: "detail with the policy lists refused", path: "/console/groups/developers", wantStatus: 403,
			seed: func(b *fakeBackend) {
				seedGroup(b)
				b.on("iam:ListAttachedGroupPolicies", nil)
			},
			want: []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListAttachedGroupPolicies", `href="/console/users/carol"`}},
		{name: "inline policy editor", path: "/console/groups/developers/inline?policy=s3-scratch", wantStatus: 200, seed: seedGroup,
			want: []string{`data-validate-policy="policy-validation"`, `data-policy-kind="identity"`, `id="policy-validation" role="status" aria-live="polite"`,
				"{\n  &#34;Version&#34;: &#34;2012-10-17&#34;,", `name="policy" value="s3-scratch"`, `action="/console/groups/developers/inline"`}},
		{name: "new inline policy", path: "/console/groups/developers/inline", wantStatus: 200, seed: seedGroup,
			want: []string{`<label for="field-policy">Policy name`, `id="field-policy" name="policy" value=""`}},
		{name: "inline policy refused", path: "/console/groups/developers/inline?policy=s3-scratch", wantStatus: 403, seed: func(*fakeBackend) {},
			want: []string{"not authorized to perform: iam:GetGroupPolicy", `data-testid="policy-editor"`}},
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

func TestGroupReads(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedGroup(tc.backend)
	client, _ := tc.signedInClient(alice)
	tc.get(client, "/console/groups/developers")
	thousand := int32(1000)
	for op, want := range map[string]any{
		"iam:GetGroup":                  &iam.GetGroupRequest{GroupName: "developers", MaxItems: &thousand},
		"iam:ListAttachedGroupPolicies": &iam.ListAttachedGroupPoliciesRequest{GroupName: "developers", MaxItems: &thousand},
		"iam:ListGroupPolicies":         &iam.ListGroupPoliciesRequest{GroupName: "developers", MaxItems: &thousand},
	} {
		calls := tc.backend.called(op)
		if len(calls) != 1 || !reflect.DeepEqual(calls[0].In, want) {
			t.Errorf("%s: %+v, want one call with %+v", op, calls, want)
		}
		if calls[0].Principal.ARN != alice.ARN {
			t.Errorf("%s made as %s", op, calls[0].Principal.ARN)
		}
	}
}

func TestGroupActions(t *testing.T) {
	t.Parallel()
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}]}`
	tests := []actionCase{
		{"create", "/console/groups", url.Values{"name": {" testers "}, "path": {"/qa/"}},
			"iam:CreateGroup", &iam.CreateGroupRequest{GroupName: "testers", Path: "/qa/"}, "/console/groups/testers?notice=group-created", "create-group-submit"},
		{"add a member", "/console/groups/developers/members", url.Values{"user": {"erin"}},
			"iam:AddUserToGroup", &iam.AddUserToGroupRequest{GroupName: "developers", UserName: "erin"}, "/console/groups/developers?notice=member-added", "group-facts"},
		{"remove a member", "/console/groups/developers/members/remove", url.Values{"user": {"carol"}},
			"iam:RemoveUserFromGroup", &iam.RemoveUserFromGroupRequest{GroupName: "developers", UserName: "carol"}, "/console/groups/developers?notice=member-removed", "group-facts"},
		{"attach a policy", "/console/groups/developers/policies/attach", url.Values{"arn": {" arn:aws:iam::aws:policy/IAMReadOnlyAccess "}},
			"iam:AttachGroupPolicy", &iam.AttachGroupPolicyRequest{GroupName: "developers", PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}, "/console/groups/developers?notice=policy-attached", "group-facts"},
		{"detach a policy", "/console/groups/developers/policies/detach", url.Values{"arn": {"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"iam:DetachGroupPolicy", &iam.DetachGroupPolicyRequest{GroupName: "developers", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "/console/groups/developers?notice=policy-detached", "group-facts"},
		{"put an inline policy", "/console/groups/developers/inline", url.Values{"policy": {"ec2-read"}, "document": {doc}},
			"iam:PutGroupPolicy", &iam.PutGroupPolicyRequest{GroupName: "developers", PolicyName: "ec2-read", PolicyDocument: doc}, "/console/groups/developers?notice=inline-saved", "policy-editor"},
		{"delete an inline policy", "/console/groups/developers/inline/delete", url.Values{"policy": {"s3-scratch"}},
			"iam:DeleteGroupPolicy", &iam.DeleteGroupPolicyRequest{GroupName: "developers", PolicyName: "s3-scratch"}, "/console/groups/developers?notice=inline-deleted", "group-facts"},
		{"delete the group", "/console/groups/developers/delete", nil,
			"iam:DeleteGroup", &iam.DeleteGroupRequest{GroupName: "developers"}, "/console/groups?notice=group-deleted", "group-facts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runAction(t, func(b *fakeBackend) {
				seedGroup(b)
				b.on("iam:ListGroups", replyWith(&iam.ListGroupsResponse{}))
			}, tt)
		})
	}
}

func TestGroupActionErrorsKeepInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path string
		form       url.Values
		op         string
		err        *awserr.Error
		want       []string
	}{
		{"a name taken", "/console/groups", url.Values{"name": {"developers"}, "path": {"/eng/"}}, "iam:CreateGroup",
			awserr.New("EntityAlreadyExists", 409, "Group with name developers already exists."),
			[]string{`value="developers"`, `value="/eng/"`}},
		{"a malformed inline policy", "/console/groups/developers/inline", url.Values{"policy": {"bad"}, "document": {`{"Statement":[]`}}, "iam:PutGroupPolicy",
			awserr.New("MalformedPolicyDocument", 400, "Syntax errors in policy."),
			[]string{`value="bad"`, "{&#34;Statement&#34;:[]</textarea>"}},
		{"a malformed edit keeps the name hidden", "/console/groups/developers/inline", url.Values{"policy": {"s3-scratch"}, "existing": {"1"}, "document": {`{`}}, "iam:PutGroupPolicy",
			awserr.New("MalformedPolicyDocument", 400, "Syntax errors in policy."),
			[]string{`<input type="hidden" name="policy" value="s3-scratch">`, "{</textarea>"}},
		{"a group with members", "/console/groups/developers/delete", nil, "iam:DeleteGroup",
			awserr.New("DeleteConflict", 409, "Cannot delete entity, must remove users from group first."),
			[]string{`href="/console/users/carol"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			seedGroup(tc.backend)
			tc.backend.on("iam:ListGroups", replyWith(&iam.ListGroupsResponse{}))
			tc.backend.on(tt.op, replyErr(tt.err))
			client, s := tc.signedInClient(alice)
			status, _, body := tc.post(client, s, tt.path, tt.form)
			if status != tt.err.Status {
				t.Errorf("status %d, want %d", status, tt.err.Status)
			}
			wantInBody(t, body, append(tt.want, "<strong>"+tt.err.Code+"</strong>: "+tt.err.Message)...)
			if strings.Contains(body, `data-testid="notice"`) {
				t.Error("a failure shows a notice")
			}
		})
	}
}

func TestGroupPagesSignedOut(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, path := range []string{"/console/groups", "/console/groups/developers", "/console/groups/developers/inline"} {
		res, err := client.Get(tc.server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
			t.Errorf("%s: %d to %q", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if len(tc.backend.calls) != 0 {
		t.Errorf("calls made signed out: %+v", tc.backend.calls)
	}
}
