package awsmanaged

import (
	"encoding/json"
	"os"
	"os/exec"
	"sync"
	"testing"
)

// sourcePolicy is what moto's data says about one policy, as read by Python:
// an implementation independent of the generator's, so the two check each
// other. Document is json.dumps of the parsed document, compact, keys in
// source order.
type sourcePolicy struct {
	Path             string
	DefaultVersionID string `json:"DefaultVersionId"`
	CreateDate       string
	UpdateDate       string
	Document         string
}

// readSourceScript prints moto's managed policies as JSON without importing
// moto itself (only its data file runs), so it is quick and needs none of
// moto's dependencies.
const readSourceScript = `
import importlib.util, json, os, runpy, sys
spec = importlib.util.find_spec("moto")
path = os.path.join(spec.submodule_search_locations[0], "iam", "aws_managed_policies.py")
data = json.loads(runpy.run_path(path)["aws_managed_policies_data"])
json.dump({n: {"Path": v["Path"], "DefaultVersionId": v["DefaultVersionId"],
               "CreateDate": v["CreateDate"], "UpdateDate": v["UpdateDate"],
               "Document": json.dumps(v["Document"], separators=(",", ":"), ensure_ascii=False)}
           for n, v in data.items()}, sys.stdout)
`

var (
	sourceOnce sync.Once
	sourceData map[string]sourcePolicy
	sourceErr  error
)

// mustSource returns moto's data, read once per test binary. Without python3
// and moto the test is skipped, except in CI (CI=true), where the comparison
// must run.
func mustSource(t testing.TB) map[string]sourcePolicy {
	t.Helper()
	sourceOnce.Do(func() {
		out, err := exec.Command("python3", "-c", readSourceScript).Output()
		if err != nil {
			sourceErr = err
			if ee, ok := err.(*exec.ExitError); ok {
				sourceErr = &sourceError{err: err, stderr: string(ee.Stderr)}
			}
			return
		}
		sourceErr = json.Unmarshal(out, &sourceData)
	})
	if sourceErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("read moto's managed policies with python3: %v", sourceErr)
		}
		t.Skipf("python3 with moto is not available: %v", sourceErr)
	}
	return sourceData
}

type sourceError struct {
	err    error
	stderr string
}

func (e *sourceError) Error() string { return e.err.Error() + ": " + e.stderr }
