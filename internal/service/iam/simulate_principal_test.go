package iam

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// aliceWithPolicies gives alice an inline policy, a group with a policy
// and an attached managed policy that denies deletes.
func aliceWithPolicies(t *testing.T, f *identityFixture) (aliceARN, deniesARN string) {
	t.Helper()
	_, err := f.svc.PutUserPolicy(f.rootA, &PutUserPolicyRequest{UserName: "alice", PolicyName: "s3", PolicyDocument: simAllowS3})
	mustOK(t, err)
	_, err = f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "ops"})
	mustOK(t, err)
	_, err = f.svc.AddUserToGroup(f.rootA, &AddUserToGroupRequest{GroupName: "ops", UserName: "alice"})
	mustOK(t, err)
	_, err = f.svc.PutGroupPolicy(f.rootA, &PutGroupPolicyRequest{GroupName: "ops", PolicyName: "ec2", PolicyDocument: simNothing})
	mustOK(t, err)
	p, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "NoDelete", PolicyDocument: simDenyDelete})
	mustOK(t, err)
	_, err = f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: p.Policy.Arn})
	mustOK(t, err)
	return userARN(accountA, "/", "alice"), p.Policy.Arn
}

func TestSimulatePrincipalPolicy(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	alice, noDelete := aliceWithPolicies(t, f)
	out, err := f.svc.SimulatePrincipalPolicy(f.rootA, &SimulatePrincipalPolicyRequest{
		PolicySourceArn: alice,
		ActionNames:     []string{"s3:GetObject", "s3:DeleteObject", "ec2:DescribeRegions", "iam:CreateUser"},
	})
	mustOK(t, err)
	want := []string{"s3:GetObject * allowed", "s3:DeleteObject * explicitDeny", "ec2:DescribeRegions * allowed", "iam:CreateUser * implicitDeny"}
	if diff := cmp.Diff(want, decisions(out)); diff != "" {
		t.Fatalf("decisions (-want +got):\n%s", diff)
	}
	source := func(r EvaluationResult) []string {
		var got []string
		for _, s := range r.MatchedStatements {
			got = append(got, s.SourcePolicyType+" "+s.SourcePolicyId)
		}
		return got
	}
	for i, want := range [][]string{
		{"user s3"},
		{"user-managed " + noDelete, "user s3"},
		{"group ec2"},
		nil,
	} {
		if diff := cmp.Diff(want, source(out.EvaluationResults[i])); diff != "" {
			t.Errorf("%s: sources (-want +got):\n%s", out.EvaluationResults[i].EvalActionName, diff)
		}
	}

	// A boundary on the user caps it; PermissionsBoundaryPolicyInputList
	// replaces that boundary, and PolicyInputList adds identity policies.
	bp, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "GetOnly", PolicyDocument: simBoundaryGet})
	mustOK(t, err)
	_, err = f.svc.PutUserPermissionsBoundary(f.rootA, &PutUserPermissionsBoundaryRequest{UserName: "alice", PermissionsBoundary: bp.Policy.Arn})
	mustOK(t, err)
	tests := []struct {
		name string
		in   SimulatePrincipalPolicyRequest
		want []string
	}{
		{"stored boundary", SimulatePrincipalPolicyRequest{ActionNames: []string{"s3:GetObject", "s3:PutObject"}},
			[]string{"s3:GetObject * allowed", "s3:PutObject * implicitDeny"}},
		{"boundary replaced", SimulatePrincipalPolicyRequest{ActionNames: []string{"s3:GetObject", "s3:PutObject"},
			PermissionsBoundaryPolicyInputList: []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:Put*","Resource":"*"}]}`}},
			[]string{"s3:GetObject * implicitDeny", "s3:PutObject * allowed"}},
		{"extra identity policy", SimulatePrincipalPolicyRequest{ActionNames: []string{"iam:GetUser"},
			PermissionsBoundaryPolicyInputList: []string{simAllowAll},
			PolicyInputList:                    []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}`}},
			[]string{"iam:GetUser * allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.in.PolicySourceArn = alice
			out, err := f.svc.SimulatePrincipalPolicy(f.rootA, &tt.in)
			mustOK(t, err)
			if diff := cmp.Diff(tt.want, decisions(out)); diff != "" {
				t.Fatalf("decisions (-want +got):\n%s", diff)
			}
		})
	}
}

const simAllowAll = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`

func TestSimulatePrincipalPolicyCaller(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	alice, _ := aliceWithPolicies(t, f)
	queue := "arn:aws:sqs:us-east-1:111111111111:jobs"
	grantAlice := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"` + alice + `"},"Action":"sqs:SendMessage","Resource":"*"}]}`
	for _, tt := range []struct {
		name, caller, want string
	}{
		{"defaults to the source user", "", "allowed"},
		{"another caller with alice's policies", "arn:aws:iam::111111111111:user/bob", "implicitDeny"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := f.svc.SimulatePrincipalPolicy(f.rootA, &SimulatePrincipalPolicyRequest{
				PolicySourceArn: alice, CallerArn: tt.caller, ResourcePolicy: grantAlice,
				ActionNames: []string{"sqs:SendMessage"}, ResourceArns: []string{queue},
			})
			mustOK(t, err)
			if got := out.EvaluationResults[0].EvalDecision; got != tt.want {
				t.Fatalf("EvalDecision = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestSimulatePrincipalPolicyErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	tests := []struct {
		name, source, code, msg string
	}{
		{"unknown user", "arn:aws:iam::111111111111:user/nobody", "NoSuchEntity", "The user with name nobody cannot be found."},
		{"user of another account", "arn:aws:iam::222222222222:user/alice", "NoSuchEntity", "The user with name alice cannot be found."},
		{"unknown role", "arn:aws:iam::111111111111:role/nobody", "NoSuchEntity", "The role with name nobody cannot be found."},
		{"unknown group", "arn:aws:iam::111111111111:group/nobody", "NoSuchEntity", "The group with name nobody cannot be found."},
		{"role of another account", "arn:aws:iam::222222222222:role/r", "NoSuchEntity", "The role with name r cannot be found."},
		{"not a principal", "arn:aws:iam::111111111111:policy/p", "InvalidInput", "Invalid PolicySourceArn arn:aws:iam::111111111111:policy/p."},
		{"not an ARN", "alice", "InvalidInput", "Invalid PolicySourceArn alice."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := f.svc.SimulatePrincipalPolicy(f.rootA, &SimulatePrincipalPolicyRequest{PolicySourceArn: tt.source, ActionNames: []string{"s3:GetObject"}})
			wantAWSError(t, err, tt.code, tt.msg)
		})
	}
}

func TestGetContextKeys(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	// AWS's example (get-context-keys-for-custom-policy): the variable in
	// Resource, then the condition key.
	awsExample := `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"dynamodb:*",` +
		`"Resource":"arn:aws:dynamodb:us-west-2:123456789012:table/${aws:username}",` +
		`"Condition":{"DateGreaterThan":{"aws:CurrentTime":"2015-08-16T12:00:00Z"}}}}`
	legacy := `{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::${aws:literal}",` +
		`"Condition":{"Bool":{"AWS:SecureTransport":"true"}}}}`
	tests := []struct {
		name     string
		policies []string
		want     []string
	}{
		{"aws example", []string{awsExample}, []string{"aws:username", "aws:CurrentTime"}},
		{"deduplicated ignoring case, first spelling kept", []string{awsExample, simConditional, `{"Version":"2012-10-17","Statement":` +
			`{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"AWS:USERNAME":"x","aws:SecureTransport":"false"}}}}`},
			[]string{"aws:username", "aws:CurrentTime", "aws:SourceIp", "s3:prefix", "aws:SecureTransport"}},
		{"no variables before 2012-10-17", []string{legacy}, []string{"AWS:SecureTransport"}},
		{"escapes and defaults", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*",` +
			`"Resource":"arn:aws:s3:::b/${*}/${aws:PrincipalTag/team, 'none'}/${?}"}}`}, []string{"aws:PrincipalTag/team"}},
		{"none", []string{simAllowS3}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := f.svc.GetContextKeysForCustomPolicy(f.rootA, &GetContextKeysForCustomPolicyRequest{PolicyInputList: tt.policies})
			mustOK(t, err)
			if diff := cmp.Diff(tt.want, out.ContextKeyNames); diff != "" {
				t.Fatalf("ContextKeyNames (-want +got):\n%s", diff)
			}
		})
	}
	_, err := f.svc.GetContextKeysForCustomPolicy(f.rootA, &GetContextKeysForCustomPolicyRequest{PolicyInputList: []string{"{"}})
	wantAWSError(t, err, "InvalidInput", "Syntax errors in policy.")

	alice, _ := aliceWithPolicies(t, f)
	_, err = f.svc.PutUserPolicy(f.rootA, &PutUserPolicyRequest{UserName: "alice", PolicyName: "cond", PolicyDocument: simConditional})
	mustOK(t, err)
	out, err := f.svc.GetContextKeysForPrincipalPolicy(f.rootA, &GetContextKeysForPrincipalPolicyRequest{
		PolicySourceArn: alice, PolicyInputList: []string{awsExample},
	})
	mustOK(t, err)
	if diff := cmp.Diff([]string{"aws:SourceIp", "s3:prefix", "aws:username", "aws:CurrentTime"}, out.ContextKeyNames); diff != "" {
		t.Fatalf("principal ContextKeyNames (-want +got):\n%s", diff)
	}
}

func TestSimulatorOperationsDeclared(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	want := map[string]string{
		"SimulatePrincipalPolicy":          "arn:aws:iam::111111111111:user/alice",
		"SimulateCustomPolicy":             "*",
		"GetContextKeysForPrincipalPolicy": "arn:aws:iam::111111111111:user/alice",
		"GetContextKeysForCustomPolicy":    "*",
	}
	p := rootPrincipal(accountA)
	for _, op := range f.svc.Operations() {
		res, ok := want[op.Name]
		if !ok {
			continue
		}
		delete(want, op.Name)
		if !op.ReadOnly {
			t.Errorf("%s is not ReadOnly", op.Name)
		}
		in := op.NewInput()
		switch v := in.(type) {
		case *SimulatePrincipalPolicyRequest:
			v.PolicySourceArn = res
		case *GetContextKeysForPrincipalPolicyRequest:
			v.PolicySourceArn = res
		}
		got := "*"
		if op.Resource != nil {
			got = op.Resource(p, in)
		}
		if got != res {
			t.Errorf("%s resource = %s, want %s", op.Name, got, res)
		}
	}
	if len(want) > 0 {
		t.Errorf("operations not declared: %v", want)
	}
}

// TestSimulateRolesAndGroups: a role is simulated with its own policies and
// boundary, a group with the policies attached to it.
func TestSimulateRolesAndGroups(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, noDelete := aliceWithPolicies(t, f)
	trust := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	role, err := f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "deploy", AssumeRolePolicyDocument: trust})
	mustOK(t, err)
	_, err = f.svc.PutRolePolicy(f.rootA, &PutRolePolicyRequest{RoleName: "deploy", PolicyName: "s3", PolicyDocument: simAllowS3})
	mustOK(t, err)
	_, err = f.svc.AttachRolePolicy(f.rootA, &AttachRolePolicyRequest{RoleName: "deploy", PolicyArn: noDelete})
	mustOK(t, err)

	tests := []struct {
		name, source string
		want         []string
		sources      []string
	}{
		{"role", role.Role.Arn, []string{"s3:GetObject * allowed", "s3:DeleteObject * explicitDeny", "ec2:DescribeRegions * implicitDeny"},
			[]string{"role s3", "user-managed " + noDelete}},
		{"group", "arn:aws:iam::" + accountA + ":group/ops", []string{"s3:GetObject * implicitDeny", "s3:DeleteObject * implicitDeny", "ec2:DescribeRegions * allowed"},
			[]string{"group ec2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := f.svc.SimulatePrincipalPolicy(f.rootA, &SimulatePrincipalPolicyRequest{
				PolicySourceArn: tt.source, ActionNames: []string{"s3:GetObject", "s3:DeleteObject", "ec2:DescribeRegions"},
			})
			mustOK(t, err)
			if diff := cmp.Diff(tt.want, decisions(out)); diff != "" {
				t.Fatalf("decisions (-want +got):\n%s", diff)
			}
			var got []string
			seen := map[string]bool{}
			for _, r := range out.EvaluationResults {
				for _, s := range r.MatchedStatements {
					key := s.SourcePolicyType + " " + s.SourcePolicyId
					if !seen[key] {
						seen[key] = true
						got = append(got, key)
					}
				}
			}
			if diff := cmp.Diff(tt.sources, got); diff != "" {
				t.Errorf("matched policies (-want +got):\n%s", diff)
			}
		})
	}
	// A resource policy needs a caller: a role is not one by itself.
	_, err = f.svc.SimulatePrincipalPolicy(f.rootA, &SimulatePrincipalPolicyRequest{
		PolicySourceArn: role.Role.Arn, ActionNames: []string{"s3:GetObject"},
		ResourcePolicy: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}`,
	})
	wantAWSError(t, err, "InvalidInput", msgSimCallerRequired)
}
