package cached

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

func newStore(t *testing.T) (*Store, store.Store) {
	t.Helper()
	raw, err := sqlstore.OpenSQLite(context.Background(), ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return New(raw), raw
}

func TestWritesAreSeenOnTheNextRead(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newStore(t)
	u := &store.User{AccountID: "111122223333", ID: "AIDAEXAMPLE0000000001", Name: "Ann", Path: "/", CreatedAt: time.Now().UTC()}
	if err := c.Users().Create(ctx, u, 0); err != nil {
		t.Fatal(err)
	}
	got, err := c.Users().Get(ctx, u.AccountID, "ANN")
	if err != nil || got.Path != "/" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	got.Path = "/mutated-by-caller/"
	again, _ := c.Users().Get(ctx, u.AccountID, "ann")
	if again.Path != "/" {
		t.Fatal("a caller's change to a returned record reached the cache")
	}
	u.Path = "/moved/"
	if err := c.Users().Update(ctx, u); err != nil {
		t.Fatal(err)
	}
	for _, get := range []func() (*store.User, error){
		func() (*store.User, error) { return c.Users().Get(ctx, u.AccountID, "Ann") },
		func() (*store.User, error) { return c.Users().GetByID(ctx, u.AccountID, u.ID) },
	} {
		if got, err := get(); err != nil || got.Path != "/moved/" {
			t.Fatalf("after an update: %+v, %v", got, err)
		}
	}
	if err := c.Tags().Set(ctx, u.AccountID, store.TagUser, u.ID, []store.Tag{{Key: "k", Value: "v"}}, 50); err != nil {
		t.Fatal(err)
	}
	if tags, err := c.Tags().List(ctx, u.AccountID, store.TagUser, u.ID); err != nil || len(tags) != 1 {
		t.Fatalf("tags after Set = %v, %v", tags, err)
	}
	if err := c.Users().Delete(ctx, u.AccountID, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users().Get(ctx, u.AccountID, "ann"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after delete: %v, want ErrNotFound", err)
	}
}

func TestMissesAreNotCached(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newStore(t)
	if _, err := c.Groups().Get(ctx, "111122223333", "g"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get = %v", err)
	}
	if err := c.Groups().Create(ctx, &store.Group{AccountID: "111122223333", ID: "AGPAEXAMPLE0000000001", Name: "g", Path: "/", CreatedAt: time.Now()}, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Groups().Get(ctx, "111122223333", "G"); err != nil {
		t.Fatalf("Get after create = %v", err)
	}
}

// TestConcurrentReadersAndWriters: under concurrent updates every read
// returns a value that was committed, and the final read sees the last one.
func TestConcurrentReadersAndWriters(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	c, _ := newStore(t)
	u := &store.User{AccountID: "111122223333", ID: "AIDAEXAMPLE0000000002", Name: "bo", Path: "/p0/", CreatedAt: time.Now().UTC()}
	if err := c.Users().Create(ctx, u, 0); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if _, err := c.Users().Get(ctx, u.AccountID, "bo"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	for i := 1; i <= 20; i++ {
		w := *u
		w.Path = "/p" + string(rune('a'+i)) + "/"
		if err := c.Users().Update(ctx, &w); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	got, err := c.Users().Get(ctx, u.AccountID, "bo")
	if err != nil || got.Path != "/p"+string(rune('a'+20))+"/" {
		t.Fatalf("final read = %+v, %v", got, err)
	}
}
