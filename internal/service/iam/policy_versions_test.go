package iam

import (
	"fmt"
	"strings"
	"testing"
)

func TestPolicyVersionsLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "P", PolicyDocument: permDoc})
	mustOK(t, err)
	arn := out.Policy.Arn

	// v2..v5 fit; the sixth version does not.
	for i := 2; i <= 5; i++ {
		doc := fmt.Sprintf(`{"Version":"2012-10-17","Id":"v%d","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`, i)
		v, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: arn, PolicyDocument: doc, SetAsDefault: bptr(i == 3)})
		mustOK(t, err)
		if v.PolicyVersion.VersionId != fmt.Sprintf("v%d", i) || *v.PolicyVersion.IsDefaultVersion != (i == 3) || v.PolicyVersion.Document != "" {
			t.Fatalf("CreatePolicyVersion %d = %+v", i, v.PolicyVersion)
		}
	}
	_, err = f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: arn, PolicyDocument: permDoc})
	wantAWSError(t, err, "LimitExceeded",
		"A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.")

	p, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: arn})
	mustOK(t, err)
	if p.Policy.DefaultVersionId != "v3" {
		t.Fatalf("default = %s, want v3", p.Policy.DefaultVersionId)
	}
	list, err := f.svc.ListPolicyVersions(f.rootA, &ListPolicyVersionsRequest{PolicyArn: arn, MaxItems: i32(3)})
	mustOK(t, err)
	if len(list.Versions) != 3 || !*list.IsTruncated || list.Versions[0].VersionId != "v5" || list.Versions[0].Document != "" {
		t.Fatalf("ListPolicyVersions page 1 = %+v", list)
	}
	rest, err := f.svc.ListPolicyVersions(f.rootA, &ListPolicyVersionsRequest{PolicyArn: arn, Marker: list.Marker})
	mustOK(t, err)
	if len(rest.Versions) != 2 || *rest.IsTruncated || rest.Versions[1].VersionId != "v1" {
		t.Fatalf("ListPolicyVersions page 2 = %+v", rest)
	}

	_, err = f.svc.DeletePolicyVersion(f.rootA, &DeletePolicyVersionRequest{PolicyArn: arn, VersionId: "v3"})
	wantAWSError(t, err, "DeleteConflict", "Cannot delete the default version of a policy.")
	mustOK(t, func() error {
		_, err := f.svc.SetDefaultPolicyVersion(f.rootA, &SetDefaultPolicyVersionRequest{PolicyArn: arn, VersionId: "v1"})
		return err
	}())
	_, err = f.svc.DeletePolicyVersion(f.rootA, &DeletePolicyVersionRequest{PolicyArn: arn, VersionId: "v3"})
	mustOK(t, err)
	// Version IDs are never reused: the next one is v6.
	v, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: arn, PolicyDocument: permDoc})
	mustOK(t, err)
	if v.PolicyVersion.VersionId != "v6" {
		t.Fatalf("next version = %s, want v6", v.PolicyVersion.VersionId)
	}
	got, err := f.svc.GetPolicyVersion(f.rootA, &GetPolicyVersionRequest{PolicyArn: arn, VersionId: "v6"})
	mustOK(t, err)
	if got.PolicyVersion.Document != permDoc || *got.PolicyVersion.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion v6 = %+v", got.PolicyVersion)
	}
}

func TestPolicyVersionErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "P", PolicyDocument: permDoc})
	mustOK(t, err)
	arn := out.Policy.Arn
	missing := "arn:aws:iam::" + accountA + ":policy/Missing"
	cases := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"get unknown version", func() error {
			_, err := f.svc.GetPolicyVersion(f.rootA, &GetPolicyVersionRequest{PolicyArn: arn, VersionId: "v9"})
			return err
		}, "NoSuchEntity", "Policy " + arn + " version v9 does not exist or is not attachable."},
		{"delete unknown version", func() error {
			_, err := f.svc.DeletePolicyVersion(f.rootA, &DeletePolicyVersionRequest{PolicyArn: arn, VersionId: "v9"})
			return err
		}, "NoSuchEntity", "Policy " + arn + " version v9 does not exist or is not attachable."},
		{"set unknown default", func() error {
			_, err := f.svc.SetDefaultPolicyVersion(f.rootA, &SetDefaultPolicyVersionRequest{PolicyArn: arn, VersionId: "v9"})
			return err
		}, "NoSuchEntity", "Policy " + arn + " version v9 does not exist or is not attachable."},
		{"version of unknown policy", func() error {
			_, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: missing, PolicyDocument: permDoc})
			return err
		}, "NoSuchEntity", "Policy " + missing + " was not found."},
		{"list versions from another account", func() error {
			_, err := f.svc.ListPolicyVersions(f.rootB, &ListPolicyVersionsRequest{PolicyArn: arn})
			return err
		}, "NoSuchEntity", "Policy " + arn + " was not found."},
		{"malformed document", func() error {
			_, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: arn, PolicyDocument: "[1"})
			return err
		}, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"oversized document", func() error {
			_, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: arn, PolicyDocument: docOfSize(t, 6145)})
			return err
		}, "LimitExceeded", "Cannot exceed quota for PolicySize: 6144"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			wantAWSError(t, c.call(), c.code, c.msg)
		})
	}
}

func TestAWSManagedPolicies(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	p, err := f.svc.GetPolicy(f.rootA, &GetPolicyRequest{PolicyArn: adminARN})
	mustOK(t, err)
	pol := p.Policy
	if pol.PolicyName != "AdministratorAccess" || pol.Path != "/" || !strings.HasPrefix(pol.PolicyId, "ANPA") ||
		!*pol.IsAttachable || *pol.AttachmentCount != 0 || pol.Tags != nil {
		t.Fatalf("GetPolicy(AdministratorAccess) = %+v", pol)
	}
	v, err := f.svc.GetPolicyVersion(f.rootA, &GetPolicyVersionRequest{PolicyArn: adminARN, VersionId: pol.DefaultVersionId})
	mustOK(t, err)
	if !strings.Contains(v.PolicyVersion.Document, `"*"`) || !*v.PolicyVersion.IsDefaultVersion {
		t.Fatalf("GetPolicyVersion = %+v", v.PolicyVersion)
	}
	_, err = f.svc.GetPolicyVersion(f.rootA, &GetPolicyVersionRequest{PolicyArn: adminARN, VersionId: "v999"})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+adminARN+" version v999 does not exist or is not attachable.")
	vs, err := f.svc.ListPolicyVersions(f.rootA, &ListPolicyVersionsRequest{PolicyArn: adminARN})
	mustOK(t, err)
	if len(vs.Versions) != 1 || vs.Versions[0].VersionId != pol.DefaultVersionId {
		t.Fatalf("ListPolicyVersions = %+v", vs.Versions)
	}
	tags, err := f.svc.ListPolicyTags(f.rootA, &ListPolicyTagsRequest{PolicyArn: adminARN})
	mustOK(t, err)
	if len(tags.Tags) != 0 || tags.Tags == nil {
		t.Fatalf("ListPolicyTags = %+v", tags)
	}

	// AWS managed policies belong to AWS: every write is denied.
	denied := func(action string) string {
		return "User: " + rootARN(accountA) + " is not authorized to perform: iam:" + action + " on resource: policy " + adminARN
	}
	writes := []struct {
		action string
		call   func() error
	}{
		{"DeletePolicy", func() error {
			_, err := f.svc.DeletePolicy(f.rootA, &DeletePolicyRequest{PolicyArn: adminARN})
			return err
		}},
		{"CreatePolicyVersion", func() error {
			_, err := f.svc.CreatePolicyVersion(f.rootA, &CreatePolicyVersionRequest{PolicyArn: adminARN, PolicyDocument: permDoc})
			return err
		}},
		{"DeletePolicyVersion", func() error {
			_, err := f.svc.DeletePolicyVersion(f.rootA, &DeletePolicyVersionRequest{PolicyArn: adminARN, VersionId: "v1"})
			return err
		}},
		{"SetDefaultPolicyVersion", func() error {
			_, err := f.svc.SetDefaultPolicyVersion(f.rootA, &SetDefaultPolicyVersionRequest{PolicyArn: adminARN, VersionId: "v1"})
			return err
		}},
		{"TagPolicy", func() error {
			_, err := f.svc.TagPolicy(f.rootA, &TagPolicyRequest{PolicyArn: adminARN, Tags: []Tag{{Key: "a", Value: "b"}}})
			return err
		}},
		{"UntagPolicy", func() error {
			_, err := f.svc.UntagPolicy(f.rootA, &UntagPolicyRequest{PolicyArn: adminARN, TagKeys: []string{"a"}})
			return err
		}},
	}
	for _, w := range writes {
		t.Run(w.action, func(t *testing.T) {
			t.Parallel()
			wantAWSError(t, w.call(), "AccessDenied", denied(w.action))
		})
	}
}

func TestPolicyTags(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreatePolicy(f.rootA, &CreatePolicyRequest{PolicyName: "P", PolicyDocument: permDoc, Tags: tagList("k", 2)})
	mustOK(t, err)
	arn := out.Policy.Arn
	_, err = f.svc.TagPolicy(f.rootA, &TagPolicyRequest{PolicyArn: arn, Tags: []Tag{{Key: "z", Value: "1"}}})
	mustOK(t, err)
	_, err = f.svc.UntagPolicy(f.rootA, &UntagPolicyRequest{PolicyArn: arn, TagKeys: []string{"k00"}})
	mustOK(t, err)
	tags, err := f.svc.ListPolicyTags(f.rootA, &ListPolicyTagsRequest{PolicyArn: arn})
	mustOK(t, err)
	if len(tags.Tags) != 2 || tags.Tags[0].Key != "k01" || tags.Tags[1] != (Tag{Key: "z", Value: "1"}) || *tags.IsTruncated {
		t.Fatalf("ListPolicyTags = %+v", tags)
	}
	_, err = f.svc.TagPolicy(f.rootA, &TagPolicyRequest{PolicyArn: arn, Tags: tagList("t", 49)})
	wantAWSError(t, err, "LimitExceeded", msgTooManyTags)
	_, err = f.svc.TagPolicy(f.rootB, &TagPolicyRequest{PolicyArn: arn, Tags: []Tag{{Key: "a"}}})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+arn+" was not found.")
	_, err = f.svc.ListPolicyTags(f.rootB, &ListPolicyTagsRequest{PolicyArn: arn})
	wantAWSError(t, err, "NoSuchEntity", "Policy "+arn+" was not found.")
}
