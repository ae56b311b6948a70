package storetest

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

// alias returns a new alias no other test uses (aliases are global, and
// tests may share one database).
func (f *fixture) alias() string { return strings.ToLower(f.id("alias-")) }

var accountAliasTests = []test{
	{"AccountAliases/SetGetLookup", func(t *testing.T, f *fixture) {
		aa := f.s.AccountAliases()
		wantErr(t, getErr(aa.Get(f.ctx, f.a)), store.ErrNotFound, "get before set")
		first := f.alias()
		f.must(aa.Set(f.ctx, f.a, first, f.now), "set")
		if got, err := aa.Get(f.ctx, f.a); err != nil || got != first {
			t.Fatalf("Get = %q, %v; want %q", got, err, first)
		}
		if got, err := aa.Lookup(f.ctx, first); err != nil || got != f.a {
			t.Fatalf("Lookup = %q, %v; want %q", got, err, f.a)
		}
		wantErr(t, getErr(aa.Get(f.ctx, f.b)), store.ErrNotFound, "B has no alias")
		wantErr(t, getErr(aa.Lookup(f.ctx, f.alias())), store.ErrNotFound, "lookup unknown")
	}},
	{"AccountAliases/SetReplaces", func(t *testing.T, f *fixture) {
		aa := f.s.AccountAliases()
		first, second := f.alias(), f.alias()
		f.must(aa.Set(f.ctx, f.a, first, f.now), "set first")
		f.must(aa.Set(f.ctx, f.a, second, f.now), "set second")
		if got, err := aa.Get(f.ctx, f.a); err != nil || got != second {
			t.Fatalf("Get = %q, %v; want %q", got, err, second)
		}
		wantErr(t, getErr(aa.Lookup(f.ctx, first)), store.ErrNotFound, "the replaced alias is free")
		f.must(aa.Set(f.ctx, f.b, first, f.now), "B takes the freed alias")
	}},
	{"AccountAliases/GloballyUnique", func(t *testing.T, f *fixture) {
		aa := f.s.AccountAliases()
		alias := f.alias()
		f.must(aa.Set(f.ctx, f.a, alias, f.now), "set in A")
		wantErr(t, aa.Set(f.ctx, f.b, alias, f.now), store.ErrAlreadyExists, "same alias in B")
		wantErr(t, aa.Set(f.ctx, f.a, alias, f.now), store.ErrAlreadyExists, "same alias again in A")
		wantErr(t, getErr(aa.Get(f.ctx, f.b)), store.ErrNotFound, "B still has none")
	}},
	{"AccountAliases/Delete", func(t *testing.T, f *fixture) {
		aa := f.s.AccountAliases()
		alias := f.alias()
		f.must(aa.Set(f.ctx, f.a, alias, f.now), "set")
		wantErr(t, aa.Delete(f.ctx, f.a, f.alias()), store.ErrNotFound, "delete another alias")
		wantErr(t, aa.Delete(f.ctx, f.b, alias), store.ErrNotFound, "delete from B")
		f.must(aa.Delete(f.ctx, f.a, alias), "delete")
		wantErr(t, getErr(aa.Get(f.ctx, f.a)), store.ErrNotFound, "get after delete")
		wantErr(t, aa.Delete(f.ctx, f.a, alias), store.ErrNotFound, "delete twice")
	}},
	{"AccountAliases/ConcurrentSet", func(t *testing.T, f *fixture) {
		alias := f.alias()
		accounts := []string{f.a, f.b, f.account(), f.account()}
		for _, id := range accounts[2:] {
			f.must(f.s.Accounts().Create(f.ctx, &store.Account{ID: id, Name: "acct-" + id, Email: id + "@example.com", CreatedAt: f.now}), "create account")
		}
		errs := make([]error, len(accounts))
		var wg sync.WaitGroup
		for i, id := range accounts {
			wg.Go(func() { errs[i] = f.s.AccountAliases().Set(f.ctx, id, alias, f.now) })
		}
		wg.Wait()
		won := 0
		for i, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrAlreadyExists):
				t.Errorf("account %d: %v, want nil or ErrAlreadyExists", i, err)
			}
		}
		if won != 1 {
			t.Fatalf("%d accounts got the alias, want exactly 1", won)
		}
	}},
	{"CredentialReports/PutGetReplace", func(t *testing.T, f *fixture) {
		cr := f.s.CredentialReports()
		wantErr(t, getErr(cr.Get(f.ctx, f.a)), store.ErrNotFound, "get before put")
		f.must(cr.Put(f.ctx, &store.CredentialReport{AccountID: f.a, GeneratedAt: f.now, Content: []byte("user,arn\n")}), "put")
		later := f.now.Add(5 * 3600e9)
		f.must(cr.Put(f.ctx, &store.CredentialReport{AccountID: f.a, GeneratedAt: later, Content: []byte("user,arn\nx,y\n")}), "replace")
		got, err := cr.Get(f.ctx, f.a)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if !got.GeneratedAt.Equal(later) || !bytes.Equal(got.Content, []byte("user,arn\nx,y\n")) || got.AccountID != f.a {
			t.Fatalf("Get = %+v; want the replacement generated at %v", got, later)
		}
		wantErr(t, getErr(cr.Get(f.ctx, f.b)), store.ErrNotFound, "B has none")
	}},
}
