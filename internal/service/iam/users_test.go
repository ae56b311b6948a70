package iam

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

func TestCreateUser(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	customer := f.createCustomerPolicy(t, accountA, "/bounds/", "Boundary")
	foreign := f.createCustomerPolicy(t, accountB, "/", "Foreign")
	tests := []struct {
		name     string
		in       CreateUserRequest
		wantARN  string
		wantTags []Tag
		wantPB   string
		code     string
		msg      string
	}{
		{name: "default path", in: CreateUserRequest{UserName: "Bob"},
			wantARN: "arn:aws:iam::111111111111:user/Bob"},
		{name: "path is part of the ARN", in: CreateUserRequest{UserName: "Carol", Path: "/division_abc/subdivision_xyz/"},
			wantARN: "arn:aws:iam::111111111111:user/division_abc/subdivision_xyz/Carol"},
		{name: "tags come back sorted", in: CreateUserRequest{UserName: "Dan", Tags: []Tag{{Key: "team", Value: "x"}, {Key: "Env", Value: ""}}},
			wantARN: "arn:aws:iam::111111111111:user/Dan", wantTags: []Tag{{Key: "Env"}, {Key: "team", Value: "x"}}},
		{name: "AWS managed boundary", in: CreateUserRequest{UserName: "Erin", PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess"},
			wantARN: "arn:aws:iam::111111111111:user/Erin", wantPB: "arn:aws:iam::aws:policy/ReadOnlyAccess"},
		{name: "customer boundary", in: CreateUserRequest{UserName: "Finn", PermissionsBoundary: customer},
			wantARN: "arn:aws:iam::111111111111:user/Finn", wantPB: customer},
		{name: "name taken, any case", in: CreateUserRequest{UserName: "ALICE"},
			code: "EntityAlreadyExists", msg: "User with name ALICE already exists."},
		{name: "reserved tag prefix", in: CreateUserRequest{UserName: "g1", Tags: []Tag{{Key: "AWS:team", Value: "x"}}},
			code: "InvalidInput", msg: msgReservedTagKey},
		{name: "duplicate tag keys", in: CreateUserRequest{UserName: "g2", Tags: []Tag{{Key: "k", Value: "1"}, {Key: "K", Value: "2"}}},
			code: "InvalidInput", msg: "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{name: "unknown boundary", in: CreateUserRequest{UserName: "g3", PermissionsBoundary: "arn:aws:iam::111111111111:policy/Nope"},
			code: "NoSuchEntity", msg: "Scope ARN: arn:aws:iam::111111111111:policy/Nope does not exist or is not attachable."},
		{name: "boundary of another account", in: CreateUserRequest{UserName: "g4", PermissionsBoundary: foreign},
			code: "NoSuchEntity", msg: "Scope ARN: " + foreign + " does not exist or is not attachable."},
		{name: "boundary path must match", in: CreateUserRequest{UserName: "g5", PermissionsBoundary: "arn:aws:iam::111111111111:policy/Boundary"},
			code: "NoSuchEntity", msg: "Scope ARN: arn:aws:iam::111111111111:policy/Boundary does not exist or is not attachable."},
		{name: "unknown AWS managed boundary", in: CreateUserRequest{UserName: "g6", PermissionsBoundary: "arn:aws:iam::aws:policy/NoSuchPolicy"},
			code: "NoSuchEntity", msg: "Scope ARN: arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."},
		{name: "boundary that is no ARN", in: CreateUserRequest{UserName: "g7", PermissionsBoundary: "not-an-arn-at-all-really"},
			code: "InvalidInput", msg: "ARN not-an-arn-at-all-really is not valid."},
	}
	for _, tt := range tests {
		out, err := f.svc.CreateUser(f.rootA, &tt.in)
		if tt.code != "" {
			wantAWSError(t, err, tt.code, tt.msg)
			// A failed create leaves nothing behind.
			if _, err := f.st.Users().Get(context.Background(), accountA, tt.in.UserName); tt.in.UserName != "ALICE" && err == nil {
				t.Errorf("%s: user %s was stored", tt.name, tt.in.UserName)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		u := out.User
		if u.Arn != tt.wantARN || u.UserName != tt.in.UserName || !strings.HasPrefix(u.UserId, "AIDA") || len(u.UserId) != 21 {
			t.Errorf("%s: user = %+v", tt.name, u)
		}
		if !u.CreateDate.Equal(f.now.Truncate(time.Second)) || u.CreateDate.Location() != time.UTC {
			t.Errorf("%s: CreateDate = %v, want %v at second precision in UTC", tt.name, u.CreateDate, f.now)
		}
		if len(u.Tags) != len(tt.wantTags) {
			t.Errorf("%s: tags = %v, want %v", tt.name, u.Tags, tt.wantTags)
		}
		for i := range tt.wantTags {
			if i < len(u.Tags) && u.Tags[i] != tt.wantTags[i] {
				t.Errorf("%s: tags = %v, want %v", tt.name, u.Tags, tt.wantTags)
			}
		}
		gotPB := ""
		if u.PermissionsBoundary != nil {
			gotPB = u.PermissionsBoundary.PermissionsBoundaryArn
			if u.PermissionsBoundary.PermissionsBoundaryType != "PermissionsBoundaryPolicy" {
				t.Errorf("%s: boundary type %q", tt.name, u.PermissionsBoundary.PermissionsBoundaryType)
			}
		}
		if gotPB != tt.wantPB {
			t.Errorf("%s: boundary = %q, want %q", tt.name, gotPB, tt.wantPB)
		}
	}
}

func TestCreateUserQuota(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.svc.quotas.Users = 2 // alice is the first
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "second"})
	mustOK(t, err)
	_, err = f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "third"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for UsersPerAccount: 2")
	// The quota is per account.
	_, err = f.svc.CreateUser(f.rootB, &CreateUserRequest{UserName: "third"})
	mustOK(t, err)
}

func TestGetUser(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob", Path: "/eng/", Tags: []Tag{{Key: "k", Value: "v"}}})
	mustOK(t, err)
	tests := []struct {
		name    string
		ctx     context.Context
		user    string
		wantARN string
		wantID  string
		code    string
		msg     string
	}{
		{name: "by name", ctx: f.rootA, user: "bob", wantARN: "arn:aws:iam::111111111111:user/eng/bob"},
		{name: "name is case-insensitive", ctx: f.rootA, user: "BOB", wantARN: "arn:aws:iam::111111111111:user/eng/bob"},
		{name: "a user gets itself", ctx: f.alice, wantARN: "arn:aws:iam::111111111111:user/alice"},
		{name: "the root gets the root user", ctx: f.rootA, wantARN: "arn:aws:iam::111111111111:root", wantID: accountA},
		{name: "a role must name a user", ctx: f.role, code: "ValidationError", msg: "Must specify userName when calling with non-User credentials"},
		{name: "unknown", ctx: f.rootA, user: "nobody", code: "NoSuchEntity", msg: "The user with name nobody cannot be found."},
		{name: "another account's user", ctx: f.rootB, user: "bob", code: "NoSuchEntity", msg: "The user with name bob cannot be found."},
	}
	for _, tt := range tests {
		out, err := f.svc.GetUser(tt.ctx, &GetUserRequest{UserName: tt.user})
		if tt.code != "" {
			wantAWSError(t, err, tt.code, tt.msg)
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if out.User.Arn != tt.wantARN {
			t.Errorf("%s: Arn = %q, want %q", tt.name, out.User.Arn, tt.wantARN)
		}
		if tt.wantID != "" && (out.User.UserId != tt.wantID || out.User.UserName != "" || out.User.Path != "") {
			t.Errorf("%s: root user = %+v", tt.name, out.User)
		}
	}
	out, err := f.svc.GetUser(f.rootA, &GetUserRequest{UserName: "bob"})
	mustOK(t, err)
	if len(out.User.Tags) != 1 || out.User.Tags[0] != (Tag{Key: "k", Value: "v"}) {
		t.Errorf("GetUser tags = %v", out.User.Tags)
	}
	root, err := f.svc.GetUser(f.rootA, &GetUserRequest{})
	mustOK(t, err)
	if want := f.now.Add(-time.Hour).Truncate(time.Second); !root.User.CreateDate.Equal(want) {
		t.Errorf("root CreateDate = %v, want the account's %v", root.User.CreateDate, want)
	}
}

func TestUpdateUser(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.UpdateUser(f.rootA, &UpdateUserRequest{UserName: "bob", NewUserName: "robert", NewPath: "/ops/"})
	mustOK(t, err)
	_, err = f.svc.GetUser(f.rootA, &GetUserRequest{UserName: "bob"})
	wantAWSError(t, err, "NoSuchEntity", "The user with name bob cannot be found.")
	out, err := f.svc.GetUser(f.rootA, &GetUserRequest{UserName: "robert"})
	mustOK(t, err)
	if out.User.Arn != "arn:aws:iam::111111111111:user/ops/robert" {
		t.Errorf("renamed Arn = %q", out.User.Arn)
	}
	// Only the path.
	_, err = f.svc.UpdateUser(f.rootA, &UpdateUserRequest{UserName: "robert", NewPath: "/"})
	mustOK(t, err)
	out, err = f.svc.GetUser(f.rootA, &GetUserRequest{UserName: "robert"})
	mustOK(t, err)
	if out.User.Arn != "arn:aws:iam::111111111111:user/robert" {
		t.Errorf("moved Arn = %q", out.User.Arn)
	}
	tests := []struct {
		name      string
		ctx       context.Context
		in        UpdateUserRequest
		code, msg string
	}{
		{"new name taken", f.rootA, UpdateUserRequest{UserName: "robert", NewUserName: "Alice"}, "EntityAlreadyExists", "User with name Alice already exists."},
		{"unknown", f.rootA, UpdateUserRequest{UserName: "ghost", NewPath: "/x/"}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"another account", f.rootB, UpdateUserRequest{UserName: "robert", NewUserName: "x"}, "NoSuchEntity", "The user with name robert cannot be found."},
	}
	for _, tt := range tests {
		_, err := f.svc.UpdateUser(tt.ctx, &tt.in)
		wantAWSError(t, err, tt.code, tt.msg)
	}
}

// TestDeleteUserConflicts removes a user's dependents one by one and
// checks that DeleteUser names each in AWS's documented order.
func TestDeleteUserConflicts(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	ctx := context.Background()
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob", Tags: []Tag{{Key: "k", Value: "v"}}})
	mustOK(t, err)
	u, err := f.st.Users().Get(ctx, accountA, "bob")
	mustOK(t, err)
	owner := store.Owner{AccountID: accountA, Kind: store.OwnerUser, ID: u.ID}
	_, err = f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	mustOK(t, f.svc.addUserToGroupOK(f.rootA, "devs", "bob"))
	mustOK(t, f.st.Attachments().Attach(ctx, &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, 10))
	mustOK(t, f.st.InlinePolicies().Put(ctx, &store.InlinePolicy{Owner: owner, Name: "inline", Document: `{"Version":"2012-10-17","Statement":[]}`}, 0, 0))
	key, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "bob", Password: "correct horse battery"})
	mustOK(t, err)

	steps := []struct {
		want   string
		remove func() error
	}{
		{msgMustDeleteLoginProfile, func() error {
			_, err := f.svc.DeleteLoginProfile(f.rootA, &DeleteLoginProfileRequest{UserName: "bob"})
			return err
		}},
		{msgMustDeleteAccessKeys, func() error {
			_, err := f.svc.DeleteAccessKey(f.rootA, &DeleteAccessKeyRequest{UserName: "bob", AccessKeyId: key.AccessKey.AccessKeyId})
			return err
		}},
		{msgMustDeletePolicies, func() error { return f.st.InlinePolicies().Delete(ctx, owner, "inline") }},
		{msgMustDetachPolicies, func() error {
			return f.st.Attachments().Detach(ctx, &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"})
		}},
		{msgMustRemoveFromGroup, func() error {
			_, err := f.svc.RemoveUserFromGroup(f.rootA, &RemoveUserFromGroupRequest{GroupName: "devs", UserName: "bob"})
			return err
		}},
	}
	for _, step := range steps {
		_, err := f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "bob"})
		wantAWSError(t, err, "DeleteConflict", step.want)
		mustOK(t, step.remove())
	}
	_, err = f.svc.DeleteUser(f.rootB, &DeleteUserRequest{UserName: "bob"})
	wantAWSError(t, err, "NoSuchEntity", "The user with name bob cannot be found.")
	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "bob"})
	wantAWSError(t, err, "NoSuchEntity", "The user with name bob cannot be found.")
	// A new user of the same name starts without the old one's tags.
	_, err = f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	tags, err := f.svc.ListUserTags(f.rootA, &ListUserTagsRequest{UserName: "bob"})
	mustOK(t, err)
	if len(tags.Tags) != 0 {
		t.Errorf("recreated user has tags %v", tags.Tags)
	}
}

// addUserToGroupOK adds a member, discarding the empty output.
func (s *Service) addUserToGroupOK(ctx context.Context, group, user string) error {
	_, err := s.AddUserToGroup(ctx, &AddUserToGroupRequest{GroupName: group, UserName: user})
	return err
}

func TestListUsersPaginationAndIsolation(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	for _, u := range []struct{ name, path string }{
		{"bob", "/eng/"}, {"Carol", "/eng/backend/"}, {"dave", "/"}, {"erin", "/sales/"},
	} {
		_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: u.name, Path: u.path, PermissionsBoundary: "arn:aws:iam::aws:policy/ReadOnlyAccess", Tags: []Tag{{Key: "k", Value: "v"}}})
		mustOK(t, err)
	}
	_, err := f.svc.CreateUser(f.rootB, &CreateUserRequest{UserName: "zed"})
	mustOK(t, err)

	tests := []struct {
		name     string
		ctx      context.Context
		prefix   string
		maxItems int32
		want     []string
	}{
		{"all of A, two a page", f.rootA, "", 2, []string{"alice", "bob", "Carol", "dave", "erin"}},
		{"all of A, one page", f.rootA, "/", 100, []string{"alice", "bob", "Carol", "dave", "erin"}},
		{"path prefix", f.rootA, "/eng/", 1, []string{"bob", "Carol"}},
		{"account B sees only its own", f.rootB, "", 2, []string{"zed"}},
	}
	for _, tt := range tests {
		var got []string
		marker, pages := "", 0
		for {
			max := tt.maxItems
			out, err := f.svc.ListUsers(tt.ctx, &ListUsersRequest{PathPrefix: tt.prefix, Marker: marker, MaxItems: &max})
			mustOK(t, err)
			pages++
			if len(out.Users) > int(max) {
				t.Fatalf("%s: page of %d > MaxItems %d", tt.name, len(out.Users), max)
			}
			for _, u := range out.Users {
				if u.PermissionsBoundary != nil || u.Tags != nil {
					t.Errorf("%s: listing carries boundary or tags: %+v", tt.name, u)
				}
				got = append(got, u.UserName)
			}
			if out.IsTruncated == nil {
				t.Fatalf("%s: IsTruncated missing", tt.name)
			}
			if !*out.IsTruncated {
				if out.Marker != "" {
					t.Errorf("%s: Marker %q on the last page", tt.name, out.Marker)
				}
				break
			}
			marker = out.Marker
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("%s: users = %v, want %v", tt.name, got, tt.want)
		}
		if min := (len(tt.want) + int(tt.maxItems) - 1) / int(tt.maxItems); pages < min {
			t.Errorf("%s: %d pages, want at least %d", tt.name, pages, min)
		}
	}
}

// TestIdentityOperationsDeclared checks the registry entries: every
// operation has a resource, reads are marked read-only, and resources
// carry paths.
func TestIdentityOperationsDeclared(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob", Path: "/division_abc/subdivision_xyz/"})
	mustOK(t, err)
	ops := map[string]bool{}
	var all []string
	for _, fam := range []func() []service.Operation{
		f.svc.userOperations, f.svc.userTagOperations, f.svc.groupOperations,
		f.svc.accessKeyOperations, f.svc.loginProfileOperations, f.svc.instanceProfileOperations,
	} {
		for _, op := range fam() {
			if op.Resource == nil {
				t.Errorf("%s has no resource", op.Name)
			}
			ops[op.Name] = op.ReadOnly
			all = append(all, op.Name)
		}
	}
	if len(all) != 35 {
		t.Errorf("%d operations declared, want 35: %v", len(all), all)
	}
	for name, ro := range ops {
		wantRO := strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List")
		if ro != wantRO {
			t.Errorf("%s: ReadOnly = %v, want %v", name, ro, wantRO)
		}
	}
	p := principal.FromContext(f.rootA)
	byName := map[string]service.Operation{}
	for _, op := range f.svc.userOperations() {
		byName[op.Name] = op
	}
	tests := []struct {
		op   string
		in   any
		want string
	}{
		{"CreateUser", &CreateUserRequest{UserName: "Bob", Path: "/division_abc/subdivision_xyz/"}, "arn:aws:iam::111111111111:user/division_abc/subdivision_xyz/Bob"},
		{"GetUser", &GetUserRequest{UserName: "BOB"}, "arn:aws:iam::111111111111:user/division_abc/subdivision_xyz/bob"},
		{"GetUser", &GetUserRequest{}, "arn:aws:iam::111111111111:root"},
		{"DeleteUser", &DeleteUserRequest{UserName: "ghost"}, "arn:aws:iam::111111111111:user/ghost"},
		{"ListUsers", &ListUsersRequest{}, "arn:aws:iam::111111111111:user/"},
		{"ListUsers", &ListUsersRequest{PathPrefix: "/eng/"}, "arn:aws:iam::111111111111:user/eng/"},
	}
	for _, tt := range tests {
		if got := byName[tt.op].Resource(p, tt.in); got != tt.want {
			t.Errorf("%s resource = %q, want %q", tt.op, got, tt.want)
		}
	}
}
