package iam

import (
	"fmt"
	"testing"
)

// Tests of the behaviour the store's atomic account quotas and marker
// validation give the service.

const (
	testPolicyDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	testTrustDoc  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
)

func TestAccountQuotas(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		set    func(q *Quotas)
		create func(f *identityFixture, name string) error
		msg    string
	}{
		{"users", func(q *Quotas) { q.Users = 2 }, func(f *identityFixture, name string) error {
			_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: name})
			return err
		}, "Cannot exceed quota for UsersPerAccount: 2"},
		{"groups", func(q *Quotas) { q.Groups = 2 }, func(f *identityFixture, name string) error {
			_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: name})
			return err
		}, "Cannot exceed quota for GroupsPerAccount: 2"},
		{"roles", func(q *Quotas) { q.Roles = 2 }, func(f *identityFixture, name string) error {
			_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: name, AssumeRolePolicyDocument: testTrustDoc})
			return err
		}, "Cannot exceed quota for RolesPerAccount: 2"},
		{"policies", func(q *Quotas) { q.Policies = 2 }, func(f *identityFixture, name string) error {
			_, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: name, PolicyDocument: testPolicyDoc})
			return err
		}, "Cannot exceed quota for PoliciesPerAccount: 2"},
		{"instance profiles", func(q *Quotas) { q.InstanceProfiles = 2 }, func(f *identityFixture, name string) error {
			_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: name})
			return err
		}, "Cannot exceed quota for InstanceProfilesPerAccount: 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newIdentityFixture(t)
			tt.set(&f.svc.quotas)
			// The fixture may have made some already: fill up to the quota.
			var err error
			for i := 0; err == nil && i < 10; i++ {
				err = tt.create(f, fmt.Sprint("e", i))
			}
			wantAWSError(t, err, "LimitExceeded", tt.msg)
		})
	}
}

func TestInvalidMarkers(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "alice-m"})
	mustOK(t, err)
	const bad = "not-a-marker"
	listings := map[string]func() error{
		"ListUsers": func() error {
			_, err := f.svc.ListUsers(f.rootA, &ListUsersRequest{Marker: bad})
			return err
		},
		"ListRoles": func() error {
			_, err := f.svc.ListRoles(f.rootA, &ListRolesRequest{Marker: bad})
			return err
		},
		"ListGroups": func() error {
			_, err := f.svc.ListGroups(f.rootA, &ListGroupsRequest{Marker: bad})
			return err
		},
		"ListPolicies": func() error {
			_, err := f.svc.ListPolicies(f.rootA, &ListPoliciesRequest{Marker: bad})
			return err
		},
		"ListPolicies local": func() error {
			_, err := f.svc.ListPolicies(f.rootA, &ListPoliciesRequest{Marker: markerLocal + bad})
			return err
		},
		"ListPolicies aws": func() error {
			_, err := f.svc.ListPolicies(f.rootA, &ListPoliciesRequest{Marker: markerAWS + "999999"})
			return err
		},
		"ListAccessKeys": func() error {
			_, err := f.svc.ListAccessKeys(f.rootA, &ListAccessKeysRequest{UserName: "alice-m", Marker: bad})
			return err
		},
		"ListUserTags": func() error {
			_, err := f.svc.ListUserTags(f.rootA, &ListUserTagsRequest{UserName: "alice-m", Marker: bad})
			return err
		},
	}
	for name, list := range listings {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			wantAWSError(t, list(), "ValidationError", "Invalid Marker.")
		})
	}
}
