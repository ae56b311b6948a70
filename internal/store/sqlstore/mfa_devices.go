package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/iamd/iamd/internal/store"
)

type mfaDevices struct{ s *Store }

const mfaDeviceColumns = "id, account_id, path, name, sealed_seed, created_at, assigned, user_id, enabled_at, last_step, step_offset, name_key"

func scanMFADevice(r rowScanner) (*store.MFADevice, string, error) {
	d := &store.MFADevice{}
	var assigned int
	var enabled sql.NullTime
	var key string
	if err := r.Scan(&d.ID, &d.AccountID, &d.Path, &d.Name, &d.SealedSeed, &d.CreatedAt, &assigned, &d.UserID, &enabled,
		&d.LastStep, &d.StepOffset, &key); err != nil {
		return nil, "", err
	}
	d.CreatedAt = d.CreatedAt.UTC()
	d.Assigned = assigned != 0
	d.EnabledAt = timePtr(enabled)
	return d, key, nil
}

func (m mfaDevices) Create(ctx context.Context, d *store.MFADevice) error {
	return m.s.write(ctx, "create mfa device", func(tx *Store) error {
		_, err := tx.exec(ctx, "INSERT INTO mfa_devices (id, account_id, path, name, name_key, sealed_seed, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			d.ID, d.AccountID, d.Path, d.Name, nameKey(d.Name), d.SealedSeed, dbTime(d.CreatedAt))
		return err
	})
}

func (m mfaDevices) Get(ctx context.Context, accountID, name string) (*store.MFADevice, error) {
	d, _, err := scanMFADevice(m.s.queryRow(ctx, "SELECT "+mfaDeviceColumns+" FROM mfa_devices WHERE account_id = ? AND name_key = ?",
		accountID, nameKey(name)))
	if err != nil {
		return nil, m.s.d.wrap("get mfa device", notFound(err))
	}
	return d, nil
}

// mfaDependents blocks deleting a device that is still assigned.
var mfaDependents = []dependentCheck{
	{store.DependentMFAAssignment, "SELECT 1 FROM mfa_devices WHERE account_id = ? AND id = ? AND assigned = 1"},
}

func (m mfaDevices) Delete(ctx context.Context, accountID, id string) error {
	return m.s.write(ctx, "delete mfa device", func(tx *Store) error {
		return tx.deleteEntity(ctx, "mfa_devices", store.TagMFADevice, accountID, id, mfaDependents)
	})
}

// Enable locks the device row, then serialises writers counting the same
// user's devices: through the user's row for an IAM user, through the
// dialect's advisory quota lock for the root (which has no row).
func (m mfaDevices) Enable(ctx context.Context, accountID, id, userID string, at time.Time, step int64, max int) error {
	return m.s.write(ctx, "enable mfa device", func(tx *Store) error {
		var assigned int
		err := tx.queryRow(ctx, "SELECT assigned FROM mfa_devices WHERE account_id = ? AND id = ?"+tx.d.forUpdate, accountID, id).Scan(&assigned)
		if err != nil {
			return notFound(err)
		}
		if assigned != 0 {
			return store.ErrAlreadyExists
		}
		if userID != "" {
			if err := tx.lockRow(ctx, "users", accountID, userID); err != nil {
				return err
			}
		} else if tx.d.quotaLock != "" {
			if _, err := tx.exec(ctx, tx.d.quotaLock, quotaLockKey("mfa_devices:root", accountID)); err != nil {
				return err
			}
		}
		if max > 0 {
			n, err := tx.count(ctx, "SELECT COUNT(*) FROM mfa_devices WHERE account_id = ? AND assigned = 1 AND user_id = ?", accountID, userID)
			if err != nil {
				return err
			}
			if n >= max {
				return store.ErrLimitExceeded
			}
		}
		return tx.execOne(ctx, "UPDATE mfa_devices SET assigned = 1, user_id = ?, enabled_at = ?, last_step = ?, step_offset = 0 WHERE account_id = ? AND id = ?",
			userID, dbTime(at), step, accountID, id)
	})
}

func (m mfaDevices) Deactivate(ctx context.Context, accountID, id, userID string) error {
	return m.s.write(ctx, "deactivate mfa device", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE mfa_devices SET assigned = 0, user_id = '', enabled_at = NULL, last_step = 0, step_offset = 0 "+
			"WHERE account_id = ? AND id = ? AND assigned = 1 AND user_id = ?", accountID, id, userID)
	})
}

// AcceptStep is one conditional UPDATE, so two callers presenting the same
// code cannot both succeed: the second finds last_step already at step.
func (m mfaDevices) AcceptStep(ctx context.Context, accountID, id string, step, offset int64) error {
	return m.s.write(ctx, "accept mfa step", func(tx *Store) error {
		err := tx.execOne(ctx, "UPDATE mfa_devices SET last_step = ?, step_offset = ? WHERE account_id = ? AND id = ? AND last_step < ?",
			step, offset, accountID, id, step)
		if !errors.Is(err, store.ErrNotFound) {
			return err
		}
		found, err := tx.exists(ctx, "SELECT 1 FROM mfa_devices WHERE account_id = ? AND id = ?", accountID, id)
		if err != nil {
			return err
		}
		if found {
			return store.ErrConflict
		}
		return store.ErrNotFound
	})
}

func (m mfaDevices) List(ctx context.Context, accountID string, assigned *bool, p store.Page) ([]*store.MFADevice, string, error) {
	base := "SELECT " + mfaDeviceColumns + " FROM mfa_devices WHERE account_id = ?"
	args := []any{accountID}
	if assigned != nil {
		base += " AND assigned = ?"
		args = append(args, boolInt(*assigned))
	}
	pq := pageQuery[*store.MFADevice]{
		base:  base,
		args:  args,
		order: []string{"name_key"},
		scan: func(rows *sql.Rows) (*store.MFADevice, []string, error) {
			d, key, err := scanMFADevice(rows)
			return d, []string{key}, err
		},
	}
	out, next, err := pq.run(ctx, m.s, p)
	return out, next, m.s.d.wrap("list mfa devices", err)
}

func (m mfaDevices) ListForUser(ctx context.Context, accountID, userID string) ([]*store.MFADevice, error) {
	rows, err := m.s.query(ctx, "SELECT "+mfaDeviceColumns+" FROM mfa_devices WHERE account_id = ? AND assigned = 1 AND user_id = ? ORDER BY name_key",
		accountID, userID)
	if err != nil {
		return nil, m.s.d.wrap("list user mfa devices", err)
	}
	defer rows.Close()
	out := []*store.MFADevice{}
	for rows.Next() {
		d, _, err := scanMFADevice(rows)
		if err != nil {
			return nil, m.s.d.wrap("list user mfa devices", err)
		}
		out = append(out, d)
	}
	return out, m.s.d.wrap("list user mfa devices", rows.Err())
}

// boolInt is how the assigned flag is stored on both engines.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
