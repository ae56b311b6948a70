package sqlstore

import (
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	t.Parallel()
	for _, engine := range []string{"sqlite", "postgres"} {
		ms, err := loadMigrations(migrationFiles, engine)
		if err != nil || len(ms) == 0 || ms[0].version != 1 {
			t.Fatalf("%s: %d migrations, %v", engine, len(ms), err)
		}
	}
	bad := []fstest.MapFS{
		{"migrations/x/0002_b.sql": {Data: []byte("SELECT 1;")}},       // gap: no 0001
		{"migrations/x/first.sql": {Data: []byte("SELECT 1;")}},        // unnumbered
		{"migrations/x/0001_a.sql": {}, "migrations/x/0001_b.sql": {}}, // duplicate version
	}
	for i, fsys := range bad {
		if _, err := loadMigrations(fsys, "x"); err == nil {
			t.Errorf("bad set %d accepted", i)
		}
	}
}

func TestSplitStatements(t *testing.T) {
	t.Parallel()
	in := "-- header; with a semicolon\nCREATE TABLE t (\n  a TEXT, -- a's comment;\n  b INT\n);\n\nCREATE INDEX i ON t (a);\nSELECT 1"
	got := splitStatements(in)
	want := []string{"CREATE TABLE t (\n  a TEXT,\n  b INT\n);", "CREATE INDEX i ON t (a);", "SELECT 1"}
	if len(got) != len(want) {
		t.Fatalf("got %d statements %q", len(got), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("statement %d = %q, want %q", i, got[i], want[i])
		}
	}
}
