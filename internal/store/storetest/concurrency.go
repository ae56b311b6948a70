package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

// racers is how many goroutines race for one quota or name.
const racers = 50

// race runs op(i) for i in [0, racers) at once and returns how many
// succeeded; every failure must be loserErr. It first warms the store's
// connection pool with concurrent reads, so that the racers overlap
// instead of queueing behind connection setup.
func race(t *testing.T, f *fixture, loserErr error, op func(i int) error) int {
	t.Helper()
	var warm sync.WaitGroup
	for range racers {
		warm.Add(1)
		go func() {
			defer warm.Done()
			_, _ = f.s.Accounts().Get(f.ctx, f.a)
		}()
	}
	warm.Wait()
	start := make(chan struct{})
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = op(i)
		}()
	}
	close(start)
	wg.Wait()
	wins := 0
	for i, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, loserErr):
			t.Errorf("racer %d: got %v, want nil or %v", i, err, loserErr)
		}
	}
	return wins
}

var concurrencyTests = []test{
	{"Concurrency/AccessKeyQuota", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		f.key(f.a, u.ID)
		ids := make([]string, racers)
		for i := range ids {
			ids[i] = f.id("AKIA")
		}
		wins := race(t, f, store.ErrLimitExceeded, func(i int) error {
			return f.s.AccessKeys().Create(f.ctx, &store.AccessKey{ID: ids[i], AccountID: f.a, UserID: u.ID,
				SealedSecret: []byte("s"), Status: store.KeyActive, CreatedAt: f.now}, 2)
		})
		keys, err := f.s.AccessKeys().List(f.ctx, f.a, u.ID)
		f.must(err, "list")
		if wins != 1 || len(keys) != 2 {
			t.Fatalf("%d racers won and the user has %d keys; want 1 and 2", wins, len(keys))
		}
	}},
	{"Concurrency/PolicyVersionQuota", func(t *testing.T, f *fixture) {
		p := f.policy(f.a, "/", "p")
		wins := race(t, f, store.ErrLimitExceeded, func(i int) error {
			return f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, &store.PolicyVersion{Document: fmt.Sprint(i), CreatedAt: f.now}, i%2 == 0, 5)
		})
		vs, err := f.s.Policies().ListVersions(f.ctx, f.a, p.ID)
		f.must(err, "list versions")
		var ids []string
		defaults := 0
		for _, v := range vs {
			ids = append(ids, v.VersionID)
			if v.IsDefault {
				defaults++
			}
		}
		if wins != 4 || strings.Join(ids, ",") != "v5,v4,v3,v2,v1" || defaults != 1 {
			t.Fatalf("%d racers won; versions %v with %d defaults; want 4, v5..v1 and 1", wins, ids, defaults)
		}
	}},
	{"Concurrency/UserNameCase", func(t *testing.T, f *fixture) {
		ids := make([]string, racers)
		for i := range ids {
			ids[i] = f.id("AIDA")
		}
		wins := race(t, f, store.ErrAlreadyExists, func(i int) error {
			name := []byte("racer")
			for b := range name {
				if i>>b&1 == 1 {
					name[b] -= 'a' - 'A'
				}
			}
			return f.s.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: ids[i], Name: string(name), Path: "/", CreatedAt: f.now}, 0)
		})
		n, err := f.s.Users().Count(f.ctx, f.a)
		f.must(err, "count")
		if wins != 1 || n != 1 {
			t.Fatalf("%d racers won and %d users exist; want 1 and 1", wins, n)
		}
	}},
	{"Concurrency/GroupsPerUserQuota", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		gs := make([]*store.Group, racers)
		for i := range gs {
			gs[i] = f.group(f.a, fmt.Sprintf("g%02d", i))
		}
		wins := race(t, f, store.ErrLimitExceeded, func(i int) error {
			return f.s.Groups().AddMember(f.ctx, f.a, gs[i].ID, u.ID, 10)
		})
		all, _ := collect(t, 100, func(p store.Page) ([]*store.Group, string, error) {
			return f.s.Groups().GroupsForUser(f.ctx, f.a, u.ID, p)
		})
		if wins != 10 || len(all) != 10 {
			t.Fatalf("%d racers won and the user is in %d groups; want 10 and 10", wins, len(all))
		}
	}},
}
