package iam

import (
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// TestPolicyOperationsDeclared checks the declarations of the role and
// policy families: 48 operations, read-only exactly for Get*/List*, a
// resource for all but ListRoles and ListPolicies, and the ARN each one is
// authorized on.
func TestPolicyOperationsDeclared(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "App", Path: "/svc/", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	byName := map[string]service.Operation{}
	for _, fam := range []func() []service.Operation{
		f.svc.roleOps, f.svc.roleTagOps, f.svc.policyOps, f.svc.policyVersionOps, f.svc.policyTagOps,
		f.svc.policyEntityOps, f.svc.inlinePolicyOps, f.svc.attachmentOps, f.svc.boundaryOps,
	} {
		for _, op := range fam() {
			if _, dup := byName[op.Name]; dup {
				t.Fatalf("%s declared twice", op.Name)
			}
			byName[op.Name] = op
		}
	}
	if len(byName) != 48 {
		t.Errorf("%d operations declared, want 48", len(byName))
	}
	for name, op := range byName {
		wantRO := strings.HasPrefix(name, "Get") || strings.HasPrefix(name, "List")
		if op.ReadOnly != wantRO {
			t.Errorf("%s: ReadOnly = %v, want %v", name, op.ReadOnly, wantRO)
		}
		if (op.Resource == nil) != (name == "ListRoles" || name == "ListPolicies") {
			t.Errorf("%s: resource declared = %v", name, op.Resource != nil)
		}
	}

	p := principal.FromContext(f.rootA)
	resource := func(name string, in any) string {
		t.Helper()
		return byName[name].Resource(p, in)
	}
	pol := "arn:aws:iam::" + accountA + ":policy/x/P"
	cases := []struct {
		op   string
		in   any
		want string
	}{
		{"CreateRole", &CreateRoleRequest{RoleName: "New", Path: "/p/"}, "arn:aws:iam::" + accountA + ":role/p/New"},
		{"GetRole", &GetRoleRequest{RoleName: "app"}, "arn:aws:iam::" + accountA + ":role/svc/App"},
		{"DeleteRole", &DeleteRoleRequest{RoleName: "Ghost"}, "arn:aws:iam::" + accountA + ":role/Ghost"},
		{"PutRolePolicy", &PutRolePolicyRequest{RoleName: "App"}, "arn:aws:iam::" + accountA + ":role/svc/App"},
		{"AttachUserPolicy", &AttachUserPolicyRequest{UserName: "alice", PolicyArn: pol}, "arn:aws:iam::" + accountA + ":user/alice"},
		{"CreatePolicy", &CreatePolicyRequest{PolicyName: "P", Path: "/x/"}, pol},
		{"GetPolicyVersion", &GetPolicyVersionRequest{PolicyArn: pol}, pol},
		{"ListEntitiesForPolicy", &ListEntitiesForPolicyRequest{PolicyArn: adminARN}, adminARN},
		{"PutRolePermissionsBoundary", &PutRolePermissionsBoundaryRequest{RoleName: "App"}, "arn:aws:iam::" + accountA + ":role/svc/App"},
	}
	for _, c := range cases {
		if got := resource(c.op, c.in); got != c.want {
			t.Errorf("%s resource = %s, want %s", c.op, got, c.want)
		}
	}
}
