package iam

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
)

const (
	laIAMRead = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}]}`
	laSTS     = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}}`
)

// lastAccessedFixture: alice (IAM read inline, in group ops), bob (in
// ops), group ops (STS inline), role Admin (managed Everything: "*"),
// and recorded activity at t0 < t1 < t2.
type lastAccessedFixture struct {
	*identityFixture
	alice, bob, role, everything string
	t0, t1, t2                   time.Time
}

func newLastAccessedFixture(t *testing.T) *lastAccessedFixture {
	t.Helper()
	f := &lastAccessedFixture{identityFixture: newIdentityFixture(t)}
	ctx := f.rootA
	_, err := f.svc.PutUserPolicy(ctx, &PutUserPolicyRequest{UserName: "alice", PolicyName: "iamread", PolicyDocument: laIAMRead})
	mustOK(t, err)
	_, err = f.svc.CreateUser(ctx, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.CreateGroup(ctx, &CreateGroupRequest{GroupName: "ops"})
	mustOK(t, err)
	for _, u := range []string{"alice", "bob"} {
		_, err = f.svc.AddUserToGroup(ctx, &AddUserToGroupRequest{GroupName: "ops", UserName: u})
		mustOK(t, err)
	}
	_, err = f.svc.PutGroupPolicy(ctx, &PutGroupPolicyRequest{GroupName: "ops", PolicyName: "sts", PolicyDocument: laSTS})
	mustOK(t, err)
	f.createRole(t, accountA, "Admin")
	f.everything = f.createCustomerPolicy(t, accountA, "/", "Everything")
	_, err = f.svc.AttachRolePolicy(ctx, &AttachRolePolicyRequest{RoleName: "Admin", PolicyArn: f.everything})
	mustOK(t, err)

	f.alice, f.bob, f.role = userARN(accountA, "/", "alice"), userARN(accountA, "/", "bob"), roleARN(accountA, "/", "Admin")
	f.t0 = time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC)
	f.t1, f.t2 = f.t0.Add(time.Hour), f.t0.Add(2*time.Hour)
	rec := func(arn, ns, action string, at time.Time, region string) store.ServiceActivity {
		return store.ServiceActivity{AccountID: accountA, PrincipalARN: arn, Namespace: ns, Action: action, At: at, Region: region}
	}
	mustOK(t, f.st.Activity().Record(context.Background(), []store.ServiceActivity{
		rec(f.alice, "iam", "", f.t1, "us-east-1"),
		rec(f.alice, "iam", "ListUsers", f.t1, "us-east-1"),
		rec(f.alice, "iam", "GetUser", f.t0, "eu-west-1"),
		rec(f.alice, "sts", "", f.t0, "eu-west-1"),
		rec(f.bob, "sts", "", f.t2, "us-west-2"),
		rec(f.role, "iam", "", f.t2, "ap-south-1"),
		// Another account's activity never shows.
		{AccountID: accountB, PrincipalARN: f.alice, Namespace: "iam", At: f.t2, Region: "us-east-1"},
	}))
	return f
}

func (f *lastAccessedFixture) report(t *testing.T, arn, granularity string) *GetServiceLastAccessedDetailsResponse {
	t.Helper()
	job, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: arn, Granularity: granularity})
	mustOK(t, err)
	if len(job.JobId) != 36 {
		t.Errorf("JobId %q is not 36 characters long", job.JobId)
	}
	out, err := f.svc.GetServiceLastAccessedDetails(f.rootA, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId})
	mustOK(t, err)
	if out.JobStatus != "COMPLETED" || !out.JobCreationDate.Equal(f.now) || !out.JobCompletionDate.Equal(f.now) {
		t.Errorf("job = %s created %v completed %v, want COMPLETED at %v", out.JobStatus, out.JobCreationDate, out.JobCompletionDate, f.now)
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func TestServiceLastAccessedReports(t *testing.T) {
	t.Parallel()
	f := newLastAccessedFixture(t)
	const iamName, stsName = "AWS Identity and Access Management", "AWS Security Token Service"
	tests := []struct {
		name, arn, granularity string
		want                   []ServiceLastAccessed
	}{
		{"user, service level", f.alice, "", []ServiceLastAccessed{
			{ServiceName: iamName, ServiceNamespace: "iam", LastAuthenticated: &f.t1, LastAuthenticatedEntity: f.alice, LastAuthenticatedRegion: "us-east-1", TotalAuthenticatedEntities: ptr[int32](1)},
			{ServiceName: stsName, ServiceNamespace: "sts", LastAuthenticated: &f.t0, LastAuthenticatedEntity: f.alice, LastAuthenticatedRegion: "eu-west-1", TotalAuthenticatedEntities: ptr[int32](1)},
		}},
		{"user, action level tracks IAM's actions only", f.alice, "ACTION_LEVEL", []ServiceLastAccessed{
			{ServiceName: iamName, ServiceNamespace: "iam", LastAuthenticated: &f.t1, LastAuthenticatedEntity: f.alice, LastAuthenticatedRegion: "us-east-1", TotalAuthenticatedEntities: ptr[int32](1),
				TrackedActionsLastAccessed: []TrackedActionLastAccessed{
					{ActionName: "GetUser", LastAccessedEntity: f.alice, LastAccessedTime: &f.t0, LastAccessedRegion: "eu-west-1"},
					{ActionName: "ListUsers", LastAccessedEntity: f.alice, LastAccessedTime: &f.t1, LastAccessedRegion: "us-east-1"},
				}},
			{ServiceName: stsName, ServiceNamespace: "sts", LastAuthenticated: &f.t0, LastAuthenticatedEntity: f.alice, LastAuthenticatedRegion: "eu-west-1", TotalAuthenticatedEntities: ptr[int32](1)},
		}},
		{"user granted STS by its group only", f.bob, "SERVICE_LEVEL", []ServiceLastAccessed{
			{ServiceName: stsName, ServiceNamespace: "sts", LastAuthenticated: &f.t2, LastAuthenticatedEntity: f.bob, LastAuthenticatedRegion: "us-west-2", TotalAuthenticatedEntities: ptr[int32](1)},
		}},
		{"group counts its members", groupARN(accountA, "/", "ops"), "", []ServiceLastAccessed{
			{ServiceName: stsName, ServiceNamespace: "sts", LastAuthenticated: &f.t2, LastAuthenticatedEntity: f.bob, LastAuthenticatedRegion: "us-west-2", TotalAuthenticatedEntities: ptr[int32](2)},
		}},
		{"policy counts the roles using it; a service never accessed has no details", f.everything, "", []ServiceLastAccessed{
			{ServiceName: iamName, ServiceNamespace: "iam", LastAuthenticated: &f.t2, LastAuthenticatedEntity: f.role, LastAuthenticatedRegion: "ap-south-1", TotalAuthenticatedEntities: ptr[int32](1)},
			{ServiceName: stsName, ServiceNamespace: "sts"},
		}},
		{"role", f.role, "", []ServiceLastAccessed{
			{ServiceName: iamName, ServiceNamespace: "iam", LastAuthenticated: &f.t2, LastAuthenticatedEntity: f.role, LastAuthenticatedRegion: "ap-south-1", TotalAuthenticatedEntities: ptr[int32](1)},
			{ServiceName: stsName, ServiceNamespace: "sts"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := f.report(t, tc.arn, tc.granularity)
			if diff := cmp.Diff(tc.want, out.ServicesLastAccessed); diff != "" {
				t.Errorf("ServicesLastAccessed (-want +got):\n%s", diff)
			}
			wantType := "SERVICE_LEVEL"
			if tc.granularity == "ACTION_LEVEL" {
				wantType = "ACTION_LEVEL"
			}
			if out.JobType != wantType {
				t.Errorf("JobType = %q, want %q", out.JobType, wantType)
			}
		})
	}
}

func TestServiceLastAccessedEntitiesAndPaging(t *testing.T) {
	t.Parallel()
	f := newLastAccessedFixture(t)
	job, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: groupARN(accountA, "/", "ops")})
	mustOK(t, err)
	out, err := f.svc.GetServiceLastAccessedDetailsWithEntities(f.rootA, &GetServiceLastAccessedDetailsWithEntitiesRequest{JobId: job.JobId, ServiceNamespace: "sts"})
	mustOK(t, err)
	var got []string
	for _, e := range out.EntityDetailsList {
		at := "never"
		if e.LastAuthenticated != nil {
			at = e.LastAuthenticated.Format(time.RFC3339)
		}
		got = append(got, e.EntityInfo.Name+" "+e.EntityInfo.Type+" "+at)
	}
	want := []string{"bob USER " + f.t2.Format(time.RFC3339), "alice USER " + f.t0.Format(time.RFC3339)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("entities, most recent first (-want +got):\n%s", diff)
	}

	// A user's report pages its two services one at a time.
	job, err = f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: f.alice})
	mustOK(t, err)
	var names []string
	marker := ""
	for pages := 1; ; pages++ {
		page, err := f.svc.GetServiceLastAccessedDetails(f.rootA, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId, MaxItems: ptr[int32](1), Marker: marker})
		mustOK(t, err)
		for _, s := range page.ServicesLastAccessed {
			names = append(names, s.ServiceNamespace)
		}
		if page.IsTruncated == nil || !*page.IsTruncated {
			break
		}
		if pages > 3 {
			t.Fatal("paging does not end")
		}
		marker = page.Marker
	}
	if diff := cmp.Diff([]string{"iam", "sts"}, names); diff != "" {
		t.Errorf("paged services (-want +got):\n%s", diff)
	}
}

func TestServiceLastAccessedErrors(t *testing.T) {
	t.Parallel()
	f := newLastAccessedFixture(t)
	job, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: f.alice})
	mustOK(t, err)
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"unknown user", func() error {
			_, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: userARN(accountA, "/", "nobody")})
			return err
		}, "NoSuchEntity", "The user with name nobody cannot be found."},
		{"unknown policy", func() error {
			_, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: policyARN(accountA, "/", "Nope")})
			return err
		}, "NoSuchEntity", "Policy " + policyARN(accountA, "/", "Nope") + " was not found."},
		{"not an IAM entity", func() error {
			_, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: "arn:aws:s3:::bucket"})
			return err
		}, "InvalidInput", "ARN arn:aws:s3:::bucket is not the ARN of a user, group, role or policy."},
		{"unknown job", func() error {
			_, err := f.svc.GetServiceLastAccessedDetails(f.rootA, &GetServiceLastAccessedDetailsRequest{JobId: "00000000-0000-4000-8000-000000000000"})
			return err
		}, "NoSuchEntity", "No service last accessed job with ID 00000000-0000-4000-8000-000000000000 was found."},
		{"another account's job", func() error {
			_, err := f.svc.GetServiceLastAccessedDetailsWithEntities(f.rootB, &GetServiceLastAccessedDetailsWithEntitiesRequest{JobId: job.JobId, ServiceNamespace: "iam"})
			return err
		}, "NoSuchEntity", "No service last accessed job with ID " + job.JobId + " was found."},
		{"another principal's job", func() error {
			// AWS serves a job ID only to the principal that generated it.
			_, err := f.svc.GetServiceLastAccessedDetails(f.identityFixture.role, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId})
			return err
		}, "NoSuchEntity", "No service last accessed job with ID " + job.JobId + " was found."},
		{"policies granting access of a policy", func() error {
			_, err := f.svc.ListPoliciesGrantingServiceAccess(f.rootA, &ListPoliciesGrantingServiceAccessRequest{Arn: f.everything, ServiceNamespaces: []string{"iam"}})
			return err
		}, "InvalidInput", "ARN " + f.everything + " is not the ARN of a user, group or role."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wantAWSError(t, tc.call(), tc.code, tc.msg)
		})
	}
}

func TestListPoliciesGrantingServiceAccess(t *testing.T) {
	t.Parallel()
	f := newLastAccessedFixture(t)
	tests := []struct {
		name string
		arn  string
		want []ListPoliciesGrantingServiceAccessEntry
	}{
		{"user: its own and its groups' inline policies", f.alice, []ListPoliciesGrantingServiceAccessEntry{
			{ServiceNamespace: "iam", Policies: []PolicyGrantingServiceAccess{{PolicyName: "iamread", PolicyType: "INLINE", EntityType: "USER", EntityName: "alice"}}},
			{ServiceNamespace: "sts", Policies: []PolicyGrantingServiceAccess{{PolicyName: "sts", PolicyType: "INLINE", EntityType: "GROUP", EntityName: "ops"}}},
			{ServiceNamespace: "s3", Policies: []PolicyGrantingServiceAccess{}},
		}},
		{"role: managed policy", f.role, []ListPoliciesGrantingServiceAccessEntry{
			{ServiceNamespace: "iam", Policies: []PolicyGrantingServiceAccess{{PolicyName: "Everything", PolicyType: "MANAGED", PolicyArn: f.everything}}},
			{ServiceNamespace: "sts", Policies: []PolicyGrantingServiceAccess{{PolicyName: "Everything", PolicyType: "MANAGED", PolicyArn: f.everything}}},
			{ServiceNamespace: "s3", Policies: []PolicyGrantingServiceAccess{{PolicyName: "Everything", PolicyType: "MANAGED", PolicyArn: f.everything}}},
		}},
		{"group", groupARN(accountA, "/", "ops"), []ListPoliciesGrantingServiceAccessEntry{
			{ServiceNamespace: "iam", Policies: []PolicyGrantingServiceAccess{}},
			{ServiceNamespace: "sts", Policies: []PolicyGrantingServiceAccess{{PolicyName: "sts", PolicyType: "INLINE", EntityType: "GROUP", EntityName: "ops"}}},
			{ServiceNamespace: "s3", Policies: []PolicyGrantingServiceAccess{}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := f.svc.ListPoliciesGrantingServiceAccess(f.rootA, &ListPoliciesGrantingServiceAccessRequest{Arn: tc.arn, ServiceNamespaces: []string{"iam", "sts", "s3"}})
			mustOK(t, err)
			if diff := cmp.Diff(tc.want, out.PoliciesGrantingServiceAccess); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			if out.IsTruncated != nil && *out.IsTruncated {
				t.Error("IsTruncated for three namespaces")
			}
		})
	}
}

func TestGrantsNamespace(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc string
		iam, sts  bool
	}{
		{"wildcard action", `{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`, true, true},
		{"namespace wildcard", `{"Statement":{"Effect":"Allow","Action":"i?m:*","Resource":"*"}}`, true, false},
		{"case-insensitive", `{"Statement":{"Effect":"Allow","Action":"STS:AssumeRole","Resource":"*"}}`, false, true},
		{"prefix spanning the colon", `{"Statement":{"Effect":"Allow","Action":"s*","Resource":"*"}}`, false, true},
		{"deny grants nothing", `{"Statement":{"Effect":"Deny","Action":"*","Resource":"*"}}`, false, false},
		{"NotAction excludes a whole service", `{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`, false, true},
		{"NotAction of one action still grants the service", `{"Statement":{"Effect":"Allow","NotAction":"iam:DeleteUser","Resource":"*"}}`, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc, err := policy.Parse([]byte(tc.doc))
			mustOK(t, err)
			if got := grantsNamespace(doc, "iam"); got != tc.iam {
				t.Errorf("grants iam = %v, want %v", got, tc.iam)
			}
			if got := grantsNamespace(doc, "sts"); got != tc.sts {
				t.Errorf("grants sts = %v, want %v", got, tc.sts)
			}
		})
	}
}

// TestLastAccessedJobOnAnotherNode shows that a report generated through
// one Service is served by another on the same store, as a second iamd
// node serves it, until it expires.
func TestLastAccessedJobOnAnotherNode(t *testing.T) {
	t.Parallel()
	f := newLastAccessedFixture(t)
	job, err := f.svc.GenerateServiceLastAccessedDetails(f.rootA, &GenerateServiceLastAccessedDetailsRequest{Arn: f.alice})
	mustOK(t, err)
	want, err := f.svc.GetServiceLastAccessedDetails(f.rootA, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId})
	mustOK(t, err)
	other := New(Config{Store: f.st, Sealer: f.keys, Hasher: f.hasher, Clock: func() time.Time { return f.now }})
	got, err := other.GetServiceLastAccessedDetails(f.rootA, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId})
	mustOK(t, err)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("the other node's report differs (-first +other):\n%s", diff)
	}
	if len(got.ServicesLastAccessed) == 0 || got.ServicesLastAccessed[0].LastAuthenticated == nil {
		t.Fatalf("report without accesses: %+v", got)
	}
	entities, err := other.GetServiceLastAccessedDetailsWithEntities(f.rootA, &GetServiceLastAccessedDetailsWithEntitiesRequest{JobId: job.JobId, ServiceNamespace: "iam"})
	mustOK(t, err)
	if len(entities.EntityDetailsList) != 1 || entities.EntityDetailsList[0].EntityInfo.Arn != f.alice {
		t.Fatalf("entities on the other node: %+v", entities.EntityDetailsList)
	}

	f.now = f.now.Add(lastAccessedReportLife + time.Second)
	_, err = other.GetServiceLastAccessedDetails(f.rootA, &GetServiceLastAccessedDetailsRequest{JobId: job.JobId})
	wantAWSError(t, err, "NoSuchEntity", "No service last accessed job with ID "+job.JobId+" was found.")
}
