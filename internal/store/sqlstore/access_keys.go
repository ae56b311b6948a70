package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/iamd/iamd/internal/store"
)

type accessKeys struct{ s *Store }

const accessKeyColumns = "id, account_id, user_id, sealed_secret, status, created_at, last_used_at, last_service, last_region"

func scanAccessKey(r rowScanner) (*store.AccessKey, error) {
	k := &store.AccessKey{}
	var status string
	var lastUsed sql.NullTime
	if err := r.Scan(&k.ID, &k.AccountID, &k.UserID, &k.SealedSecret, &status, &k.CreatedAt, &lastUsed, &k.LastService, &k.LastRegion); err != nil {
		return nil, err
	}
	k.Status = store.AccessKeyStatus(status)
	k.CreatedAt = k.CreatedAt.UTC()
	k.LastUsedAt = timePtr(lastUsed)
	return k, nil
}

// Create locks the key's owner (the user row, or the account row for the
// root user's keys) before counting, so concurrent creates count one after
// another and exactly max keys can exist.
func (ks accessKeys) Create(ctx context.Context, k *store.AccessKey, max int) error {
	return ks.s.write(ctx, "create access key", func(tx *Store) error {
		var err error
		if k.UserID == "" {
			var ok bool
			ok, err = tx.exists(ctx, "SELECT 1 FROM accounts WHERE id = ?"+tx.d.forUpdate, k.AccountID)
			if err == nil && !ok {
				err = store.ErrNotFound
			}
		} else {
			err = tx.lockRow(ctx, "users", k.AccountID, k.UserID)
		}
		if err != nil {
			return err
		}
		var n, last int
		err = tx.queryRow(ctx, "SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM access_keys WHERE account_id = ? AND user_id = ?",
			k.AccountID, k.UserID).Scan(&n, &last)
		if err != nil {
			return err
		}
		if n >= max {
			return store.ErrLimitExceeded
		}
		status := k.Status
		if status == "" {
			status = store.KeyActive
		}
		_, err = tx.exec(ctx, "INSERT INTO access_keys (id, account_id, user_id, sealed_secret, status, created_at, seq, last_used_at, last_service, last_region)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			k.ID, k.AccountID, k.UserID, k.SealedSecret, string(status), dbTime(k.CreatedAt), last+1,
			dbTimePtr(k.LastUsedAt), k.LastService, k.LastRegion)
		if err == nil {
			k.Status = status
		}
		return err
	})
}

func (ks accessKeys) Lookup(ctx context.Context, id string) (*store.AccessKey, error) {
	k, err := scanAccessKey(ks.s.queryRow(ctx, "SELECT "+accessKeyColumns+" FROM access_keys WHERE id = ?", id))
	if err != nil {
		return nil, ks.s.d.wrap("look up access key", notFound(err))
	}
	return k, nil
}

func (ks accessKeys) List(ctx context.Context, accountID, userID string) ([]*store.AccessKey, error) {
	rows, err := ks.s.query(ctx, "SELECT "+accessKeyColumns+" FROM access_keys WHERE account_id = ? AND user_id = ? ORDER BY seq", accountID, userID)
	if err != nil {
		return nil, ks.s.d.wrap("list access keys", err)
	}
	defer rows.Close()
	var out []*store.AccessKey
	for rows.Next() {
		k, err := scanAccessKey(rows)
		if err != nil {
			return nil, ks.s.d.wrap("list access keys", err)
		}
		out = append(out, k)
	}
	return out, ks.s.d.wrap("list access keys", rows.Err())
}

func (ks accessKeys) UpdateStatus(ctx context.Context, accountID, userID, id string, s store.AccessKeyStatus) error {
	return ks.s.write(ctx, "update access key", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE access_keys SET status = ? WHERE account_id = ? AND user_id = ? AND id = ?", string(s), accountID, userID, id)
	})
}

func (ks accessKeys) Delete(ctx context.Context, accountID, userID, id string) error {
	return ks.s.write(ctx, "delete access key", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM access_keys WHERE account_id = ? AND user_id = ? AND id = ?", accountID, userID, id)
	})
}

// RecordUse is a single UPDATE outside write(): it changes no authorization
// input, so it does not bump the generation.
func (ks accessKeys) RecordUse(ctx context.Context, id string, at time.Time, service, region string) error {
	err := ks.s.execOne(ctx, "UPDATE access_keys SET last_used_at = ?, last_service = ?, last_region = ? WHERE id = ?", dbTime(at), service, region, id)
	return ks.s.d.wrap("record access key use", err)
}
