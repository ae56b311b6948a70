// Package archtest holds the tests that keep ARCHITECTURE.md's dependency
// rules true: the policy engine, ARN, authorization, SigV4 and secrets
// packages stay free of HTTP serving, SQL and the store.
package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// forbidden lists, per package pattern, the imports it must never reach.
// sigv4 verifies *http.Request values, so it may import net/http (a
// deliberate deviation from ARCHITECTURE.md, which keeps it out of the
// serving side: it still never reaches SQL or the store).
var rules = []struct {
	pkg       string
	forbidden []string
}{
	{"github.com/iamd/iamd/arn", []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/"}},
	{"github.com/iamd/iamd/policy/...", []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/"}},
	{"github.com/iamd/iamd/internal/authz", []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/store"}},
	{"github.com/iamd/iamd/internal/secrets", []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/store"}},
	{"github.com/iamd/iamd/internal/sigv4", []string{"database/sql", "github.com/iamd/iamd/internal/store"}},
	{"github.com/iamd/iamd/internal/service/...", []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/awsproto"}},
	{"github.com/iamd/iamd/internal/session", []string{"net/http", "database/sql", "github.com/iamd/iamd/internal/store"}},
	{"github.com/iamd/iamd/internal/federation/...", []string{"database/sql", "github.com/iamd/iamd/internal/store"}},
	{"github.com/iamd/iamd/internal/authzapi", []string{"database/sql"}},
	{"github.com/iamd/iamd/authzclient", []string{"database/sql", "github.com/iamd/iamd/internal/"}},
	{"github.com/iamd/iamd/internal/awsproto/...", []string{"database/sql", "github.com/iamd/iamd/internal/store", "github.com/iamd/iamd/internal/service"}},
}

func TestDependencyRules(t *testing.T) {
	t.Parallel()
	for _, r := range rules {
		out, err := exec.Command("go", "list", "-deps", r.pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", r.pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			for _, f := range r.forbidden {
				if dep == f || (strings.HasSuffix(f, "/") && strings.HasPrefix(dep, f)) || strings.HasPrefix(dep, f+"/") {
					t.Errorf("%s depends on %s, which ARCHITECTURE.md forbids", r.pkg, dep)
				}
			}
		}
	}
}
