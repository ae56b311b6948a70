package iam

import (
	"fmt"
	"strings"
	"testing"
)

// serviceRolePolicyARN is an AWS policy reserved for service-linked roles.
const serviceRolePolicyARN = "arn:aws:iam::aws:policy/aws-service-role/APIGatewayServiceRolePolicy"

func TestAttachDetachList(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	mine := f.createCustomerPolicy(t, accountA, "/team/", "Mine")
	_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: mine})
	mustOK(t, err)
	_, err = f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "ALICE", PolicyArn: adminARN})
	mustOK(t, err)
	// Attaching twice is idempotent.
	_, err = f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: adminARN})
	mustOK(t, err)

	out, err := f.svc.ListAttachedUserPolicies(f.rootA, &ListAttachedUserPoliciesRequest{UserName: "alice", MaxItems: i32(1)})
	mustOK(t, err)
	if len(out.AttachedPolicies) != 1 || !*out.IsTruncated {
		t.Fatalf("page 1 = %+v", out)
	}
	rest, err := f.svc.ListAttachedUserPolicies(f.rootA, &ListAttachedUserPoliciesRequest{UserName: "alice", Marker: out.Marker})
	mustOK(t, err)
	all := append(out.AttachedPolicies, rest.AttachedPolicies...)
	if len(all) != 2 || *rest.IsTruncated {
		t.Fatalf("attached = %+v", all)
	}
	byARN := map[string]string{}
	for _, a := range all {
		byARN[a.PolicyArn] = a.PolicyName
	}
	if byARN[mine] != "Mine" || byARN[adminARN] != "AdministratorAccess" {
		t.Fatalf("attached = %+v", all)
	}
	team, err := f.svc.ListAttachedUserPolicies(f.rootA, &ListAttachedUserPoliciesRequest{UserName: "alice", PathPrefix: "/team/"})
	mustOK(t, err)
	if len(team.AttachedPolicies) != 1 || team.AttachedPolicies[0].PolicyArn != mine {
		t.Fatalf("PathPrefix /team/ = %+v", team.AttachedPolicies)
	}

	p, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: adminARN})
	mustOK(t, err)
	if *p.Policy.AttachmentCount != 1 {
		t.Fatalf("AttachmentCount = %d", *p.Policy.AttachmentCount)
	}
	pb, err := f.svc.GetPolicy(f.rootB, &GetPolicyRequest{PolicyArn: adminARN})
	mustOK(t, err)
	if *pb.Policy.AttachmentCount != 0 {
		t.Fatalf("account B sees A's attachment: %d", *pb.Policy.AttachmentCount)
	}

	_, err = f.svc.DetachUserPolicy(f.rootA, &DetachUserPolicyRequest{UserName: "alice", PolicyArn: adminARN})
	mustOK(t, err)
	_, err = f.svc.DetachUserPolicy(f.rootA, &DetachUserPolicyRequest{UserName: "alice", PolicyArn: adminARN})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+adminARN+" was not found.")
}

func TestAttachErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	_, err = f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "app", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	theirs := f.createCustomerPolicy(t, accountB, "/", "Theirs")
	missing := "arn:aws:iam::" + accountA + ":policy/Missing"
	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"unknown policy", func() error {
			_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: missing})
			return err
		}, "NoSuchEntity", "Policy " + missing + " does not exist or is not attachable."},
		{"another account's policy", func() error {
			_, err := f.svc.AttachGroupPolicy(f.rootA, &AttachGroupPolicyRequest{GroupName: "devs", PolicyArn: theirs})
			return err
		}, "NoSuchEntity", "Policy " + theirs + " does not exist or is not attachable."},
		{"service role policy", func() error {
			_, err := f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "app", PolicyArn: serviceRolePolicyARN})
			return err
		}, "PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role."},
		{"malformed ARN", func() error {
			_, err := f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "app", PolicyArn: "arn:aws:iam::" + accountA + ":role/app"})
			return err
		}, "InvalidInput", "ARN arn:aws:iam::" + accountA + ":role/app is not valid."},
		{"unknown role", func() error {
			_, err := f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "ghost", PolicyArn: adminARN})
			return err
		}, "NoSuchEntity", "The role with name ghost cannot be found."},
		{"unknown group", func() error {
			_, err := f.svc.DetachGroupPolicy(f.rootA, &DetachGroupPolicyRequest{GroupName: "ghost", PolicyArn: adminARN})
			return err
		}, "NoSuchEntity", "The group with name ghost cannot be found."},
		{"role of another account", func() error {
			_, err := f.svc.ListAttachedRolePolicies(f.rootB, &ListAttachedRolePoliciesRequest{RoleName: "app"})
			return err
		}, "NoSuchEntity", "The role with name app cannot be found."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantAWSError(t, c.call(), c.code, c.msg)
		})
	}
}

func TestAttachQuotas(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	_, err = f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "app", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	arns := make([]string, 11)
	for i := range arns {
		arns[i] = f.createCustomerPolicy(t, accountA, "/", fmt.Sprintf("P%02d", i))
	}
	attach := map[string]func(arn string) error{
		"User": func(arn string) error {
			_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: arn})
			return err
		},
		"Group": func(arn string) error {
			_, err := f.svc.AttachGroupPolicy(f.rootA, &AttachGroupPolicyRequest{GroupName: "devs", PolicyArn: arn})
			return err
		},
		"Role": func(arn string) error {
			_, err := f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "app", PolicyArn: arn})
			return err
		},
	}
	for kind, do := range attach {
		for _, arn := range arns[:10] {
			mustOK(t, do(arn))
		}
		wantAWSError(t, do(arns[10]), "LimitExceeded", "Cannot exceed quota for PoliciesPer"+kind+": 10")
	}
	p, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: arns[0]})
	mustOK(t, err)
	if *p.Policy.AttachmentCount != 3 {
		t.Fatalf("AttachmentCount = %d, want 3", *p.Policy.AttachmentCount)
	}
}

func TestPermissionsBoundaries(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "app", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	mine := f.createCustomerPolicy(t, accountA, "/", "Boundary")

	_, err = f.svc.PutRolePermissionsBoundary(f.rootA, &PutRolePermissionsBoundaryRequest{RoleName: "app", PermissionsBoundary: adminARN})
	mustOK(t, err)
	_, err = f.svc.PutUserPermissionsBoundary(f.rootA, &PutUserPermissionsBoundaryRequest{UserName: "alice", PermissionsBoundary: mine})
	mustOK(t, err)
	r, err := f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: "app"})
	mustOK(t, err)
	if r.Role.PermissionsBoundary == nil || r.Role.PermissionsBoundary.PermissionsBoundaryArn != adminARN ||
		r.Role.PermissionsBoundary.PermissionsBoundaryType != "PermissionsBoundaryPolicy" {
		t.Fatalf("role boundary = %+v", r.Role.PermissionsBoundary)
	}
	u, err := f.svc.GetUser(f.rootA, &GetUserRequest{UserName: "alice"})
	mustOK(t, err)
	if u.User.PermissionsBoundary == nil || u.User.PermissionsBoundary.PermissionsBoundaryArn != mine {
		t.Fatalf("user boundary = %+v", u.User.PermissionsBoundary)
	}
	p, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: adminARN})
	mustOK(t, err)
	if *p.Policy.PermissionsBoundaryUsageCount != 1 || *p.Policy.AttachmentCount != 0 {
		t.Fatalf("counts = %d, %d", *p.Policy.PermissionsBoundaryUsageCount, *p.Policy.AttachmentCount)
	}

	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"unknown policy", func() error {
			_, err := f.svc.PutRolePermissionsBoundary(f.rootA, &PutRolePermissionsBoundaryRequest{RoleName: "app",
				PermissionsBoundary: "arn:aws:iam::aws:policy/Nope"})
			return err
		}, "NoSuchEntity", "Scope ARN: arn:aws:iam::aws:policy/Nope does not exist or is not attachable."},
		{"service role policy", func() error {
			_, err := f.svc.PutUserPermissionsBoundary(f.rootA, &PutUserPermissionsBoundaryRequest{UserName: "alice",
				PermissionsBoundary: serviceRolePolicyARN})
			return err
		}, "NoSuchEntity", "Scope ARN: " + serviceRolePolicyARN + " does not exist or is not attachable."},
		{"unknown role", func() error {
			_, err := f.svc.DeleteRolePermissionsBoundary(f.rootA, &DeleteRolePermissionsBoundaryRequest{RoleName: "ghost"})
			return err
		}, "NoSuchEntity", "The role with name ghost cannot be found."},
		{"user of another account", func() error {
			_, err := f.svc.PutUserPermissionsBoundary(f.rootB, &PutUserPermissionsBoundaryRequest{UserName: "alice", PermissionsBoundary: adminARN})
			return err
		}, "NoSuchEntity", "The user with name alice cannot be found."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantAWSError(t, c.call(), c.code, c.msg)
		})
	}

	_, err = f.svc.DeleteRolePermissionsBoundary(f.rootA, &DeleteRolePermissionsBoundaryRequest{RoleName: "app"})
	mustOK(t, err)
	// Deleting an absent boundary changes nothing and succeeds.
	_, err = f.svc.DeleteRolePermissionsBoundary(f.rootA, &DeleteRolePermissionsBoundaryRequest{RoleName: "app"})
	mustOK(t, err)
	r, err = f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: "app"})
	mustOK(t, err)
	if r.Role.PermissionsBoundary != nil {
		t.Fatalf("boundary not removed: %+v", r.Role.PermissionsBoundary)
	}
}

func TestListEntitiesForPolicy(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	pol := f.createCustomerPolicy(t, accountA, "/", "P")
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob", Path: "/ops/"})
	mustOK(t, err)
	_, err = f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	_, err = f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "app", AssumeRolePolicyDocument: trustDoc, PermissionsBoundary: pol})
	mustOK(t, err)
	for _, call := range []func() error{
		func() error {
			_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: pol})
			return err
		},
		func() error {
			_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "bob", PolicyArn: pol})
			return err
		},
		func() error {
			_, err := f.svc.AttachGroupPolicy(f.rootA, &AttachGroupPolicyRequest{GroupName: "devs", PolicyArn: pol})
			return err
		},
		func() error {
			_, err := f.svc.PutUserPermissionsBoundary(f.rootA, &PutUserPermissionsBoundaryRequest{UserName: "alice", PermissionsBoundary: pol})
			return err
		},
	} {
		mustOK(t, call())
	}
	names := func(out *ListEntitiesForPolicyResponse) string {
		var n []string
		for _, g := range out.PolicyGroups {
			n = append(n, "g:"+g.GroupName)
		}
		for _, u := range out.PolicyUsers {
			n = append(n, "u:"+u.UserName)
		}
		for _, r := range out.PolicyRoles {
			n = append(n, "r:"+r.RoleName)
		}
		return strings.Join(n, ",")
	}
	cases := []struct {
		name string
		in   ListEntitiesForPolicyRequest
		want string
	}{
		{"all, alice once", ListEntitiesForPolicyRequest{}, "g:devs,u:alice,u:bob,r:app"},
		{"permissions only", ListEntitiesForPolicyRequest{PolicyUsageFilter: "PermissionsPolicy"}, "g:devs,u:alice,u:bob"},
		{"boundaries only", ListEntitiesForPolicyRequest{PolicyUsageFilter: "PermissionsBoundary"}, "u:alice,r:app"},
		{"users only", ListEntitiesForPolicyRequest{EntityFilter: "User"}, "u:alice,u:bob"},
		{"path prefix", ListEntitiesForPolicyRequest{PathPrefix: "/ops/"}, "u:bob"},
		{"managed policy filter", ListEntitiesForPolicyRequest{EntityFilter: "LocalManagedPolicy"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			in := c.in
			in.PolicyArn = pol
			out, err := f.svc.ListEntitiesForPolicy(f.rootA, &in)
			mustOK(t, err)
			if got := names(out); got != c.want || *out.IsTruncated {
				t.Fatalf("got %q (truncated %v), want %q", got, *out.IsTruncated, c.want)
			}
		})
	}
	// Paging: one entity per page, in the same order.
	var got []string
	in := &ListEntitiesForPolicyRequest{PolicyArn: pol, MaxItems: i32(1)}
	for {
		out, err := f.svc.ListEntitiesForPolicy(f.rootA, in)
		mustOK(t, err)
		got = append(got, names(out))
		if !*out.IsTruncated {
			break
		}
		in.Marker = out.Marker
	}
	if strings.Join(got, ",") != "g:devs,u:alice,u:bob,r:app" {
		t.Fatalf("paged = %v", got)
	}
	_, err = f.svc.ListEntitiesForPolicy(f.rootB, &ListEntitiesForPolicyRequest{PolicyArn: pol})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+pol+" was not found.")
}
