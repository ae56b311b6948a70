package iam

import (
	"testing"
)

const allowAllDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

// authFixture is account A with one of everything GetAccountAuthorizationDetails reports.
func authFixture(t *testing.T) (*identityFixture, string) {
	t.Helper()
	f := newIdentityFixture(t)
	local := f.createCustomerPolicy(t, accountA, "/", "local")
	_, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: local, PolicyDocument: allowAllDoc})
	mustOK(t, err)
	steps := []error{
		func() error { _, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"}); return err }(),
		func() error {
			_, err := f.svc.AddUserToGroup(f.rootA, &AddUserToGroupRequest{GroupName: "devs", UserName: "alice"})
			return err
		}(),
		func() error {
			_, err := f.svc.PutUserPolicy(f.rootA, &PutUserPolicyRequest{UserName: "alice", PolicyName: "inline", PolicyDocument: allowAllDoc})
			return err
		}(),
		func() error {
			_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: local})
			return err
		}(),
		func() error {
			_, err := f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: []Tag{{Key: "team", Value: "a"}}})
			return err
		}(),
		func() error {
			_, err := f.svc.PutGroupPolicy(f.rootA, &PutGroupPolicyRequest{GroupName: "devs", PolicyName: "g", PolicyDocument: allowAllDoc})
			return err
		}(),
	}
	for _, err := range steps {
		mustOK(t, err)
	}
	f.createRole(t, accountA, "app")
	for _, err := range []error{
		func() error {
			_, err := f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "app", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"})
			return err
		}(),
		func() error {
			_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "web"})
			return err
		}(),
		func() error {
			_, err := f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "web", RoleName: "app"})
			return err
		}(),
	} {
		mustOK(t, err)
	}
	return f, local
}

func TestGetAccountAuthorizationDetails(t *testing.T) {
	t.Parallel()
	f, local := authFixture(t)
	out, err := f.svc.GetAccountAuthorizationDetails(f.rootA, &GetAccountAuthorizationDetailsRequest{})
	mustOK(t, err)
	if *out.IsTruncated || len(out.UserDetailList) != 1 || len(out.GroupDetailList) != 1 || len(out.RoleDetailList) != 1 {
		t.Fatalf("details = %+v", out)
	}
	u := out.UserDetailList[0]
	if u.UserName != "alice" || len(u.UserPolicyList) != 1 || u.UserPolicyList[0].PolicyDocument != allowAllDoc ||
		len(u.GroupList) != 1 || u.GroupList[0] != "devs" || len(u.AttachedManagedPolicies) != 1 ||
		u.AttachedManagedPolicies[0].PolicyArn != local || len(u.Tags) != 1 {
		t.Fatalf("user = %+v", u)
	}
	g := out.GroupDetailList[0]
	if g.GroupName != "devs" || len(g.GroupPolicyList) != 1 || g.GroupPolicyList[0].PolicyName != "g" {
		t.Fatalf("group = %+v", g)
	}
	r := out.RoleDetailList[0]
	if r.RoleName != "app" || r.AssumeRolePolicyDocument == "" || len(r.InstanceProfileList) != 1 ||
		r.InstanceProfileList[0].InstanceProfileName != "web" || len(r.AttachedManagedPolicies) != 1 ||
		r.AttachedManagedPolicies[0].PolicyName != "ReadOnlyAccess" || r.RoleLastUsed == nil {
		t.Fatalf("role = %+v", r)
	}
	// The local policy with both versions, and the one AWS managed policy
	// attached in the account (not AWS's whole catalog), ordered by name.
	if len(out.Policies) != 2 || out.Policies[0].PolicyName != "local" || out.Policies[1].PolicyName != "ReadOnlyAccess" {
		t.Fatalf("policies = %+v", out.Policies)
	}
	lp := out.Policies[0]
	if len(lp.PolicyVersionList) != 2 || lp.PolicyVersionList[0].Document == "" || *lp.AttachmentCount != 1 || lp.DefaultVersionId != "v1" {
		t.Fatalf("local policy = %+v", lp)
	}
	if aws := out.Policies[1]; aws.Arn != "arn:aws:iam::aws:policy/ReadOnlyAccess" || len(aws.PolicyVersionList) != 1 ||
		!*aws.PolicyVersionList[0].IsDefaultVersion || *aws.AttachmentCount != 1 {
		t.Fatalf("aws policy = %+v", aws)
	}
	// Account B sees none of it.
	other, err := f.svc.GetAccountAuthorizationDetails(f.rootB, &GetAccountAuthorizationDetailsRequest{})
	mustOK(t, err)
	if len(other.UserDetailList)+len(other.GroupDetailList)+len(other.RoleDetailList)+len(other.Policies) != 0 {
		t.Fatalf("B sees %+v", other)
	}
}

func TestGetAccountAuthorizationDetailsFilter(t *testing.T) {
	t.Parallel()
	f, _ := authFixture(t)
	for _, tc := range []struct {
		filter                        []string
		users, groups, roles, managed int
	}{
		{nil, 1, 1, 1, 2},
		{[]string{"User"}, 1, 0, 0, 0},
		{[]string{"Group", "Role"}, 0, 1, 1, 0},
		{[]string{"LocalManagedPolicy"}, 0, 0, 0, 1},
		{[]string{"AWSManagedPolicy"}, 0, 0, 0, 1},
	} {
		out, err := f.svc.GetAccountAuthorizationDetails(f.rootA, &GetAccountAuthorizationDetailsRequest{Filter: tc.filter})
		mustOK(t, err)
		got := []int{len(out.UserDetailList), len(out.GroupDetailList), len(out.RoleDetailList), len(out.Policies)}
		want := []int{tc.users, tc.groups, tc.roles, tc.managed}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("filter %v: counts %v, want %v", tc.filter, got, want)
				break
			}
		}
	}
}

func TestGetAccountAuthorizationDetailsPaging(t *testing.T) {
	t.Parallel()
	f, _ := authFixture(t)
	one := int32(2)
	var seen []string
	marker := ""
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		out, err := f.svc.GetAccountAuthorizationDetails(f.rootA, &GetAccountAuthorizationDetailsRequest{MaxItems: &one, Marker: marker})
		mustOK(t, err)
		n := len(out.UserDetailList) + len(out.GroupDetailList) + len(out.RoleDetailList) + len(out.Policies)
		if n > 2 {
			t.Fatalf("page of %d entities with MaxItems 2", n)
		}
		for _, u := range out.UserDetailList {
			seen = append(seen, "user:"+u.UserName)
		}
		for _, g := range out.GroupDetailList {
			seen = append(seen, "group:"+g.GroupName)
		}
		for _, r := range out.RoleDetailList {
			seen = append(seen, "role:"+r.RoleName)
		}
		for _, p := range out.Policies {
			seen = append(seen, "policy:"+p.PolicyName)
		}
		if !*out.IsTruncated {
			if out.Marker != "" {
				t.Fatalf("last page has marker %q", out.Marker)
			}
			break
		}
		marker = out.Marker
	}
	want := "user:alice group:devs role:app policy:local policy:ReadOnlyAccess"
	if got := joinFields(seen); got != want {
		t.Fatalf("entities = %s, want %s", got, want)
	}
	_, err := f.svc.GetAccountAuthorizationDetails(f.rootA, &GetAccountAuthorizationDetailsRequest{Marker: "bogus"})
	wantAWSError(t, err, "ValidationError", msgInvalidMarker)
}

func joinFields(s []string) string {
	out := ""
	for i, f := range s {
		if i > 0 {
			out += " "
		}
		out += f
	}
	return out
}
