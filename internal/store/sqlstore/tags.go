package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/iamd/iamd/internal/store"
)

type tags struct{ s *Store }

// taggedTable is the table of the taggable kind.
func taggedTable(kind store.TaggableKind) (string, error) {
	switch kind {
	case store.TagUser:
		return "users", nil
	case store.TagRole:
		return "roles", nil
	case store.TagPolicy:
		return "policies", nil
	case store.TagInstanceProfile:
		return "instance_profiles", nil
	case store.TagOIDCProvider:
		return "oidc_providers", nil
	case store.TagSAMLProvider:
		return "saml_providers", nil
	case store.TagMFADevice:
		return "mfa_devices", nil
	case store.TagServerCertificate:
		return "server_certificates", nil
	}
	return "", fmt.Errorf("unknown taggable kind %q: %w", kind, store.ErrNotFound)
}

// Set locks the entity, then counts the keys it would carry: those it has
// that the call does not name, plus the distinct keys the call names.
// ErrNotFound if the entity is absent.
func (ts tags) Set(ctx context.Context, accountID string, kind store.TaggableKind, id string, set []store.Tag, max int) error {
	return ts.s.write(ctx, "tag", func(tx *Store) error {
		table, err := taggedTable(kind)
		if err != nil {
			return err
		}
		if err := tx.lockRow(ctx, table, accountID, id); err != nil {
			return err
		}
		// The last of several keys differing only in case wins.
		final := map[string]store.Tag{}
		var order []string
		for _, t := range set {
			k := strings.ToLower(t.Key)
			if _, seen := final[k]; !seen {
				order = append(order, k)
			}
			final[k] = t
		}
		existing, err := tx.tagKeys(ctx, accountID, kind, id)
		if err != nil {
			return err
		}
		total := len(final)
		for _, k := range existing {
			if _, replaced := final[k]; !replaced {
				total++
			}
		}
		if total > max {
			return store.ErrLimitExceeded
		}
		for _, k := range order {
			t := final[k]
			if _, err := tx.exec(ctx, "INSERT INTO tags (account_id, kind, entity_id, key_lower, key, value) VALUES (?, ?, ?, ?, ?, ?)"+
				tx.d.upsert("account_id, kind, entity_id, key_lower", "key", "value"),
				accountID, string(kind), id, k, t.Key, t.Value); err != nil {
				return err
			}
		}
		return nil
	})
}

// tagKeys lists the lower-cased keys an entity carries.
func (s *Store) tagKeys(ctx context.Context, accountID string, kind store.TaggableKind, id string) ([]string, error) {
	rows, err := s.query(ctx, "SELECT key_lower FROM tags WHERE account_id = ? AND kind = ? AND entity_id = ?", accountID, string(kind), id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

func (ts tags) Remove(ctx context.Context, accountID string, kind store.TaggableKind, id string, keys []string) error {
	if len(keys) == 0 {
		return nil
	}
	return ts.s.write(ctx, "untag", func(tx *Store) error {
		args := []any{accountID, string(kind), id}
		for _, k := range keys {
			args = append(args, strings.ToLower(k))
		}
		_, err := tx.exec(ctx, "DELETE FROM tags WHERE account_id = ? AND kind = ? AND entity_id = ? AND key_lower IN (?"+
			strings.Repeat(", ?", len(keys)-1)+")", args...)
		return err
	})
}

// List orders tags by their key as stored (byte order).
func (ts tags) List(ctx context.Context, accountID string, kind store.TaggableKind, id string) ([]store.Tag, error) {
	rows, err := ts.s.query(ctx, "SELECT key, value FROM tags WHERE account_id = ? AND kind = ? AND entity_id = ? ORDER BY key",
		accountID, string(kind), id)
	if err != nil {
		return nil, ts.s.d.wrap("list tags", err)
	}
	defer rows.Close()
	var out []store.Tag
	for rows.Next() {
		var t store.Tag
		if err := rows.Scan(&t.Key, &t.Value); err != nil {
			return nil, ts.s.d.wrap("list tags", err)
		}
		out = append(out, t)
	}
	return out, ts.s.d.wrap("list tags", rows.Err())
}
