package storetest

import (
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

var accountTests = []test{
	{"Accounts/CreateGetList", func(t *testing.T, f *fixture) {
		got, err := f.s.Accounts().Get(f.ctx, f.a)
		f.must(err, "get account")
		want := store.Account{ID: f.a, Name: "acct-" + f.a, Email: f.a + "@example.com", CreatedAt: f.now}
		if *got != want {
			t.Fatalf("Get = %+v, want %+v", *got, want)
		}
		if got.CreatedAt.Location() != time.UTC {
			t.Fatalf("CreatedAt location %v, want UTC", got.CreatedAt.Location())
		}
		low := f.accountWithDigit('1') // created last, sorts first
		f.must(f.s.Accounts().Create(f.ctx, &store.Account{ID: low, Name: "low", CreatedAt: f.now}), "create third")
		list, err := f.s.Accounts().List(f.ctx)
		f.must(err, "list accounts")
		var ids []string
		for _, a := range list {
			if a.ID == low || a.ID == f.a || a.ID == f.b { // the store may hold other tests' accounts
				ids = append(ids, a.ID)
			}
		}
		if len(ids) != 3 || ids[0] != low || ids[1] != f.a || ids[2] != f.b {
			t.Fatalf("List IDs = %v, want [%s %s %s]: ordered by ID", ids, low, f.a, f.b)
		}
	}},
	{"Accounts/Absent", func(t *testing.T, f *fixture) {
		_, err := f.s.Accounts().Get(f.ctx, f.account())
		wantErr(t, err, store.ErrNotFound, "get absent account")
	}},
	{"Accounts/DuplicateID", func(t *testing.T, f *fixture) {
		err := f.s.Accounts().Create(f.ctx, &store.Account{ID: f.a, Name: "again", CreatedAt: f.now})
		wantErr(t, err, store.ErrAlreadyExists, "create duplicate account")
	}},
}
