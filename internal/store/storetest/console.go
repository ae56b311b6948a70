package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// DeleteIdle reaches across accounts and the suite's databases may be
// shared by every test, so every console test but Console/DeleteIdle keeps
// its sessions' times at f.now or later, and that test's bounds lie before
// f.now.

// consoleSession returns a signed-in session of account's user (userID ""
// for the root), created and last seen at at, every field set, with a fresh
// ID hash.
func (f *fixture) consoleSession(account, userID string, at time.Time) *store.ConsoleSession {
	s := &store.ConsoleSession{
		IDHash: f.id("sha256-"), AccountID: account, Root: userID == "", UserID: userID,
		UserName: "alice", ARN: "arn:aws:iam::" + account + ":user/alice",
		MFASerial: "arn:aws:iam::" + account + ":mfa/alice", PasswordResetRequired: true,
		Stage: "mfa", CSRF: f.id("csrf-"), CreatedAt: at, LastSeen: at,
	}
	if s.Root {
		s.UserName, s.ARN, s.MFASerial, s.PasswordResetRequired = "", "arn:aws:iam::"+account+":root", "", false
	}
	return s
}

// createSessions stores the sessions.
func (f *fixture) createSessions(sessions ...*store.ConsoleSession) {
	f.t.Helper()
	for _, s := range sessions {
		f.must(f.s.ConsoleSessions().Create(f.ctx, s), "create session "+s.IDHash)
	}
}

// sessionPresent reports whether the session is stored.
func (f *fixture) sessionPresent(idHash string) bool {
	f.t.Helper()
	_, err := f.s.ConsoleSessions().Get(f.ctx, idHash)
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	f.must(err, "get session "+idHash)
	return true
}

// wantSessions fails unless exactly the sessions marked true are stored.
func (f *fixture) wantSessions(what string, want map[*store.ConsoleSession]bool) {
	f.t.Helper()
	for s, present := range want {
		if got := f.sessionPresent(s.IDHash); got != present {
			f.t.Errorf("%s: session of %s/%q present %v, want %v", what, s.AccountID, s.UserID, got, present)
		}
	}
}

// stored is how the store hands a time back: UTC, to the microsecond.
func stored(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

var consoleTests = []test{
	{"Console/CreateGetUpdateDelete", func(t *testing.T, f *fixture) {
		cs := f.s.ConsoleSessions()
		// Nanoseconds and a zone other than UTC: the store keeps
		// microseconds and returns UTC.
		zone := time.FixedZone("UTC-7", -7*3600)
		s := f.consoleSession(f.a, f.id("AIDA"), f.now.Add(987654321*time.Nanosecond).In(zone))
		s.LastSeen = s.CreatedAt.Add(1500 * time.Nanosecond)
		f.createSessions(s)
		want := *s
		want.CreatedAt, want.LastSeen = stored(s.CreatedAt), stored(s.LastSeen)
		got, err := cs.Get(f.ctx, s.IDHash)
		f.must(err, "get")
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Fatalf("get (-want +got):\n%s", diff)
		}
		if got.CreatedAt.Location() != time.UTC || !got.MFAAt.IsZero() {
			t.Errorf("CreatedAt in %v, MFAAt %v; want UTC and zero", got.CreatedAt.Location(), got.MFAAt)
		}

		other := f.consoleSession(f.b, "", f.now)
		other.IDHash = s.IDHash
		wantErr(t, cs.Create(f.ctx, other), store.ErrAlreadyExists, "create with a taken ID hash")
		if err := cs.Create(f.ctx, &store.ConsoleSession{AccountID: f.a, CreatedAt: f.now, LastSeen: f.now}); err == nil {
			t.Error("Create accepted a session without an ID hash")
		}
		_, err = cs.Get(f.ctx, "no-such-hash")
		wantErr(t, err, store.ErrNotFound, "get unknown")

		// Update stores the four mutable fields and nothing else.
		upd := want
		upd.Stage, upd.PasswordResetRequired = "active", false
		upd.MFAAt = f.now.Add(time.Minute + 42*time.Nanosecond).In(zone)
		upd.LastSeen = f.now.Add(2 * time.Minute)
		upd.UserName, upd.CSRF, upd.AccountID = "mallory", "changed", f.b
		f.must(cs.Update(f.ctx, &upd), "update")
		want.Stage, want.PasswordResetRequired = "active", false
		want.MFAAt, want.LastSeen = stored(upd.MFAAt), stored(upd.LastSeen)
		got, err = cs.Get(f.ctx, s.IDHash)
		f.must(err, "get after update")
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Fatalf("get after update (-want +got):\n%s", diff)
		}
		// MFAAt goes back to zero when the caller clears it.
		upd.MFAAt = time.Time{}
		f.must(cs.Update(f.ctx, &upd), "update clearing MFAAt")
		if got, err = cs.Get(f.ctx, s.IDHash); err != nil || !got.MFAAt.IsZero() {
			t.Fatalf("get after clearing MFAAt = %+v, %v; want zero MFAAt", got, err)
		}
		missing := f.consoleSession(f.a, "", f.now)
		wantErr(t, cs.Update(f.ctx, missing), store.ErrNotFound, "update unknown")
		if f.sessionPresent(missing.IDHash) {
			t.Fatal("Update of an unknown session created it")
		}

		f.must(cs.Delete(f.ctx, s.IDHash), "delete")
		_, err = cs.Get(f.ctx, s.IDHash)
		wantErr(t, err, store.ErrNotFound, "get after delete")
		f.must(cs.Delete(f.ctx, s.IDHash), "delete again")
		f.must(cs.Delete(f.ctx, "no-such-hash"), "delete unknown")
	}},
	{"Console/DeleteIdle", func(t *testing.T, f *fixture) {
		// The only console test with times before f.now (see above), so
		// the counts are exact on a shared database.
		base := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
		created := func(account string, createdAt, lastSeen time.Duration) *store.ConsoleSession {
			s := f.consoleSession(account, f.id("AIDA"), base.Add(createdAt))
			s.LastSeen = base.Add(lastSeen)
			return s
		}
		old := created(f.a, 0, 10*time.Second)                  // oldest, but recently seen
		idle := created(f.a, 5*time.Second, 5*time.Second)      // seen longest ago but one
		young := created(f.a, time.Second, 20*time.Second)      // created and seen recently
		otherAcct := created(f.b, 2*time.Second, 2*time.Second) // another account's, idle
		f.createSessions(old, idle, young, otherAcct)
		cs := f.s.ConsoleSessions()
		for _, step := range []struct {
			idle, created time.Time
			n             int
			left          []*store.ConsoleSession
		}{
			// A time exactly at a bound stays; zero bounds remove nothing.
			{base, base, 0, []*store.ConsoleSession{old, idle, young, otherAcct}},
			{time.Time{}, time.Time{}, 0, []*store.ConsoleSession{old, idle, young, otherAcct}},
			// Either bound alone removes a session, in every account.
			{base.Add(5 * time.Second), base.Add(time.Second), 2, []*store.ConsoleSession{idle, young}},
			{base.Add(5*time.Second + time.Nanosecond), time.Time{}, 1, []*store.ConsoleSession{young}},
			{base.Add(5*time.Second + time.Nanosecond), time.Time{}, 0, []*store.ConsoleSession{young}},
		} {
			n, err := cs.DeleteIdle(f.ctx, step.idle, step.created)
			f.must(err, "delete idle")
			if n != step.n {
				t.Errorf("DeleteIdle(%v, %v) = %d, want %d", step.idle, step.created, n, step.n)
			}
			want := map[*store.ConsoleSession]bool{old: false, idle: false, young: false, otherAcct: false}
			for _, s := range step.left {
				want[s] = true
			}
			f.wantSessions("after DeleteIdle("+step.idle.String()+", "+step.created.String()+")", want)
		}
	}},
	{"Console/DeleteForUser", func(t *testing.T, f *fixture) {
		alice, bob := f.id("AIDA"), f.id("AIDA")
		alice1, alice2 := f.consoleSession(f.a, alice, f.now), f.consoleSession(f.a, alice, f.now.Add(time.Hour))
		bob1, rootA := f.consoleSession(f.a, bob, f.now), f.consoleSession(f.a, "", f.now)
		// The same user ID in another account is another user.
		aliceB, rootB := f.consoleSession(f.b, alice, f.now), f.consoleSession(f.b, "", f.now)
		f.createSessions(alice1, alice2, bob1, rootA, aliceB, rootB)
		cs := f.s.ConsoleSessions()
		want := map[*store.ConsoleSession]bool{alice1: true, alice2: true, bob1: true, rootA: true, aliceB: true, rootB: true}
		for _, step := range []struct {
			account, user string
			n             int
			gone          []*store.ConsoleSession
		}{
			{f.a, alice, 2, []*store.ConsoleSession{alice1, alice2}},
			{f.a, alice, 0, nil},
			{f.a, "", 1, []*store.ConsoleSession{rootA}},
			{f.a, f.id("AIDA"), 0, nil},
		} {
			n, err := cs.DeleteForUser(f.ctx, step.account, step.user)
			f.must(err, "delete for user")
			if n != step.n {
				t.Errorf("DeleteForUser(%s, %q) = %d, want %d", step.account, step.user, n, step.n)
			}
			for _, s := range step.gone {
				want[s] = false
			}
			f.wantSessions("after DeleteForUser("+step.account+", "+step.user+")", want)
		}
	}},
	{"Console/EndWithTheUser", func(t *testing.T, f *fixture) {
		alice, bob := f.user(f.a, "alice-"+f.id("")), f.user(f.a, "bob-"+f.id(""))
		alice1, alice2 := f.consoleSession(f.a, alice.ID, f.now), f.consoleSession(f.a, alice.ID, f.now)
		bob1, root := f.consoleSession(f.a, bob.ID, f.now), f.consoleSession(f.a, "", f.now)
		f.createSessions(alice1, alice2, bob1, root)
		f.must(f.s.Users().Delete(f.ctx, f.a, alice.ID), "delete user")
		f.wantSessions("after deleting alice", map[*store.ConsoleSession]bool{alice1: false, alice2: false, bob1: true, root: true})
	}},
	{"Console/NotAWrite", func(t *testing.T, f *fixture) {
		cs := f.s.ConsoleSessions()
		f.wantNoGenerationMove("session create, update, delete", func(int) {
			s := f.consoleSession(f.a, f.id("AIDA"), f.now)
			f.createSessions(s)
			s.Stage, s.LastSeen = "active", f.now.Add(time.Second)
			f.must(cs.Update(f.ctx, s), "update")
			f.must(cs.Delete(f.ctx, s.IDHash), "delete")
		})
		f.wantNoGenerationMove("DeleteForUser", func(int) {
			user := f.id("AIDA")
			f.createSessions(f.consoleSession(f.a, user, f.now))
			if n, err := cs.DeleteForUser(f.ctx, f.a, user); err != nil || n != 1 {
				t.Fatalf("DeleteForUser = %d, %v; want 1", n, err)
			}
		})
		f.wantNoGenerationMove("DeleteIdle", func(int) {
			_, err := cs.DeleteIdle(f.ctx, time.Time{}, time.Time{})
			f.must(err, "delete idle")
		})
		f.wantNoGenerationMove("RootPasswords.Set", func(int) {
			f.must(f.s.RootPasswords().Set(f.ctx, f.a, "$argon2id$v=19$"+f.id("h"), f.now), "set root password")
		})
		f.wantNoGenerationMove("a transaction of sessions and root passwords", func(int) {
			f.must(f.s.WithTx(f.ctx, func(tx store.Store) error {
				if err := tx.ConsoleSessions().Create(f.ctx, f.consoleSession(f.a, "", f.now)); err != nil {
					return err
				}
				return tx.RootPasswords().Set(f.ctx, f.a, "$argon2id$v=19$"+f.id("h"), f.now)
			}), "transaction")
		})
	}},
	{"Console/Transaction", func(t *testing.T, f *fixture) {
		// Calls on f.s with a context carrying the transaction run in it:
		// a rollback undoes them, and a taken ID hash or an unknown account
		// leaves the transaction usable (PostgreSQL aborts a transaction
		// on a failed statement).
		rolledBack := f.consoleSession(f.a, "", f.now)
		errRollback := errors.New("roll back")
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			ctx := store.ContextWithTx(f.ctx, tx)
			if err := f.s.ConsoleSessions().Create(ctx, rolledBack); err != nil {
				return err
			}
			if err := f.s.RootPasswords().Set(ctx, f.a, "$argon2id$rolled-back", f.now); err != nil {
				return err
			}
			if _, err := tx.ConsoleSessions().Get(f.ctx, rolledBack.IDHash); err != nil {
				return err
			}
			return errRollback
		})
		wantErr(t, err, errRollback, "rolled-back transaction")
		if f.sessionPresent(rolledBack.IDHash) {
			t.Error("a rolled-back session was kept")
		}
		_, _, err = f.s.RootPasswords().Get(f.ctx, f.a)
		wantErr(t, err, store.ErrNotFound, "root password after rollback")

		taken := f.consoleSession(f.a, "", f.now)
		f.createSessions(taken)
		committed := f.consoleSession(f.a, f.id("AIDA"), f.now)
		err = f.s.WithTx(f.ctx, func(tx store.Store) error {
			ctx := store.ContextWithTx(f.ctx, tx)
			wantErr(t, f.s.ConsoleSessions().Create(ctx, taken), store.ErrAlreadyExists, "create taken in transaction")
			wantErr(t, f.s.RootPasswords().Set(ctx, f.account(), "$argon2id$x", f.now), store.ErrNotFound, "set for unknown account in transaction")
			if err := f.s.ConsoleSessions().Create(ctx, committed); err != nil {
				return err
			}
			if _, err := f.s.ConsoleSessions().DeleteForUser(ctx, f.a, ""); err != nil {
				return err
			}
			return f.s.RootPasswords().Set(ctx, f.a, "$argon2id$committed", f.now)
		})
		f.must(err, "committed transaction")
		f.wantSessions("after commit", map[*store.ConsoleSession]bool{committed: true, taken: false})
		hash, _, err := f.s.RootPasswords().Get(f.ctx, f.a)
		if err != nil || hash != "$argon2id$committed" {
			t.Errorf("root password after commit = %q, %v; want the committed one", hash, err)
		}
	}},
	{"RootPasswords/SetReplaceGet", func(t *testing.T, f *fixture) {
		rp := f.s.RootPasswords()
		_, _, err := rp.Get(f.ctx, f.a)
		wantErr(t, err, store.ErrNotFound, "get before set")
		zone := time.FixedZone("UTC+9", 9*3600)
		for _, step := range []struct {
			hash string
			at   time.Time
		}{
			{"$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$first", f.now.Add(123456789 * time.Nanosecond).In(zone)},
			{"$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$second", f.now.Add(time.Hour)},
		} {
			f.must(rp.Set(f.ctx, f.a, step.hash, step.at), "set")
			hash, at, err := rp.Get(f.ctx, f.a)
			f.must(err, "get")
			if hash != step.hash || !at.Equal(stored(step.at)) || at.Location() != time.UTC {
				t.Errorf("Get = %q, %v; want %q, %v", hash, at, step.hash, stored(step.at))
			}
		}
		_, _, err = rp.Get(f.ctx, f.b)
		wantErr(t, err, store.ErrNotFound, "get in the other account")
		unknown := f.account()
		wantErr(t, rp.Set(f.ctx, unknown, "$argon2id$x", f.now), store.ErrNotFound, "set for an unknown account")
		_, _, err = rp.Get(f.ctx, unknown)
		wantErr(t, err, store.ErrNotFound, "get for an unknown account")
	}},
}
