package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var accessKeyTests = []test{
	{"AccessKeys/Lifecycle", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		k1 := &store.AccessKey{ID: f.id("AKIA"), AccountID: f.a, UserID: u.ID, SealedSecret: []byte{0, 1, 2, 255},
			Status: store.KeyActive, CreatedAt: f.now}
		f.must(f.s.AccessKeys().Create(f.ctx, k1, 2), "create k1")
		k2 := &store.AccessKey{ID: f.id("AKIA"), AccountID: f.a, UserID: u.ID, SealedSecret: []byte("x"),
			Status: store.KeyInactive, CreatedAt: f.now.Add(-time.Hour)}
		f.must(f.s.AccessKeys().Create(f.ctx, k2, 2), "create k2")
		wantErr(t, f.s.AccessKeys().Create(f.ctx, &store.AccessKey{ID: f.id("AKIA"), AccountID: f.a, UserID: u.ID,
			SealedSecret: []byte("y"), Status: store.KeyActive, CreatedAt: f.now}, 2), store.ErrLimitExceeded, "third key")
		got, err := f.s.AccessKeys().Lookup(f.ctx, k1.ID)
		f.must(err, "lookup")
		if diff := cmp.Diff(k1, got); diff != "" {
			t.Fatalf("lookup (-want +got):\n%s", diff)
		}
		list, err := f.s.AccessKeys().List(f.ctx, f.a, u.ID)
		f.must(err, "list")
		if len(list) != 2 || list[0].ID != k1.ID || list[1].ID != k2.ID {
			t.Fatalf("list = %v, want k1, k2 in creation order", list)
		}
		wantErr(t, f.s.AccessKeys().UpdateStatus(f.ctx, f.a, "AIDAOTHER", k1.ID, store.KeyInactive), store.ErrNotFound, "status via other user")
		wantErr(t, f.s.AccessKeys().UpdateStatus(f.ctx, f.b, u.ID, k1.ID, store.KeyInactive), store.ErrNotFound, "status from B")
		f.must(f.s.AccessKeys().UpdateStatus(f.ctx, f.a, u.ID, k1.ID, store.KeyInactive), "deactivate")
		at := f.now.Add(3 * time.Hour)
		f.wantNoGenerationMove("RecordUse", func(int) {
			f.must(f.s.AccessKeys().RecordUse(f.ctx, k1.ID, at, "iam", "us-east-1"), "record use")
		})
		got, err = f.s.AccessKeys().Lookup(f.ctx, k1.ID)
		f.must(err, "lookup")
		k1.Status, k1.LastUsedAt, k1.LastService, k1.LastRegion = store.KeyInactive, &at, "iam", "us-east-1"
		if diff := cmp.Diff(k1, got); diff != "" {
			t.Fatalf("after update and use (-want +got):\n%s", diff)
		}
		wantErr(t, f.s.AccessKeys().Delete(f.ctx, f.a, "AIDAOTHER", k1.ID), store.ErrNotFound, "delete via other user")
		wantErr(t, f.s.AccessKeys().Delete(f.ctx, f.b, u.ID, k1.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.AccessKeys().Delete(f.ctx, f.a, u.ID, k1.ID), "delete")
		_, err = f.s.AccessKeys().Lookup(f.ctx, k1.ID)
		wantErr(t, err, store.ErrNotFound, "lookup deleted")
		f.key(f.a, u.ID) // a slot is free again
	}},
	{"AccessKeys/RootKeys", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		f.key(f.a, u.ID)
		r1 := f.key(f.a, "")
		f.key(f.a, "")
		wantErr(t, f.s.AccessKeys().Create(f.ctx, &store.AccessKey{ID: f.id("AKIA"), AccountID: f.a, SealedSecret: []byte("s"),
			Status: store.KeyActive, CreatedAt: f.now}, 2), store.ErrLimitExceeded, "third root key")
		f.key(f.b, "") // B's root has its own quota
		list, err := f.s.AccessKeys().List(f.ctx, f.a, "")
		f.must(err, "list root keys")
		if len(list) != 2 || list[0].ID != r1.ID || list[0].UserID != "" {
			t.Fatalf("root keys = %v", list)
		}
		wantErr(t, f.s.AccessKeys().Create(f.ctx, &store.AccessKey{ID: f.id("AKIA"), AccountID: f.account(), SealedSecret: []byte("s"),
			Status: store.KeyActive, CreatedAt: f.now}, 2), store.ErrNotFound, "root key of an absent account")
	}},
	{"AccessKeys/AbsentAndDuplicate", func(t *testing.T, f *fixture) {
		_, err := f.s.AccessKeys().Lookup(f.ctx, "AKIANOBODY")
		wantErr(t, err, store.ErrNotFound, "lookup absent")
		wantErr(t, f.s.AccessKeys().Create(f.ctx, &store.AccessKey{ID: f.id("AKIA"), AccountID: f.a, UserID: "AIDANOBODY",
			SealedSecret: []byte("s"), Status: store.KeyActive, CreatedAt: f.now}, 2), store.ErrNotFound, "key of absent user")
		u := f.user(f.a, "u")
		wantErr(t, f.s.AccessKeys().Create(f.ctx, &store.AccessKey{ID: f.id("AKIA"), AccountID: f.b, UserID: u.ID,
			SealedSecret: []byte("s"), Status: store.KeyActive, CreatedAt: f.now}, 2), store.ErrNotFound, "key of another account's user")
		k := f.key(f.a, u.ID)
		ub := f.user(f.b, "ub")
		dup := &store.AccessKey{ID: k.ID, AccountID: f.b, UserID: ub.ID, SealedSecret: []byte("s"), Status: store.KeyActive, CreatedAt: f.now}
		wantErr(t, f.s.AccessKeys().Create(f.ctx, dup, 2), store.ErrAlreadyExists, "key ID taken in another account")
	}},
}
