package iam

import (
	"fmt"
	"strings"
	"testing"
)

// trustDoc is a valid trust policy, pretty-printed so tests see it
// returned byte for byte.
const trustDoc = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}`

func i32(v int32) *int32 { return &v }

func TestCreateRoleAndGetRole(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	boundary := f.createCustomerPolicy(t, accountA, "/", "Boundary")
	out, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{
		RoleName: "App", Path: "/svc/", AssumeRolePolicyDocument: trustDoc, Description: "app role",
		PermissionsBoundary: boundary, Tags: []Tag{{Key: "team", Value: "a"}},
	})
	mustOK(t, err)
	r := out.Role
	if r.Arn != "arn:aws:iam::"+accountA+":role/svc/App" || !strings.HasPrefix(r.RoleId, "AROA") ||
		r.AssumeRolePolicyDocument != trustDoc || *r.MaxSessionDuration != 3600 || r.Description != "app role" ||
		r.PermissionsBoundary.PermissionsBoundaryArn != boundary || len(r.Tags) != 1 || r.RoleLastUsed != nil {
		t.Fatalf("CreateRole = %+v", r)
	}
	got, err := f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: "app"}) // names ignore case
	mustOK(t, err)
	g := got.Role
	if g.RoleName != "App" || g.RoleId != r.RoleId || g.RoleLastUsed == nil || g.RoleLastUsed.LastUsedDate != nil ||
		g.PermissionsBoundary == nil || g.Tags[0] != (Tag{Key: "team", Value: "a"}) || !g.CreateDate.Equal(f.now.Truncate(1e9)) {
		t.Fatalf("GetRole = %+v", g)
	}
	// The boundary counts as a use of its policy.
	p, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: boundary})
	mustOK(t, err)
	if *p.Policy.PermissionsBoundaryUsageCount != 1 || *p.Policy.AttachmentCount != 0 {
		t.Fatalf("counts = %d, %d", *p.Policy.PermissionsBoundaryUsageCount, *p.Policy.AttachmentCount)
	}
	// Account B sees nothing of account A.
	_, err = f.svc.GetRole(f.rootB, &GetRoleRequest{RoleName: "App"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name App cannot be found.")
}

func TestCreateRoleErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	otherAccounts := f.createCustomerPolicy(t, accountB, "/", "TheirPolicy")
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "Taken", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	cases := []struct {
		name     string
		in       CreateRoleRequest
		code     string
		msg      string
		quotaMax int
	}{
		{name: "duplicate ignoring case", in: CreateRoleRequest{RoleName: "TAKEN", AssumeRolePolicyDocument: trustDoc},
			code: "EntityAlreadyExists", msg: "Role with name TAKEN already exists."},
		{name: "bad trust json", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: `{"Version":`},
			code: "MalformedPolicyDocument", msg: "Syntax errors in policy."},
		{name: "trust too large", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDocOfSize(t, 2049)},
			code: "LimitExceeded", msg: "Cannot exceed quota for ACLSizePerRole: 2048"},
		{name: "boundary absent", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc,
			PermissionsBoundary: "arn:aws:iam::" + accountA + ":policy/Nope"},
			code: "NoSuchEntity", msg: "Scope ARN: arn:aws:iam::" + accountA + ":policy/Nope does not exist or is not attachable."},
		{name: "boundary of another account", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc,
			PermissionsBoundary: otherAccounts},
			code: "NoSuchEntity", msg: "Scope ARN: " + otherAccounts + " does not exist or is not attachable."},
		{name: "boundary not an ARN", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc,
			PermissionsBoundary: "not-an-arn-at-all-xx"},
			code: "InvalidInput", msg: "ARN not-an-arn-at-all-xx is not valid."},
		{name: "reserved tag", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc,
			Tags: []Tag{{Key: "aws:x", Value: "v"}}},
			code: "InvalidInput", msg: msgReservedTagKey},
		{name: "role quota", in: CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc},
			code: "LimitExceeded", msg: "Cannot exceed quota for RolesPerAccount: 1", quotaMax: 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			svc := f.svc
			if c.quotaMax > 0 {
				q := DefaultQuotas()
				q.Roles = c.quotaMax
				svc = New(Config{Store: f.st, Clock: f.svc.clock, NewID: f.svc.newID, Quotas: q})
			}
			_, err := svc.CreateRole(f.rootA, &c.in)
			wantAWSError(t, err, c.code, c.msg)
		})
	}
}

func TestUpdateRoles(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc, Description: "old"})
	mustOK(t, err)

	_, err = f.svc.UpdateRole(f.rootA, &UpdateRoleRequest{RoleName: "R", MaxSessionDuration: i32(7200)})
	mustOK(t, err)
	d, err := f.svc.UpdateRoleDescription(f.rootA, &UpdateRoleDescriptionRequest{RoleName: "r", Description: "new"})
	mustOK(t, err)
	if d.Role.Description != "new" || *d.Role.MaxSessionDuration != 7200 {
		t.Fatalf("UpdateRoleDescription = %+v", d.Role)
	}
	newTrust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}`
	_, err = f.svc.UpdateAssumeRolePolicy(f.rootA, &UpdateAssumeRolePolicyRequest{RoleName: "R", PolicyDocument: newTrust})
	mustOK(t, err)
	g, err := f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: "R"})
	mustOK(t, err)
	if g.Role.AssumeRolePolicyDocument != newTrust || g.Role.Description != "new" {
		t.Fatalf("GetRole = %+v", g.Role)
	}

	_, err = f.svc.UpdateAssumeRolePolicy(f.rootA, &UpdateAssumeRolePolicyRequest{RoleName: "R", PolicyDocument: "nope"})
	wantAWSError(t, err, "MalformedPolicyDocument", "Syntax errors in policy.")
	_, err = f.svc.UpdateAssumeRolePolicy(f.rootA, &UpdateAssumeRolePolicyRequest{RoleName: "R", PolicyDocument: trustDocOfSize(t, 2049)})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048")
	_, err = f.svc.UpdateRole(f.rootB, &UpdateRoleRequest{RoleName: "R", Description: "x"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name R cannot be found.")
	_, err = f.svc.UpdateRoleDescription(f.rootA, &UpdateRoleDescriptionRequest{RoleName: "Nope", Description: "x"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name Nope cannot be found.")
}

func TestDeleteRoleConflicts(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	pol := f.createCustomerPolicy(t, accountA, "/", "P")
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	_, err = f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "IP"})
	mustOK(t, err)
	_, err = f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "IP", RoleName: "R"})
	mustOK(t, err)
	_, err = f.svc.PutRolePolicy(f.rootA, &PutRolePolicyRequest{RoleName: "R", PolicyName: "inline", PolicyDocument: permDoc})
	mustOK(t, err)
	_, err = f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "R", PolicyArn: pol})
	mustOK(t, err)

	steps := []struct {
		msg    string
		remove func() error
	}{
		{"Cannot delete entity, must remove roles from instance profile first.", func() error {
			_, err := f.svc.RemoveRoleFromInstanceProfile(f.rootA, &RemoveRoleFromInstanceProfileRequest{InstanceProfileName: "IP", RoleName: "R"})
			return err
		}},
		{"Cannot delete entity, must delete policies first.", func() error {
			_, err := f.svc.DeleteRolePolicy(f.rootA, &DeleteRolePolicyRequest{RoleName: "R", PolicyName: "inline"})
			return err
		}},
		{"Cannot delete entity, must detach all policies first.", func() error {
			_, err := f.svc.DetachRolePolicy(f.rootA, &DetachRolePolicyRequest{RoleName: "R", PolicyArn: pol})
			return err
		}},
	}
	for _, step := range steps {
		_, err := f.svc.DeleteRole(f.rootA, &DeleteRoleRequest{RoleName: "R"})
		wantAWSError(t, err, "DeleteConflict", step.msg)
		mustOK(t, step.remove())
	}
	_, err = f.svc.DeleteRole(f.rootB, &DeleteRoleRequest{RoleName: "R"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name R cannot be found.")
	_, err = f.svc.DeleteRole(f.rootA, &DeleteRoleRequest{RoleName: "R"})
	mustOK(t, err)
	_, err = f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: "R"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name R cannot be found.")
}

func TestListRolesPaging(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	for i := 0; i < 5; i++ {
		path := "/a/"
		if i%2 == 1 {
			path = "/b/"
		}
		_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: fmt.Sprintf("r%d", i), Path: path, AssumeRolePolicyDocument: trustDoc})
		mustOK(t, err)
	}
	_, err := f.svc.CreateRole(f.rootB, &CreateRoleRequest{RoleName: "other", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)

	var names []string
	marker := ""
	for pages := 0; ; pages++ {
		out, err := f.svc.ListRoles(f.rootA, &ListRolesRequest{Marker: marker, MaxItems: i32(2)})
		mustOK(t, err)
		for _, r := range out.Roles {
			if r.Tags != nil || r.RoleLastUsed != nil || r.AssumeRolePolicyDocument != trustDoc {
				t.Fatalf("listed role carries details: %+v", r)
			}
			names = append(names, r.RoleName)
		}
		if !*out.IsTruncated {
			if out.Marker != "" || pages != 2 {
				t.Fatalf("last page: marker %q after %d pages", out.Marker, pages)
			}
			break
		}
		marker = out.Marker
	}
	if strings.Join(names, ",") != "r0,r1,r2,r3,r4" {
		t.Fatalf("ListRoles = %v", names)
	}
	out, err := f.svc.ListRoles(f.rootA, &ListRolesRequest{PathPrefix: "/b/"})
	mustOK(t, err)
	if len(out.Roles) != 2 || out.Roles[0].RoleName != "r1" || out.Roles[1].RoleName != "r3" {
		t.Fatalf("ListRoles /b/ = %+v", out.Roles)
	}
}

func TestRoleTags(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "R", AssumeRolePolicyDocument: trustDoc, Tags: tagList("k", 3)})
	mustOK(t, err)
	_, err = f.svc.TagRole(f.rootA, &TagRoleRequest{RoleName: "R", Tags: []Tag{{Key: "K00", Value: "new"}, {Key: "x", Value: "y"}}})
	mustOK(t, err)
	_, err = f.svc.UntagRole(f.rootA, &UntagRoleRequest{RoleName: "R", TagKeys: []string{"k01", "absent"}})
	mustOK(t, err)
	out, err := f.svc.ListRoleTags(f.rootA, &ListRoleTagsRequest{RoleName: "R", MaxItems: i32(2)})
	mustOK(t, err)
	if len(out.Tags) != 2 || !*out.IsTruncated || out.Tags[0] != (Tag{Key: "K00", Value: "new"}) {
		t.Fatalf("ListRoleTags page 1 = %+v", out)
	}
	out2, err := f.svc.ListRoleTags(f.rootA, &ListRoleTagsRequest{RoleName: "R", Marker: out.Marker})
	mustOK(t, err)
	if len(out2.Tags) != 1 || *out2.IsTruncated || out2.Tags[0].Key != "x" {
		t.Fatalf("ListRoleTags page 2 = %+v", out2)
	}

	cases := []struct {
		name string
		call func() error
		code string
		msg  string
	}{
		{"too many", func() error {
			_, err := f.svc.TagRole(f.rootA, &TagRoleRequest{RoleName: "R", Tags: tagList("t", 48)})
			return err
		}, "LimitExceeded", msgTooManyTags},
		{"duplicate keys", func() error {
			_, err := f.svc.TagRole(f.rootA, &TagRoleRequest{RoleName: "R", Tags: []Tag{{Key: "a"}, {Key: "A"}}})
			return err
		}, "InvalidInput", msgDuplicateTagKeys},
		{"other account", func() error {
			_, err := f.svc.ListRoleTags(f.rootB, &ListRoleTagsRequest{RoleName: "R"})
			return err
		}, "NoSuchEntity", "The role with name R cannot be found."},
		{"untag absent role", func() error {
			_, err := f.svc.UntagRole(f.rootA, &UntagRoleRequest{RoleName: "Nope", TagKeys: []string{"a"}})
			return err
		}, "NoSuchEntity", "The role with name Nope cannot be found."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantAWSError(t, c.call(), c.code, c.msg)
		})
	}
}
