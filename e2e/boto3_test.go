package e2e

import (
	"os/exec"
	"strings"
	"testing"
)

// TestBoto3Session drives the same session through boto3 on each engine.
func TestBoto3Session(t *testing.T) {
	python := requireTool(t, "python3")
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			cmd := exec.Command(python, "testdata/boto3_session.py")
			cmd.Env = append(s.awsEnv(t, "", ""),
				"IAMD_URL="+s.URL, "IAMD_ACCOUNT_ID="+s.AccountID,
				"ROOT_KEY_ID="+rootKeyID, "ROOT_SECRET="+rootSecret)
			out, err := cmd.CombinedOutput()
			if err != nil || !strings.HasSuffix(strings.TrimSpace(string(out)), "ok") {
				t.Fatalf("boto3 session failed: %v\n%s", err, out)
			}
		})
	}
}
