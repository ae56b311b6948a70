package storetest

import (
	"errors"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

var errRollback = errors.New("storetest: roll back")

var txTests = []test{
	{"Tx/CommitKeepsEverything", func(t *testing.T, f *fixture) {
		before := f.s.Generation()
		var uid string
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			u := &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "alice", Path: "/", CreatedAt: f.now}
			uid = u.ID
			if err := tx.Users().Create(f.ctx, u, 0); err != nil {
				return err
			}
			if _, err := tx.Users().Get(f.ctx, f.a, "ALICE"); err != nil {
				return err // reads inside see the transaction's writes
			}
			return tx.AccessKeys().Create(f.ctx, &store.AccessKey{ID: f.id("AKIA"), AccountID: f.a, UserID: u.ID,
				SealedSecret: []byte("s"), Status: store.KeyActive, CreatedAt: f.now}, 2)
		})
		f.must(err, "WithTx")
		if _, err := f.s.Users().GetByID(f.ctx, f.a, uid); err != nil {
			t.Fatalf("committed user missing: %v", err)
		}
		if f.s.Generation() <= before {
			t.Fatal("commit did not bump the generation")
		}
	}},
	{"Tx/RollbackKeepsNothing", func(t *testing.T, f *fixture) {
		p := f.policy(f.a, "/", "p")
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			f.must(tx.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "ghost", Path: "/", CreatedAt: f.now}, 0), "create")
			f.must(tx.Policies().CreateVersion(f.ctx, f.a, p.ID, &store.PolicyVersion{Document: "d", CreatedAt: f.now}, true, 5), "version")
			f.must(tx.Tags().Set(f.ctx, f.a, store.TagPolicy, p.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
			return errRollback
		})
		if err != errRollback { //nolint:errorlint // WithTx must return fn's error unchanged
			t.Fatalf("WithTx returned %v, want fn's error unchanged", err)
		}
		_, err = f.s.Users().Get(f.ctx, f.a, "ghost")
		wantErr(t, err, store.ErrNotFound, "user of a rolled-back tx")
		got, err := f.s.Policies().GetByID(f.ctx, f.a, p.ID)
		f.must(err, "get policy")
		if got.DefaultVersionID != "v1" || got.NextVersion != 2 {
			t.Fatalf("rolled-back version left %+v", got)
		}
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagPolicy, p.ID)
		f.must(err, "list tags")
		if len(tags) != 0 {
			t.Fatalf("rolled-back tags: %v", tags)
		}
		// That a rollback leaves Generation alone is checked in the
		// cross-node suite, on a database no other test writes to.
	}},
	{"Tx/SentinelsSurvive", func(t *testing.T, f *fixture) {
		f.user(f.a, "alice")
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			return tx.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "Alice", Path: "/", CreatedAt: f.now}, 0)
		})
		wantErr(t, err, store.ErrAlreadyExists, "duplicate in tx")
	}},
	{"Tx/FailedCallLeavesTxUsable", func(t *testing.T, f *fixture) {
		f.user(f.a, "alice")
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			err := tx.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "ALICE", Path: "/", CreatedAt: f.now}, 0)
			wantErr(t, err, store.ErrAlreadyExists, "duplicate in tx")
			return tx.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "bob", Path: "/", CreatedAt: f.now}, 0)
		})
		f.must(err, "tx after a handled error")
		if _, err := f.s.Users().Get(f.ctx, f.a, "bob"); err != nil {
			t.Fatalf("bob missing: %v", err)
		}
	}},
	{"Tx/NestedJoinsOuter", func(t *testing.T, f *fixture) {
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			inner := tx.WithTx(f.ctx, func(tx2 store.Store) error {
				return tx2.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "inner", Path: "/", CreatedAt: f.now}, 0)
			})
			if inner != nil {
				return inner
			}
			if _, err := tx.Users().Get(f.ctx, f.a, "inner"); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("WithTx = %v", err)
		}
		_, err = f.s.Users().Get(f.ctx, f.a, "inner")
		wantErr(t, err, store.ErrNotFound, "nested write after outer rollback")
	}},
	// Generation may also grow through other tests' writes to a shared
	// database, so only growth is checked here; the cross-node suite checks
	// that reads and rollbacks leave it alone.
	{"Tx/GenerationGrowsPerWrite", func(t *testing.T, f *fixture) {
		g0 := f.s.Generation()
		u := f.user(f.a, "u")
		g1 := f.s.Generation()
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagUser, u.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
		if !(g0 < g1 && g1 < f.s.Generation()) {
			t.Fatalf("generations %d, %d, %d do not grow", g0, g1, f.s.Generation())
		}
	}},
}
