package jsonrpc_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
	"github.com/iamd/iamd/internal/service/cloudtrail"
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

// TestDecodeBotocoreRequests decodes the LookupEvents requests botocore's
// own JSONSerializer writes, with values generated from the model, and
// checks that Target and Decode read back exactly what botocore was given.
func TestDecodeBotocoreRequests(t *testing.T) {
	t.Parallel()
	requireBotocore(t)
	var cases []struct {
		Params      any
		Target      string
		ContentType string
		Body        string
	}
	if err := json.Unmarshal(runPython(t, nil, "requests", "cloudtrail", "LookupEvents", "40"), &cases); err != nil {
		t.Fatal(err)
	}
	if len(cases) != 40 {
		t.Fatalf("%d cases, want 40", len(cases))
	}
	for i, c := range cases {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(c.Body))
		r.Header.Set("X-Amz-Target", c.Target)
		prefix, op, ok := jsonrpc.Target(r)
		if !ok || prefix != cloudtrail.TargetPrefix || op != "LookupEvents" {
			t.Errorf("case %d: Target(%q) = %q, %q, %v", i, c.Target, prefix, op, ok)
		}
		if c.ContentType != jsonrpc.ContentType {
			t.Errorf("case %d: botocore sent Content-Type %q, want %q", i, c.ContentType, jsonrpc.ContentType)
		}
		var in cloudtrail.LookupEventsRequest
		if err := jsonrpc.Decode([]byte(c.Body), &in); err != nil {
			t.Fatalf("case %d: Decode(%s): %v", i, c.Body, err)
		}
		if diff := cmp.Diff(c.Params, canonical(t, &in)); diff != "" {
			t.Errorf("case %d: decoded input differs from botocore's params (-botocore +decoded):\n%s\nbody: %s", i, diff, c.Body)
		}
	}
}

type wireResponse struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

type parsedResponse struct {
	Parsed      any
	RequestID   string
	ClientError string
}

func parseWithBotocore(t *testing.T, responses []wireResponse) []parsedResponse {
	t.Helper()
	in, err := json.Marshal(responses)
	if err != nil {
		t.Fatal(err)
	}
	var parsed []parsedResponse
	if err := json.Unmarshal(runPython(t, in, "parse", "cloudtrail", "LookupEvents"), &parsed); err != nil {
		t.Fatal(err)
	}
	if len(parsed) != len(responses) {
		t.Fatalf("botocore parsed %d responses, want %d", len(parsed), len(responses))
	}
	return parsed
}

func record(t *testing.T, write func(http.ResponseWriter) error) wireResponse {
	t.Helper()
	rec := httptest.NewRecorder()
	if err := write(rec); err != nil {
		t.Fatal(err)
	}
	headers := map[string]string{}
	for k := range rec.Header() {
		headers[k] = rec.Header().Get(k)
	}
	return wireResponse{rec.Code, headers, rec.Body.String()}
}

// TestEncodeParsedByBotocore writes randomly filled LookupEvents outputs and
// checks that botocore's JSON parser reads back exactly what was written,
// request ID included.
func TestEncodeParsedByBotocore(t *testing.T) {
	t.Parallel()
	requireBotocore(t)
	var responses []wireResponse
	var want []any
	for round := range uint64(30) {
		r := rand.New(rand.NewPCG(round, 7))
		out := randomOutput(r, round)
		id := fmt.Sprintf("req-%d", round)
		responses = append(responses, record(t, func(w http.ResponseWriter) error { return jsonrpc.WriteResponse(w, id, out) }))
		want = append(want, canonical(t, out))
	}
	for i, p := range parseWithBotocore(t, responses) {
		if diff := cmp.Diff(want[i], p.Parsed); diff != "" {
			t.Errorf("round %d: botocore parsed differently (-written +parsed):\n%s\nbody: %s", i, diff, responses[i].Body)
		}
		if p.RequestID != fmt.Sprintf("req-%d", i) {
			t.Errorf("round %d: botocore read request ID %q", i, p.RequestID)
		}
	}
}

// TestErrorsParsedByBotocore checks that the CLI and boto3 show our errors
// as AWS's: "An error occurred (Code) when calling the LookupEvents
// operation: message".
func TestErrorsParsedByBotocore(t *testing.T) {
	t.Parallel()
	requireBotocore(t)
	errs := []*awserr.Error{
		awserr.New(cloudtrail.CodeInvalidTimeRange, 400, cloudtrail.MsgInvalidTimeRange),
		awserr.New(cloudtrail.CodeInvalidLookupAttributes, 400, cloudtrail.MsgTooManyLookupAttributes),
		awserr.New("AccessDeniedException", 400, `User: arn:aws:iam::111122223333:user/a "quoted" is not authorized`),
		jsonrpc.SerializationException("Member MaxResults must be an integer in range, not a string."),
		awserr.New("Odd", 403, "ü\n\u2028\\ done"),
		nil,
	}
	var responses []wireResponse
	for i, e := range errs {
		id := fmt.Sprintf("err-%d", i)
		responses = append(responses, record(t, func(w http.ResponseWriter) error { return jsonrpc.WriteError(w, id, e) }))
	}
	for i, p := range parseWithBotocore(t, responses) {
		e := errs[i]
		if e == nil {
			e = awserr.InternalFailure()
		}
		want := fmt.Sprintf("An error occurred (%s) when calling the LookupEvents operation: %s", e.Code, e.Message)
		if p.ClientError != want {
			t.Errorf("error %d: botocore shows\n%q\nwant\n%q", i, p.ClientError, want)
		}
		if p.RequestID != fmt.Sprintf("err-%d", i) {
			t.Errorf("error %d: botocore read request ID %q", i, p.RequestID)
		}
	}
}

const alphabet = "abcXYZ019 -_.~+=/:@%&<>\"'?#,;!*()[]{}\\\u00fc\u65e5\u672c\t\n\u2028\U0001F600\x00"

func randomString(r *rand.Rand) string {
	runes := []rune(alphabet)
	var sb strings.Builder
	for range 1 + r.IntN(16) {
		sb.WriteRune(runes[r.IntN(len(runes))])
	}
	return sb.String()
}

// randomOutput fills a LookupEventsResponse; every third round leaves
// members out, and round 0 is the empty page.
func randomOutput(r *rand.Rand, round uint64) *cloudtrail.LookupEventsResponse {
	out := &cloudtrail.LookupEventsResponse{Events: []cloudtrail.Event{}}
	if round == 0 {
		return out
	}
	sparse := round%3 == 0
	maybe := func() string {
		if sparse && r.IntN(2) == 0 {
			return ""
		}
		return randomString(r)
	}
	for range 1 + r.IntN(4) {
		e := cloudtrail.Event{
			EventId: maybe(), EventName: maybe(), ReadOnly: []string{"true", "false"}[r.IntN(2)],
			AccessKeyId: maybe(), EventSource: maybe(), Username: maybe(), CloudTrailEvent: maybe(),
			// Milliseconds: the precision the codec writes.
			EventTime: time.UnixMilli(946684800000 + r.Int64N(2e12)).UTC(),
		}
		if !sparse || r.IntN(2) == 0 {
			for range r.IntN(3) {
				e.Resources = append(e.Resources, cloudtrail.Resource{ResourceType: maybe(), ResourceName: maybe()})
			}
		}
		out.Events = append(out.Events, e)
	}
	out.NextToken = maybe()
	return out
}
