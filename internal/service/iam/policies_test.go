package iam

import (
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awsmanaged"
)

// permDoc is a valid permissions policy, pretty-printed on purpose.
const permDoc = `{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
}`

// adminARN is an attachable AWS managed policy every catalog carries.
const adminARN = "arn:aws:iam::aws:policy/AdministratorAccess"

func bptr(b bool) *bool { return &b }

func TestCreateAndGetPolicy(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{
		PolicyName: "Read", Path: "/team/", PolicyDocument: permDoc, Description: "reads",
		Tags: []Tag{{Key: "k", Value: "v"}},
	})
	mustOK(t, err)
	p := out.Policy
	wantARN := "arn:aws:iam::" + accountA + ":policy/team/Read"
	if p.Arn != wantARN || !strings.HasPrefix(p.PolicyId, "ANPA") || p.DefaultVersionId != "v1" ||
		*p.AttachmentCount != 0 || *p.PermissionsBoundaryUsageCount != 0 || !*p.IsAttachable || len(p.Tags) != 1 {
		t.Fatalf("CreatePolicy = %+v", p)
	}
	got, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: wantARN})
	mustOK(t, err)
	if got.Policy.Description != "reads" || got.Policy.PolicyName != "Read" || got.Policy.Tags[0].Key != "k" {
		t.Fatalf("GetPolicy = %+v", got.Policy)
	}
	v, err := f.svc.GetPolicyVersion(f.rootA, &GetPolicyVersionRequest{PolicyArn: wantARN, VersionId: "v1"})
	mustOK(t, err)
	if v.PolicyVersion.Document != permDoc || !*v.PolicyVersion.IsDefaultVersion {
		t.Fatalf("document not returned as given: %+v", v.PolicyVersion)
	}

	cases := []struct {
		name      string
		ctxB      bool
		arn       string
		code, msg string
	}{
		{"other account cannot see it", true, wantARN, "NoSuchEntity", "Policy " + wantARN + " was not found."},
		{"wrong path", false, "arn:aws:iam::" + accountA + ":policy/Read", "NoSuchEntity",
			"Policy arn:aws:iam::" + accountA + ":policy/Read was not found."},
		{"wrong case", false, "arn:aws:iam::" + accountA + ":policy/team/READ", "NoSuchEntity",
			"Policy arn:aws:iam::" + accountA + ":policy/team/READ was not found."},
		{"not an ARN", false, "policy/team/Read-xxxxxxx", "InvalidInput", "ARN policy/team/Read-xxxxxxx is not valid."},
		{"not a policy ARN", false, "arn:aws:iam::" + accountA + ":role/Read", "InvalidInput",
			"ARN arn:aws:iam::" + accountA + ":role/Read is not valid."},
		{"unknown AWS policy", false, "arn:aws:iam::aws:policy/NoSuchThing", "NoSuchEntity",
			"Policy arn:aws:iam::aws:policy/NoSuchThing was not found."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ctx := f.rootA
			if c.ctxB {
				ctx = f.rootB
			}
			_, err := f.svc.GetPolicy(ctx, &GetPolicyRequest{PolicyArn: c.arn})
			wantAWSError(t, err, c.code, c.msg)
		})
	}
}

func TestCreatePolicyErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "Taken", PolicyDocument: permDoc})
	mustOK(t, err)
	q := DefaultQuotas()
	q.Policies = 1
	tight := New(Config{Store: f.st, Clock: f.svc.clock, NewID: f.svc.newID, Quotas: q})
	cases := []struct {
		name      string
		svc       *Service
		in        CreatePolicyRequest
		code, msg string
	}{
		{"duplicate, any path", f.svc, CreatePolicyRequest{PolicyName: "Taken", Path: "/x/", PolicyDocument: permDoc},
			"EntityAlreadyExists", "A policy called Taken already exists. Duplicate names are not allowed."},
		{"bad json", f.svc, CreatePolicyRequest{PolicyName: "P", PolicyDocument: "{"},
			"MalformedPolicyDocument", "Syntax errors in policy."},
		{"too large", f.svc, CreatePolicyRequest{PolicyName: "P", PolicyDocument: docOfSize(t, 6145)},
			"LimitExceeded", "Cannot exceed quota for PolicySize: 6144"},
		{"quota", tight, CreatePolicyRequest{PolicyName: "P", PolicyDocument: permDoc},
			"LimitExceeded", "Cannot exceed quota for PoliciesPerAccount: 1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.svc.CreatePolicy(f.rootA, &c.in)
			wantAWSError(t, err, c.code, c.msg)
		})
	}
	// The same name is free in another account.
	_, err = f.svc.CreatePolicy(f.rootB, &CreatePolicyRequest{PolicyName: "Taken", PolicyDocument: permDoc})
	mustOK(t, err)
}

func TestDeletePolicyConflicts(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "P", PolicyDocument: permDoc})
	mustOK(t, err)
	arn := out.Policy.Arn
	_, err = f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: arn})
	mustOK(t, err)
	_, err = f.svc.DeletePolicy(f.rootA, &DeletePolicyRequest{PolicyArn: arn})
	wantAWSError(t, err, "DeleteConflict", "Cannot delete a policy attached to entities.")
	_, err = f.svc.DetachUserPolicy(f.rootA, &DetachUserPolicyRequest{UserName: "alice", PolicyArn: arn})
	mustOK(t, err)

	// A boundary use blocks the delete too.
	_, err = f.svc.PutUserPermissionsBoundary(f.rootA, &PutUserPermissionsBoundaryRequest{UserName: "alice", PermissionsBoundary: arn})
	mustOK(t, err)
	_, err = f.svc.DeletePolicy(f.rootA, &DeletePolicyRequest{PolicyArn: arn})
	wantAWSError(t, err, "DeleteConflict", "Cannot delete a policy attached to entities.")
	_, err = f.svc.DeleteUserPermissionsBoundary(f.rootA, &DeleteUserPermissionsBoundaryRequest{UserName: "alice"})
	mustOK(t, err)

	_, err = f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: arn, PolicyDocument: permDoc})
	mustOK(t, err)
	_, err = f.svc.DeletePolicy(f.rootA, &DeletePolicyRequest{PolicyArn: arn})
	wantAWSError(t, err, "DeleteConflict", msgPolicyHasVersions)
	_, err = f.svc.DeletePolicyVersion(f.rootA, &DeletePolicyVersionRequest{PolicyArn: arn, VersionId: "v2"})
	mustOK(t, err)

	_, err = f.svc.DeletePolicy(f.rootB, &DeletePolicyRequest{PolicyArn: arn})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+arn+" was not found.")
	_, err = f.svc.DeletePolicy(f.rootA, &DeletePolicyRequest{PolicyArn: arn})
	mustOK(t, err)
	_, err = f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: arn})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+arn+" was not found.")
}

// listAllPolicies pages through ListPolicies and returns every ARN.
func listAllPolicies(t *testing.T, f *identityFixture, in ListPoliciesRequest) (arns []string, pages int) {
	t.Helper()
	for {
		out, err := f.svc.ListPolicies(f.rootA, &in)
		mustOK(t, err)
		pages++
		for _, p := range out.Policies {
			if p.Description != "" || p.Tags != nil {
				t.Fatalf("listing carries details: %+v", p)
			}
			arns = append(arns, p.Arn)
		}
		if !*out.IsTruncated {
			return arns, pages
		}
		if out.Marker == "" || pages > 10000 {
			t.Fatal("truncated page without a marker")
		}
		in.Marker = out.Marker
	}
}

func TestListPoliciesScopeAWSPagesThroughCatalog(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "Mine", PolicyDocument: permDoc})
	mustOK(t, err)
	all := awsmanaged.All()
	if len(all) < 100 {
		t.Fatalf("catalog has %d policies", len(all))
	}
	arns, pages := listAllPolicies(t, f, ListPoliciesRequest{Scope: "AWS", MaxItems: i32(250)})
	if len(arns) != len(all) {
		t.Fatalf("Scope AWS listed %d policies, catalog has %d", len(arns), len(all))
	}
	if want := (len(all) + 249) / 250; pages != want {
		t.Fatalf("%d pages, want %d", pages, want)
	}
	seen := map[string]bool{}
	for i, a := range arns {
		if a != all[i].ARN || seen[a] {
			t.Fatalf("policy %d = %s, want %s (no repeats)", i, a, all[i].ARN)
		}
		seen[a] = true
	}
	// All = AWS's then the account's own; Local = the account's own only.
	every, _ := listAllPolicies(t, f, ListPoliciesRequest{MaxItems: i32(1000)})
	if len(every) != len(all)+1 || every[len(every)-1] != "arn:aws:iam::"+accountA+":policy/Mine" {
		t.Fatalf("Scope All: %d policies, last %s", len(every), every[len(every)-1])
	}
	local, _ := listAllPolicies(t, f, ListPoliciesRequest{Scope: "Local"})
	if len(local) != 1 {
		t.Fatalf("Scope Local = %v", local)
	}
}

func TestListPoliciesFilters(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	for _, name := range []string{"A", "B", "C"} {
		_, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: name, Path: "/p" + strings.ToLower(name) + "/", PolicyDocument: permDoc})
		mustOK(t, err)
	}
	arnB := "arn:aws:iam::" + accountA + ":policy/pb/B"
	arnC := "arn:aws:iam::" + accountA + ":policy/pc/C"
	_, err := f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: arnB})
	mustOK(t, err)
	_, err = f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "alice", PolicyArn: adminARN})
	mustOK(t, err)
	_, err = f.svc.PutUserPermissionsBoundary(f.rootA, &PutUserPermissionsBoundaryRequest{UserName: "alice", PermissionsBoundary: arnC})
	mustOK(t, err)
	// Account B's attachments do not count in A.
	_, err = f.svc.CreateUser(f.rootB, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.AttachUserPolicy(f.rootB, &AttachUserPolicyRequest{UserName: "bob", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"})
	mustOK(t, err)

	cases := []struct {
		name string
		in   ListPoliciesRequest
		want []string
	}{
		{"only attached, all scopes", ListPoliciesRequest{OnlyAttached: bptr(true), MaxItems: i32(1)}, []string{adminARN, arnB}},
		{"only attached, local", ListPoliciesRequest{Scope: "Local", OnlyAttached: bptr(true)}, []string{arnB}},
		{"boundaries", ListPoliciesRequest{PolicyUsageFilter: "PermissionsBoundary", MaxItems: i32(7)}, []string{arnC}},
		{"path prefix", ListPoliciesRequest{Scope: "Local", PathPrefix: "/pc/"}, []string{arnC}},
		{"local paged", ListPoliciesRequest{Scope: "Local", MaxItems: i32(2)}, []string{
			"arn:aws:iam::" + accountA + ":policy/pa/A", arnB, arnC}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, _ := listAllPolicies(t, f, c.in)
			if strings.Join(got, " ") != strings.Join(c.want, " ") {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
	out, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"})
	mustOK(t, err)
	if *out.Policy.AttachmentCount != 0 {
		t.Fatalf("account B's attachment counted in A: %d", *out.Policy.AttachmentCount)
	}
}
