package secrets

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDependenciesStayPure keeps the package pure, as ARCHITECTURE.md
// requires: no HTTP, no SQL, no store, and outside the standard library only
// golang.org/x/crypto (with the x/sys/cpu it uses for feature detection).
func TestDependenciesStayPure(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not in PATH")
	}
	out, err := exec.Command(goTool, "list", "-deps",
		"-f", "{{if .Standard}}std {{end}}{{.ImportPath}}", ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	forbidden := []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/store"}
	allowedThirdParty := []string{"golang.org/x/crypto/", "golang.org/x/sys/cpu", "github.com/iamd/iamd/internal/secrets"}
	deps := strings.Fields(strings.ReplaceAll(string(out), "std ", "std:"))
	if len(deps) < 5 {
		t.Fatalf("go list returned too few packages: %q", out)
	}
	for _, dep := range deps {
		path, std := strings.CutPrefix(dep, "std:")
		for _, f := range forbidden {
			if path == f || strings.HasPrefix(path, f+"/") {
				t.Errorf("secrets depends on %s", path)
			}
		}
		if std {
			continue
		}
		ok := false
		for _, a := range allowedThirdParty {
			ok = ok || strings.HasPrefix(path, a)
		}
		if !ok {
			t.Errorf("secrets depends on non-standard package %s", path)
		}
	}
}
