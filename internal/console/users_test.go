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

var created = time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)

func iamUser(name string) iam.User {
	return iam.User{Path: "/", UserName: name, UserId: "AIDA" + strings.ToUpper(name), Arn: "arn:aws:iam::123456789012:user/" + name, CreateDate: created}
}

// seedUser answers every call of bob's page.
func seedUser(b *fakeBackend) {
	used := created.Add(48 * time.Hour)
	yes := true
	b.on("iam:GetUser", func(_ *principal.Principal, in any) (any, error) {
		if n := in.(*iam.GetUserRequest).UserName; n != "bob" {
			return nil, noSuchEntity("The user with name " + n + " cannot be found.")
		}
		u := iamUser("bob")
		u.Tags = []iam.Tag{{Key: "team", Value: "payments"}}
		return &iam.GetUserResponse{User: u}, nil
	})
	b.on("iam:ListGroupsForUser", opReturns(&iam.ListGroupsForUserResponse{Groups: []iam.Group{{GroupName: "developers"}}}))
	b.on("iam:ListGroups", opReturns(&iam.ListGroupsResponse{Groups: []iam.Group{{GroupName: "developers"}, {GroupName: "admins"}}}))
	b.on("iam:ListAttachedUserPolicies", opReturns(&iam.ListAttachedUserPoliciesResponse{AttachedPolicies: []iam.AttachedPolicy{{PolicyName: "ReadOnlyAccess", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}}}))
	b.on("iam:ListUserPolicies", opReturns(&iam.ListUserPoliciesResponse{PolicyNames: []string{"s3-scratch"}}))
	b.on("iam:ListAccessKeys", opReturns(&iam.ListAccessKeysResponse{AccessKeyMetadata: []iam.AccessKeyMetadata{
		{UserName: "bob", AccessKeyId: "AKIABOBONE", Status: "Active", CreateDate: &created},
		{UserName: "bob", AccessKeyId: "AKIABOBTWO", Status: "Inactive", CreateDate: &created},
	}}))
	b.on("iam:GetAccessKeyLastUsed", func(_ *principal.Principal, in any) (any, error) {
		if in.(*iam.GetAccessKeyLastUsedRequest).AccessKeyId == "AKIABOBONE" {
			return &iam.GetAccessKeyLastUsedResponse{UserName: "bob", AccessKeyLastUsed: &iam.AccessKeyLastUsed{LastUsedDate: &used, ServiceName: "sts", Region: "eu-west-1"}}, nil
		}
		return &iam.GetAccessKeyLastUsedResponse{UserName: "bob", AccessKeyLastUsed: &iam.AccessKeyLastUsed{ServiceName: "N/A", Region: "N/A"}}, nil
	})
	b.on("iam:ListMFADevices", opReturns(&iam.ListMFADevicesResponse{MFADevices: []iam.MFADevice{{UserName: "bob", SerialNumber: "arn:aws:iam::123456789012:mfa/bob-phone", EnableDate: created}}}))
	b.on("iam:GetLoginProfile", opReturns(&iam.GetLoginProfileResponse{LoginProfile: iam.LoginProfile{UserName: "bob", CreateDate: created, PasswordResetRequired: &yes}}))
}

func TestUsersList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		query      string
		refuse     bool
		wantStatus int
		want, not  []string
	}{
		{name: "all users over two pages", wantStatus: http.StatusOK,
			want: []string{`href="/console/users/alice"`, `href="/console/users/Bob"`, `href="/console/users/new/"`, "2024-05-01 12:00 UTC", "2024-05-03 12:00 UTC", `href="/console/users/new"`, "3 users"}},
		{name: "search is a case-insensitive part of the name", query: "OB", wantStatus: http.StatusOK,
			want: []string{`href="/console/users/Bob"`, "1 user matching"}, not: []string{`href="/console/users/alice"`}},
		{name: "no match", query: "zed", wantStatus: http.StatusOK, want: []string{"No users match."}},
		{name: "refused", refuse: true, wantStatus: http.StatusForbidden,
			want: []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListUsers"}, not: []string{"<table"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			if !tt.refuse {
				truncated := true
				lastUsed := created.Add(48 * time.Hour)
				bob := iamUser("Bob")
				bob.PasswordLastUsed = &lastUsed
				tc.backend.on("iam:ListUsers", func(_ *principal.Principal, in any) (any, error) {
					if in.(*iam.ListUsersRequest).Marker == "" {
						return &iam.ListUsersResponse{Users: []iam.User{iamUser("alice"), bob}, IsTruncated: &truncated, Marker: "page2"}, nil
					}
					return &iam.ListUsersResponse{Users: []iam.User{iamUser("new")}}, nil
				})
			}
			status, body := tc.get(tc.aliceClient(), "/console/users?q="+url.QueryEscape(tt.query))
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", status, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page has %q", n)
				}
			}
			if !tt.refuse {
				calls := tc.backend.called("iam:ListUsers")
				if len(calls) != 2 || calls[1].In.(*iam.ListUsersRequest).Marker != "page2" {
					t.Errorf("ListUsers calls %+v, want two, the second at page2", calls)
				}
			}
		})
	}
}

func TestUserDetail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		path       string
		change     func(b *fakeBackend)
		wantStatus int
		want, not  []string
	}{
		{name: "every section", path: "/console/users/bob", wantStatus: http.StatusOK, want: []string{
			"arn:aws:iam::123456789012:user/bob", "<code>team</code> = <code>payments</code>",
			`href="/console/groups/developers"`, `<option value="admins">admins</option>`,
			"ReadOnlyAccess", "s3-scratch",
			`data-testid="key-AKIABOBONE"`, "2024-05-03 12:00 UTC", "sts in eu-west-1", `>Deactivate<`, `>Activate<`,
			"arn:aws:iam::123456789012:mfa/bob-phone",
			`data-testid="password-reset-required"`, "Reset password",
			`action="/console/users/bob/access-keys/AKIABOBONE/status"`, `action="/console/users/bob/delete"`,
		}, not: []string{`<option value="developers">`}},
		{name: "no console password", path: "/console/users/bob", wantStatus: http.StatusOK,
			change: func(b *fakeBackend) {
				b.on("iam:GetLoginProfile", opFails(noSuchEntity("Login Profile for User bob cannot be found.")))
			},
			want: []string{"No console password", `name="create" value="1"`, "Enable console access"}},
		{name: "a refused section shows its error, the others render", path: "/console/users/bob", wantStatus: http.StatusForbidden,
			change: func(b *fakeBackend) {
				b.on("iam:ListAccessKeys", opFails(awserr.AccessDenied("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ListAccessKeys on resource: user bob")))
				b.on("iam:ListGroups", nil)
			},
			want: []string{`data-testid="error-keys"`, "iam:ListAccessKeys on resource: user bob", "s3-scratch", "bob-phone",
				`data-testid="error-all-groups"`, `<input type="text" id="group-add"`}},
		{name: "no such user", path: "/console/users/carol", wantStatus: http.StatusNotFound,
			want: []string{"NoSuchEntity", "The user with name carol cannot be found."}, not: []string{"Access keys"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			seedUser(tc.backend)
			if tt.change != nil {
				tt.change(tc.backend)
			}
			status, body := tc.get(tc.aliceClient(), tt.path)
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", status, tt.wantStatus, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("page has %q", n)
				}
			}
		})
	}
}

func TestUserActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		path     string
		form     url.Values
		op       string
		wantIn   any
		location string
	}{
		{"deactivate a key", "/console/users/bob/access-keys/AKIABOBONE/status", url.Values{"status": {"Inactive"}},
			"iam:UpdateAccessKey", &iam.UpdateAccessKeyRequest{UserName: "bob", AccessKeyId: "AKIABOBONE", Status: "Inactive"}, "/console/users/bob?notice=key-deactivated"},
		{"activate a key", "/console/users/bob/access-keys/AKIABOBTWO/status", url.Values{"status": {"Active"}},
			"iam:UpdateAccessKey", &iam.UpdateAccessKeyRequest{UserName: "bob", AccessKeyId: "AKIABOBTWO", Status: "Active"}, "/console/users/bob?notice=key-activated"},
		{"delete a key", "/console/users/bob/access-keys/AKIABOBONE/delete", nil,
			"iam:DeleteAccessKey", &iam.DeleteAccessKeyRequest{UserName: "bob", AccessKeyId: "AKIABOBONE"}, "/console/users/bob?notice=key-deleted"},
		{"add to a group", "/console/users/bob/groups/add", url.Values{"group": {"admins"}},
			"iam:AddUserToGroup", &iam.AddUserToGroupRequest{UserName: "bob", GroupName: "admins"}, "/console/users/bob?notice=group-added"},
		{"remove from a group", "/console/users/bob/groups/remove", url.Values{"group": {"developers"}},
			"iam:RemoveUserFromGroup", &iam.RemoveUserFromGroupRequest{UserName: "bob", GroupName: "developers"}, "/console/users/bob?notice=group-removed"},
		{"attach a policy", "/console/users/bob/policies/attach", url.Values{"arn": {" arn:aws:iam::aws:policy/IAMReadOnlyAccess "}},
			"iam:AttachUserPolicy", &iam.AttachUserPolicyRequest{UserName: "bob", PolicyArn: "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}, "/console/users/bob?notice=policy-attached"},
		{"detach a policy", "/console/users/bob/policies/detach", url.Values{"arn": {"arn:aws:iam::aws:policy/ReadOnlyAccess"}},
			"iam:DetachUserPolicy", &iam.DetachUserPolicyRequest{UserName: "bob", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "/console/users/bob?notice=policy-detached"},
		{"type a new password", "/console/users/bob/password", url.Values{"password_type": {"custom"}, "password": {"Typed-Passw0rd!"}},
			"iam:UpdateLoginProfile", &iam.UpdateLoginProfileRequest{UserName: "bob", Password: "Typed-Passw0rd!", PasswordResetRequired: new(bool)}, "/console/users/bob?notice=password-set"},
		{"delete the user", "/console/users/bob/delete", nil,
			"iam:DeleteUser", &iam.DeleteUserRequest{UserName: "bob"}, "/console/users?notice=user-deleted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			seedUser(tc.backend)
			client, s := tc.signedInClient(alice)

			// Refused: the user's page with AWS's reason, status 403.
			status, _, body := tc.post(client, s, tt.path, tt.form)
			if status != http.StatusForbidden || !strings.Contains(body, "<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "+tt.op) {
				t.Errorf("refused: status %d, want 403 with AccessDenied\n%s", status, body)
			}
			if !strings.Contains(body, `data-testid="user-summary"`) {
				t.Error("refused: the user's page is not shown")
			}

			// Allowed: the operation with the form's input, then the page.
			tc.backend.on(tt.op, opReturns(nil))
			status, location, _ := tc.post(client, s, tt.path, tt.form)
			if status != http.StatusSeeOther || location != tt.location {
				t.Errorf("allowed: %d to %q, want 303 to %q", status, location, tt.location)
			}
			calls := tc.backend.called(tt.op)
			if len(calls) != 2 || !reflect.DeepEqual(calls[1].In, tt.wantIn) {
				t.Errorf("calls %+v, want the second with %+v", calls, tt.wantIn)
			}

			// Without the CSRF token nothing is called.
			status, _, _ = tc.post(client, s, tt.path, url.Values{"csrf": {"forged"}})
			if status != http.StatusForbidden || len(tc.backend.called(tt.op)) != 2 {
				t.Errorf("forged CSRF: status %d, calls %d", status, len(tc.backend.called(tt.op)))
			}

			// Signed out: to the sign-in page.
			res, err := (&http.Client{CheckRedirect: client.CheckRedirect}).PostForm(tc.server.URL+tt.path, url.Values{"csrf": {s.CSRF}})
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
				t.Errorf("signed out: %d to %q", res.StatusCode, res.Header.Get("Location"))
			}
		})
	}
}

func TestUserDeleteConflict(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedUser(tc.backend)
	const msg = "Cannot delete entity, must delete access keys first."
	tc.backend.on("iam:DeleteUser", opFails(awserr.New("DeleteConflict", 409, msg)))
	client, s := tc.signedInClient(alice)
	status, _, body := tc.post(client, s, "/console/users/bob/delete", nil)
	if status != http.StatusConflict || !strings.Contains(body, "<strong>DeleteConflict</strong>: "+msg) {
		t.Errorf("status %d, want 409 with AWS's message\n%s", status, body)
	}
	if n := len(tc.backend.called("iam:DeleteUser")); n != 1 {
		t.Errorf("DeleteUser called %d times", n)
	}
}
