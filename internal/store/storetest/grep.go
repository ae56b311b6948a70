package storetest

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// GrepFiles returns the files under dir (recursively) whose bytes contain
// any of the needles, sorted. Tests use it to prove that secrets never
// reach a database's files in plain text, and that a value which is stored
// in plain text is found (so an empty result means something).
func GrepFiles(t testing.TB, dir string, needles ...[]byte) []string {
	t.Helper()
	var hits []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, n := range needles {
			if len(n) > 0 && bytes.Contains(data, n) {
				hits = append(hits, path)
				break
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("GrepFiles %s: %v", dir, err)
	}
	sort.Strings(hits)
	return hits
}
