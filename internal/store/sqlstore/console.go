package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// ConsoleSessions returns the web console sessions aggregate.
func (s *Store) ConsoleSessions() store.ConsoleSessions { return consoleSessions{s} }

// RootPasswords returns the root users' console passwords aggregate.
func (s *Store) RootPasswords() store.RootPasswords { return rootPasswords{s} }

// consoleSessions runs every method as one statement through exec and
// query, never through write: one statement is atomic by itself, it joins
// the caller's transaction when there is one, and it leaves the generation
// alone (sessions are no authorization input). None of the statements can
// fail on a constraint, which on PostgreSQL would abort the caller's
// transaction: Create resolves a taken ID hash with ON CONFLICT.
type consoleSessions struct{ s *Store }

const consoleColumns = "id_hash, account_id, root, user_id, user_name, arn, mfa_serial, password_reset_required," +
	" stage, csrf, created_at, last_seen, mfa_at"

func (cs consoleSessions) Create(ctx context.Context, s *store.ConsoleSession) error {
	const op = "create console session"
	if s.IDHash == "" {
		return cs.s.d.wrap(op, errors.New("session has no ID hash"))
	}
	res, err := cs.s.exec(ctx, "INSERT INTO console_sessions ("+consoleColumns+") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"+
		" ON CONFLICT (id_hash) DO NOTHING",
		s.IDHash, s.AccountID, s.Root, s.UserID, s.UserName, s.ARN, s.MFASerial, s.PasswordResetRequired,
		s.Stage, s.CSRF, dbTime(s.CreatedAt), dbTime(s.LastSeen), optionalTime(s.MFAAt))
	if err != nil {
		return cs.s.d.wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return cs.s.d.wrap(op, err)
	}
	if n == 0 {
		return cs.s.d.wrap(op, store.ErrAlreadyExists)
	}
	return nil
}

func (cs consoleSessions) Get(ctx context.Context, idHash string) (*store.ConsoleSession, error) {
	var s store.ConsoleSession
	var mfaAt sql.NullTime
	err := cs.s.queryRow(ctx, "SELECT "+consoleColumns+" FROM console_sessions WHERE id_hash = ?", idHash).Scan(
		&s.IDHash, &s.AccountID, &s.Root, &s.UserID, &s.UserName, &s.ARN, &s.MFASerial, &s.PasswordResetRequired,
		&s.Stage, &s.CSRF, &s.CreatedAt, &s.LastSeen, &mfaAt)
	if err != nil {
		return nil, cs.s.d.wrap("get console session", notFound(err))
	}
	s.CreatedAt, s.LastSeen = s.CreatedAt.UTC(), s.LastSeen.UTC()
	if mfaAt.Valid {
		s.MFAAt = mfaAt.Time.UTC()
	}
	return &s, nil
}

func (cs consoleSessions) Update(ctx context.Context, s *store.ConsoleSession) error {
	return cs.s.d.wrap("update console session", cs.s.execOne(ctx,
		"UPDATE console_sessions SET stage = ?, password_reset_required = ?, mfa_at = ?, last_seen = ? WHERE id_hash = ?",
		s.Stage, s.PasswordResetRequired, optionalTime(s.MFAAt), dbTime(s.LastSeen), s.IDHash))
}

func (cs consoleSessions) Delete(ctx context.Context, idHash string) error {
	_, err := cs.s.exec(ctx, "DELETE FROM console_sessions WHERE id_hash = ?", idHash)
	return cs.s.d.wrap("delete console session", err)
}

// DeleteIdle compares with ceilMicro of each bound, so that a stored time
// equal to a bound given in nanoseconds stays, as the contract says.
func (cs consoleSessions) DeleteIdle(ctx context.Context, idleBefore, createdBefore time.Time) (int, error) {
	n, err := cs.deleteCounting(ctx, "DELETE FROM console_sessions WHERE last_seen < ? OR created_at < ?",
		ceilMicro(idleBefore), ceilMicro(createdBefore))
	return n, cs.s.d.wrap("delete idle console sessions", err)
}

func (cs consoleSessions) DeleteForUser(ctx context.Context, accountID, userID string) (int, error) {
	n, err := cs.deleteCounting(ctx, "DELETE FROM console_sessions WHERE account_id = ? AND user_id = ?", accountID, userID)
	return n, cs.s.d.wrap("delete console sessions of user", err)
}

// deleteCounting runs a DELETE and reports the rows it removed.
func (cs consoleSessions) deleteCounting(ctx context.Context, query string, args ...any) (int, error) {
	res, err := cs.s.exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// optionalTime stores the zero time as NULL, so that "no MFA yet" does not
// depend on how each engine keeps the year 1.
func optionalTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return dbTime(t)
}

// rootPasswords keeps one row per account whose root has a console
// password. Like consoleSessions it writes through exec, as one statement
// outside write: the root's console password is no input of API
// authorization.
type rootPasswords struct{ s *Store }

// Set inserts from the accounts row rather than relying on the foreign key:
// an unknown account then inserts nothing (ErrNotFound) instead of raising
// a violation that would abort the caller's PostgreSQL transaction.
func (rp rootPasswords) Set(ctx context.Context, accountID, hash string, at time.Time) error {
	// The WHERE clause also keeps SQLite from reading ON CONFLICT as part
	// of the SELECT's join.
	return rp.s.d.wrap("set root password", rp.s.execOne(ctx,
		"INSERT INTO root_passwords (account_id, hash, set_at) SELECT id, ?, ? FROM accounts WHERE id = ?"+
			rp.s.d.upsert("account_id", "hash", "set_at"),
		hash, dbTime(at), accountID))
}

func (rp rootPasswords) Get(ctx context.Context, accountID string) (string, time.Time, error) {
	var hash string
	var at time.Time
	err := rp.s.queryRow(ctx, "SELECT hash, set_at FROM root_passwords WHERE account_id = ?", accountID).Scan(&hash, &at)
	if err != nil {
		return "", time.Time{}, rp.s.d.wrap("get root password", notFound(err))
	}
	return hash, at.UTC(), nil
}
