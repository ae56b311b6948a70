package iam

import (
	"context"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

func TestGroupLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "Admins", Path: "/ops/"})
	mustOK(t, err)
	g := out.Group
	if g.Arn != "arn:aws:iam::111111111111:group/ops/Admins" || !strings.HasPrefix(g.GroupId, "AGPA") || g.Path != "/ops/" {
		t.Errorf("created group = %+v", g)
	}
	_, err = f.svc.UpdateGroup(f.rootA, &UpdateGroupRequest{GroupName: "admins", NewGroupName: "Operators", NewPath: "/"})
	mustOK(t, err)
	got, err := f.svc.GetGroup(f.rootA, &GetGroupRequest{GroupName: "operators"})
	mustOK(t, err)
	if got.Group.Arn != "arn:aws:iam::111111111111:group/Operators" || got.Group.GroupId != g.GroupId || got.Users == nil || len(got.Users) != 0 {
		t.Errorf("renamed group = %+v users %v", got.Group, got.Users)
	}
	if got.IsTruncated == nil || *got.IsTruncated {
		t.Errorf("IsTruncated = %v", got.IsTruncated)
	}
	_, err = f.svc.DeleteGroup(f.rootA, &DeleteGroupRequest{GroupName: "Operators"})
	mustOK(t, err)
	_, err = f.svc.GetGroup(f.rootA, &GetGroupRequest{GroupName: "Operators"})
	wantAWSError(t, err, "NoSuchEntity", "The group with name Operators cannot be found.")
}

func TestGroupErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	_, err = f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "ops"})
	mustOK(t, err)
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"create taken, any case", func() error {
			_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "DEVS"})
			return err
		}, "EntityAlreadyExists", "Group with name DEVS already exists."},
		{"rename onto another", func() error {
			_, err := f.svc.UpdateGroup(f.rootA, &UpdateGroupRequest{GroupName: "devs", NewGroupName: "Ops"})
			return err
		}, "EntityAlreadyExists", "Group with name Ops already exists."},
		{"update unknown", func() error {
			_, err := f.svc.UpdateGroup(f.rootA, &UpdateGroupRequest{GroupName: "nope", NewPath: "/x/"})
			return err
		}, "NoSuchEntity", "The group with name nope cannot be found."},
		{"delete unknown", func() error {
			_, err := f.svc.DeleteGroup(f.rootA, &DeleteGroupRequest{GroupName: "nope"})
			return err
		}, "NoSuchEntity", "The group with name nope cannot be found."},
		{"another account's group", func() error {
			_, err := f.svc.GetGroup(f.rootB, &GetGroupRequest{GroupName: "devs"})
			return err
		}, "NoSuchEntity", "The group with name devs cannot be found."},
		{"add to unknown group", func() error {
			return f.svc.addUserToGroupOK(f.rootA, "nope", "alice")
		}, "NoSuchEntity", "The group with name nope cannot be found."},
		{"add unknown user", func() error {
			return f.svc.addUserToGroupOK(f.rootA, "devs", "ghost")
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"add another account's user", func() error {
			return f.svc.addUserToGroupOK(f.rootB, "devs", "alice")
		}, "NoSuchEntity", "The group with name devs cannot be found."},
		{"remove a non-member", func() error {
			_, err := f.svc.RemoveUserFromGroup(f.rootA, &RemoveUserFromGroupRequest{GroupName: "devs", UserName: "alice"})
			return err
		}, "NoSuchEntity", "The user with name alice cannot be found."},
		{"groups of an unknown user", func() error {
			_, err := f.svc.ListGroupsForUser(f.rootA, &ListGroupsForUserRequest{UserName: "ghost"})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantAWSError(t, tt.call(), tt.code, tt.msg) })
	}
}

func TestGroupQuotas(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.svc.quotas.Groups = 2
	f.svc.quotas.GroupsPerUser = 1
	for _, name := range []string{"g1", "g2"} {
		_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: name})
		mustOK(t, err)
	}
	_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "g3"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for GroupsPerAccount: 2")
	mustOK(t, f.svc.addUserToGroupOK(f.rootA, "g1", "alice"))
	// Adding a member again is not an error and takes no more quota.
	mustOK(t, f.svc.addUserToGroupOK(f.rootA, "G1", "ALICE"))
	wantAWSError(t, f.svc.addUserToGroupOK(f.rootA, "g2", "alice"), "LimitExceeded", "Cannot exceed quota for GroupsPerUser: 1")
}

func TestGroupMembershipAndPaging(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	names := []string{"u1", "u2", "u3", "u4", "u5"}
	for _, n := range names {
		_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: n, Path: "/team/"})
		mustOK(t, err)
	}
	for _, g := range []string{"alpha", "beta", "gamma"} {
		_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: g})
		mustOK(t, err)
		mustOK(t, f.svc.addUserToGroupOK(f.rootA, g, "u1"))
	}
	for _, n := range names {
		mustOK(t, f.svc.addUserToGroupOK(f.rootA, "alpha", n))
	}
	// GetGroup pages its users, two at a time.
	var members []string
	marker := ""
	for {
		two := int32(2)
		out, err := f.svc.GetGroup(f.rootA, &GetGroupRequest{GroupName: "alpha", Marker: marker, MaxItems: &two})
		mustOK(t, err)
		for _, u := range out.Users {
			if u.Arn != userARN(accountA, "/team/", u.UserName) {
				t.Errorf("member Arn = %q", u.Arn)
			}
			members = append(members, u.UserName)
		}
		if !*out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if strings.Join(members, ",") != strings.Join(names, ",") {
		t.Errorf("members = %v, want %v", members, names)
	}
	// ListGroupsForUser pages too.
	var groups []string
	marker = ""
	for {
		one := int32(1)
		out, err := f.svc.ListGroupsForUser(f.rootA, &ListGroupsForUserRequest{UserName: "u1", Marker: marker, MaxItems: &one})
		mustOK(t, err)
		for _, g := range out.Groups {
			groups = append(groups, g.GroupName)
		}
		if !*out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if strings.Join(groups, ",") != "alpha,beta,gamma" {
		t.Errorf("groups of u1 = %v", groups)
	}
	// A group with members cannot go.
	_, err := f.svc.DeleteGroup(f.rootA, &DeleteGroupRequest{GroupName: "beta"})
	wantAWSError(t, err, "DeleteConflict", "Cannot delete entity, must remove users from group first.")
	_, err = f.svc.RemoveUserFromGroup(f.rootA, &RemoveUserFromGroupRequest{GroupName: "beta", UserName: "u1"})
	mustOK(t, err)
	// Nor one with policies.
	g, err := f.st.Groups().Get(context.Background(), accountA, "beta")
	mustOK(t, err)
	owner := store.Owner{AccountID: accountA, Kind: store.OwnerGroup, ID: g.ID}
	mustOK(t, f.st.Attachments().Attach(context.Background(), &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}, 10))
	_, err = f.svc.DeleteGroup(f.rootA, &DeleteGroupRequest{GroupName: "beta"})
	wantAWSError(t, err, "DeleteConflict", "Cannot delete entity, must detach all policies first.")
	mustOK(t, f.st.Attachments().Detach(context.Background(), &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}))
	_, err = f.svc.DeleteGroup(f.rootA, &DeleteGroupRequest{GroupName: "beta"})
	mustOK(t, err)

	// ListGroups filters by path and stays in the account.
	_, err = f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "pathed", Path: "/x/"})
	mustOK(t, err)
	_, err = f.svc.CreateGroup(f.rootB, &CreateGroupRequest{GroupName: "other"})
	mustOK(t, err)
	tests := []struct {
		name   string
		ctx    context.Context
		prefix string
		want   string
	}{
		{"all", f.rootA, "", "alpha,gamma,pathed"},
		{"by path", f.rootA, "/x/", "pathed"},
		{"account B", f.rootB, "/", "other"},
	}
	for _, tt := range tests {
		out, err := f.svc.ListGroups(tt.ctx, &ListGroupsRequest{PathPrefix: tt.prefix})
		mustOK(t, err)
		var got []string
		for _, g := range out.Groups {
			got = append(got, g.GroupName)
		}
		if strings.Join(got, ",") != tt.want || *out.IsTruncated {
			t.Errorf("%s: groups = %v (truncated %v), want %s", tt.name, got, *out.IsTruncated, tt.want)
		}
	}
}
