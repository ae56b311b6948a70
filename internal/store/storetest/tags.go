package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var tagTests = []test{
	{"Tags/SetOverwriteRemove", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagUser, u.ID, []store.Tag{{Key: "team", Value: "a"}, {Key: "Env", Value: "prod"}}, 3), "set")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagUser, u.ID, []store.Tag{{Key: "TEAM", Value: "b"}}, 3), "overwrite in another case")
		got, err := f.s.Tags().List(f.ctx, f.a, store.TagUser, u.ID)
		f.must(err, "list")
		want := []store.Tag{{Key: "Env", Value: "prod"}, {Key: "TEAM", Value: "b"}}
		if !cmp.Equal(got, want) {
			t.Fatalf("tags = %v, want %v (new key's case wins, ordered by key)", got, want)
		}
		f.must(f.s.Tags().Remove(f.ctx, f.a, store.TagUser, u.ID, []string{"team", "absent"}), "remove")
		got, err = f.s.Tags().List(f.ctx, f.a, store.TagUser, u.ID)
		f.must(err, "list")
		if !cmp.Equal(got, []store.Tag{{Key: "Env", Value: "prod"}}) {
			t.Fatalf("after remove = %v", got)
		}
		got, err = f.s.Tags().List(f.ctx, f.b, store.TagUser, u.ID)
		f.must(err, "list from B")
		if len(got) != 0 {
			t.Fatalf("B sees A's tags: %v", got)
		}
		wantErr(t, f.s.Tags().Set(f.ctx, f.b, store.TagUser, u.ID, []store.Tag{{Key: "k", Value: "v"}}, 3), store.ErrNotFound, "set from B")
		f.must(f.s.Tags().Remove(f.ctx, f.b, store.TagUser, u.ID, []string{"env"}), "remove from B")
		got, err = f.s.Tags().List(f.ctx, f.a, store.TagUser, u.ID)
		f.must(err, "list")
		if len(got) != 1 {
			t.Fatalf("B removed A's tag: %v", got)
		}
	}},
	{"Tags/Quota", func(t *testing.T, f *fixture) {
		r := f.role(f.a, "r")
		set := func(tags ...store.Tag) error { return f.s.Tags().Set(f.ctx, f.a, store.TagRole, r.ID, tags, 2) }
		f.must(set(store.Tag{Key: "a", Value: "1"}, store.Tag{Key: "b", Value: "2"}), "two tags")
		f.must(set(store.Tag{Key: "A", Value: "3"}), "overwrite at the limit")
		wantErr(t, set(store.Tag{Key: "c", Value: "3"}), store.ErrLimitExceeded, "third tag")
		got, err := f.s.Tags().List(f.ctx, f.a, store.TagRole, r.ID)
		f.must(err, "list")
		if !cmp.Equal(got, []store.Tag{{Key: "A", Value: "3"}, {Key: "b", Value: "2"}}) {
			t.Fatalf("tags = %v", got)
		}
		wantErr(t, set(store.Tag{Key: "x", Value: "1"}, store.Tag{Key: "y", Value: "1"}, store.Tag{Key: "z", Value: "1"}),
			store.ErrLimitExceeded, "three new at once")
	}},
	{"Tags/EveryKindAndAbsence", func(t *testing.T, f *fixture) {
		ids := map[store.TaggableKind]string{
			store.TagUser:            f.user(f.a, "u").ID,
			store.TagRole:            f.role(f.a, "r").ID,
			store.TagPolicy:          f.policy(f.a, "/", "p").ID,
			store.TagInstanceProfile: f.profile(f.a, "ip").ID,
		}
		for kind, id := range ids {
			f.must(f.s.Tags().Set(f.ctx, f.a, kind, id, []store.Tag{{Key: "kind", Value: string(kind)}}, 50), "tag "+string(kind))
			wantErr(t, f.s.Tags().Set(f.ctx, f.a, kind, "NOBODY", []store.Tag{{Key: "k", Value: "v"}}, 50), store.ErrNotFound,
				"tag absent "+string(kind))
		}
		for kind, id := range ids {
			got, err := f.s.Tags().List(f.ctx, f.a, kind, id)
			f.must(err, "list")
			if !cmp.Equal(got, []store.Tag{{Key: "kind", Value: string(kind)}}) {
				t.Fatalf("%s tags = %v", kind, got)
			}
		}
		f.must(f.s.InstanceProfiles().Delete(f.ctx, f.a, ids[store.TagInstanceProfile]), "delete profile")
		got, err := f.s.Tags().List(f.ctx, f.a, store.TagInstanceProfile, ids[store.TagInstanceProfile])
		f.must(err, "list")
		if len(got) != 0 {
			t.Fatalf("tags survived their instance profile: %v", got)
		}
	}},
}
