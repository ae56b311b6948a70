package sqlstore

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/iamd/iamd/internal/store"
)

// dialect is everything that differs between the engines. The queries are
// written once, with ? placeholders, in the SQL both engines accept
// (ON CONFLICT ... DO UPDATE and RETURNING are spelled the same in SQLite
// 3.35+ and PostgreSQL); the dialect rewrites placeholders, adds row locks
// where the engine has them and maps engine errors to store sentinels.
type dialect struct {
	name string
	// dollarPlaceholders: PostgreSQL numbers its parameters ($1, $2, ...).
	dollarPlaceholders bool
	// forUpdate is appended to a SELECT that locks its parent row for the
	// rest of the transaction. SQLite has no row locks: its writers are
	// serialised by BEGIN IMMEDIATE (_txlock=immediate), so it needs none.
	forUpdate string
	// translate maps an engine error to a store sentinel, or returns nil
	// when the error has no storage meaning.
	translate func(err error) error
	// retryable reports errors after which a whole transaction may be run
	// again (PostgreSQL serialization failures and deadlocks).
	retryable func(err error) bool
	// quotaLock, when set, is a statement taking one int64 argument that
	// locks that key until the transaction ends (PostgreSQL's advisory
	// transaction lock). Account-level quota checks take it so that
	// concurrent creates of one kind in one account count one after
	// another; SQLite's IMMEDIATE transactions already do.
	quotaLock string
	// notifyCommit, when set, runs inside every transaction that wrote,
	// just before COMMIT, with the Store's node ID as its argument, to tell
	// the other nodes sharing the database (PostgreSQL NOTIFY, delivered
	// only if the transaction commits).
	notifyCommit string
}

var sqliteDialect = dialect{
	name:      "sqlite",
	translate: translateSQLite,
	retryable: func(error) bool { return false },
}

var postgresDialect = dialect{
	name:               "postgres",
	dollarPlaceholders: true,
	forUpdate:          " FOR UPDATE",
	translate:          translatePostgres,
	retryable:          retryablePostgres,
	quotaLock:          "SELECT pg_advisory_xact_lock(?)",
	notifyCommit:       "SELECT pg_notify('" + changeChannel + "', " + changeScope + " || '/' || ?)",
}

// rebind rewrites the ? placeholders of query for the dialect. The queries
// of this package never hold a ? inside a string literal.
func (d dialect) rebind(query string) string {
	if !d.dollarPlaceholders || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// upsert returns the clause that turns an INSERT into an insert-or-update
// on the conflict target, overwriting the listed columns with the new row's
// values. Both engines spell it the same way; it lives here so that an
// engine that does not (MySQL's ON DUPLICATE KEY) changes one place.
func (d dialect) upsert(conflictColumns string, updateColumns ...string) string {
	sets := make([]string, len(updateColumns))
	for i, c := range updateColumns {
		sets[i] = c + " = excluded." + c
	}
	return " ON CONFLICT (" + conflictColumns + ") DO UPDATE SET " + strings.Join(sets, ", ")
}

// SQLite result codes (https://sqlite.org/rescode.html). The driver reports
// extended codes; the primary code is the low byte.
const (
	sqliteConstraint           = 19
	sqliteConstraintForeignKey = 787
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)

// sqliteCoder is implemented by modernc.org/sqlite's *Error.
type sqliteCoder interface{ Code() int }

func translateSQLite(err error) error {
	var c sqliteCoder
	if !errors.As(err, &c) {
		return nil
	}
	switch c.Code() {
	case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
		return store.ErrAlreadyExists
	case sqliteConstraintForeignKey:
		return store.ErrNotFound
	}
	return nil
}

// PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	pgUniqueViolation      = "23505"
	pgForeignKeyViolation  = "23503"
	pgSerializationFailure = "40001"
	pgDeadlockDetected     = "40P01"
)

func translatePostgres(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return nil
	}
	switch pe.Code {
	case pgUniqueViolation:
		return store.ErrAlreadyExists
	case pgForeignKeyViolation:
		return store.ErrNotFound
	}
	return nil
}

func retryablePostgres(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Code == pgSerializationFailure || pe.Code == pgDeadlockDetected
}

// wrap gives err the operation's context and, when the engine error has a
// storage meaning, the sentinel (kept for errors.Is beside the cause).
// Errors that already carry a store sentinel pass through with context only.
func (d dialect) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if isSentinel(err) {
		return &opError{op: op, err: err}
	}
	if s := d.translate(err); s != nil {
		return &opError{op: op, err: s, cause: err}
	}
	return &opError{op: op, err: err}
}

func isSentinel(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrAlreadyExists) ||
		errors.Is(err, store.ErrLimitExceeded) || errors.Is(err, store.ErrConflict) ||
		errors.Is(err, store.ErrInvalidMarker)
}

// opError is "sqlstore: <op>: <err>"; errors.Is and errors.As see both the
// sentinel and the engine's own error.
type opError struct {
	op    string
	err   error // the sentinel, or the engine error itself
	cause error // the engine error behind a sentinel, if any
}

func (e *opError) Error() string {
	if e.cause != nil {
		return "sqlstore: " + e.op + ": " + e.err.Error() + ": " + e.cause.Error()
	}
	return "sqlstore: " + e.op + ": " + e.err.Error()
}

func (e *opError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.err, e.cause}
	}
	return []error{e.err}
}
