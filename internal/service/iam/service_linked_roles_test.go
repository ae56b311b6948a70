package iam

import (
	"context"
	"regexp"
	"testing"

	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

const (
	beanstalk     = "elasticbeanstalk.amazonaws.com"
	beanstalkRole = "AWSServiceRoleForElasticBeanstalk"
	beanstalkARN  = "arn:aws:iam::aws:policy/aws-service-role/AWSElasticBeanstalkServiceRolePolicy"
)

// createSLR creates a service-linked role that must succeed.
func (f *identityFixture) createSLR(t *testing.T, svc, suffix string) Role {
	t.Helper()
	out, err := f.svc.CreateServiceLinkedRole(f.rootA, &CreateServiceLinkedRoleRequest{AWSServiceName: svc, CustomSuffix: suffix})
	mustOK(t, err)
	return *out.Role
}

func TestCreateServiceLinkedRole(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreateServiceLinkedRole(f.rootA, &CreateServiceLinkedRoleRequest{
		AWSServiceName: beanstalk, Description: "for Beanstalk",
	})
	mustOK(t, err)
	r := out.Role
	wantTrust := `{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":"elasticbeanstalk.amazonaws.com"}}],"Version":"2012-10-17"}`
	if r.RoleName != beanstalkRole || r.Path != "/aws-service-role/"+beanstalk+"/" ||
		r.Arn != "arn:aws:iam::"+accountA+":role/aws-service-role/"+beanstalk+"/"+beanstalkRole ||
		r.AssumeRolePolicyDocument != wantTrust || r.Description != "for Beanstalk" ||
		*r.MaxSessionDuration != 3600 || r.RoleId[:4] != "AROA" || r.RoleLastUsed != nil {
		t.Fatalf("CreateServiceLinkedRole = %+v", r)
	}
	attached, err := f.svc.ListAttachedRolePolicies(f.rootA, &ListAttachedRolePoliciesRequest{RoleName: beanstalkRole})
	mustOK(t, err)
	if len(attached.AttachedPolicies) != 1 || attached.AttachedPolicies[0].PolicyArn != beanstalkARN {
		t.Fatalf("attached = %+v", attached.AttachedPolicies)
	}
	// The trust policy lets the service assume the role: the role is an
	// ordinary role to read.
	got, err := f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: beanstalkRole})
	mustOK(t, err)
	if got.Role.RoleId != r.RoleId || got.Role.AssumeRolePolicyDocument != wantTrust {
		t.Fatalf("GetRole = %+v", got.Role)
	}
	listed, err := f.svc.ListRoles(f.rootA, &ListRolesRequest{PathPrefix: "/aws-service-role/"})
	mustOK(t, err)
	if len(listed.Roles) != 1 || listed.Roles[0].RoleName != beanstalkRole {
		t.Fatalf("ListRoles = %+v", listed.Roles)
	}

	// A suffix names a second role of the same service.
	second := f.createSLR(t, beanstalk, "blue")
	if second.RoleName != beanstalkRole+"_blue" {
		t.Fatalf("suffixed role = %q", second.RoleName)
	}
	// A service without a catalog policy gets a role with none.
	bare := f.createSLR(t, "foo-bar.amazonaws.com", "")
	none, err := f.svc.ListAttachedRolePolicies(f.rootA, &ListAttachedRolePoliciesRequest{RoleName: bare.RoleName})
	mustOK(t, err)
	if bare.RoleName != "AWSServiceRoleForFooBar" || len(none.AttachedPolicies) != 0 {
		t.Fatalf("bare role %q with %+v", bare.RoleName, none.AttachedPolicies)
	}
}

func TestCreateServiceLinkedRoleErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.createSLR(t, beanstalk, "")
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "AWSServiceRoleForAutoScaling", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	long := "x"
	for len(long) < 64 {
		long += "x"
	}
	cases := []struct {
		name      string
		in        CreateServiceLinkedRoleRequest
		code, msg string
	}{
		{"taken", CreateServiceLinkedRoleRequest{AWSServiceName: beanstalk},
			"InvalidInput", "Service role name AWSServiceRoleForElasticBeanstalk has been taken in this account, please try a different suffix."},
		{"taken by a customer role", CreateServiceLinkedRoleRequest{AWSServiceName: "autoscaling.amazonaws.com"},
			"InvalidInput", "Service role name AWSServiceRoleForAutoScaling has been taken in this account, please try a different suffix."},
		{"not a service principal", CreateServiceLinkedRoleRequest{AWSServiceName: "example.com"},
			"InvalidInput", "Service name example.com is not a valid AWS service principal."},
		{"name too long", CreateServiceLinkedRoleRequest{AWSServiceName: beanstalk, CustomSuffix: long},
			"ValidationError", "1 validation error detected: Value '" + beanstalkRole + "_" + long +
				"' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64"},
	}
	for _, c := range cases {
		_, err := f.svc.CreateServiceLinkedRole(f.rootA, &c.in)
		t.Run(c.name, func(t *testing.T) { wantAWSError(t, err, c.code, c.msg) })
	}
	// Another account's names are its own.
	_, err = f.svc.CreateServiceLinkedRole(f.rootB, &CreateServiceLinkedRoleRequest{AWSServiceName: beanstalk})
	mustOK(t, err)
}

func TestCreateRoleRefusesServiceLinkedPath(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{
		RoleName: "Fake", Path: "/aws-service-role/ecs.amazonaws.com/", AssumeRolePolicyDocument: trustDoc,
	})
	wantAWSError(t, err, "InvalidInput", "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles")
	// A path that merely contains the words is a customer's.
	_, err = f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "Ok", Path: "/team/aws-service-role/", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
}

func TestServiceLinkedRoleProtection(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.createSLR(t, beanstalk, "")
	customer := f.createCustomerPolicy(t, accountA, "/", "Mine")
	boundary := f.createCustomerPolicy(t, accountA, "/", "Boundary")
	// An inline policy AWS put there, for DeleteRolePolicy to refuse.
	r, err := f.st.Roles().Get(context.Background(), accountA, beanstalkRole)
	mustOK(t, err)
	mustOK(t, f.st.InlinePolicies().Put(context.Background(), &store.InlinePolicy{
		Owner: store.Owner{AccountID: accountA, Kind: store.OwnerRole, ID: r.ID}, Name: "ByAWS",
		Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
	}, 10, 0))
	const protected = "Cannot perform the operation on the protected role 'AWSServiceRoleForElasticBeanstalk' - this role is only modifiable by AWS"
	doc := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	name := "awsservicerolefor" + "elasticbeanstalk" // names ignore case
	calls := map[string]func() error{
		"UpdateRole MaxSessionDuration": func() error {
			_, err := f.svc.UpdateRole(f.rootA, &UpdateRoleRequest{RoleName: name, MaxSessionDuration: i32(7200)})
			return err
		},
		"UpdateAssumeRolePolicy": func() error {
			_, err := f.svc.UpdateAssumeRolePolicy(f.rootA, &UpdateAssumeRolePolicyRequest{RoleName: name, PolicyDocument: trustDoc})
			return err
		},
		"PutRolePolicy": func() error {
			_, err := f.svc.PutRolePolicy(f.rootA, &PutRolePolicyRequest{RoleName: name, PolicyName: "p", PolicyDocument: doc})
			return err
		},
		"DeleteRolePolicy": func() error {
			_, err := f.svc.DeleteRolePolicy(f.rootA, &DeleteRolePolicyRequest{RoleName: name, PolicyName: "ByAWS"})
			return err
		},
		"AttachRolePolicy": func() error {
			_, err := f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: name, PolicyArn: customer})
			return err
		},
		"DetachRolePolicy": func() error {
			_, err := f.svc.DetachRolePolicy(f.rootA, &DetachRolePolicyRequest{RoleName: name, PolicyArn: beanstalkARN})
			return err
		},
		"PutRolePermissionsBoundary": func() error {
			_, err := f.svc.PutRolePermissionsBoundary(f.rootA, &PutRolePermissionsBoundaryRequest{RoleName: name, PermissionsBoundary: boundary})
			return err
		},
		"DeleteRolePermissionsBoundary": func() error {
			_, err := f.svc.DeleteRolePermissionsBoundary(f.rootA, &DeleteRolePermissionsBoundaryRequest{RoleName: name})
			return err
		},
		"DeleteRole": func() error {
			_, err := f.svc.DeleteRole(f.rootA, &DeleteRoleRequest{RoleName: name})
			return err
		},
	}
	for op, call := range calls {
		t.Run(op, func(t *testing.T) { wantAWSError(t, call(), "UnmodifiableEntity", protected) })
	}
	// Nothing changed.
	got, err := f.st.Roles().Get(context.Background(), accountA, beanstalkRole)
	mustOK(t, err)
	if got.MaxSessionDuration != 3600 || got.PermissionsBoundary != "" || got.AssumeRolePolicy != r.AssumeRolePolicy {
		t.Fatalf("role changed: %+v", got)
	}
	attached, err := f.svc.ListAttachedRolePolicies(f.rootA, &ListAttachedRolePoliciesRequest{RoleName: beanstalkRole})
	mustOK(t, err)
	if len(attached.AttachedPolicies) != 1 {
		t.Fatalf("attachments changed: %+v", attached.AttachedPolicies)
	}

	// The description and the tags are the customer's.
	desc, err := f.svc.UpdateRoleDescription(f.rootA, &UpdateRoleDescriptionRequest{RoleName: name, Description: "mine"})
	mustOK(t, err)
	if desc.Role.Description != "mine" {
		t.Fatalf("description = %q", desc.Role.Description)
	}
	_, err = f.svc.UpdateRole(f.rootA, &UpdateRoleRequest{RoleName: name, Description: "mine too"})
	mustOK(t, err)
	_, err = f.svc.TagRole(f.rootA, &TagRoleRequest{RoleName: name, Tags: []Tag{{Key: "team", Value: "web"}}})
	mustOK(t, err)
	_, err = f.svc.UntagRole(f.rootA, &UntagRoleRequest{RoleName: name, TagKeys: []string{"team"}})
	mustOK(t, err)

	// A service-role policy still cannot go on a customer role.
	f.createRole(t, accountA, "Customer")
	_, err = f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "Customer", PolicyArn: beanstalkARN})
	wantAWSError(t, err, "PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.")
}

var deletionTaskPattern = regexp.MustCompile(`^task/aws-service-role/elasticbeanstalk\.amazonaws\.com/AWSServiceRoleForElasticBeanstalk/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestDeleteServiceLinkedRole(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	role := f.createSLR(t, beanstalk, "")
	// An inline policy and an instance profile go with the role.
	mustOK(t, f.st.InlinePolicies().Put(context.Background(), &store.InlinePolicy{
		Owner: store.Owner{AccountID: accountA, Kind: store.OwnerRole, ID: role.RoleId}, Name: "ByAWS",
		Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
	}, 10, 0))
	_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "web"})
	mustOK(t, err)
	_, err = f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "web", RoleName: beanstalkRole})
	mustOK(t, err)

	out, err := f.svc.DeleteServiceLinkedRole(f.rootA, &DeleteServiceLinkedRoleRequest{RoleName: beanstalkRole})
	mustOK(t, err)
	if !deletionTaskPattern.MatchString(out.DeletionTaskId) {
		t.Fatalf("DeletionTaskId = %q", out.DeletionTaskId)
	}
	_, err = f.svc.GetRole(f.rootA, &GetRoleRequest{RoleName: beanstalkRole})
	wantAWSError(t, err, "NoSuchEntity", "The role with name AWSServiceRoleForElasticBeanstalk cannot be found.")
	ip, err := f.svc.GetInstanceProfile(f.rootA, &GetInstanceProfileRequest{InstanceProfileName: "web"})
	mustOK(t, err)
	if len(ip.InstanceProfile.Roles) != 0 {
		t.Fatalf("profile still holds %+v", ip.InstanceProfile.Roles)
	}
	status, err := f.svc.GetServiceLinkedRoleDeletionStatus(f.rootA, &GetServiceLinkedRoleDeletionStatusRequest{DeletionTaskId: out.DeletionTaskId})
	mustOK(t, err)
	if status.Status != "SUCCEEDED" || status.Reason != nil {
		t.Fatalf("status = %+v", status)
	}
	// The policy is attachable nowhere else, and the name is free again.
	f.createSLR(t, beanstalk, "")

	// A task whose role exists again is forgotten, as AWS forgets tasks.
	_, err = f.svc.GetServiceLinkedRoleDeletionStatus(f.rootA, &GetServiceLinkedRoleDeletionStatusRequest{DeletionTaskId: out.DeletionTaskId})
	wantAWSError(t, err, "NoSuchEntity", "Deletion task "+out.DeletionTaskId+" cannot be found.")
}

func TestDeleteServiceLinkedRoleErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.createRole(t, accountA, "Customer")
	_, err := f.svc.DeleteServiceLinkedRole(f.rootA, &DeleteServiceLinkedRoleRequest{RoleName: "Customer"})
	wantAWSError(t, err, "NoSuchEntity", "The service-linked role with name Customer cannot be found.")
	_, err = f.svc.DeleteServiceLinkedRole(f.rootA, &DeleteServiceLinkedRoleRequest{RoleName: "Nobody"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name Nobody cannot be found.")
	// Account B cannot delete account A's role.
	f.createSLR(t, beanstalk, "")
	_, err = f.svc.DeleteServiceLinkedRole(f.rootB, &DeleteServiceLinkedRoleRequest{RoleName: beanstalkRole})
	wantAWSError(t, err, "NoSuchEntity", "The role with name AWSServiceRoleForElasticBeanstalk cannot be found.")
}

func TestGetServiceLinkedRoleDeletionStatusErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.createSLR(t, beanstalk, "")
	const uuid = "0f4f2c1e-8a3b-4c5d-9e6f-0123456789ab"
	live := "task/aws-service-role/" + beanstalk + "/" + beanstalkRole + "/" + uuid
	_, err := f.svc.GetServiceLinkedRoleDeletionStatus(f.rootA, &GetServiceLinkedRoleDeletionStatusRequest{DeletionTaskId: live})
	wantAWSError(t, err, "NoSuchEntity", "Deletion task "+live+" cannot be found.")
	for _, bad := range []string{
		"nonsense",
		"task/aws-service-role/" + beanstalk + "/" + beanstalkRole,
		"task/aws-service-role/" + beanstalk + "/" + beanstalkRole + "/not-a-uuid",
		"task/aws-service-role/example.com/" + beanstalkRole + "/" + uuid,
		"task/aws-service-role/" + beanstalk + "/bad name/" + uuid,
		"task/aws-service-role/" + beanstalk + "/a/b/" + uuid,
	} {
		_, err := f.svc.GetServiceLinkedRoleDeletionStatus(f.rootA, &GetServiceLinkedRoleDeletionStatusRequest{DeletionTaskId: bad})
		wantAWSError(t, err, "InvalidInput", "Invalid deletion task ID "+bad+".")
	}
}

// TestServiceLinkedRoleAuthorization checks what each operation is
// authorized against.
func TestServiceLinkedRoleAuthorization(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.createSLR(t, beanstalk, "")
	ops := map[string]service.Operation{}
	for _, op := range f.svc.Operations() {
		ops[op.Name] = op
	}
	p := rootPrincipal(accountA)
	roleARNWant := "arn:aws:iam::" + accountA + ":role/aws-service-role/" + beanstalk + "/" + beanstalkRole
	cases := []struct {
		op       string
		in       any
		resource string
		readOnly bool
	}{
		{"CreateServiceLinkedRole", &CreateServiceLinkedRoleRequest{AWSServiceName: beanstalk, CustomSuffix: "x"}, roleARNWant + "_x", false},
		{"DeleteServiceLinkedRole", &DeleteServiceLinkedRoleRequest{RoleName: beanstalkRole}, roleARNWant, false},
		{"GetServiceLinkedRoleDeletionStatus", &GetServiceLinkedRoleDeletionStatusRequest{
			DeletionTaskId: "task/aws-service-role/" + beanstalk + "/" + beanstalkRole + "/0f4f2c1e-8a3b-4c5d-9e6f-0123456789ab",
		}, roleARNWant, true},
		{"GetServiceLinkedRoleDeletionStatus", &GetServiceLinkedRoleDeletionStatusRequest{DeletionTaskId: "nonsense"},
			"arn:aws:iam::" + accountA + ":role/*", true},
	}
	for _, c := range cases {
		op, ok := ops[c.op]
		if !ok {
			t.Fatalf("%s is not declared", c.op)
		}
		if got := op.Resource(p, c.in); got != c.resource || op.ReadOnly != c.readOnly {
			t.Errorf("%s: resource %q readOnly %v, want %q %v", c.op, got, op.ReadOnly, c.resource, c.readOnly)
		}
	}
	keys := ops["CreateServiceLinkedRole"].ContextKeys(&CreateServiceLinkedRoleRequest{AWSServiceName: beanstalk})
	if len(keys) != 1 || keys[0].Key != "iam:AWSServiceName" || keys[0].Values[0] != beanstalk {
		t.Fatalf("context keys = %+v", keys)
	}
}

// TestServicePrincipalRole: a customer role a service may assume is
// created, listed and held by an instance profile like any other.
func TestServicePrincipalRole(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	const ec2Trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	_, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "WebServer", AssumeRolePolicyDocument: ec2Trust})
	mustOK(t, err)
	listed, err := f.svc.ListRoles(f.rootA, &ListRolesRequest{})
	mustOK(t, err)
	if len(listed.Roles) != 1 || listed.Roles[0].RoleName != "WebServer" || listed.Roles[0].AssumeRolePolicyDocument != ec2Trust {
		t.Fatalf("ListRoles = %+v", listed.Roles)
	}
	_, err = f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "WebServer"})
	mustOK(t, err)
	_, err = f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "WebServer", RoleName: "WebServer"})
	mustOK(t, err)
	ip, err := f.svc.GetInstanceProfile(f.rootA, &GetInstanceProfileRequest{InstanceProfileName: "WebServer"})
	mustOK(t, err)
	if len(ip.InstanceProfile.Roles) != 1 || ip.InstanceProfile.Roles[0].AssumeRolePolicyDocument != ec2Trust {
		t.Fatalf("instance profile roles = %+v", ip.InstanceProfile.Roles)
	}
	// It is a customer role: it can be changed and deleted the usual way.
	_, err = f.svc.UpdateRole(f.rootA, &UpdateRoleRequest{RoleName: "WebServer", MaxSessionDuration: i32(7200)})
	mustOK(t, err)
}
