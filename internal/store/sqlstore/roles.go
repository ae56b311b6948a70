package sqlstore

import (
	"context"
	"database/sql"

	"github.com/iamd/iamd/internal/store"
)

type roles struct{ s *Store }

const roleColumns = "id, account_id, name, path, assume_role_policy, description, max_session_duration," +
	" permissions_boundary, created_at, last_used_at, last_used_region, name_key"

// scanRole reads roleColumns: a role followed by its name_key.
func scanRole(r rowScanner) (*store.Role, []string, error) {
	ro := &store.Role{}
	var lastUsed sql.NullTime
	var key string
	if err := r.Scan(&ro.ID, &ro.AccountID, &ro.Name, &ro.Path, &ro.AssumeRolePolicy, &ro.Description,
		&ro.MaxSessionDuration, &ro.PermissionsBoundary, &ro.CreatedAt, &lastUsed, &ro.LastUsedRegion, &key); err != nil {
		return nil, nil, err
	}
	ro.CreatedAt = ro.CreatedAt.UTC()
	ro.LastUsedAt = timePtr(lastUsed)
	return ro, []string{key, ro.Name}, nil
}

func (rs roles) Create(ctx context.Context, r *store.Role, max int) error {
	return rs.s.write(ctx, "create role", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "roles", r.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO roles (id, account_id, name, name_key, path, assume_role_policy, description,"+
			" max_session_duration, permissions_boundary, created_at, last_used_at, last_used_region) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			r.ID, r.AccountID, r.Name, nameKey(r.Name), r.Path, r.AssumeRolePolicy, r.Description,
			r.MaxSessionDuration, r.PermissionsBoundary, dbTime(r.CreatedAt), dbTimePtr(r.LastUsedAt), r.LastUsedRegion)
		return err
	})
}

func (rs roles) Get(ctx context.Context, accountID, name string) (*store.Role, error) {
	r, _, err := scanRole(rs.s.queryRow(ctx, "SELECT "+roleColumns+" FROM roles WHERE account_id = ? AND name_key = ?", accountID, nameKey(name)))
	if err != nil {
		return nil, rs.s.d.wrap("get role", notFound(err))
	}
	return r, nil
}

func (rs roles) GetByID(ctx context.Context, accountID, id string) (*store.Role, error) {
	r, _, err := scanRole(rs.s.queryRow(ctx, "SELECT "+roleColumns+" FROM roles WHERE account_id = ? AND id = ?", accountID, id))
	if err != nil {
		return nil, rs.s.d.wrap("get role by id", notFound(err))
	}
	return r, nil
}

func (rs roles) Update(ctx context.Context, r *store.Role) error {
	return rs.s.write(ctx, "update role", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE roles SET assume_role_policy = ?, description = ?, max_session_duration = ?,"+
			" permissions_boundary = ?, last_used_at = ?, last_used_region = ? WHERE account_id = ? AND id = ?",
			r.AssumeRolePolicy, r.Description, r.MaxSessionDuration, r.PermissionsBoundary,
			dbTimePtr(r.LastUsedAt), r.LastUsedRegion, r.AccountID, r.ID)
	})
}

// roleDependents are what block deleting a role, in the contract's order.
var roleDependents = []dependentCheck{
	{store.DependentInstanceProfiles, "SELECT 1 FROM instance_profile_roles WHERE account_id = ? AND role_id = ?"},
	{store.DependentInlinePolicies, "SELECT 1 FROM inline_policies WHERE account_id = ? AND owner_kind = 'role' AND owner_id = ?"},
	{store.DependentAttachedPolicies, "SELECT 1 FROM attachments WHERE account_id = ? AND owner_kind = 'role' AND owner_id = ?"},
}

func (rs roles) Delete(ctx context.Context, accountID, id string) error {
	return rs.s.write(ctx, "delete role", func(tx *Store) error {
		return tx.deleteEntity(ctx, "roles", store.TagRole, accountID, id, roleDependents)
	})
}

func (rs roles) List(ctx context.Context, accountID, pathPrefix string, p store.Page) ([]*store.Role, string, error) {
	where, args := pathFilter("path", pathPrefix)
	pq := pageQuery[*store.Role]{
		base:  "SELECT " + roleColumns + " FROM roles WHERE account_id = ?" + where,
		args:  append([]any{accountID}, args...),
		order: []string{"name_key", "name"},
		scan:  func(rows *sql.Rows) (*store.Role, []string, error) { return scanRole(rows) },
	}
	out, next, err := pq.run(ctx, rs.s, p)
	return out, next, rs.s.d.wrap("list roles", err)
}

func (rs roles) Count(ctx context.Context, accountID string) (int, error) {
	return rs.s.countInAccount(ctx, "count roles", "roles", accountID)
}
