package sqlstore

import (
	"context"

	"github.com/iamd/iamd/internal/store"
)

type loginProfiles struct{ s *Store }

func (ls loginProfiles) Create(ctx context.Context, lp *store.LoginProfile) error {
	return ls.s.write(ctx, "create login profile", func(tx *Store) error {
		if err := tx.lockRow(ctx, "users", lp.AccountID, lp.UserID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO login_profiles (user_id, account_id, password_hash, reset_required, created_at) VALUES (?, ?, ?, ?, ?)",
			lp.UserID, lp.AccountID, lp.PasswordHash, lp.PasswordResetRequired, dbTime(lp.CreatedAt))
		return err
	})
}

func (ls loginProfiles) Get(ctx context.Context, accountID, userID string) (*store.LoginProfile, error) {
	lp := &store.LoginProfile{}
	err := ls.s.queryRow(ctx, "SELECT user_id, account_id, password_hash, reset_required, created_at FROM login_profiles WHERE account_id = ? AND user_id = ?",
		accountID, userID).Scan(&lp.UserID, &lp.AccountID, &lp.PasswordHash, &lp.PasswordResetRequired, &lp.CreatedAt)
	if err != nil {
		return nil, ls.s.d.wrap("get login profile", notFound(err))
	}
	lp.CreatedAt = lp.CreatedAt.UTC()
	return lp, nil
}

func (ls loginProfiles) Update(ctx context.Context, lp *store.LoginProfile) error {
	return ls.s.write(ctx, "update login profile", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE login_profiles SET password_hash = ?, reset_required = ? WHERE account_id = ? AND user_id = ?",
			lp.PasswordHash, lp.PasswordResetRequired, lp.AccountID, lp.UserID)
	})
}

func (ls loginProfiles) Delete(ctx context.Context, accountID, userID string) error {
	return ls.s.write(ctx, "delete login profile", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM login_profiles WHERE account_id = ? AND user_id = ?", accountID, userID)
	})
}
