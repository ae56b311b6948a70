package sqlstore

import (
	"context"
	"database/sql"

	"github.com/iamd/iamd/internal/store"
)

type users struct{ s *Store }

const userColumns = "id, account_id, name, path, created_at, password_last_used, permissions_boundary"

// rowScanner is what *sql.Row and *sql.Rows share.
type rowScanner interface{ Scan(dest ...any) error }

func scanUser(r rowScanner) (*store.User, error) {
	u := &store.User{}
	var lastUsed sql.NullTime
	if err := r.Scan(&u.ID, &u.AccountID, &u.Name, &u.Path, &u.CreatedAt, &lastUsed, &u.PermissionsBoundary); err != nil {
		return nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	u.PasswordLastUsed = timePtr(lastUsed)
	return u, nil
}

func (us users) Create(ctx context.Context, u *store.User, max int) error {
	return us.s.write(ctx, "create user", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "users", u.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO users (id, account_id, name, name_key, path, created_at, password_last_used, permissions_boundary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			u.ID, u.AccountID, u.Name, nameKey(u.Name), u.Path, dbTime(u.CreatedAt), dbTimePtr(u.PasswordLastUsed), u.PermissionsBoundary)
		return err
	})
}

func (us users) Get(ctx context.Context, accountID, name string) (*store.User, error) {
	u, err := scanUser(us.s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE account_id = ? AND name_key = ?", accountID, nameKey(name)))
	if err != nil {
		return nil, us.s.d.wrap("get user", notFound(err))
	}
	return u, nil
}

func (us users) GetByID(ctx context.Context, accountID, id string) (*store.User, error) {
	u, err := scanUser(us.s.queryRow(ctx, "SELECT "+userColumns+" FROM users WHERE account_id = ? AND id = ?", accountID, id))
	if err != nil {
		return nil, us.s.d.wrap("get user by id", notFound(err))
	}
	return u, nil
}

func (us users) Update(ctx context.Context, u *store.User) error {
	return us.s.write(ctx, "update user", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE users SET name = ?, name_key = ?, path = ?, permissions_boundary = ?, password_last_used = ? WHERE account_id = ? AND id = ?",
			u.Name, nameKey(u.Name), u.Path, u.PermissionsBoundary, dbTimePtr(u.PasswordLastUsed), u.AccountID, u.ID)
	})
}

// userDependents are what block deleting a user, in the contract's order.
var userDependents = []dependentCheck{
	{store.DependentAccessKeys, "SELECT 1 FROM access_keys WHERE account_id = ? AND user_id = ?"},
	{store.DependentLoginProfile, "SELECT 1 FROM login_profiles WHERE account_id = ? AND user_id = ?"},
	{store.DependentGroupMemberships, "SELECT 1 FROM group_members WHERE account_id = ? AND user_id = ?"},
	{store.DependentInlinePolicies, "SELECT 1 FROM inline_policies WHERE account_id = ? AND owner_kind = 'user' AND owner_id = ?"},
	{store.DependentAttachedPolicies, "SELECT 1 FROM attachments WHERE account_id = ? AND owner_kind = 'user' AND owner_id = ?"},
}

func (us users) Delete(ctx context.Context, accountID, id string) error {
	return us.s.write(ctx, "delete user", func(tx *Store) error {
		if err := tx.deleteEntity(ctx, "users", store.TagUser, accountID, id, userDependents); err != nil {
			return err
		}
		// A console session of a deleted user must not outlive it: a user
		// created later under the same name is another identity.
		_, err := tx.exec(ctx, "DELETE FROM console_sessions WHERE account_id = ? AND user_id = ?", accountID, id)
		return err
	})
}

func (us users) List(ctx context.Context, accountID, pathPrefix string, p store.Page) ([]*store.User, string, error) {
	where, args := pathFilter("path", pathPrefix)
	pq := pageQuery[*store.User]{
		base:  "SELECT " + userColumns + ", name_key FROM users WHERE account_id = ?" + where,
		args:  append([]any{accountID}, args...),
		order: []string{"name_key", "name"},
		scan:  scanUserWithKey,
	}
	out, next, err := pq.run(ctx, us.s, p)
	return out, next, us.s.d.wrap("list users", err)
}

// scanUserWithKey reads a user followed by its name_key column.
func scanUserWithKey(rows *sql.Rows) (*store.User, []string, error) {
	u := &store.User{}
	var lastUsed sql.NullTime
	var key string
	if err := rows.Scan(&u.ID, &u.AccountID, &u.Name, &u.Path, &u.CreatedAt, &lastUsed, &u.PermissionsBoundary, &key); err != nil {
		return nil, nil, err
	}
	u.CreatedAt = u.CreatedAt.UTC()
	u.PasswordLastUsed = timePtr(lastUsed)
	return u, []string{key, u.Name}, nil
}

func (us users) Count(ctx context.Context, accountID string) (int, error) {
	return us.s.countInAccount(ctx, "count users", "users", accountID)
}
