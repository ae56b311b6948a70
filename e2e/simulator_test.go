package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/policy"
)

// simCase is one corpus case as SimulateCustomPolicy expresses it; the
// boto3 script reads a list of them.
type simCase struct {
	Name            string       `json:"name"`
	PolicyInputList []string     `json:"policyInputList"`
	Boundary        string       `json:"boundary,omitempty"`
	ResourcePolicy  string       `json:"resourcePolicy,omitempty"`
	CallerArn       string       `json:"callerArn"`
	ResourceOwner   string       `json:"resourceOwner,omitempty"`
	Action          string       `json:"action"`
	Resource        string       `json:"resource"`
	ContextEntries  []simContext `json:"contextEntries"`
	Expect          string       `json:"expect"`
}

type simContext struct {
	ContextKeyName   string   `json:"ContextKeyName"`
	ContextKeyValues []string `json:"ContextKeyValues"`
	ContextKeyType   string   `json:"ContextKeyType"`
}

// simulatorCase converts a corpus case, or says why the simulator cannot
// express it: SimulateCustomPolicy has a caller that is an IAM user,
// identity policies (at least one), a boundary and a resource policy, but
// no SCPs, RCPs, session policies or trust policies.
func simulatorCase(c *authz.CorpusCase) (simCase, string) {
	p := &c.Policies
	switch {
	case c.Principal.Kind != "User":
		return simCase{}, "caller is not an IAM user (" + c.Principal.Kind + ")"
	case len(p.SCPs) > 0:
		return simCase{}, "SCPs"
	case len(p.RCPs) > 0:
		return simCase{}, "RCPs"
	case present(p.Session):
		return simCase{}, "session policy"
	case c.ResourceMustAllow:
		return simCase{}, "trust or key policy that must allow"
	case len(p.Identity) == 0:
		return simCase{}, "no identity policy (PolicyInputList is required)"
	case c.Request.Resource == "":
		return simCase{}, "no resource (ResourceArns members are ARNs or *)"
	}
	sc := simCase{Name: c.Name, CallerArn: c.Principal.ARN, Action: c.Request.Action, Resource: c.Request.Resource,
		ContextEntries: []simContext{}}
	// The simulator takes a resource's owner from its ARN, else from
	// ResourceOwner: a case whose ARN names another owner than the case
	// does cannot be expressed.
	owner := c.ResourceAccount
	if owner == "" {
		owner = c.Principal.Account
	}
	if a, err := arn.Parse(c.Request.Resource); err == nil && arn.IsAccountID(a.AccountID) && a.AccountID != owner {
		return simCase{}, "resource ARN names another account than the case's owner"
	}
	if owner != c.Principal.Account {
		sc.ResourceOwner = arn.RootARN("aws", owner)
	}
	for _, raw := range p.Identity {
		if _, err := policy.ParseAndValidate(raw, policy.KindIdentity); err != nil {
			return simCase{}, "policy IAM would reject"
		}
		sc.PolicyInputList = append(sc.PolicyInputList, string(raw))
	}
	if present(p.Boundary) {
		if _, err := policy.ParseAndValidate(p.Boundary, policy.KindBoundary); err != nil {
			return simCase{}, "policy IAM would reject"
		}
		sc.Boundary = string(p.Boundary)
	}
	if present(p.Resource) {
		if _, err := policy.ParseAndValidate(p.Resource, policy.KindResource); err != nil {
			return simCase{}, "policy IAM would reject"
		}
		sc.ResourcePolicy = string(p.Resource)
	}
	for _, kv := range c.Request.Context {
		// The simulator has no ARN type: ARN keys are strings.
		typ := strings.Replace(kv.Type, "arn", "string", 1)
		sc.ContextEntries = append(sc.ContextEntries, simContext{kv.Key, kv.Values, typ})
	}
	switch c.Expect.Reason {
	case "Allowed", "AllowedRootUser":
		sc.Expect = "allowed"
	case "ExplicitDeny":
		sc.Expect = "explicitDeny"
	default:
		sc.Expect = "implicitDeny"
	}
	return sc, ""
}

func present(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }

// TestSimulatorCorpusBoto3 runs every authz corpus case that
// SimulateCustomPolicy can express through boto3 against a running iamd,
// and checks that the simulator's EvalDecision is the corpus's decision.
// The corpus is the one source of truth: the cases are exported from it
// here, for the script to read.
func TestSimulatorCorpusBoto3(t *testing.T) {
	python := requireTool(t, "python3")
	files, err := authz.LoadCorpus("../internal/authz/testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	var cases []simCase
	skipped := map[string]int{}
	total := 0
	for _, f := range files {
		for i := range f.Cases {
			total++
			sc, why := simulatorCase(&f.Cases[i])
			if why != "" {
				skipped[why]++
				continue
			}
			sc.Name = f.Topic + "/" + sc.Name
			cases = append(cases, sc)
		}
	}
	if len(cases) < total/3 {
		t.Fatalf("only %d of %d corpus cases are expressible: the export is broken", len(cases), total)
	}
	data, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "cases.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}

	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	cmd := exec.Command(python, "testdata/simulate_corpus.py", path)
	cmd.Env = append(s.awsEnv(t, "", ""), "IAMD_URL="+s.URL, "ROOT_KEY_ID="+rootKeyID, "ROOT_SECRET="+rootSecret)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("simulate_corpus.py: %v\n%s", err, out)
	}
	last := strings.Fields(strings.TrimSpace(string(out)))
	if len(last) < 2 || last[len(last)-2] != "ok" || last[len(last)-1] != strconv.Itoa(len(cases)) {
		t.Fatalf("simulate_corpus.py did not agree on all %d cases:\n%s", len(cases), out)
	}
	t.Logf("%d of %d corpus cases ran through boto3's simulate_custom_policy, all agree; skipped: %v",
		len(cases), total, skipped)
}
