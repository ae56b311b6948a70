package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var passwordPolicyTests = []test{
	{"PasswordPolicies/PutGetReplaceDelete", func(t *testing.T, f *fixture) {
		pp := f.s.PasswordPolicies()
		wantErr(t, getErr(pp.Get(f.ctx, f.a)), store.ErrNotFound, "get before put")
		wantErr(t, pp.Delete(f.ctx, f.a), store.ErrNotFound, "delete before put")
		p := &store.PasswordPolicy{AccountID: f.a, MinimumPasswordLength: 14, RequireSymbols: true, RequireNumbers: true,
			RequireUppercaseCharacters: true, RequireLowercaseCharacters: true, AllowUsersToChangePassword: true,
			MaxPasswordAge: 90, PasswordReusePrevention: 24, HardExpiry: true}
		f.must(pp.Put(f.ctx, p), "put")
		got, err := pp.Get(f.ctx, f.a)
		f.must(err, "get")
		if !cmp.Equal(got, p) {
			t.Fatalf("get = %+v, want %+v", got, p)
		}
		wantErr(t, getErr(pp.Get(f.ctx, f.b)), store.ErrNotFound, "get from B")
		// Put replaces every field, false and zero included.
		q := &store.PasswordPolicy{AccountID: f.a, MinimumPasswordLength: 8}
		f.must(pp.Put(f.ctx, q), "replace")
		if got, err = pp.Get(f.ctx, f.a); err != nil || !cmp.Equal(got, q) {
			t.Fatalf("after replace = %+v, %v; want %+v", got, err, q)
		}
		wantErr(t, pp.Delete(f.ctx, f.b), store.ErrNotFound, "delete from B")
		f.must(pp.Delete(f.ctx, f.a), "delete")
		wantErr(t, getErr(pp.Get(f.ctx, f.a)), store.ErrNotFound, "get after delete")
	}},
	{"PasswordPolicies/HistoryKeepsNewest", func(t *testing.T, f *fixture) {
		pp := f.s.PasswordPolicies()
		u := f.user(f.a, "alice")
		empty, err := pp.History(f.ctx, f.a, u.ID)
		f.must(err, "empty history")
		if empty == nil || len(empty) != 0 {
			t.Fatalf("empty history = %#v", empty)
		}
		n := store.MaxPasswordHistory + 3
		for i := range n {
			f.must(pp.RecordPassword(f.ctx, f.a, u.ID, fmt.Sprintf("hash-%d", i), f.now.Add(time.Duration(i)*time.Hour)), "record")
		}
		h, err := pp.History(f.ctx, f.a, u.ID)
		f.must(err, "history")
		if len(h) != store.MaxPasswordHistory {
			t.Fatalf("history has %d entries, want %d", len(h), store.MaxPasswordHistory)
		}
		want := store.PasswordHistoryEntry{PasswordHash: fmt.Sprintf("hash-%d", n-1), SetAt: f.now.Add(time.Duration(n-1) * time.Hour).Truncate(time.Microsecond)}
		if !cmp.Equal(h[0], want) {
			t.Fatalf("newest = %+v, want %+v", h[0], want)
		}
		if last := h[len(h)-1].PasswordHash; last != fmt.Sprintf("hash-%d", n-store.MaxPasswordHistory) {
			t.Fatalf("oldest kept = %s", last)
		}
		other, err := pp.History(f.ctx, f.b, u.ID)
		f.must(err, "history from B")
		if len(other) != 0 {
			t.Fatalf("B sees %d entries of A's user", len(other))
		}
	}},
	{"PasswordPolicies/HistoryNeedsUserAndGoesWithIt", func(t *testing.T, f *fixture) {
		pp := f.s.PasswordPolicies()
		wantErr(t, pp.RecordPassword(f.ctx, f.a, "AIDANOBODY", "h", f.now), store.ErrNotFound, "record for absent user")
		u := f.user(f.a, "bob")
		wantErr(t, pp.RecordPassword(f.ctx, f.b, u.ID, "h", f.now), store.ErrNotFound, "record in B")
		f.must(pp.RecordPassword(f.ctx, f.a, u.ID, "h", f.now), "record")
		f.must(f.s.Users().Delete(f.ctx, f.a, u.ID), "delete user with history")
		h, err := pp.History(f.ctx, f.a, u.ID)
		f.must(err, "history after delete")
		if len(h) != 0 {
			t.Fatalf("history survived its user: %+v", h)
		}
	}},
	{"PasswordPolicies/RecordInTxRollsBack", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "carol")
		boom := fmt.Errorf("boom")
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			if err := tx.PasswordPolicies().RecordPassword(f.ctx, f.a, u.ID, "h", f.now); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("WithTx = %v, want boom", err)
		}
		h, err := f.s.PasswordPolicies().History(f.ctx, f.a, u.ID)
		f.must(err, "history")
		if len(h) != 0 {
			t.Fatalf("rolled-back record kept: %+v", h)
		}
	}},
}
