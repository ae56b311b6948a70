package authzapitest

import (
	"context"
	"sync/atomic"

	"github.com/iamd/iamd/internal/store"
)

// countingStore counts every use of an aggregate or a transaction of the
// database under the cache: on a warm cache a request must cause none.
// Aggregates it does not override are reached through the embedded store
// uncounted; every one the request path reads is overridden.
type countingStore struct {
	store.Store
	reads *atomic.Int64
}

func (c *countingStore) count() { c.reads.Add(1) }

func (c *countingStore) Accounts() store.Accounts { c.count(); return c.Store.Accounts() }
func (c *countingStore) Users() store.Users       { c.count(); return c.Store.Users() }
func (c *countingStore) Groups() store.Groups     { c.count(); return c.Store.Groups() }
func (c *countingStore) Roles() store.Roles       { c.count(); return c.Store.Roles() }
func (c *countingStore) Policies() store.Policies { c.count(); return c.Store.Policies() }
func (c *countingStore) InlinePolicies() store.InlinePolicies {
	c.count()
	return c.Store.InlinePolicies()
}
func (c *countingStore) Attachments() store.Attachments { c.count(); return c.Store.Attachments() }
func (c *countingStore) AccessKeys() store.AccessKeys   { c.count(); return c.Store.AccessKeys() }
func (c *countingStore) Tags() store.Tags               { c.count(); return c.Store.Tags() }

func (c *countingStore) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	c.count()
	return c.Store.WithTx(ctx, fn)
}
