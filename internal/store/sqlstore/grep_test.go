package sqlstore_test

import (
	"crypto/rand"
	"path/filepath"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
	"github.com/iamd/iamd/internal/store/storetest"
)

// writeCanary stores a user whose name is a fresh random marker, which the
// store keeps in plain text, and returns the name; absent is a value never
// written.
func writeCanary(t *testing.T, s store.Store) (name, absent string) {
	t.Helper()
	name, absent = "canary-"+rand.Text(), "absent-"+rand.Text()
	ctx := t.Context()
	if err := s.Accounts().Create(ctx, &store.Account{ID: "777777777777", Name: "grep", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if err := s.Users().Create(ctx, &store.User{AccountID: "777777777777", ID: "AIDA" + rand.Text()[:17], Name: name, Path: "/", CreatedAt: time.Now()}, 0); err != nil {
		t.Fatal(err)
	}
	return name, absent
}

// TestGrepFilesFindsPlaintextSQLite proves GrepFiles sees what SQLite
// writes (db, -wal and -shm files), so that the services' greps for
// secrets that find nothing mean something.
func TestGrepFilesFindsPlaintextSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	s, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(dir, "iamd.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	name, absent := writeCanary(t, s)
	if hits := storetest.GrepFiles(t, dir, []byte(name)); len(hits) == 0 {
		t.Fatalf("user name %q not found in %s", name, dir)
	}
	if hits := storetest.GrepFiles(t, dir, []byte(absent)); len(hits) != 0 {
		t.Fatalf("never-written %q found in %v", absent, hits)
	}
}

// TestGrepFilesFindsPlaintextPostgres does the same on every file of the
// cluster's data directory after a CHECKPOINT.
func TestGrepFilesFindsPlaintextPostgres(t *testing.T) {
	t.Parallel()
	s, err := sqlstore.OpenPostgres(t.Context(), freshPostgresURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	name, absent := writeCanary(t, s)
	if err := pgCluster.Checkpoint(t.Context()); err != nil {
		t.Fatal(err)
	}
	if hits := storetest.GrepFiles(t, pgCluster.DataDir(), []byte(name)); len(hits) == 0 {
		t.Fatalf("user name %q not found under %s", name, pgCluster.DataDir())
	}
	if hits := storetest.GrepFiles(t, pgCluster.DataDir(), []byte(absent)); len(hits) != 0 {
		t.Fatalf("never-written %q found in %v", absent, hits)
	}
}
