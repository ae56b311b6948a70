package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// oidcProvider stores a provider with one client ID in account.
func (f *fixture) oidcProvider(account, url string) *store.OIDCProvider {
	f.t.Helper()
	p := &store.OIDCProvider{AccountID: account, ID: f.id("OIDC"), URL: url, ClientIDs: []string{"app"},
		Thumbprints: []string{"0123456789abcdef0123456789abcdef01234567"}, CreatedAt: f.now}
	f.must(f.s.OIDCProviders().Create(f.ctx, p, 0), "create oidc provider "+url)
	return p
}

var oidcProviderTests = []test{
	{"OIDCProviders/CreateGetListIsolation", func(t *testing.T, f *fixture) {
		p := f.oidcProvider(f.a, "Issuer.Example.com/tenant/A")
		got, err := f.s.OIDCProviders().Get(f.ctx, f.a, "issuer.example.COM/tenant/A")
		f.must(err, "get with the host in another case")
		if !cmp.Equal(got, p) {
			t.Fatalf("get = %+v, want %+v", got, p)
		}
		wantErr(t, getErr(f.s.OIDCProviders().Get(f.ctx, f.a, "issuer.example.com/tenant/a")), store.ErrNotFound, "path compares exactly")
		wantErr(t, getErr(f.s.OIDCProviders().Get(f.ctx, f.b, p.URL)), store.ErrNotFound, "get from B")
		dup := &store.OIDCProvider{AccountID: f.a, ID: f.id("OIDC"), URL: "ISSUER.example.com/tenant/A", CreatedAt: f.now}
		wantErr(t, f.s.OIDCProviders().Create(f.ctx, dup, 0), store.ErrAlreadyExists, "duplicate URL")
		other := &store.OIDCProvider{AccountID: f.b, ID: f.id("OIDC"), URL: p.URL, CreatedAt: f.now}
		f.must(f.s.OIDCProviders().Create(f.ctx, other, 0), "same URL in B")
		got, err = f.s.OIDCProviders().Get(f.ctx, f.b, p.URL)
		f.must(err, "get B's")
		if got.ID != other.ID || len(got.ClientIDs) != 0 || got.ClientIDs == nil {
			t.Fatalf("B's provider = %+v, want empty non-nil lists", got)
		}
		f.oidcProvider(f.a, "a.example.com")
		list, err := f.s.OIDCProviders().List(f.ctx, f.a)
		f.must(err, "list")
		var urls []string
		for _, p := range list {
			urls = append(urls, p.URL)
		}
		if !cmp.Equal(urls, []string{"a.example.com", "Issuer.Example.com/tenant/A"}) {
			t.Fatalf("list = %v", urls)
		}
	}},
	{"OIDCProviders/Quota", func(t *testing.T, f *fixture) {
		for i := range 2 {
			p := &store.OIDCProvider{AccountID: f.a, ID: f.id("OIDC"), URL: fmt.Sprintf("q%d.example.com", i), CreatedAt: f.now}
			f.must(f.s.OIDCProviders().Create(f.ctx, p, 2), "within quota")
		}
		p := &store.OIDCProvider{AccountID: f.a, ID: f.id("OIDC"), URL: "q9.example.com", CreatedAt: f.now}
		wantErr(t, f.s.OIDCProviders().Create(f.ctx, p, 2), store.ErrLimitExceeded, "third provider")
		p.AccountID = f.b
		f.must(f.s.OIDCProviders().Create(f.ctx, p, 2), "B has its own quota")
	}},
	{"OIDCProviders/ClientIDsAndThumbprints", func(t *testing.T, f *fixture) {
		p := f.oidcProvider(f.a, "lists.example.com")
		ps := f.s.OIDCProviders()
		f.must(ps.AddClientID(f.ctx, f.a, p.ID, "web", 3), "add web")
		f.must(ps.AddClientID(f.ctx, f.a, p.ID, "app", 3), "add existing: no-op")
		f.must(ps.AddClientID(f.ctx, f.a, p.ID, "cli", 3), "add cli at the limit")
		wantErr(t, ps.AddClientID(f.ctx, f.a, p.ID, "more", 3), store.ErrLimitExceeded, "fourth client ID")
		f.must(ps.AddClientID(f.ctx, f.a, p.ID, "cli", 3), "existing one at the limit")
		f.must(ps.RemoveClientID(f.ctx, f.a, p.ID, "app"), "remove app")
		f.must(ps.RemoveClientID(f.ctx, f.a, p.ID, "absent"), "remove absent")
		f.must(ps.SetThumbprints(f.ctx, f.a, p.ID, []string{"aa", "bb"}), "set thumbprints")
		got, err := ps.Get(f.ctx, f.a, p.URL)
		f.must(err, "get")
		if !cmp.Equal(got.ClientIDs, []string{"web", "cli"}) || !cmp.Equal(got.Thumbprints, []string{"aa", "bb"}) {
			t.Fatalf("lists = %v %v", got.ClientIDs, got.Thumbprints)
		}
		wantErr(t, ps.AddClientID(f.ctx, f.b, p.ID, "x", 0), store.ErrNotFound, "add from B")
		wantErr(t, ps.RemoveClientID(f.ctx, f.b, p.ID, "web"), store.ErrNotFound, "remove from B")
		wantErr(t, ps.SetThumbprints(f.ctx, f.b, p.ID, nil), store.ErrNotFound, "thumbprints from B")
	}},
	{"OIDCProviders/ConcurrentAddClientID", func(t *testing.T, f *fixture) {
		p := f.oidcProvider(f.a, "race.example.com")
		const max, writers = 5, 12
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Go(func() { errs[i] = f.s.OIDCProviders().AddClientID(f.ctx, f.a, p.ID, fmt.Sprintf("c%02d", i), max) })
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrLimitExceeded):
				t.Fatalf("unexpected error %v", err)
			}
		}
		got, err := f.s.OIDCProviders().Get(f.ctx, f.a, p.URL)
		f.must(err, "get")
		// The fixture's provider starts with one client ID.
		if ok != max-1 || len(got.ClientIDs) != max {
			t.Fatalf("%d adds succeeded, provider has %d client IDs; want %d and %d (no lost update)", ok, len(got.ClientIDs), max-1, max)
		}
	}},
	{"OIDCProviders/DeleteTakesTags", func(t *testing.T, f *fixture) {
		p := f.oidcProvider(f.a, "tags.example.com")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagOIDCProvider, p.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
		wantErr(t, f.s.OIDCProviders().Delete(f.ctx, f.b, p.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.OIDCProviders().Delete(f.ctx, f.a, p.ID), "delete")
		wantErr(t, f.s.OIDCProviders().Delete(f.ctx, f.a, p.ID), store.ErrNotFound, "delete again")
		wantErr(t, getErr(f.s.OIDCProviders().Get(f.ctx, f.a, p.URL)), store.ErrNotFound, "get after delete")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagOIDCProvider, p.ID)
		f.must(err, "list tags")
		if len(tags) != 0 {
			t.Fatalf("tags survive the provider: %v", tags)
		}
		wantErr(t, f.s.Tags().Set(f.ctx, f.a, store.TagOIDCProvider, p.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), store.ErrNotFound, "tag deleted provider")
	}},
}

// getErr keeps the error of a lookup.
func getErr[T any](_ T, err error) error { return err }
