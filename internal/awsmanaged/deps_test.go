package awsmanaged

import (
	"os/exec"
	"strings"
	"testing"
)

// TestPureDependencies keeps the package free of network and SQL code: it
// is data, imported by the policy engine's neighbours.
func TestPureDependencies(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "net/http" || dep == "database/sql" || strings.HasPrefix(dep, "net/") {
			t.Errorf("awsmanaged depends on %s", dep)
		}
	}
}
