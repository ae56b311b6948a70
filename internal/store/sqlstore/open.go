package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync/atomic"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Opener opens a Store from an engine-specific data source name.
type Opener func(ctx context.Context, dsn string) (*Store, error)

// Engines maps the storage engine names of the configuration to their
// openers.
var Engines = map[string]Opener{
	"sqlite":   OpenSQLite,
	"postgres": OpenPostgres,
}

// Open picks the engine by the DSN's form: a postgres:// or postgresql://
// URL opens PostgreSQL, anything else is a SQLite path (or ":memory:").
func Open(ctx context.Context, dsn string) (*Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return OpenPostgres(ctx, dsn)
	}
	return OpenSQLite(ctx, dsn)
}

// sqlitePragmas are set on every pooled connection: wait up to 5 s for a
// lock, WAL journaling with NORMAL sync (durable at checkpoints, ~10x
// faster inserts), foreign keys on, and every transaction begun IMMEDIATE
// so that writers queue for the write lock at BEGIN instead of failing
// with SQLITE_BUSY when they upgrade a read lock.
const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)&_txlock=immediate"

// memoryDBs numbers in-memory databases so each OpenSQLite(":memory:")
// gets its own.
var memoryDBs atomic.Uint64

// OpenSQLite opens (creating if needed) the SQLite database at path and
// applies the migrations. ":memory:" opens a fresh in-memory database
// that every pooled connection shares (the memdb VFS), gone at Close.
func OpenSQLite(ctx context.Context, path string) (*Store, error) {
	var dsn string
	if path == ":memory:" {
		// memdb databases whose name starts with "/" are shared by every
		// connection of the process and support locking, so the pool and
		// busy_timeout behave as with a file. WAL does not apply to them.
		name := fmt.Sprintf("/iamd-memory-%d", memoryDBs.Add(1))
		dsn = "file:" + name + "?vfs=memdb&" + strings.Replace(sqlitePragmas, "&_pragma=journal_mode(WAL)", "", 1)
	} else {
		dsn = "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + sqlitePragmas
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open sqlite %s: %w", path, err)
	}
	if path == ":memory:" {
		// The database lives while a connection is open: keep one. No
		// other process can open it, so there is nothing to watch.
		db.SetMaxIdleConns(4)
		db.SetConnMaxIdleTime(0)
		db.SetConnMaxLifetime(0)
		return finishOpen(ctx, db, sqliteDialect, "sqlite "+path)
	}
	s, err := finishOpen(ctx, db, sqliteDialect, "sqlite "+path)
	if err != nil {
		return nil, err
	}
	if err := s.watchSQLite(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenPostgres connects to the PostgreSQL database at url (a postgres://
// URL or key=value DSN, as pgx reads them) and applies the migrations.
func OpenPostgres(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open postgres: %w", err)
	}
	db.SetMaxOpenConns(postgresMaxConns)
	db.SetMaxIdleConns(postgresMaxConns)
	s, err := finishOpen(ctx, db, postgresDialect, "postgres")
	if err != nil {
		return nil, err
	}
	if err := s.watchPostgres(ctx, url); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func finishOpen(ctx context.Context, db *sql.DB, d dialect, what string) (*Store, error) {
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlstore: open %s: %w", what, err)
	}
	s := newStore(db, d)
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// postgresMaxConns bounds each node's pooled connections (the change
// listener holds one more of its own): writers that queue on
// one parent row's lock would otherwise each hold a connection, and
// several nodes share the server's max_connections (default 100).
const postgresMaxConns = 16
