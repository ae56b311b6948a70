package jsonrpc_test

import (
	"bytes"
	"errors"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
	"github.com/iamd/iamd/internal/service/cloudtrail"
)

var update = flag.Bool("update", false, "rewrite testdata/*.json golden files")

func TestTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header, prefix, op string
		ok                 bool
	}{
		{"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents",
			"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101", "LookupEvents", true},
		{"AWSIdentityStore.ListUsers", "AWSIdentityStore", "ListUsers", true},
		{"", "", "", false},
		{"LookupEvents", "", "", false},
		{".LookupEvents", "", "", false},
		{"Prefix.", "", "", false},
	}
	for _, tc := range tests {
		r := httptest.NewRequest(http.MethodPost, "/", nil)
		if tc.header != "" {
			r.Header.Set("x-amz-target", tc.header) // header names are case-insensitive
		}
		prefix, op, ok := jsonrpc.Target(r)
		if prefix != tc.prefix || op != tc.op || ok != tc.ok {
			t.Errorf("Target(%q) = %q, %q, %v; want %q, %q, %v", tc.header, prefix, op, ok, tc.prefix, tc.op, tc.ok)
		}
	}
}

var eventTime = time.Date(2026, 3, 1, 12, 34, 56, 0, time.UTC)

// goldenCases are representative responses, each compared byte for byte
// with testdata/<name>.json.
var goldenCases = []struct {
	name      string
	status    int
	errorType string // the x-amzn-ErrorType header, "" for none
	write     func(w http.ResponseWriter, requestID string) error
}{
	{"lookup_events", 200, "", func(w http.ResponseWriter, id string) error {
		return jsonrpc.WriteResponse(w, id, &cloudtrail.LookupEventsResponse{
			Events: []cloudtrail.Event{
				{
					EventId: "6e2f7c0a-1b9d-4c1e-9a57-3f1b2d4c5e6f", EventName: "CreateUser", ReadOnly: "false",
					AccessKeyId: "AKIAIOSFODNN7EXAMPLE", EventTime: eventTime, EventSource: "iam.amazonaws.com",
					Username:  "alice",
					Resources: []cloudtrail.Resource{{ResourceType: "AWS::IAM::User", ResourceName: "bob"}},
					CloudTrailEvent: `{"eventVersion":"1.11","eventTime":"2026-03-01T12:34:56Z",` +
						`"eventName":"CreateUser","requestParameters":{"userName":"bob"}}`,
				},
				{
					EventId: "0a0b0c0d-0000-4000-8000-000000000001", EventName: "GetCallerIdentity", ReadOnly: "true",
					EventTime: eventTime.Add(-time.Minute), EventSource: "sts.amazonaws.com",
					CloudTrailEvent: `{}`,
				},
			},
			NextToken: "AAECAwQFBgc",
		})
	}},
	{"lookup_events_empty", 200, "", func(w http.ResponseWriter, id string) error {
		return jsonrpc.WriteResponse(w, id, &cloudtrail.LookupEventsResponse{Events: []cloudtrail.Event{}})
	}},
	{"error_invalid_time_range", 400, "InvalidTimeRangeException", func(w http.ResponseWriter, id string) error {
		return jsonrpc.WriteError(w, id, awserr.New("InvalidTimeRangeException", 400,
			`The start time must not be after the end time.`))
	}},
	{"error_internal_failure", 500, "InternalFailure", func(w http.ResponseWriter, id string) error {
		return jsonrpc.WriteError(w, id, nil)
	}},
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := httptest.NewRecorder()
			requestID := "req-" + tc.name
			if err := tc.write(rec, requestID); err != nil {
				t.Fatal(err)
			}
			res := rec.Result()
			if res.StatusCode != tc.status {
				t.Errorf("status = %d, want %d", res.StatusCode, tc.status)
			}
			body := rec.Body.Bytes()
			for name, want := range map[string]string{
				"Content-Type":     "application/x-amz-json-1.1",
				"x-amzn-RequestId": requestID,
				"x-amzn-ErrorType": tc.errorType,
				"Content-Length":   strconv.Itoa(len(body)),
			} {
				if got := res.Header.Get(name); got != want {
					t.Errorf("header %s = %q, want %q", name, got, want)
				}
			}
			path := filepath.Join("testdata", tc.name+".json")
			if *update {
				if err := os.WriteFile(path, body, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(body, want) {
				t.Errorf("body differs from %s:\n got: %s\nwant: %s", path, body, want)
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	if err := jsonrpc.WriteResponse(rec, "5b1e-req", nil); err != nil {
		t.Fatal(err)
	}
	if got := rec.Header().Get("X-Amzn-RequestId"); got != "5b1e-req" {
		t.Errorf("x-amzn-RequestId = %q", got)
	}
	if rec.Body.String() != "{}" || rec.Code != 200 {
		t.Errorf("nil output = %d %s, want 200 {}", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	if err := jsonrpc.WriteError(rec, "r", &awserr.Error{Code: "Odd", Message: "no status"}); err != nil {
		t.Fatal(err)
	}
	if rec.Code != 500 || rec.Header().Get("X-Amzn-Errortype") != "Odd" || rec.Header().Get("X-Amzn-Requestid") != "r" {
		t.Errorf("error without status = %d %v", rec.Code, rec.Header())
	}
}

// TestWriteResponseEncodeError checks that nothing is written when the
// output cannot be encoded, so that the caller can still send an error.
func TestWriteResponseEncodeError(t *testing.T) {
	t.Parallel()
	rec := httptest.NewRecorder()
	err := jsonrpc.WriteResponse(rec, "r", &allKinds{F: ptr(0.0), Nested: &allKinds{Doc: make(chan int)}})
	if err == nil {
		t.Fatal("WriteResponse of an unencodable output succeeded")
	}
	if rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("WriteResponse wrote %v %q before failing", rec.Header(), rec.Body)
	}
}

type failingWriter struct{ *httptest.ResponseRecorder }

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestWriteFailure(t *testing.T) {
	t.Parallel()
	w := failingWriter{httptest.NewRecorder()}
	if err := jsonrpc.WriteResponse(w, "r", nil); err == nil {
		t.Error("WriteResponse hid a write failure")
	}
	if err := jsonrpc.WriteError(w, "r", nil); err == nil {
		t.Error("WriteError hid a write failure")
	}
}
