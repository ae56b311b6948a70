package query_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awsproto/query"
)

// requireBotocore skips when python3 with botocore is missing, except in CI,
// where the round trip must run.
func requireBotocore(t *testing.T) {
	t.Helper()
	if err := exec.Command("python3", "-c", "import botocore").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 with botocore is required in CI: %v", err)
		}
		t.Skipf("python3 with botocore not available: %v", err)
	}
}

func runPython(t *testing.T, stdin []byte, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("python3", append([]string{"testdata/roundtrip.py"}, args...)...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("roundtrip.py %v: %v\n%s", args, err, stderr.String())
	}
	return out
}

// TestDecodeBotocoreRequests decodes the request bodies botocore's own
// serializer writes for every operation's input of IAM and STS, with values
// generated from the model, and checks that Decode reads back exactly the
// parameters botocore was given.
func TestDecodeBotocoreRequests(t *testing.T) {
	t.Parallel()
	requireBotocore(t)
	var cases []struct {
		Service   string
		Operation string
		Params    any
		Body      string
	}
	if err := json.Unmarshal(runPython(t, nil, "requests", "iam", "sts"), &cases); err != nil {
		t.Fatal(err)
	}
	for _, svc := range services() {
		covered := map[string]bool{}
		for _, c := range cases {
			if c.Service != svc.name {
				continue
			}
			form, err := url.ParseQuery(c.Body)
			if err != nil {
				t.Fatalf("%s: parse body: %v", c.Operation, err)
			}
			in := svc.newInput(c.Operation)
			if in == nil {
				t.Fatalf("%s %s: no generated input", svc.name, c.Operation)
			}
			if err := query.Decode(form, in); err != nil {
				t.Fatalf("%s %s: Decode: %v", svc.name, c.Operation, err)
			}
			if diff := cmp.Diff(c.Params, canonical(t, in, false)); diff != "" {
				t.Errorf("%s %s: decoded input differs from botocore's params (-botocore +decoded):\n%s\nbody: %s",
					svc.name, c.Operation, diff, c.Body)
			}
			covered[c.Operation] = true
		}
		for _, op := range svc.operations {
			if op.input != "" && !covered[op.name] {
				t.Errorf("%s %s: input not covered", svc.name, op.name)
			}
		}
	}
}

// TestEncodeParsedByBotocore encodes randomly filled outputs of every IAM
// and STS operation and checks that botocore's QueryParser reads back
// exactly what was encoded.
func TestEncodeParsedByBotocore(t *testing.T) {
	t.Parallel()
	requireBotocore(t)
	type response struct {
		Service   string `json:"service"`
		Operation string `json:"operation"`
		XML       string `json:"xml"`
	}
	var responses []response
	var want []any
	for _, svc := range services() {
		for _, op := range svc.operations {
			if op.output == "" {
				continue
			}
			for round := range uint64(3) {
				r := rand.New(rand.NewPCG(round, uint64(len(op.name))))
				out := svc.newOutput(op.name)
				fill(r, reflect.ValueOf(out).Elem(), 0)
				var buf bytes.Buffer
				if err := query.WriteResponse(&buf, op.name, op.wrapper, svc.xmlns, "req-1", out); err != nil {
					t.Fatalf("%s: WriteResponse: %v", op.name, err)
				}
				responses = append(responses, response{svc.name, op.name, buf.String()})
				want = append(want, canonical(t, out, true))
			}
		}
	}
	in, err := json.Marshal(responses)
	if err != nil {
		t.Fatal(err)
	}
	var parsed []struct {
		Operation string
		Parsed    any
	}
	if err := json.Unmarshal(runPython(t, in, "parse"), &parsed); err != nil {
		t.Fatal(err)
	}
	if len(parsed) != len(want) {
		t.Fatalf("botocore parsed %d responses, want %d", len(parsed), len(want))
	}
	for i, p := range parsed {
		if diff := cmp.Diff(want[i], p.Parsed); diff != "" {
			t.Errorf("%s: botocore parsed differently (-encoded +parsed):\n%s\nXML: %s", p.Operation, diff, responses[i].XML)
		}
	}
}
