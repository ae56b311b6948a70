package iam

import (
	"sort"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

// summaryKeys are the SummaryKeyType values of the API reference.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountSummary.html
var summaryKeys = strings.Fields(`Users UsersQuota Groups GroupsQuota ServerCertificates ServerCertificatesQuota
UserPolicySizeQuota GroupPolicySizeQuota GroupsPerUserQuota SigningCertificatesPerUserQuota AccessKeysPerUserQuota
MFADevices MFADevicesInUse AccountMFAEnabled AccountAccessKeysPresent AccountPasswordPresent
AccountSigningCertificatesPresent AttachedPoliciesPerGroupQuota AttachedPoliciesPerRoleQuota
AttachedPoliciesPerUserQuota Policies PoliciesQuota PolicySizeQuota PolicyVersionsInUse PolicyVersionsInUseQuota
VersionsPerPolicyQuota GlobalEndpointTokenVersion AssumeRolePolicySizeQuota InstanceProfiles
InstanceProfilesQuota Providers RolePolicySizeQuota Roles RolesQuota`)

func TestGetAccountSummary(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	summary := func(t *testing.T) map[string]int32 {
		t.Helper()
		out, err := f.svc.GetAccountSummary(f.rootA, &emptyAccountInput{})
		mustOK(t, err)
		return out.SummaryMap
	}
	m := summary(t)
	var got []string
	for k := range m {
		got = append(got, k)
	}
	want := append([]string(nil), summaryKeys...)
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("keys = %v\nwant %v", got, want)
	}
	q := DefaultQuotas()
	for key, v := range map[string]int32{
		"Users": 1, "Groups": 0, "Roles": 0, "Policies": 0, "InstanceProfiles": 0, "Providers": 0,
		"UsersQuota": int32(q.Users), "GroupsQuota": int32(q.Groups), "RolesQuota": int32(q.Roles),
		"PolicySizeQuota": 6144, "UserPolicySizeQuota": 2048, "GroupPolicySizeQuota": 5120,
		"RolePolicySizeQuota": 10240, "AssumeRolePolicySizeQuota": 2048, "VersionsPerPolicyQuota": 5,
		"AccessKeysPerUserQuota": 2, "AccountAccessKeysPresent": 0, "MFADevices": 0, "PolicyVersionsInUse": 0,
	} {
		if m[key] != v {
			t.Errorf("%s = %d, want %d", key, m[key], v)
		}
	}

	// Counts move with the account's entities, and B's do not count.
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.CreateUser(f.rootB, &CreateUserRequest{UserName: "carol"})
	mustOK(t, err)
	_, err = f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	f.createRole(t, accountA, "app")
	f.createCustomerPolicy(t, accountA, "/", "p1")
	_, err = f.svc.AttachUserPolicy(f.rootA, &AttachUserPolicyRequest{UserName: "bob", PolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess"})
	mustOK(t, err)
	mustOK(t, f.st.AccessKeys().Create(f.rootA, &store.AccessKey{ID: "AKIAROOTKEY000000001", AccountID: accountA,
		SealedSecret: []byte("x"), Status: store.KeyActive, CreatedAt: f.now}, 2))
	m = summary(t)
	for key, v := range map[string]int32{
		"Users": 2, "Groups": 1, "Roles": 1, "Policies": 1, "PolicyVersionsInUse": 2, "AccountAccessKeysPresent": 1,
	} {
		if m[key] != v {
			t.Errorf("after creates: %s = %d, want %d", key, m[key], v)
		}
	}
}
