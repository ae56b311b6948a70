package iam

import "testing"

func TestAccountAliasLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	list := func(t *testing.T, who string) []string {
		t.Helper()
		ctx := f.rootA
		if who == "B" {
			ctx = f.rootB
		}
		out, err := f.svc.ListAccountAliases(ctx, &ListAccountAliasesRequest{})
		mustOK(t, err)
		if out.IsTruncated == nil || *out.IsTruncated {
			t.Fatalf("IsTruncated = %v, want false", out.IsTruncated)
		}
		return out.AccountAliases
	}
	if got := list(t, "A"); got == nil || len(got) != 0 {
		t.Fatalf("aliases before create = %#v, want an empty list", got)
	}
	_, err := f.svc.CreateAccountAlias(f.rootA, &CreateAccountAliasRequest{AccountAlias: "example-corp"})
	mustOK(t, err)
	if got := list(t, "A"); len(got) != 1 || got[0] != "example-corp" {
		t.Fatalf("aliases = %v", got)
	}
	// Another account cannot take it; the owner cannot create it twice.
	_, err = f.svc.CreateAccountAlias(f.rootB, &CreateAccountAliasRequest{AccountAlias: "example-corp"})
	wantAWSError(t, err, "EntityAlreadyExists", "The account alias example-corp already exists.")
	_, err = f.svc.CreateAccountAlias(f.rootA, &CreateAccountAliasRequest{AccountAlias: "example-corp"})
	wantAWSError(t, err, "EntityAlreadyExists", "The account alias example-corp already exists.")
	if got := list(t, "B"); len(got) != 0 {
		t.Fatalf("B's aliases = %v", got)
	}
	// A second alias replaces the first, which becomes free.
	_, err = f.svc.CreateAccountAlias(f.rootA, &CreateAccountAliasRequest{AccountAlias: "example-corp-2"})
	mustOK(t, err)
	if got := list(t, "A"); len(got) != 1 || got[0] != "example-corp-2" {
		t.Fatalf("aliases after replace = %v", got)
	}
	_, err = f.svc.CreateAccountAlias(f.rootB, &CreateAccountAliasRequest{AccountAlias: "example-corp"})
	mustOK(t, err)
	if id, err := f.st.AccountAliases().Lookup(f.rootA, "example-corp"); err != nil || id != accountB {
		t.Fatalf("Lookup = %q, %v; want %s", id, err, accountB)
	}
	// Deleting needs the current alias.
	_, err = f.svc.DeleteAccountAlias(f.rootA, &DeleteAccountAliasRequest{AccountAlias: "example-corp"})
	wantAWSError(t, err, "NoSuchEntity", "The account alias example-corp cannot be found.")
	_, err = f.svc.DeleteAccountAlias(f.rootA, &DeleteAccountAliasRequest{AccountAlias: "example-corp-2"})
	mustOK(t, err)
	if got := list(t, "A"); len(got) != 0 {
		t.Fatalf("aliases after delete = %v", got)
	}
}

func TestAccountAliasPattern(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	const pattern = "failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$"
	for _, tc := range []struct {
		alias string
		ok    bool
	}{
		{"abc", true},
		{"a-b-c", true},
		{"123", true},
		{"a--b", false},
		{"-abc", false},
		{"abc-", false},
		{"Abc", false},
		{"ab_c", false},
	} {
		_, err := f.svc.CreateAccountAlias(f.rootA, &CreateAccountAliasRequest{AccountAlias: tc.alias})
		if tc.ok {
			if err != nil {
				t.Errorf("%q: %v", tc.alias, err)
			}
			continue
		}
		msg := "1 validation error detected: Value '" + tc.alias + "' at 'accountAlias' " + pattern
		wantAWSError(t, err, "ValidationError", msg)
		_, err = f.svc.DeleteAccountAlias(f.rootA, &DeleteAccountAliasRequest{AccountAlias: tc.alias})
		wantAWSError(t, err, "ValidationError", msg)
	}
}
