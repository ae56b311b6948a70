package sqlstore_test

import (
	"database/sql"
	"fmt"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
	"github.com/iamd/iamd/internal/store/storetest"
)

// The package's one throwaway PostgreSQL cluster, started by TestMain
// (pgErr says why there is none), and a connection to its postgres
// database that hands each test a schema of its own: CREATE SCHEMA takes
// milliseconds where CREATE DATABASE takes about a second.
var (
	pgCluster *storetest.PostgresCluster
	pgErr     error
	pgAdmin   *sql.DB
	pgSchemas atomic.Uint64
)

func TestMain(m *testing.M) {
	pgCluster, pgErr = storetest.StartPostgresCluster()
	if pgErr == nil {
		pgAdmin, pgErr = sql.Open("pgx", pgCluster.URL("postgres"))
	}
	code := m.Run()
	if pgAdmin != nil {
		pgAdmin.Close()
	}
	if pgCluster != nil {
		if err := pgCluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// freshPostgresURL returns the URL of an empty schema of its own.
func freshPostgresURL(t *testing.T) string {
	t.Helper()
	storetest.SkipOrFailWithoutPostgres(t, pgErr)
	schema := fmt.Sprintf("test_%d", pgSchemas.Add(1))
	if _, err := pgAdmin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	return pgCluster.URL("postgres") + "&search_path=" + schema
}

// TestPostgres runs the suite with one schema for all its tests (each test
// works in accounts of its own): migrating a fresh schema per test costs
// about half a second of DDL here.
func TestPostgres(t *testing.T) {
	t.Parallel()
	storetest.SkipOrFailWithoutPostgres(t, pgErr)
	url := freshPostgresURL(t)
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlstore.OpenPostgres(t.Context(), url)
		if err != nil {
			t.Fatalf("OpenPostgres: %v", err)
		}
		return s
	})
}

// TestPostgresConcurrentMigrations opens one empty schema from several
// "nodes" at once: the advisory lock lets exactly one apply each
// migration.
func TestPostgresConcurrentMigrations(t *testing.T) {
	t.Parallel()
	url := freshPostgresURL(t)
	const nodes = 4
	errs := make(chan error, nodes)
	for range nodes {
		go func() {
			s, err := sqlstore.OpenPostgres(t.Context(), url)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	for range nodes {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	db, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n, maxVersion int
	if err := db.QueryRowContext(t.Context(), "SELECT COUNT(*), MAX(version) FROM schema_migrations").Scan(&n, &maxVersion); err != nil {
		t.Fatal(err)
	}
	if n != maxVersion || n < 1 {
		t.Fatalf("schema_migrations has %d rows up to version %d; want one per version", n, maxVersion)
	}
}

// openPostgresPair opens two Stores, two "nodes", on one fresh schema.
func openPostgresPair(t *testing.T) (*sqlstore.Store, *sqlstore.Store) {
	t.Helper()
	url := freshPostgresURL(t)
	a, err := sqlstore.OpenPostgres(t.Context(), url)
	if err != nil {
		t.Fatalf("OpenPostgres: %v", err)
	}
	b, err := sqlstore.OpenPostgres(t.Context(), url)
	if err != nil {
		a.Close()
		t.Fatalf("OpenPostgres again: %v", err)
	}
	return a, b
}

// TestPostgresCrossNode runs the cross-node suite on two Stores per
// subtest sharing a schema of their own.
func TestPostgresCrossNode(t *testing.T) {
	t.Parallel()
	storetest.SkipOrFailWithoutPostgres(t, pgErr)
	storetest.RunCrossNode(t, func(t *testing.T) (store.Store, store.Store) { return openPostgresPair(t) })
}

// TestPostgresListenerReconnects cuts a Store's listening connection: the
// Store reconnects, bumps its generation once for what it may have missed,
// and hears the other node's writes again.
func TestPostgresListenerReconnects(t *testing.T) {
	t.Parallel()
	a, b := openPostgresPair(t)
	defer a.Close()
	defer b.Close()
	pid := sqlstore.ListenerPID(b)
	if pid == 0 {
		t.Fatal("no listener connection")
	}
	before := b.Generation()
	var killed bool
	if err := pgAdmin.QueryRowContext(t.Context(), "SELECT pg_terminate_backend($1)", int(pid)).Scan(&killed); err != nil || !killed {
		t.Fatalf("terminate listener %d: %v, %v", pid, killed, err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.Generation() == before || sqlstore.ListenerPID(b) == 0 || sqlstore.ListenerPID(b) == pid {
		if time.Now().After(deadline) {
			t.Fatalf("no reconnection within 5s (generation %d, listener %d)", b.Generation(), sqlstore.ListenerPID(b))
		}
		time.Sleep(5 * time.Millisecond)
	}
	from := b.Generation()
	if err := a.Accounts().Create(t.Context(), &store.Account{ID: "333333333333", Name: "after", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(storetest.ChangeDeadline)
	for b.Generation() == from {
		if time.Now().After(deadline) {
			t.Fatalf("write after reconnection not heard within %v", storetest.ChangeDeadline)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
