package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// samlProvider stores a provider named name in account.
func (f *fixture) samlProvider(account, name string) *store.SAMLProvider {
	f.t.Helper()
	p := &store.SAMLProvider{AccountID: account, ID: f.id("SAML"), Name: name, UUID: f.id("UUID"),
		MetadataDocument: "<md:EntityDescriptor/>", CreatedAt: f.now, ValidUntil: f.now.AddDate(100, 0, 0)}
	f.must(f.s.SAMLProviders().Create(f.ctx, p, 0), "create saml provider "+name)
	return p
}

var samlProviderTests = []test{
	{"SAMLProviders/CreateGetListIsolation", func(t *testing.T, f *fixture) {
		p := f.samlProvider(f.a, "Corp")
		got, err := f.s.SAMLProviders().Get(f.ctx, f.a, "CORP")
		f.must(err, "get in another case")
		if !cmp.Equal(got, p) {
			t.Fatalf("get = %+v, want %+v", got, p)
		}
		wantErr(t, getErr(f.s.SAMLProviders().Get(f.ctx, f.b, "Corp")), store.ErrNotFound, "get from B")
		dup := &store.SAMLProvider{AccountID: f.a, ID: f.id("SAML"), Name: "corp", UUID: f.id("UUID"), CreatedAt: f.now, ValidUntil: f.now}
		wantErr(t, f.s.SAMLProviders().Create(f.ctx, dup, 0), store.ErrAlreadyExists, "duplicate name")
		dup.AccountID = f.b
		f.must(f.s.SAMLProviders().Create(f.ctx, dup, 0), "same name in B")
		f.samlProvider(f.a, "alpha")
		list, err := f.s.SAMLProviders().List(f.ctx, f.a)
		f.must(err, "list")
		var names []string
		for _, p := range list {
			names = append(names, p.Name)
		}
		if !cmp.Equal(names, []string{"alpha", "Corp"}) {
			t.Fatalf("list = %v", names)
		}
		empty, err := f.s.SAMLProviders().List(f.ctx, "999999999999")
		f.must(err, "list empty account")
		if empty == nil || len(empty) != 0 {
			t.Fatalf("empty list = %#v", empty)
		}
	}},
	{"SAMLProviders/Update", func(t *testing.T, f *fixture) {
		p := f.samlProvider(f.a, "Corp")
		p.MetadataDocument = "<md:EntityDescriptor entityID='x'/>"
		p.ValidUntil = f.now.Add(48 * time.Hour)
		p.AssertionEncryptionMode = "Allowed"
		f.must(f.s.SAMLProviders().Update(f.ctx, p), "update")
		got, err := f.s.SAMLProviders().Get(f.ctx, f.a, "Corp")
		f.must(err, "get")
		if !cmp.Equal(got, p) {
			t.Fatalf("after update = %+v, want %+v", got, p)
		}
		ghost := *p
		ghost.ID = "nope"
		wantErr(t, f.s.SAMLProviders().Update(f.ctx, &ghost), store.ErrNotFound, "update absent")
		ghost = *p
		ghost.AccountID = f.b
		wantErr(t, f.s.SAMLProviders().Update(f.ctx, &ghost), store.ErrNotFound, "update from B")
	}},
	{"SAMLProviders/DeleteWithTags", func(t *testing.T, f *fixture) {
		p := f.samlProvider(f.a, "Corp")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagSAMLProvider, p.ID, []store.Tag{{Key: "team", Value: "id"}}, 50), "tag")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagSAMLProvider, p.ID)
		f.must(err, "list tags")
		if len(tags) != 1 {
			t.Fatalf("tags = %v", tags)
		}
		wantErr(t, f.s.SAMLProviders().Delete(f.ctx, f.b, p.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.SAMLProviders().Delete(f.ctx, f.a, p.ID), "delete")
		wantErr(t, getErr(f.s.SAMLProviders().Get(f.ctx, f.a, "Corp")), store.ErrNotFound, "get deleted")
		wantErr(t, f.s.SAMLProviders().Delete(f.ctx, f.a, p.ID), store.ErrNotFound, "delete twice")
		wantErr(t, f.s.Tags().Set(f.ctx, f.a, store.TagSAMLProvider, p.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), store.ErrNotFound, "tag deleted")
		again := f.samlProvider(f.a, "Corp")
		tags, err = f.s.Tags().List(f.ctx, f.a, store.TagSAMLProvider, again.ID)
		f.must(err, "list tags of the new one")
		if len(tags) != 0 {
			t.Fatalf("tags survived: %v", tags)
		}
	}},
	{"SAMLProviders/Quota", func(t *testing.T, f *fixture) {
		for i := range 2 {
			p := &store.SAMLProvider{AccountID: f.a, ID: f.id("SAML"), Name: fmt.Sprintf("q%d", i), UUID: f.id("UUID"), CreatedAt: f.now, ValidUntil: f.now}
			f.must(f.s.SAMLProviders().Create(f.ctx, p, 2), "within quota")
		}
		p := &store.SAMLProvider{AccountID: f.a, ID: f.id("SAML"), Name: "q9", UUID: f.id("UUID"), CreatedAt: f.now, ValidUntil: f.now}
		wantErr(t, f.s.SAMLProviders().Create(f.ctx, p, 2), store.ErrLimitExceeded, "third provider")
		p.AccountID = f.b
		f.must(f.s.SAMLProviders().Create(f.ctx, p, 2), "B has its own quota")
	}},
}
