package sqlstore_test

import (
	"os/exec"
	"strings"
	"testing"
)

// sqlImports are the imports only this package may have: the drivers and
// database/sql. ARCHITECTURE.md keeps SQL out of every other package, so
// that storage stays behind the store interfaces.
var sqlImports = []string{"database/sql", "modernc.org/sqlite", "github.com/jackc/pgx/v5"}

// TestOnlySQLStoreImportsSQL lists every package of the module, tests
// included, and fails if any but this one (and its tests) imports a SQL
// driver or database/sql directly.
func TestOnlySQLStoreImportsSQL(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not in PATH")
	}
	modOut, err := exec.Command(goTool, "list", "-m").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	module := strings.TrimSpace(string(modOut))
	self := module + "/internal/store/sqlstore"
	cmd := exec.Command(goTool, "list", "-e", "-deps", "-test", "-f", "{{.ImportPath}}\t{{join .Imports \" \"}}", module+"/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v\n%s", err, out)
	}
	checked := 0
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, imports, _ := strings.Cut(line, "\t")
		// Test variants are listed as "path [path.test]" and
		// "path_test [path.test]"; the package is the first word.
		path, _, _ := strings.Cut(pkg, " ")
		path = strings.TrimSuffix(path, "_test")
		path = strings.TrimSuffix(path, ".test")
		if path != module && !strings.HasPrefix(path, module+"/") {
			continue // a dependency outside the module
		}
		checked++
		if path == self {
			continue
		}
		for _, imp := range strings.Fields(imports) {
			if forbiddenSQLImport(imp) {
				t.Errorf("%s imports %s: only %s may", pkg, imp, self)
			}
		}
	}
	if checked < 10 {
		t.Fatalf("go list found only %d packages of %s:\n%s", checked, module, out)
	}
}

func forbiddenSQLImport(imp string) bool {
	for _, f := range sqlImports {
		if imp == f || strings.HasPrefix(imp, f+"/") {
			return true
		}
	}
	return false
}
