// Package cached puts a read-through cache in front of a store for the
// lookups every request makes (a user by name or ID, an entity's tags, a
// group, role or policy by name), so that steady-state requests touch no
// database.
//
// Consistency comes from the store's generation: the cache is emptied
// whenever Generation moves, which happens after every committed write on
// this node and, through the store's change notifications, within a second
// of a write on any other node. A value read while the generation moved is
// never cached, so a read that raced a commit cannot leave a stale entry.
// Transactions (WithTx) bypass the cache entirely.
package cached

import (
	"context"
	"strings"
	"sync"

	"github.com/iamd/iamd/internal/store"
)

// maxEntries bounds the cache; past it the cache starts afresh.
const maxEntries = 100_000

// Store is a store.Store with cached reads.
type Store struct {
	store.Store
	mu      sync.Mutex
	gen     uint64
	entries map[string]any
}

var _ store.Store = (*Store)(nil)

// New wraps s.
func New(s store.Store) *Store {
	return &Store{Store: s, entries: map[string]any{}}
}

// get returns the cached value of key, or loads it. Errors are not cached.
// Inside a transaction carried by ctx it always loads: the transaction may
// have written what the cache holds.
func get[T any](ctx context.Context, c *Store, key string, load func() (T, error)) (T, error) {
	if store.TxFromContext(ctx) != nil {
		return load()
	}
	gen := c.Store.Generation()
	c.mu.Lock()
	if c.gen != gen {
		c.entries = map[string]any{}
		c.gen = gen
	}
	if v, ok := c.entries[key]; ok {
		c.mu.Unlock()
		return v.(T), nil
	}
	c.mu.Unlock()

	v, err := load()
	if err != nil {
		return v, err
	}
	c.mu.Lock()
	// Only a value read entirely within one generation may be kept.
	if c.gen == gen && c.Store.Generation() == gen && len(c.entries) < maxEntries {
		c.entries[key] = v
	}
	c.mu.Unlock()
	return v, nil
}

// The cached values are shared between callers; copies protect the cache
// from callers that modify what they get.

// Users returns the users aggregate with cached lookups.
func (c *Store) Users() store.Users { return users{c.Store.Users(), c} }

// Groups returns the groups aggregate with cached lookups.
func (c *Store) Groups() store.Groups { return groups{c.Store.Groups(), c} }

// Roles returns the roles aggregate with cached lookups.
func (c *Store) Roles() store.Roles { return roles{c.Store.Roles(), c} }

// Policies returns the policies aggregate with cached lookups.
func (c *Store) Policies() store.Policies { return policies{c.Store.Policies(), c} }

// Tags returns the tags aggregate with cached lookups.
func (c *Store) Tags() store.Tags { return tags{c.Store.Tags(), c} }

type users struct {
	store.Users
	c *Store
}

func (u users) Get(ctx context.Context, accountID, name string) (*store.User, error) {
	v, err := get(ctx, u.c, "user/name/"+accountID+"/"+strings.ToLower(name), func() (*store.User, error) {
		return u.Users.Get(ctx, accountID, name)
	})
	return copyOf(v), err
}

func (u users) GetByID(ctx context.Context, accountID, id string) (*store.User, error) {
	v, err := get(ctx, u.c, "user/id/"+accountID+"/"+id, func() (*store.User, error) {
		return u.Users.GetByID(ctx, accountID, id)
	})
	return copyOf(v), err
}

type groups struct {
	store.Groups
	c *Store
}

func (g groups) Get(ctx context.Context, accountID, name string) (*store.Group, error) {
	v, err := get(ctx, g.c, "group/name/"+accountID+"/"+strings.ToLower(name), func() (*store.Group, error) {
		return g.Groups.Get(ctx, accountID, name)
	})
	return copyOf(v), err
}

type roles struct {
	store.Roles
	c *Store
}

func (r roles) Get(ctx context.Context, accountID, name string) (*store.Role, error) {
	v, err := get(ctx, r.c, "role/name/"+accountID+"/"+strings.ToLower(name), func() (*store.Role, error) {
		return r.Roles.Get(ctx, accountID, name)
	})
	return copyOf(v), err
}

type policies struct {
	store.Policies
	c *Store
}

func (p policies) Get(ctx context.Context, accountID, name string) (*store.ManagedPolicy, error) {
	v, err := get(ctx, p.c, "policy/name/"+accountID+"/"+strings.ToLower(name), func() (*store.ManagedPolicy, error) {
		return p.Policies.Get(ctx, accountID, name)
	})
	return copyOf(v), err
}

type tags struct {
	store.Tags
	c *Store
}

func (t tags) List(ctx context.Context, accountID string, kind store.TaggableKind, id string) ([]store.Tag, error) {
	v, err := get(ctx, t.c, "tags/"+string(kind)+"/"+accountID+"/"+id, func() ([]store.Tag, error) {
		return t.Tags.List(ctx, accountID, kind, id)
	})
	if v == nil {
		return nil, err
	}
	return append([]store.Tag(nil), v...), err
}

// copyOf returns a shallow copy of a cached record (their fields are
// values and strings; slices are not shared by the records cached here).
func copyOf[T any](v *T) *T {
	if v == nil {
		return nil
	}
	c := *v
	return &c
}
