package sqlstore_test

import (
	"database/sql"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

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
