// Package sqlstore implements store.Store on SQLite (modernc.org/sqlite,
// pure Go) and PostgreSQL (pgx through database/sql) with one set of
// queries. The engine differences live in dialect.go; the schema in
// migrations/{sqlite,postgres}/NNNN_*.sql, applied at open.
//
// Concurrency: every method that checks and then writes runs in a
// transaction (its own, or the caller's WithTx). On SQLite every
// transaction begins IMMEDIATE, which serialises writers; on PostgreSQL the
// transaction locks the parent row (SELECT ... FOR UPDATE) before counting
// against a quota, and UNIQUE constraints keep names unique.
package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/iamd/iamd/internal/store"
)

var _ store.Store = (*Store)(nil)

// queryer is what *sql.DB and *sql.Tx share.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Store is a store.Store on one SQL database. The Store that Open returns
// runs each call on the connection pool; the one WithTx hands to its
// function runs every call in that transaction.
type Store struct {
	db  *sql.DB
	d   dialect
	q   queryer
	tx  *txState // nil outside a transaction
	gen *atomic.Uint64
	// node identifies this Store (and those bound to its transactions) in
	// change notifications, so that its watcher skips its own writes,
	// which already bumped gen.
	node string
	// watch hears of other Stores' commits on the same database and bumps
	// gen (watch.go); nil on transaction-bound Stores and in-memory
	// databases.
	watch *watcher
}

// txState is shared by every Store bound to one transaction.
type txState struct {
	tx    *sql.Tx
	wrote bool // a write ran, so the commit bumps the generation
}

// maxTxAttempts bounds how often a transaction that failed with a
// serialization failure or deadlock (PostgreSQL) is run again.
const maxTxAttempts = 4

func newStore(db *sql.DB, d dialect) *Store {
	return &Store{db: db, d: d, q: db, gen: new(atomic.Uint64), node: rand.Text()}
}

// Accounts returns the accounts aggregate.
func (s *Store) Accounts() store.Accounts { return accounts{s} }

// Users returns the users aggregate.
func (s *Store) Users() store.Users { return users{s} }

// Groups returns the groups aggregate.
func (s *Store) Groups() store.Groups { return groups{s} }

// Roles returns the roles aggregate.
func (s *Store) Roles() store.Roles { return roles{s} }

// Policies returns the managed policies aggregate.
func (s *Store) Policies() store.Policies { return policies{s} }

// InlinePolicies returns the inline policies aggregate.
func (s *Store) InlinePolicies() store.InlinePolicies { return inlinePolicies{s} }

// Attachments returns the policy attachments aggregate.
func (s *Store) Attachments() store.Attachments { return attachments{s} }

// AccessKeys returns the access keys aggregate.
func (s *Store) AccessKeys() store.AccessKeys { return accessKeys{s} }

// LoginProfiles returns the login profiles aggregate.
func (s *Store) LoginProfiles() store.LoginProfiles { return loginProfiles{s} }

// InstanceProfiles returns the instance profiles aggregate.
func (s *Store) InstanceProfiles() store.InstanceProfiles { return instanceProfiles{s} }

// Tags returns the tags aggregate.
func (s *Store) Tags() store.Tags { return tags{s} }

// OIDCProviders returns the OpenID Connect providers aggregate.
func (s *Store) OIDCProviders() store.OIDCProviders { return oidcProviders{s} }

// SAMLProviders returns the SAML providers aggregate.
func (s *Store) SAMLProviders() store.SAMLProviders { return samlProviders{s} }

// Activity returns the service last accessed aggregate.
func (s *Store) Activity() store.Activity { return activity{s} }

// MFADevices returns the virtual MFA devices aggregate.
func (s *Store) MFADevices() store.MFADevices { return mfaDevices{s} }

// SSHPublicKeys returns the users' SSH public keys aggregate.
func (s *Store) SSHPublicKeys() store.SSHPublicKeys { return sshPublicKeys{s} }

// SigningCertificates returns the signing certificates aggregate.
func (s *Store) SigningCertificates() store.SigningCertificates { return signingCertificates{s} }

// ServerCertificates returns the server certificates aggregate.
func (s *Store) ServerCertificates() store.ServerCertificates { return serverCertificates{s} }

// ServiceSpecificCredentials returns the service-specific credentials aggregate.
func (s *Store) ServiceSpecificCredentials() store.ServiceSpecificCredentials {
	return serviceCredentials{s}
}

// STSPreferences returns the accounts' STS preferences aggregate.
func (s *Store) STSPreferences() store.STSPreferences { return stsPreferences{s} }

// PasswordPolicies returns the password policies and histories aggregate.
func (s *Store) PasswordPolicies() store.PasswordPolicies { return passwordPolicies{s} }

// AccountAliases returns the account aliases aggregate.
func (s *Store) AccountAliases() store.AccountAliases { return accountAliases{s} }

// CredentialReports returns the credential reports aggregate.
func (s *Store) CredentialReports() store.CredentialReports { return credentialReports{s} }

// Generation grows after every committed write made through this Store or
// any Store derived from it, and, through the watcher, soon after every
// write committed by another Store on the same database: PostgreSQL
// LISTEN/NOTIFY, or SQLite's data_version polled every pollInterval.
func (s *Store) Generation() uint64 { return s.gen.Load() }

// Close stops the watcher and closes the database. Closing a Store bound
// to a transaction does nothing.
func (s *Store) Close() error {
	if s.tx != nil {
		return nil
	}
	if s.watch != nil {
		s.watch.stop()
	}
	return s.db.Close()
}

// Engine names the database engine: "sqlite" or "postgres".
func (s *Store) Engine() string { return s.d.name }

// WithTx runs fn in one transaction. fn's error rolls the transaction back
// and is returned unchanged. Inside a transaction, WithTx joins it. On
// PostgreSQL a serialization failure or deadlock runs fn again, up to a few
// times, so fn must not have effects outside the store.
func (s *Store) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	s = s.bound(ctx)
	if s.tx != nil {
		return fn(s)
	}
	var err error
	for attempt := 0; attempt < maxTxAttempts; attempt++ {
		var wrote bool
		wrote, err = s.runTx(ctx, func(tx *Store) error { return fn(tx) })
		if err == nil {
			if wrote {
				s.bumpGeneration()
			}
			return nil
		}
		if !s.d.retryable(err) || ctx.Err() != nil {
			return err
		}
	}
	return err
}

// runTx begins a transaction, runs fn with a Store bound to it and commits,
// or rolls back if fn fails. It reports whether a write ran.
func (s *Store) runTx(ctx context.Context, fn func(tx *Store) error) (wrote bool, err error) {
	sqlTx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlstore: begin: %w", err)
	}
	state := &txState{tx: sqlTx}
	bound := &Store{db: s.db, d: s.d, q: sqlTx, tx: state, gen: s.gen, node: s.node}
	if err := fn(bound); err != nil {
		_ = sqlTx.Rollback() // the transaction's own error is the one to report
		return false, err
	}
	if state.wrote && s.d.notifyCommit != "" {
		// Queued by the server and delivered to the listeners only if
		// the COMMIT below succeeds.
		if _, err := sqlTx.ExecContext(ctx, s.d.rebind(s.d.notifyCommit), s.node); err != nil {
			_ = sqlTx.Rollback()
			return false, s.d.wrap("notify", err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return false, s.d.wrap("commit", err)
	}
	return state.wrote, nil
}

// write runs fn, a check-then-write, atomically: in the caller's
// transaction when there is one, else in its own, retried on PostgreSQL
// serialization failures. Errors come back wrapped with op.
func (s *Store) write(ctx context.Context, op string, fn func(tx *Store) error) error {
	s = s.bound(ctx)
	if s.tx != nil {
		s.tx.wrote = true
		return s.d.wrap(op, s.savepoint(ctx, fn))
	}
	var err error
	for attempt := 0; attempt < maxTxAttempts; attempt++ {
		_, err = s.runTx(ctx, func(tx *Store) error {
			tx.tx.wrote = true
			return fn(tx)
		})
		if err == nil {
			s.bumpGeneration()
			return nil
		}
		if !s.d.retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return s.d.wrap(op, err)
}

// savepoint runs fn inside the caller's transaction under a savepoint, so
// that a failed method leaves nothing half-written behind and (on
// PostgreSQL) the transaction stays usable after, say, a unique violation
// the caller chooses to handle.
func (s *Store) savepoint(ctx context.Context, fn func(tx *Store) error) error {
	if _, err := s.q.ExecContext(ctx, "SAVEPOINT sqlstore_write"); err != nil {
		return err
	}
	if err := fn(s); err != nil {
		if _, rbErr := s.q.ExecContext(ctx, "ROLLBACK TO SAVEPOINT sqlstore_write"); rbErr != nil {
			return errors.Join(err, rbErr)
		}
		_, _ = s.q.ExecContext(ctx, "RELEASE SAVEPOINT sqlstore_write")
		return err
	}
	_, err := s.q.ExecContext(ctx, "RELEASE SAVEPOINT sqlstore_write")
	return err
}

// bound returns the Store of the transaction ctx carries (see
// store.ContextWithTx) when s is this database's Store outside a
// transaction, and s otherwise.
func (s *Store) bound(ctx context.Context) *Store {
	if s.tx != nil {
		return s
	}
	carried := store.TxFromContext(ctx)
	// A Store wrapping this one's transaction (instrumentation, tests)
	// exposes it with Unwrap.
	for {
		w, ok := carried.(interface{ Unwrap() store.Store })
		if !ok {
			break
		}
		carried = w.Unwrap()
	}
	if tx, ok := carried.(*Store); ok && tx.tx != nil && tx.db == s.db {
		return tx
	}
	return s
}

// bumpGeneration records a committed write. Other nodes hear of it through
// the dialect's notifyCommit, run inside the transaction.
func (s *Store) bumpGeneration() { s.gen.Add(1) }

// exec runs a statement rebound for the dialect.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.bound(ctx).q.ExecContext(ctx, s.d.rebind(query), args...)
}

// execOne runs a statement that must touch exactly one row; ErrNotFound
// when it touches none.
func (s *Store) execOne(ctx context.Context, query string, args ...any) error {
	res, err := s.exec(ctx, query, args...)
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return s.bound(ctx).q.QueryContext(ctx, s.d.rebind(query), args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return s.bound(ctx).q.QueryRowContext(ctx, s.d.rebind(query), args...)
}

// count runs a SELECT COUNT(*) query.
func (s *Store) count(ctx context.Context, query string, args ...any) (int, error) {
	var n int
	err := s.queryRow(ctx, query, args...).Scan(&n)
	return n, err
}

// exists reports whether a query returns a row.
func (s *Store) exists(ctx context.Context, query string, args ...any) (bool, error) {
	var one int
	err := s.queryRow(ctx, query, args...).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// lockRow locks the row of table with the account and ID for the rest of
// the transaction (PostgreSQL; SQLite's writer lock already covers it) and
// returns ErrNotFound if there is none. Quota checks lock the parent first,
// so concurrent writers count one after another.
func (s *Store) lockRow(ctx context.Context, table, accountID, id string) error {
	ok, err := s.exists(ctx, "SELECT 1 FROM "+table+" WHERE account_id = ? AND id = ?"+s.d.forUpdate, accountID, id)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	return nil
}

// notFound turns sql.ErrNoRows into store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}
