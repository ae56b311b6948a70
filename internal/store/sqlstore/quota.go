package sqlstore

import (
	"context"
	"hash/fnv"

	"github.com/iamd/iamd/internal/store"
)

// checkAccountQuota returns ErrLimitExceeded when the account already has
// max rows in table (0: no limit). It must run inside the write's
// transaction, before the insert: on PostgreSQL it first takes the
// advisory lock of (table, account), so that concurrent creates of one
// kind in one account count one after another, each in a fresh READ
// COMMITTED snapshot that sees the previous holder's commit. On SQLite the
// IMMEDIATE transaction already holds the database's write lock.
//
// An advisory lock rather than the account's row (SELECT ... FOR UPDATE):
// entities do not reference the accounts table, and creates of different
// kinds in one account need not queue behind each other.
func (s *Store) checkAccountQuota(ctx context.Context, table, accountID string, max int) error {
	if max <= 0 {
		return nil
	}
	if s.d.quotaLock != "" {
		if _, err := s.exec(ctx, s.d.quotaLock, quotaLockKey(table, accountID)); err != nil {
			return err
		}
	}
	n, err := s.count(ctx, "SELECT COUNT(*) FROM "+table+" WHERE account_id = ?", accountID)
	if err != nil {
		return err
	}
	if n >= max {
		return store.ErrLimitExceeded
	}
	return nil
}

// quotaLockKey is the advisory lock key of one account's quota of one
// kind: 64 bits of FNV-1a, so collisions (which would only serialise two
// unrelated creates) are negligible.
func quotaLockKey(table, accountID string) int64 {
	h := fnv.New64a()
	h.Write([]byte("iamd quota\x00" + table + "\x00" + accountID))
	return int64(h.Sum64())
}

// countInAccount counts the account's rows of table.
func (s *Store) countInAccount(ctx context.Context, op, table, accountID string) (int, error) {
	n, err := s.count(ctx, "SELECT COUNT(*) FROM "+table+" WHERE account_id = ?", accountID)
	return n, s.d.wrap(op, err)
}
