package store

import (
	"context"
	"time"
)

// AccountAliases holds account aliases (CreateAccountAlias): at most one
// per account, and each alias held by one account at most, across every
// account of the store, since the alias names the account's console
// sign-in address.
type AccountAliases interface {
	// Set makes alias the account's only alias, replacing the one it had
	// (AWS replaces rather than refuses). It returns ErrAlreadyExists if
	// any account, this one included, holds alias already; concurrent
	// callers setting one alias for two accounts get one success and one
	// ErrAlreadyExists.
	Set(ctx context.Context, accountID, alias string, at time.Time) error
	// Get returns the account's alias; ErrNotFound if it has none.
	Get(ctx context.Context, accountID string) (string, error)
	// Delete removes the account's alias if it is alias (compared
	// exactly); ErrNotFound otherwise.
	Delete(ctx context.Context, accountID, alias string) error
	// Lookup finds the account that holds alias, in any account (the
	// console's sign-in link names the alias); ErrNotFound if none does.
	Lookup(ctx context.Context, alias string) (accountID string, err error)
}
