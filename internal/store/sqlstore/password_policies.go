package sqlstore

import (
	"context"
	"strconv"
	"time"

	"github.com/iamd/iamd/internal/store"
)

type passwordPolicies struct{ s *Store }

const passwordPolicyColumns = "account_id, minimum_password_length, require_symbols, require_numbers, require_uppercase, " +
	"require_lowercase, allow_users_to_change, max_password_age, password_reuse_prevention, hard_expiry"

func (pp passwordPolicies) Put(ctx context.Context, p *store.PasswordPolicy) error {
	return pp.s.write(ctx, "put password policy", func(tx *Store) error {
		_, err := tx.exec(ctx, "INSERT INTO password_policies ("+passwordPolicyColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"+
			tx.d.upsert("account_id", "minimum_password_length", "require_symbols", "require_numbers", "require_uppercase",
				"require_lowercase", "allow_users_to_change", "max_password_age", "password_reuse_prevention", "hard_expiry"),
			p.AccountID, p.MinimumPasswordLength, p.RequireSymbols, p.RequireNumbers, p.RequireUppercaseCharacters,
			p.RequireLowercaseCharacters, p.AllowUsersToChangePassword, p.MaxPasswordAge, p.PasswordReusePrevention, p.HardExpiry)
		return err
	})
}

func (pp passwordPolicies) Get(ctx context.Context, accountID string) (*store.PasswordPolicy, error) {
	p := &store.PasswordPolicy{}
	err := pp.s.queryRow(ctx, "SELECT "+passwordPolicyColumns+" FROM password_policies WHERE account_id = ?", accountID).
		Scan(&p.AccountID, &p.MinimumPasswordLength, &p.RequireSymbols, &p.RequireNumbers, &p.RequireUppercaseCharacters,
			&p.RequireLowercaseCharacters, &p.AllowUsersToChangePassword, &p.MaxPasswordAge, &p.PasswordReusePrevention, &p.HardExpiry)
	if err != nil {
		return nil, pp.s.d.wrap("get password policy", notFound(err))
	}
	return p, nil
}

func (pp passwordPolicies) Delete(ctx context.Context, accountID string) error {
	return pp.s.write(ctx, "delete password policy", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM password_policies WHERE account_id = ?", accountID)
	})
}

func (pp passwordPolicies) RecordPassword(ctx context.Context, accountID, userID, hash string, at time.Time) error {
	return pp.s.write(ctx, "record password", func(tx *Store) error {
		// Lock the user first so that concurrent recorders for one user
		// prune one after another.
		if err := tx.lockRow(ctx, "users", accountID, userID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO password_history (account_id, user_id, password_hash, set_at) VALUES (?, ?, ?, ?)",
			accountID, userID, hash, dbTime(at)); err != nil {
			return err
		}
		// The limit is a constant, inlined: both engines accept it and
		// neither needs a placeholder type for LIMIT.
		_, err := tx.exec(ctx, "DELETE FROM password_history WHERE account_id = ? AND user_id = ? AND seq NOT IN "+
			"(SELECT seq FROM password_history WHERE account_id = ? AND user_id = ? ORDER BY seq DESC LIMIT "+
			strconv.Itoa(store.MaxPasswordHistory)+")",
			accountID, userID, accountID, userID)
		return err
	})
}

func (pp passwordPolicies) History(ctx context.Context, accountID, userID string) ([]store.PasswordHistoryEntry, error) {
	rows, err := pp.s.query(ctx, "SELECT password_hash, set_at FROM password_history WHERE account_id = ? AND user_id = ? ORDER BY seq DESC",
		accountID, userID)
	if err != nil {
		return nil, pp.s.d.wrap("password history", err)
	}
	defer rows.Close()
	out := []store.PasswordHistoryEntry{}
	for rows.Next() {
		var e store.PasswordHistoryEntry
		if err := rows.Scan(&e.PasswordHash, &e.SetAt); err != nil {
			return nil, pp.s.d.wrap("password history", err)
		}
		e.SetAt = e.SetAt.UTC()
		out = append(out, e)
	}
	return out, pp.s.d.wrap("password history", rows.Err())
}
