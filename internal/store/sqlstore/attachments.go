package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/iamd/iamd/internal/store"
)

type attachments struct{ s *Store }

// Attach locks the owner, whose attachment count is the quota.
func (as attachments) Attach(ctx context.Context, a *store.Attachment, max int) error {
	return as.s.write(ctx, "attach policy", func(tx *Store) error {
		if err := tx.lockOwner(ctx, a.Owner); err != nil {
			return err
		}
		attached, err := tx.exists(ctx, "SELECT 1 FROM attachments WHERE owner_kind = ? AND owner_id = ? AND policy_arn = ?",
			string(a.Owner.Kind), a.Owner.ID, a.PolicyARN)
		if err != nil || attached {
			return err
		}
		n, err := tx.count(ctx, "SELECT COUNT(*) FROM attachments WHERE owner_kind = ? AND owner_id = ?", string(a.Owner.Kind), a.Owner.ID)
		if err != nil {
			return err
		}
		if n >= max {
			return store.ErrLimitExceeded
		}
		_, err = tx.exec(ctx, "INSERT INTO attachments (owner_kind, owner_id, policy_arn, account_id) VALUES (?, ?, ?, ?)",
			string(a.Owner.Kind), a.Owner.ID, a.PolicyARN, a.Owner.AccountID)
		return err
	})
}

func (as attachments) Detach(ctx context.Context, a *store.Attachment) error {
	return as.s.write(ctx, "detach policy", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM attachments WHERE account_id = ? AND owner_kind = ? AND owner_id = ? AND policy_arn = ?",
			a.Owner.AccountID, string(a.Owner.Kind), a.Owner.ID, a.PolicyARN)
	})
}

func (as attachments) ListForOwner(ctx context.Context, owner store.Owner, p store.Page) ([]string, string, error) {
	if err := as.s.ownerExists(ctx, owner); err != nil {
		return nil, "", as.s.d.wrap("list attached policies", err)
	}
	pq := pageQuery[string]{
		base:  "SELECT policy_arn FROM attachments WHERE account_id = ? AND owner_kind = ? AND owner_id = ?",
		args:  []any{owner.AccountID, string(owner.Kind), owner.ID},
		order: []string{"policy_arn"},
		scan: func(rows *sql.Rows) (string, []string, error) {
			var arn string
			err := rows.Scan(&arn)
			return arn, []string{arn}, err
		},
	}
	out, next, err := pq.run(ctx, as.s, p)
	return out, next, as.s.d.wrap("list attached policies", err)
}

// ListEntities orders owners by kind, then ID: the Owner carries no name.
func (as attachments) ListEntities(ctx context.Context, accountID, policyARN string, f store.EntityFilter, p store.Page) ([]store.Owner, string, error) {
	base := "SELECT a.owner_kind, a.owner_id FROM attachments a" +
		" LEFT JOIN users u ON a.owner_kind = 'user' AND u.id = a.owner_id" +
		" LEFT JOIN iam_groups g ON a.owner_kind = 'group' AND g.id = a.owner_id" +
		" LEFT JOIN roles r ON a.owner_kind = 'role' AND r.id = a.owner_id" +
		" WHERE a.account_id = ? AND a.policy_arn = ?"
	args := []any{accountID, policyARN}
	if len(f.Kinds) > 0 {
		base += " AND a.owner_kind IN (?" + strings.Repeat(", ?", len(f.Kinds)-1) + ")"
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
	}
	where, pathArgs := pathFilter("COALESCE(u.path, g.path, r.path)", f.PathPrefix)
	base += where
	args = append(args, pathArgs...)
	pq := pageQuery[store.Owner]{
		base:  base,
		args:  args,
		order: []string{"a.owner_kind", "a.owner_id"},
		scan: func(rows *sql.Rows) (store.Owner, []string, error) {
			o := store.Owner{AccountID: accountID}
			var kind string
			if err := rows.Scan(&kind, &o.ID); err != nil {
				return o, nil, err
			}
			o.Kind = store.OwnerKind(kind)
			return o, []string{kind, o.ID}, nil
		},
	}
	out, next, err := pq.run(ctx, as.s, p)
	return out, next, as.s.d.wrap("list entities for policy", err)
}

func (as attachments) Count(ctx context.Context, accountID, policyARN string) (int, error) {
	n, err := as.s.count(ctx, "SELECT COUNT(*) FROM attachments WHERE account_id = ? AND policy_arn = ?", accountID, policyARN)
	return n, as.s.d.wrap("count attachments", err)
}

func (as attachments) CountBoundaryUses(ctx context.Context, accountID, policyARN string) (int, error) {
	n, err := as.s.count(ctx, "SELECT (SELECT COUNT(*) FROM users WHERE account_id = ? AND permissions_boundary = ?)"+
		" + (SELECT COUNT(*) FROM roles WHERE account_id = ? AND permissions_boundary = ?)", accountID, policyARN, accountID, policyARN)
	return n, as.s.d.wrap("count permissions boundary uses", err)
}

// AttachedARNs is one grouped scan of the account's attachments (the
// attachments_policy index leads with account_id).
func (as attachments) AttachedARNs(ctx context.Context, accountID string) (map[string]int, error) {
	m, err := as.s.countsByKey(ctx, "SELECT policy_arn, COUNT(*) FROM attachments WHERE account_id = ? GROUP BY policy_arn", accountID)
	return m, as.s.d.wrap("count attachments by policy", err)
}

func (as attachments) BoundaryARNs(ctx context.Context, accountID string) (map[string]int, error) {
	m, err := as.s.countsByKey(ctx, "SELECT b.arn, COUNT(*) FROM ("+
		"SELECT permissions_boundary AS arn FROM users WHERE account_id = ? AND permissions_boundary <> ''"+
		" UNION ALL SELECT permissions_boundary AS arn FROM roles WHERE account_id = ? AND permissions_boundary <> ''"+
		") b GROUP BY b.arn", accountID, accountID)
	return m, as.s.d.wrap("count permissions boundary uses by policy", err)
}

// countsByKey runs a query returning (key, count) rows into a map.
func (s *Store) countsByKey(ctx context.Context, query string, args ...any) (map[string]int, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var key string
		var n int
		if err := rows.Scan(&key, &n); err != nil {
			return nil, err
		}
		out[key] = n
	}
	return out, rows.Err()
}
