package iam

import (
	"bytes"
	"strings"
	"testing"
)

func TestServiceSpecificCredentials(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreateServiceSpecificCredential(f.rootA, &CreateServiceSpecificCredentialRequest{UserName: "alice", ServiceName: "codecommit.amazonaws.com"})
	mustOK(t, err)
	c := out.ServiceSpecificCredential
	if !strings.HasPrefix(c.ServiceSpecificCredentialId, "ACCA") || c.ServiceUserName != "alice-at-"+accountA || c.UserName != "alice" ||
		c.Status != "Active" || len(c.ServicePassword) != 44 || !c.CreateDate.Equal(f.svc.now()) {
		t.Fatalf("created = %+v", c)
	}
	// The password is stored sealed, bound to the credential's ID.
	stored, err := f.st.ServiceSpecificCredentials().Get(f.rootA, accountA, mustUserID(t, f, "alice"), c.ServiceSpecificCredentialId)
	mustOK(t, err)
	if bytes.Contains(stored.SealedPassword, []byte(c.ServicePassword)) {
		t.Fatal("password stored in clear")
	}
	opened, err := f.keys.Open(stored.SealedPassword, []byte(c.ServiceSpecificCredentialId))
	mustOK(t, err)
	if string(opened) != c.ServicePassword {
		t.Fatal("sealed password does not open to the password returned")
	}

	_, err = f.svc.CreateServiceSpecificCredential(f.rootA, &CreateServiceSpecificCredentialRequest{UserName: "alice", ServiceName: "s3.amazonaws.com"})
	wantAWSError(t, err, "NotSupportedService", msgServiceNotSupported)
	_, err = f.svc.CreateServiceSpecificCredential(f.rootA, &CreateServiceSpecificCredentialRequest{UserName: "nobody", ServiceName: "codecommit.amazonaws.com"})
	wantAWSError(t, err, "NoSuchEntity", "The user with name nobody cannot be found.")
	_, err = f.svc.CreateServiceSpecificCredential(f.rootA, &CreateServiceSpecificCredentialRequest{UserName: "alice", ServiceName: "codecommit.amazonaws.com"})
	mustOK(t, err)
	_, err = f.svc.CreateServiceSpecificCredential(f.rootA, &CreateServiceSpecificCredentialRequest{UserName: "alice", ServiceName: "codecommit.amazonaws.com"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2")
	// The quota is per service.
	keyspaces, err := f.svc.CreateServiceSpecificCredential(f.rootA, &CreateServiceSpecificCredentialRequest{UserName: "alice", ServiceName: "cassandra.amazonaws.com"})
	mustOK(t, err)

	all, err := f.svc.ListServiceSpecificCredentials(f.alice, &ListServiceSpecificCredentialsRequest{})
	mustOK(t, err)
	if len(all.ServiceSpecificCredentials) != 3 || all.ServiceSpecificCredentials[0].ServiceSpecificCredentialId != c.ServiceSpecificCredentialId {
		t.Fatalf("list = %+v", all)
	}
	one, err := f.svc.ListServiceSpecificCredentials(f.rootA, &ListServiceSpecificCredentialsRequest{UserName: "alice", ServiceName: "cassandra.amazonaws.com"})
	mustOK(t, err)
	if len(one.ServiceSpecificCredentials) != 1 || one.ServiceSpecificCredentials[0].ServiceName != "cassandra.amazonaws.com" {
		t.Fatalf("keyspaces list = %+v", one)
	}

	reset, err := f.svc.ResetServiceSpecificCredential(f.alice, &ResetServiceSpecificCredentialRequest{ServiceSpecificCredentialId: c.ServiceSpecificCredentialId})
	mustOK(t, err)
	if reset.ServiceSpecificCredential.ServicePassword == c.ServicePassword || len(reset.ServiceSpecificCredential.ServicePassword) != 44 {
		t.Fatalf("reset password = %q", reset.ServiceSpecificCredential.ServicePassword)
	}
	stored, err = f.st.ServiceSpecificCredentials().Get(f.rootA, accountA, mustUserID(t, f, "alice"), c.ServiceSpecificCredentialId)
	mustOK(t, err)
	opened, err = f.keys.Open(stored.SealedPassword, []byte(c.ServiceSpecificCredentialId))
	mustOK(t, err)
	if string(opened) != reset.ServiceSpecificCredential.ServicePassword {
		t.Fatal("reset did not store the new password")
	}

	notFound := "The Service Specific Credential with id ACCANOPE cannot be found."
	_, err = f.svc.ResetServiceSpecificCredential(f.rootA, &ResetServiceSpecificCredentialRequest{UserName: "alice", ServiceSpecificCredentialId: "ACCANOPE"})
	wantAWSError(t, err, "NoSuchEntity", notFound)
	_, err = f.svc.UpdateServiceSpecificCredential(f.rootA, &UpdateServiceSpecificCredentialRequest{ServiceSpecificCredentialId: "ACCANOPE", Status: "Inactive"})
	wantAWSError(t, err, "NoSuchEntity", notFound)
	_, err = f.svc.UpdateServiceSpecificCredential(f.rootA, &UpdateServiceSpecificCredentialRequest{UserName: "alice", ServiceSpecificCredentialId: keyspaces.ServiceSpecificCredential.ServiceSpecificCredentialId, Status: "Inactive"})
	mustOK(t, err)
	one, err = f.svc.ListServiceSpecificCredentials(f.rootA, &ListServiceSpecificCredentialsRequest{UserName: "alice", ServiceName: "cassandra.amazonaws.com"})
	mustOK(t, err)
	if one.ServiceSpecificCredentials[0].Status != "Inactive" {
		t.Fatalf("status = %s", one.ServiceSpecificCredentials[0].Status)
	}

	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "alice"})
	wantAWSError(t, err, "DeleteConflict", msgMustDeleteServiceCredentials)
	for _, cred := range all.ServiceSpecificCredentials {
		_, err = f.svc.DeleteServiceSpecificCredential(f.rootA, &DeleteServiceSpecificCredentialRequest{UserName: "alice", ServiceSpecificCredentialId: cred.ServiceSpecificCredentialId})
		mustOK(t, err)
	}
	_, err = f.svc.DeleteServiceSpecificCredential(f.rootA, &DeleteServiceSpecificCredentialRequest{UserName: "alice", ServiceSpecificCredentialId: c.ServiceSpecificCredentialId})
	wantAWSError(t, err, "NoSuchEntity", "The Service Specific Credential with id "+c.ServiceSpecificCredentialId+" cannot be found.")
	_, err = f.svc.DeleteUser(f.rootA, &DeleteUserRequest{UserName: "alice"})
	mustOK(t, err)
}

func mustUserID(t *testing.T, f *identityFixture, name string) string {
	t.Helper()
	u, err := f.st.Users().Get(f.rootA, accountA, name)
	mustOK(t, err)
	return u.ID
}

func TestSetSecurityTokenServicePreferences(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	version := func(account string) int {
		t.Helper()
		v, err := GlobalEndpointTokenVersion(f.rootA, f.st, account)
		mustOK(t, err)
		return v
	}
	if v := version(accountA); v != 1 {
		t.Fatalf("default version = %d", v)
	}
	for _, tc := range []struct {
		set  string
		want int
	}{{"v2Token", 2}, {"v2Token", 2}, {"v1Token", 1}, {"v2Token", 2}} {
		_, err := f.svc.SetSecurityTokenServicePreferences(f.rootA, &SetSecurityTokenServicePreferencesRequest{GlobalEndpointTokenVersion: tc.set})
		mustOK(t, err)
		if v := version(accountA); v != tc.want {
			t.Fatalf("after %s: version = %d, want %d", tc.set, v, tc.want)
		}
	}
	if v := version(accountB); v != 1 {
		t.Fatalf("account B's version = %d", v)
	}
}
