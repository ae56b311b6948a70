package console

import (
	"fmt"
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

const (
	auditorARN = "arn:aws:iam::123456789012:policy/Auditor"
	auditorV1  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	auditorV2  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:ListBucket"],"Resource":"*"}]}`
)

// seedPolicy answers every read of the Auditor policy's page: two
// versions, v2 the default, attached to a group, a user and a role.
func seedPolicy(b *fakeBackend) {
	t1 := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	t2 := t1.Add(24 * time.Hour)
	yes, no, two, zero := true, false, int32(3), int32(0)
	b.on("iam:GetPolicy", func(_ *principal.Principal, in any) (any, error) {
		if a := in.(*iam.GetPolicyRequest).PolicyArn; a != auditorARN {
			return nil, awserr.New("NoSuchEntity", 404, "Policy "+a+" does not exist or is not attachable.")
		}
		return &iam.GetPolicyResponse{Policy: &iam.Policy{PolicyName: "Auditor", Arn: auditorARN, Path: "/", DefaultVersionId: "v2",
			AttachmentCount: &two, PermissionsBoundaryUsageCount: &zero, Description: "Reads the audit bucket", CreateDate: &t1, UpdateDate: &t2}}, nil
	})
	b.on("iam:ListPolicyVersions", replyWith(&iam.ListPolicyVersionsResponse{Versions: []iam.PolicyVersion{
		{VersionId: "v2", IsDefaultVersion: &yes, CreateDate: &t2},
		{VersionId: "v1", IsDefaultVersion: &no, CreateDate: &t1},
	}}))
	b.on("iam:GetPolicyVersion", func(_ *principal.Principal, in any) (any, error) {
		switch in.(*iam.GetPolicyVersionRequest).VersionId {
		case "v1":
			return &iam.GetPolicyVersionResponse{PolicyVersion: &iam.PolicyVersion{VersionId: "v1", Document: auditorV1}}, nil
		case "v2":
			return &iam.GetPolicyVersionResponse{PolicyVersion: &iam.PolicyVersion{VersionId: "v2", Document: auditorV2}}, nil
		}
		return nil, awserr.New("NoSuchEntity", 404, "Policy "+auditorARN+" version v9 does not exist or is not attachable.")
	})
	b.on("iam:ListEntitiesForPolicy", replyWith(&iam.ListEntitiesForPolicyResponse{
		PolicyGroups: []iam.PolicyGroup{{GroupName: "auditors"}}, PolicyUsers: []iam.PolicyUser{{UserName: "erin"}}, PolicyRoles: []iam.PolicyRole{{RoleName: "audit-job"}},
	}))
	b.on("iam:ListPolicies", replyWith(&iam.ListPoliciesResponse{}))
}

func TestPolicyPages(t *testing.T) {
	t.Parallel()
	esc := url.QueryEscape(auditorARN)
	tests := []struct {
		name       string
		path       string
		seed       func(*fakeBackend)
		wantStatus int
		want, not  []string
	}{
		{name: "a customer managed policy", path: "/console/policies/view?arn=" + esc, wantStatus: 200, seed: seedPolicy,
			want: []string{"Reads the audit bucket", "Customer managed", "<dt>Default version</dt><dd>v2</dd>",
				// The default version's document, indented in the written key order.
				"Document of version v2", "&#34;Action&#34;: [\n        &#34;s3:GetObject&#34;,\n        &#34;s3:ListBucket&#34;\n      ],",
				`data-testid="set-default-v1"`, `data-testid="delete-version-v1"`,
				`name="from"`, `<option value="v1" selected>v1</option>`, `<option value="v2" selected>v2</option>`,
				`Group <a href="/console/groups/auditors">`, `User <a href="/console/users/erin">`, `Role <a href="/console/roles/audit-job">`,
				`data-testid="edit-policy"`, `data-testid="delete-policy"`},
			not: []string{`data-testid="set-default-v2"`, `data-testid="delete-version-v2"`}},
		{name: "another version", path: "/console/policies/view?version=v1&arn=" + esc, wantStatus: 200, seed: seedPolicy,
			want: []string{"Document of version v1", "&#34;Action&#34;: &#34;s3:GetObject&#34;,"}},
		{name: "an AWS managed policy is read-only", path: "/console/policies/view?arn=arn:aws:iam::aws:policy/ReadOnlyAccess", wantStatus: 200,
			seed: func(b *fakeBackend) {
				yes := true
				b.on("iam:GetPolicy", replyWith(&iam.GetPolicyResponse{Policy: &iam.Policy{PolicyName: "ReadOnlyAccess", Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", DefaultVersionId: "v7"}}))
				b.on("iam:ListPolicyVersions", replyWith(&iam.ListPolicyVersionsResponse{Versions: []iam.PolicyVersion{{VersionId: "v7", IsDefaultVersion: &yes}}}))
				b.on("iam:GetPolicyVersion", replyWith(&iam.GetPolicyVersionResponse{PolicyVersion: &iam.PolicyVersion{VersionId: "v7", Document: auditorV1}}))
				b.on("iam:ListEntitiesForPolicy", replyWith(&iam.ListEntitiesForPolicyResponse{}))
			},
			want: []string{"AWS managed", "Document of version v7", "Not attached to any user, group or role."},
			not:  []string{`data-testid="edit-policy"`, `data-testid="delete-policy"`, `data-testid="compare-form"`}},
		{name: "refused", path: "/console/policies/view?arn=" + esc, wantStatus: 403, seed: func(*fakeBackend) {},
			want: []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:GetPolicy"}},
		{name: "no such policy", path: "/console/policies/view?arn=arn:aws:iam::123456789012:policy/Gone", wantStatus: 404, seed: seedPolicy,
			want: []string{"<strong>NoSuchEntity</strong>: Policy arn:aws:iam::123456789012:policy/Gone does not exist or is not attachable."}},
		{name: "the new-version editor starts from the default version", path: "/console/policies/edit?arn=" + esc, wantStatus: 200, seed: seedPolicy,
			want: []string{`data-policy-kind="managed"`, `name="arn" value="arn:aws:iam::123456789012:policy/Auditor"`, "&#34;s3:ListBucket&#34;",
				`name="default" value="1" checked`, `data-testid="policy-version-submit"`}},
		{name: "the create editor", path: "/console/policies/new", wantStatus: 200, seed: func(*fakeBackend) {},
			want: []string{`data-policy-kind="managed"`, `<label for="field-name">Policy name`, `action="/console/policies"`, `data-testid="create-policy-submit"`}},
		{name: "compare two versions", path: "/console/policies/diff?from=v1&to=v2&arn=" + esc, wantStatus: 200, seed: seedPolicy,
			want: []string{"Compare versions of Auditor", `data-testid="policy-diff"`,
				`<span class="del">-       &#34;Action&#34;: &#34;s3:GetObject&#34;,` + "\n</span>",
				`<span class="add">&#43;       &#34;Action&#34;: [` + "\n</span>",
				`<span class="add">&#43;         &#34;s3:ListBucket&#34;` + "\n</span>",
				`<span class="same">      {` + "\n</span>", `<span class="blank"> ` + "\n</span>"},
			not: []string{`data-testid="diff-same"`}},
		{name: "compare defaults to the default and the newest other", path: "/console/policies/diff?arn=" + esc, wantStatus: 200, seed: seedPolicy,
			want: []string{`<h2 id="diff-from">v1`, `<h2 id="diff-to">v2`}},
		{name: "a version beside itself", path: "/console/policies/diff?from=v2&to=v2&arn=" + esc, wantStatus: 200, seed: seedPolicy,
			want: []string{`data-testid="diff-same"`}, not: []string{`class="del"`, `class="add"`}},
		{name: "compare a missing version", path: "/console/policies/diff?from=v9&to=v2&arn=" + esc, wantStatus: 404, seed: seedPolicy,
			want: []string{"<strong>NoSuchEntity</strong>"}, not: []string{`data-testid="policy-diff"`}},
		{name: "compare refused", path: "/console/policies/diff?from=v1&to=v2&arn=" + esc, wantStatus: 403, seed: func(*fakeBackend) {},
			want: []string{"not authorized to perform: iam:ListPolicyVersions"}},
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
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page has %q", n)
				}
			}
		})
	}
}

func TestPolicyList(t *testing.T) {
	t.Parallel()
	// AWS's list comes in two pages of 150; three names contain "admin".
	awsPage := func(from int) []iam.Policy {
		var out []iam.Policy
		for i := from; i < from+150; i++ {
			name := fmt.Sprintf("Service%03dReadOnly", i)
			if i%100 == 7 {
				name = fmt.Sprintf("Admin%03dAccess", i)
			}
			out = append(out, iam.Policy{PolicyName: name, Arn: "arn:aws:iam::aws:policy/" + name})
		}
		return out
	}
	tests := []struct {
		name      string
		query     string
		wantScope string
		wantCalls int
		want, not []string
	}{
		{name: "customer managed by default", wantScope: "Local", wantCalls: 1,
			want: []string{`href="/console/policies/view?arn=arn%3aaws%3aiam%3a%3a123456789012%3apolicy%2fAuditor"`, "1 policy", `aria-current="page" data-testid="policies-local"`}},
		{name: "AWS managed, capped", query: "?scope=aws", wantScope: "AWS", wantCalls: 2,
			want: []string{"The first 200 of 300 matching policies", "Service000ReadOnly", "Service199ReadOnly", `aria-current="page" data-testid="policies-aws"`, `name="scope" value="aws"`},
			not:  []string{"Service200ReadOnly", "Auditor"}},
		{name: "AWS managed, filtered by name", query: "?scope=aws&q=ADMIN", wantScope: "AWS", wantCalls: 2,
			want: []string{"3 policies", "Admin007Access", "Admin107Access", "Admin207Access", `name="q" value="ADMIN"`},
			not:  []string{"ReadOnly"}},
		{name: "a filter that matches nothing", query: "?q=zzz", wantScope: "Local", wantCalls: 1, want: []string{`data-testid="policies-empty"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			truncated := true
			one := int32(1)
			tc.backend.on("iam:ListPolicies", func(_ *principal.Principal, in any) (any, error) {
				req := in.(*iam.ListPoliciesRequest)
				switch {
				case req.Scope == "Local":
					return &iam.ListPoliciesResponse{Policies: []iam.Policy{{PolicyName: "Auditor", Arn: auditorARN, AttachmentCount: &one}}}, nil
				case req.Marker == "":
					return &iam.ListPoliciesResponse{Policies: awsPage(0), IsTruncated: &truncated, Marker: "next"}, nil
				case req.Marker == "next":
					return &iam.ListPoliciesResponse{Policies: awsPage(150)}, nil
				}
				return nil, awserr.New("InvalidInput", 400, "bad marker")
			})
			client, _ := tc.signedInClient(alice)
			status, body := tc.get(client, "/console/policies"+tt.query)
			if status != http.StatusOK {
				t.Errorf("status %d", status)
			}
			wantInBody(t, body, tt.want...)
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page has %q", n)
				}
			}
			calls := tc.backend.called("iam:ListPolicies")
			if len(calls) != tt.wantCalls {
				t.Fatalf("%d ListPolicies calls, want %d", len(calls), tt.wantCalls)
			}
			for _, c := range calls {
				if req := c.In.(*iam.ListPoliciesRequest); req.Scope != tt.wantScope || *req.MaxItems != 1000 {
					t.Errorf("ListPolicies %+v", req)
				}
			}
		})
	}

	tc := newTestConsole(t)
	client, _ := tc.signedInClient(alice)
	status, body := tc.get(client, "/console/policies")
	if status != http.StatusForbidden || !strings.Contains(body, "not authorized to perform: iam:ListPolicies") {
		t.Errorf("refused: %d\n%s", status, body)
	}
}

func TestPolicyActions(t *testing.T) {
	t.Parallel()
	yes, no := true, false
	tests := []actionCase{
		{"save a new default version", "/console/policies/edit", url.Values{"arn": {auditorARN}, "document": {auditorV1}, "default": {"1"}},
			"iam:CreatePolicyVersion", &iam.CreatePolicyVersionRequest{PolicyArn: auditorARN, PolicyDocument: auditorV1, SetAsDefault: &yes},
			"/console/policies/view?arn=" + url.QueryEscape(auditorARN) + "&notice=version-created", "policy-editor"},
		{"save a version that is not the default", "/console/policies/edit", url.Values{"arn": {auditorARN}, "document": {auditorV1}},
			"iam:CreatePolicyVersion", &iam.CreatePolicyVersionRequest{PolicyArn: auditorARN, PolicyDocument: auditorV1, SetAsDefault: &no},
			"/console/policies/view?arn=" + url.QueryEscape(auditorARN) + "&notice=version-created", "policy-editor"},
		{"make a version the default", "/console/policies/default", url.Values{"arn": {auditorARN}, "version": {"v1"}},
			"iam:SetDefaultPolicyVersion", &iam.SetDefaultPolicyVersionRequest{PolicyArn: auditorARN, VersionId: "v1"},
			"/console/policies/view?arn=" + url.QueryEscape(auditorARN) + "&notice=version-default", "policy-facts"},
		{"delete a version", "/console/policies/versions/delete", url.Values{"arn": {auditorARN}, "version": {"v1"}},
			"iam:DeletePolicyVersion", &iam.DeletePolicyVersionRequest{PolicyArn: auditorARN, VersionId: "v1"},
			"/console/policies/view?arn=" + url.QueryEscape(auditorARN) + "&notice=version-deleted", "policy-facts"},
		{"delete the policy", "/console/policies/delete", url.Values{"arn": {auditorARN}},
			"iam:DeletePolicy", &iam.DeletePolicyRequest{PolicyArn: auditorARN}, "/console/policies?notice=policy-deleted", "policy-facts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runAction(t, seedPolicy, tt)
		})
	}
}

func TestPolicyCreate(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	client, s := tc.signedInClient(alice)
	form := url.Values{"name": {" Auditor "}, "description": {"Reads the audit bucket"}, "path": {"/audit/"}, "document": {auditorV1}}

	status, _, body := tc.post(client, s, "/console/policies", form)
	if status != http.StatusForbidden {
		t.Errorf("refused: status %d", status)
	}
	wantInBody(t, body, "not authorized to perform: iam:CreatePolicy", `name="name" value="Auditor"`, `name="path" value="/audit/"`, "s3:GetObject")

	tc.backend.on("iam:CreatePolicy", replyWith(&iam.CreatePolicyResponse{Policy: &iam.Policy{PolicyName: "Auditor", Arn: "arn:aws:iam::123456789012:policy/audit/Auditor"}}))
	status, location, _ := tc.post(client, s, "/console/policies", form)
	if want := "/console/policies/view?arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Faudit%2FAuditor&notice=policy-created"; status != http.StatusSeeOther || location != want {
		t.Errorf("%d to %q, want %q", status, location, want)
	}
	want := &iam.CreatePolicyRequest{PolicyName: "Auditor", Path: "/audit/", Description: "Reads the audit bucket", PolicyDocument: auditorV1}
	if calls := tc.backend.called("iam:CreatePolicy"); len(calls) != 2 || !reflect.DeepEqual(calls[1].In, want) {
		t.Errorf("CreatePolicy %+v, want %+v", calls, want)
	}
}

// TestPolicyVersionLimit follows AWS's refusal of a sixth version: the
// editor keeps the document, offers the versions that may go, and deletes
// the chosen one before saving again.
func TestPolicyVersionLimit(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedPolicy(tc.backend)
	yes, no := true, false
	versions := []iam.PolicyVersion{{VersionId: "v5", IsDefaultVersion: &yes}}
	for _, v := range []string{"v4", "v3", "v2", "v1"} {
		versions = append(versions, iam.PolicyVersion{VersionId: v, IsDefaultVersion: &no})
	}
	tc.backend.on("iam:ListPolicyVersions", replyWith(&iam.ListPolicyVersionsResponse{Versions: versions}))
	limit := awserr.LimitExceeded("A managed policy can have up to %d versions. Before you create a new version, you must delete an existing version.", 5)
	full := true
	tc.backend.on("iam:CreatePolicyVersion", func(*principal.Principal, any) (any, error) {
		if full {
			return nil, limit
		}
		return &iam.CreatePolicyVersionResponse{}, nil
	})
	tc.backend.on("iam:DeletePolicyVersion", func(*principal.Principal, any) (any, error) {
		full = false
		return nil, nil
	})
	client, s := tc.signedInClient(alice)
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}`

	status, _, body := tc.post(client, s, "/console/policies/edit", url.Values{"arn": {auditorARN}, "document": {doc}, "default": {"1"}})
	if status != http.StatusConflict {
		t.Errorf("status %d, want 409", status)
	}
	wantInBody(t, body, "<strong>LimitExceeded</strong>: A managed policy can have up to 5 versions.",
		`data-testid="delete-version-choices"`, `value="v1"`, `value="v4"`, "s3:PutObject", `name="default" value="1" checked`, "Delete the chosen version and save")
	if strings.Contains(body, `value="v5"`) {
		t.Error("the default version is offered for deletion")
	}

	status, location, _ := tc.post(client, s, "/console/policies/edit", url.Values{"arn": {auditorARN}, "document": {doc}, "default": {"1"}, "delete_version": {"v1"}})
	if want := "/console/policies/view?arn=" + url.QueryEscape(auditorARN) + "&notice=version-replaced"; status != http.StatusSeeOther || location != want {
		t.Errorf("%d to %q, want %q", status, location, want)
	}
	del := tc.backend.called("iam:DeletePolicyVersion")
	if len(del) != 1 || !reflect.DeepEqual(del[0].In, &iam.DeletePolicyVersionRequest{PolicyArn: auditorARN, VersionId: "v1"}) {
		t.Errorf("DeletePolicyVersion %+v", del)
	}
	if n := len(tc.backend.called("iam:CreatePolicyVersion")); n != 2 {
		t.Errorf("CreatePolicyVersion called %d times", n)
	}

	// A size quota is a LimitExceeded too, but no version deletion helps.
	tc.backend.on("iam:CreatePolicyVersion", replyErr(awserr.LimitExceeded("Cannot exceed quota for PolicySize: 6144")))
	status, _, body = tc.post(client, s, "/console/policies/edit", url.Values{"arn": {auditorARN}, "document": {doc}})
	if status != http.StatusConflict || strings.Contains(body, `data-testid="delete-version-choices"`) {
		t.Errorf("size quota: %d, choices offered: %v", status, strings.Contains(body, "delete-version-choices"))
	}
}

func TestPolicyDeleteConflict(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedPolicy(tc.backend)
	const msg = "Cannot delete a policy attached to entities."
	tc.backend.on("iam:DeletePolicy", replyErr(awserr.New("DeleteConflict", 409, msg)))
	client, s := tc.signedInClient(alice)
	status, _, body := tc.post(client, s, "/console/policies/delete", url.Values{"arn": {auditorARN}})
	if status != http.StatusConflict {
		t.Errorf("status %d", status)
	}
	wantInBody(t, body, "<strong>DeleteConflict</strong>: "+msg, `Group <a href="/console/groups/auditors">`)
}
