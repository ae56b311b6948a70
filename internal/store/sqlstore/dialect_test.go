package sqlstore

import (
	"errors"
	"fmt"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/iamd/iamd/internal/store"
)

// fakeSQLiteError has the Code method of modernc.org/sqlite's *Error.
type fakeSQLiteError int

func (e fakeSQLiteError) Error() string { return fmt.Sprintf("sqlite error %d", int(e)) }
func (e fakeSQLiteError) Code() int     { return int(e) }

func TestTranslate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		d    dialect
		err  error
		want error // nil: no storage meaning
	}{
		{"sqlite unique", sqliteDialect, fakeSQLiteError(sqliteConstraintUnique), store.ErrAlreadyExists},
		{"sqlite primary key", sqliteDialect, fakeSQLiteError(sqliteConstraintPrimaryKey), store.ErrAlreadyExists},
		{"sqlite foreign key", sqliteDialect, fakeSQLiteError(sqliteConstraintForeignKey), store.ErrNotFound},
		{"sqlite wrapped unique", sqliteDialect, fmt.Errorf("exec: %w", fakeSQLiteError(sqliteConstraintUnique)), store.ErrAlreadyExists},
		{"sqlite other constraint", sqliteDialect, fakeSQLiteError(sqliteConstraint), nil},
		{"sqlite busy", sqliteDialect, fakeSQLiteError(5), nil},
		{"sqlite plain error", sqliteDialect, errors.New("boom"), nil},
		{"postgres unique", postgresDialect, &pgconn.PgError{Code: pgUniqueViolation}, store.ErrAlreadyExists},
		{"postgres foreign key", postgresDialect, &pgconn.PgError{Code: pgForeignKeyViolation}, store.ErrNotFound},
		{"postgres wrapped unique", postgresDialect, fmt.Errorf("x: %w", &pgconn.PgError{Code: pgUniqueViolation}), store.ErrAlreadyExists},
		{"postgres serialization", postgresDialect, &pgconn.PgError{Code: pgSerializationFailure}, nil},
		{"postgres syntax", postgresDialect, &pgconn.PgError{Code: "42601"}, nil},
		{"postgres ignores sqlite codes", postgresDialect, fakeSQLiteError(sqliteConstraintUnique), nil},
		{"sqlite ignores postgres codes", sqliteDialect, &pgconn.PgError{Code: pgUniqueViolation}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := tc.d.translate(tc.err); got != tc.want { //nolint:errorlint // sentinels are compared by identity
				t.Fatalf("translate(%v) = %v, want %v", tc.err, got, tc.want)
			}
			wrapped := tc.d.wrap("create user", tc.err)
			if !errors.Is(wrapped, tc.err) && !errors.Is(wrapped, errors.Unwrap(tc.err)) {
				t.Fatalf("wrap lost the engine error: %v", wrapped)
			}
			if tc.want != nil && !errors.Is(wrapped, tc.want) {
				t.Fatalf("wrap(%v) = %v, not %v", tc.err, wrapped, tc.want)
			}
		})
	}
}

func TestWrapKeepsSentinelsAndConflicts(t *testing.T) {
	t.Parallel()
	err := sqliteDialect.wrap("delete user", fmt.Errorf("inner: %w", &store.ConflictError{Dependent: store.DependentAccessKeys}))
	var ce *store.ConflictError
	if !errors.As(err, &ce) || ce.Dependent != store.DependentAccessKeys || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("wrap lost the conflict: %v", err)
	}
	if got := err.Error(); got != "sqlstore: delete user: inner: store: conflict: entity still has access keys" {
		t.Fatalf("message = %q", got)
	}
	if sqliteDialect.wrap("x", nil) != nil {
		t.Fatal("wrap(nil) != nil")
	}
}

func TestRetryable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want bool
	}{
		{&pgconn.PgError{Code: pgSerializationFailure}, true},
		{fmt.Errorf("w: %w", &pgconn.PgError{Code: pgDeadlockDetected}), true},
		{&pgconn.PgError{Code: pgUniqueViolation}, false},
		{errors.New("x"), false},
	}
	for _, tc := range tests {
		if got := postgresDialect.retryable(tc.err); got != tc.want {
			t.Errorf("postgres retryable(%v) = %v, want %v", tc.err, got, tc.want)
		}
		if sqliteDialect.retryable(tc.err) {
			t.Errorf("sqlite retryable(%v) = true", tc.err)
		}
	}
}

func TestRebind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d        dialect
		in, want string
	}{
		{sqliteDialect, "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = ? AND c = ?"},
		{postgresDialect, "SELECT a FROM t WHERE b = ? AND c = ?", "SELECT a FROM t WHERE b = $1 AND c = $2"},
		{postgresDialect, "SELECT 1", "SELECT 1"},
		{postgresDialect, "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", "INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"},
	}
	for _, tc := range tests {
		if got := tc.d.rebind(tc.in); got != tc.want {
			t.Errorf("%s rebind(%q) = %q, want %q", tc.d.name, tc.in, got, tc.want)
		}
	}
}

func TestUpsert(t *testing.T) {
	t.Parallel()
	want := " ON CONFLICT (a, b) DO UPDATE SET c = excluded.c, d = excluded.d"
	for _, d := range []dialect{sqliteDialect, postgresDialect} {
		if got := d.upsert("a, b", "c", "d"); got != want {
			t.Errorf("%s upsert = %q, want %q", d.name, got, want)
		}
	}
	if sqliteDialect.forUpdate != "" || postgresDialect.forUpdate != " FOR UPDATE" {
		t.Error("only PostgreSQL locks rows with FOR UPDATE")
	}
}

func TestMarkers(t *testing.T) {
	t.Parallel()
	for _, key := range [][]string{{"alice", "Alice"}, {"", ""}, {"arn:aws:iam::aws:policy/A"}, {"ünï", "cödé"}} {
		got, err := decodeMarker(encodeMarker(key), len(key))
		if err != nil || len(got) != len(key) {
			t.Fatalf("round trip %q: %q, %v", key, got, err)
		}
		for i := range key {
			if got[i] != key[i] {
				t.Fatalf("round trip %q: %q", key, got)
			}
		}
	}
	for _, bad := range []string{"!!!", encodeMarker([]string{"one"}), encodeMarker([]string{"a", "b", "c"})} {
		if _, err := decodeMarker(bad, 2); !errors.Is(err, store.ErrInvalidMarker) {
			t.Errorf("decodeMarker(%q) = %v, want store.ErrInvalidMarker", bad, err)
		}
	}
}
