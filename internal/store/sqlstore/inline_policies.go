package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/iamd/iamd/internal/store"
)

type inlinePolicies struct{ s *Store }

// ownerTable is the table holding identities of the kind.
func ownerTable(kind store.OwnerKind) (string, error) {
	switch kind {
	case store.OwnerUser:
		return "users", nil
	case store.OwnerGroup:
		return "iam_groups", nil
	case store.OwnerRole:
		return "roles", nil
	}
	return "", fmt.Errorf("unknown owner kind %q: %w", kind, store.ErrNotFound)
}

// lockOwner locks the owner's row; ErrNotFound if absent.
func (s *Store) lockOwner(ctx context.Context, o store.Owner) error {
	table, err := ownerTable(o.Kind)
	if err != nil {
		return err
	}
	return s.lockRow(ctx, table, o.AccountID, o.ID)
}

// ownerExists returns ErrNotFound unless the owner exists.
func (s *Store) ownerExists(ctx context.Context, o store.Owner) error {
	table, err := ownerTable(o.Kind)
	if err != nil {
		return err
	}
	ok, err := s.exists(ctx, "SELECT 1 FROM "+table+" WHERE account_id = ? AND id = ?", o.AccountID, o.ID)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	return nil
}

// Put locks the owner, whose inline policies' total size is the quota, so
// that concurrent puts for one owner add up one after another. The sizes
// are the callers' (doc_size), summed without reading the documents.
func (ip inlinePolicies) Put(ctx context.Context, p *store.InlinePolicy, size, maxTotal int) error {
	return ip.s.write(ctx, "put inline policy", func(tx *Store) error {
		if err := tx.lockOwner(ctx, p.Owner); err != nil {
			return err
		}
		if maxTotal > 0 {
			others, err := tx.count(ctx, "SELECT COALESCE(SUM(doc_size), 0) FROM inline_policies"+
				" WHERE account_id = ? AND owner_kind = ? AND owner_id = ? AND name_key <> ?",
				p.Owner.AccountID, string(p.Owner.Kind), p.Owner.ID, nameKey(p.Name))
			if err != nil {
				return err
			}
			if others+size > maxTotal {
				return store.ErrLimitExceeded
			}
		}
		_, err := tx.exec(ctx, "INSERT INTO inline_policies (owner_kind, owner_id, name_key, account_id, name, document, doc_size) VALUES (?, ?, ?, ?, ?, ?, ?)"+
			tx.d.upsert("owner_kind, owner_id, name_key", "name", "document", "doc_size"),
			string(p.Owner.Kind), p.Owner.ID, nameKey(p.Name), p.Owner.AccountID, p.Name, p.Document, size)
		return err
	})
}

func (ip inlinePolicies) Get(ctx context.Context, owner store.Owner, name string) (*store.InlinePolicy, error) {
	p := &store.InlinePolicy{Owner: owner}
	err := ip.s.queryRow(ctx, "SELECT name, document FROM inline_policies WHERE account_id = ? AND owner_kind = ? AND owner_id = ? AND name_key = ?",
		owner.AccountID, string(owner.Kind), owner.ID, nameKey(name)).Scan(&p.Name, &p.Document)
	if err != nil {
		return nil, ip.s.d.wrap("get inline policy", notFound(err))
	}
	return p, nil
}

func (ip inlinePolicies) Delete(ctx context.Context, owner store.Owner, name string) error {
	return ip.s.write(ctx, "delete inline policy", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM inline_policies WHERE account_id = ? AND owner_kind = ? AND owner_id = ? AND name_key = ?",
			owner.AccountID, string(owner.Kind), owner.ID, nameKey(name))
	})
}

func (ip inlinePolicies) List(ctx context.Context, owner store.Owner, p store.Page) ([]*store.InlinePolicy, string, error) {
	if err := ip.s.ownerExists(ctx, owner); err != nil {
		return nil, "", ip.s.d.wrap("list inline policies", err)
	}
	pq := pageQuery[*store.InlinePolicy]{
		base:  "SELECT name, document, name_key FROM inline_policies WHERE account_id = ? AND owner_kind = ? AND owner_id = ?",
		args:  []any{owner.AccountID, string(owner.Kind), owner.ID},
		order: []string{"name_key", "name"},
		scan: func(rows *sql.Rows) (*store.InlinePolicy, []string, error) {
			p := &store.InlinePolicy{Owner: owner}
			var key string
			if err := rows.Scan(&p.Name, &p.Document, &key); err != nil {
				return nil, nil, err
			}
			return p, []string{key, p.Name}, nil
		},
	}
	out, next, err := pq.run(ctx, ip.s, p)
	return out, next, ip.s.d.wrap("list inline policies", err)
}
