package sqlstore_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
	"github.com/iamd/iamd/internal/store/storetest"
)

// benchStore opens the engine for a benchmark, with one user and one
// access key in it.
func benchStore(b *testing.B, engine string) *sqlstore.Store {
	b.Helper()
	var s *sqlstore.Store
	var err error
	if engine == "sqlite" {
		s, err = sqlstore.OpenSQLite(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
	} else {
		storetest.SkipOrFailWithoutPostgres(b, pgErr)
		if _, err := pgAdmin.ExecContext(b.Context(), "CREATE SCHEMA IF NOT EXISTS bench"); err != nil {
			b.Fatal(err)
		}
		s, err = sqlstore.OpenPostgres(b.Context(), pgCluster.URL("postgres")+"&search_path=bench")
	}
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx, now := b.Context(), time.Now()
	// Errors are ignored: the rows exist when a benchmark runs again.
	_ = s.Accounts().Create(ctx, &store.Account{ID: "888888888888", CreatedAt: now})
	_ = s.Users().Create(ctx, &store.User{AccountID: "888888888888", ID: "AIDABENCH", Name: "BenchUser", Path: "/", CreatedAt: now}, 0)
	_ = s.AccessKeys().Create(ctx, &store.AccessKey{ID: "AKIABENCH", AccountID: "888888888888", UserID: "AIDABENCH",
		SealedSecret: make([]byte, 68), Status: store.KeyActive, CreatedAt: now}, 2)
	return s
}

func BenchmarkStoreReads(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		s := benchStore(b, engine)
		b.Run(engine+"/UsersGet", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Users().Get(b.Context(), "888888888888", "benchuser"); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(engine+"/AccessKeysLookup", func(b *testing.B) {
			for b.Loop() {
				if _, err := s.AccessKeys().Lookup(b.Context(), "AKIABENCH"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
