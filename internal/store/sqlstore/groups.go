package sqlstore

import (
	"context"
	"database/sql"

	"github.com/iamd/iamd/internal/store"
)

type groups struct{ s *Store }

const groupColumns = "g.id, g.account_id, g.name, g.path, g.created_at, g.name_key"

// scanGroup reads groupColumns: a group followed by its name_key.
func scanGroup(r rowScanner) (*store.Group, []string, error) {
	g := &store.Group{}
	var key string
	if err := r.Scan(&g.ID, &g.AccountID, &g.Name, &g.Path, &g.CreatedAt, &key); err != nil {
		return nil, nil, err
	}
	g.CreatedAt = g.CreatedAt.UTC()
	return g, []string{key, g.Name}, nil
}

func scanGroupRows(rows *sql.Rows) (*store.Group, []string, error) { return scanGroup(rows) }

func (gs groups) Create(ctx context.Context, g *store.Group, max int) error {
	return gs.s.write(ctx, "create group", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "iam_groups", g.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO iam_groups (id, account_id, name, name_key, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			g.ID, g.AccountID, g.Name, nameKey(g.Name), g.Path, dbTime(g.CreatedAt))
		return err
	})
}

func (gs groups) Get(ctx context.Context, accountID, name string) (*store.Group, error) {
	g, _, err := scanGroup(gs.s.queryRow(ctx, "SELECT "+groupColumns+" FROM iam_groups g WHERE g.account_id = ? AND g.name_key = ?", accountID, nameKey(name)))
	if err != nil {
		return nil, gs.s.d.wrap("get group", notFound(err))
	}
	return g, nil
}

func (gs groups) GetByID(ctx context.Context, accountID, id string) (*store.Group, error) {
	g, _, err := scanGroup(gs.s.queryRow(ctx, "SELECT "+groupColumns+" FROM iam_groups g WHERE g.account_id = ? AND g.id = ?", accountID, id))
	if err != nil {
		return nil, gs.s.d.wrap("get group by id", notFound(err))
	}
	return g, nil
}

func (gs groups) Update(ctx context.Context, g *store.Group) error {
	return gs.s.write(ctx, "update group", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE iam_groups SET name = ?, name_key = ?, path = ? WHERE account_id = ? AND id = ?",
			g.Name, nameKey(g.Name), g.Path, g.AccountID, g.ID)
	})
}

// groupDependents are what block deleting a group, in the contract's order.
var groupDependents = []dependentCheck{
	{store.DependentGroupMembers, "SELECT 1 FROM group_members WHERE account_id = ? AND group_id = ?"},
	{store.DependentInlinePolicies, "SELECT 1 FROM inline_policies WHERE account_id = ? AND owner_kind = 'group' AND owner_id = ?"},
	{store.DependentAttachedPolicies, "SELECT 1 FROM attachments WHERE account_id = ? AND owner_kind = 'group' AND owner_id = ?"},
}

func (gs groups) Delete(ctx context.Context, accountID, id string) error {
	return gs.s.write(ctx, "delete group", func(tx *Store) error {
		return tx.deleteEntity(ctx, "iam_groups", "", accountID, id, groupDependents)
	})
}

func (gs groups) List(ctx context.Context, accountID, pathPrefix string, p store.Page) ([]*store.Group, string, error) {
	where, args := pathFilter("g.path", pathPrefix)
	pq := pageQuery[*store.Group]{
		base:  "SELECT " + groupColumns + " FROM iam_groups g WHERE g.account_id = ?" + where,
		args:  append([]any{accountID}, args...),
		order: []string{"g.name_key", "g.name"},
		scan:  scanGroupRows,
	}
	out, next, err := pq.run(ctx, gs.s, p)
	return out, next, gs.s.d.wrap("list groups", err)
}

func (gs groups) Count(ctx context.Context, accountID string) (int, error) {
	return gs.s.countInAccount(ctx, "count groups", "iam_groups", accountID)
}

// AddMember locks the user, whose group count is the quota, then checks
// the group, so concurrent adds for one user count one after another.
func (gs groups) AddMember(ctx context.Context, accountID, groupID, userID string, maxGroupsPerUser int) error {
	return gs.s.write(ctx, "add group member", func(tx *Store) error {
		if err := tx.lockRow(ctx, "users", accountID, userID); err != nil {
			return err
		}
		if err := tx.lockRow(ctx, "iam_groups", accountID, groupID); err != nil {
			return err
		}
		member, err := tx.exists(ctx, "SELECT 1 FROM group_members WHERE group_id = ? AND user_id = ?", groupID, userID)
		if err != nil || member {
			return err
		}
		n, err := tx.count(ctx, "SELECT COUNT(*) FROM group_members WHERE account_id = ? AND user_id = ?", accountID, userID)
		if err != nil {
			return err
		}
		if n >= maxGroupsPerUser {
			return store.ErrLimitExceeded
		}
		_, err = tx.exec(ctx, "INSERT INTO group_members (group_id, user_id, account_id) VALUES (?, ?, ?)", groupID, userID, accountID)
		return err
	})
}

func (gs groups) RemoveMember(ctx context.Context, accountID, groupID, userID string) error {
	return gs.s.write(ctx, "remove group member", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM group_members WHERE account_id = ? AND group_id = ? AND user_id = ?", accountID, groupID, userID)
	})
}

func (gs groups) Members(ctx context.Context, accountID, groupID string, p store.Page) ([]*store.User, string, error) {
	if _, err := gs.GetByID(ctx, accountID, groupID); err != nil {
		return nil, "", err
	}
	pq := pageQuery[*store.User]{
		base: "SELECT u.id, u.account_id, u.name, u.path, u.created_at, u.password_last_used, u.permissions_boundary, u.name_key" +
			" FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.account_id = ? AND m.group_id = ?",
		args:  []any{accountID, groupID},
		order: []string{"u.name_key", "u.name"},
		scan:  scanUserWithKey,
	}
	out, next, err := pq.run(ctx, gs.s, p)
	return out, next, gs.s.d.wrap("list group members", err)
}

func (gs groups) GroupsForUser(ctx context.Context, accountID, userID string, p store.Page) ([]*store.Group, string, error) {
	if _, err := gs.s.Users().GetByID(ctx, accountID, userID); err != nil {
		return nil, "", err
	}
	pq := pageQuery[*store.Group]{
		base:  "SELECT " + groupColumns + " FROM group_members m JOIN iam_groups g ON g.id = m.group_id WHERE m.account_id = ? AND m.user_id = ?",
		args:  []any{accountID, userID},
		order: []string{"g.name_key", "g.name"},
		scan:  scanGroupRows,
	}
	out, next, err := pq.run(ctx, gs.s, p)
	return out, next, gs.s.d.wrap("list groups for user", err)
}
