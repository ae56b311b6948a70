package sqlstore_test

import (
	"path/filepath"
	"testing"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
	"github.com/iamd/iamd/internal/store/storetest"
)

func openSQLiteFile(t *testing.T) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.OpenSQLite(t.Context(), filepath.Join(t.TempDir(), "iamd.db"))
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	return s
}

func TestSQLite(t *testing.T) {
	t.Parallel()
	t.Run("File", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(t *testing.T) store.Store { return openSQLiteFile(t) })
	})
	t.Run("Memory", func(t *testing.T) {
		t.Parallel()
		storetest.Run(t, func(t *testing.T) store.Store {
			s, err := sqlstore.OpenSQLite(t.Context(), ":memory:")
			if err != nil {
				t.Fatalf("OpenSQLite(:memory:): %v", err)
			}
			return s
		})
	})
}

// TestSQLiteCrossProcess opens one database file twice, as `iamd serve`
// and `iamd accounts create` do: each handle must see the other's writes.
func TestSQLiteCrossProcess(t *testing.T) {
	t.Parallel()
	storetest.RunCrossNode(t, func(t *testing.T) (store.Store, store.Store) {
		path := filepath.Join(t.TempDir(), "iamd.db")
		a, err := sqlstore.OpenSQLite(t.Context(), path)
		if err != nil {
			t.Fatalf("OpenSQLite: %v", err)
		}
		b, err := sqlstore.OpenSQLite(t.Context(), path)
		if err != nil {
			a.Close()
			t.Fatalf("OpenSQLite again: %v", err)
		}
		return a, b
	})
}
