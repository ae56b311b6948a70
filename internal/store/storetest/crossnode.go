package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// ChangeDeadline is how soon a write committed through one Store must make
// Generation grow on every other Store sharing the database.
const ChangeDeadline = time.Second

// quietPeriod is how long the cross-node tests watch a Generation that
// must not move: longer than two of any polling watcher's intervals.
const quietPeriod = 600 * time.Millisecond

// RunCrossNode runs the tests of Stores that share one database (several
// nodes on PostgreSQL, several processes on a SQLite file). open returns
// two Stores on one database that nothing else writes to, fresh for each
// subtest; RunCrossNode closes them. It logs the notification latencies it
// measures.
func RunCrossNode(t *testing.T, open func(t *testing.T) (a, b store.Store)) {
	for _, tc := range crossNodeTests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a, b := open(t)
			for _, s := range []store.Store{a, b} {
				t.Cleanup(func() {
					if err := s.Close(); err != nil {
						t.Errorf("Close: %v", err)
					}
				})
			}
			tc.fn(t, newFixture(t, a), b)
		})
	}
}

// crossNodeTest is one check on two Stores; the fixture's is the first.
type crossNodeTest struct {
	name string
	fn   func(t *testing.T, f *fixture, b store.Store)
}

// waitForGrowth polls s.Generation() until it exceeds from, for up to
// within, and returns how long that took.
func waitForGrowth(s store.Store, from uint64, within time.Duration) (time.Duration, bool) {
	start := time.Now()
	for {
		if s.Generation() > from {
			return time.Since(start), true
		}
		if time.Since(start) > within {
			return time.Since(start), false
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// wantQuiet fails if any of the stores' Generation moves within
// quietPeriod.
func wantQuiet(t *testing.T, what string, stores ...store.Store) {
	t.Helper()
	before := make([]uint64, len(stores))
	for i, s := range stores {
		before[i] = s.Generation()
	}
	time.Sleep(quietPeriod)
	for i, s := range stores {
		if g := s.Generation(); g != before[i] {
			t.Fatalf("%s: store %d's generation moved from %d to %d", what, i, before[i], g)
		}
	}
}

var crossNodeTests = []crossNodeTest{
	{"CrossNode/WriteSeenWithinDeadline", func(t *testing.T, f *fixture, b store.Store) {
		time.Sleep(quietPeriod) // the fixture's writes settle
		wantQuiet(t, "no writes", f.s, b)
		for round := range 3 {
			writer, reader, dir := f.s, b, "a->b"
			if round%2 == 1 {
				writer, reader, dir = b, f.s, "b->a"
			}
			from := reader.Generation()
			u := &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: fmt.Sprint("u", round), Path: "/", CreatedAt: f.now}
			f.must(writer.Users().Create(f.ctx, u, 0), "create user")
			took, ok := waitForGrowth(reader, from, ChangeDeadline)
			if !ok {
				t.Fatalf("round %d (%s): the other store's generation did not grow within %v", round, dir, ChangeDeadline)
			}
			t.Logf("round %d (%s): change seen after %v", round, dir, took.Round(time.Millisecond))
			if _, err := reader.Users().Get(f.ctx, f.a, u.Name); err != nil {
				t.Fatalf("round %d: the write is not readable through the other store: %v", round, err)
			}
		}
	}},
	{"CrossNode/ReadsAndRollbacksQuiet", func(t *testing.T, f *fixture, b store.Store) {
		f.user(f.a, "u")
		// Let the write's own notification settle first.
		time.Sleep(quietPeriod)
		errRolledBack := errors.New("roll back")
		if _, err := f.s.Users().Get(f.ctx, f.a, "u"); err != nil {
			t.Fatalf("read: %v", err)
		}
		err := f.s.WithTx(f.ctx, func(tx store.Store) error {
			f.must(tx.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "ghost", Path: "/", CreatedAt: f.now}, 0), "create")
			return errRolledBack
		})
		if !errors.Is(err, errRolledBack) {
			t.Fatalf("WithTx = %v", err)
		}
		wantQuiet(t, "a read and a rollback", f.s, b)
	}},
	{"CrossNode/AccountQuotaAcrossStores", func(t *testing.T, f *fixture, b store.Store) {
		const max = 10
		stores := []store.Store{f.s, b}
		var mu sync.Mutex
		wins, limited := 0, 0
		var wg sync.WaitGroup
		for i := range racers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := stores[i%2].Roles().Create(f.ctx, &store.Role{AccountID: f.a, ID: f.id("AROA"), Name: fmt.Sprint("r", i), Path: "/",
					AssumeRolePolicy: "{}", MaxSessionDuration: 3600, CreatedAt: f.now}, max)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case errors.Is(err, store.ErrLimitExceeded):
					limited++
				default:
					t.Errorf("racer %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		n, err := b.Roles().Count(f.ctx, f.a)
		f.must(err, "count")
		if wins != max || limited != racers-max || n != max {
			t.Fatalf("%d won, %d limited, %d roles exist; want %d, %d, %d", wins, limited, n, max, racers-max, max)
		}
	}},
}
