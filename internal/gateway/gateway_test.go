package gateway

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// Shapes of a small fake service, tagged as the generated ones are.
type greetInput struct {
	Name  string   `query:"Name"`
	Names []string `query:"Names"`
}

func (in *greetInput) Validate() error {
	if in.Name == "" {
		return awserr.ValidationError("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null")
	}
	return nil
}

type greetOutput struct {
	Greeting string   `xml:"Greeting"`
	Names    []string `xml:"Names"`
}

type emptyInput struct{}

type denyAll struct{}

func (denyAll) Authorize(_ context.Context, req *service.AuthzRequest) error {
	if req.Principal.IsRoot() {
		return nil
	}
	return awserr.AccessDenied("User: " + req.Principal.ARN + " is not authorized to perform: " + req.Action + " on resource: " + req.Resource)
}

const (
	fakeNS     = "https://fake.amazonaws.com/doc/2020-01-01/"
	fakeOtherN = "https://other.amazonaws.com/doc/2021-01-01/"
)

func newTestGateway(t *testing.T, logs *bytes.Buffer) *Gateway {
	t.Helper()
	greet := func(_ context.Context, in *greetInput) (*greetOutput, error) {
		return &greetOutput{Greeting: "hello <" + in.Name + ">", Names: in.Names}, nil
	}
	broken := func(context.Context, *emptyInput) (*greetOutput, error) {
		return nil, errors.New("database password hunter2 rejected")
	}
	fakeReg, err := service.NewRegistry([]service.Operation{
		service.Op("fake", "Greet", greet, service.OnResource(func(p *principal.Principal, in *greetInput) string {
			return "arn:aws:fake::" + p.AccountID + ":greeting/" + in.Name
		})),
		service.Op("fake", "Broken", broken),
	})
	if err != nil {
		t.Fatal(err)
	}
	otherReg, err := service.NewRegistry([]service.Operation{
		service.Op("other", "Whoami", func(ctx context.Context, _ *emptyInput) (*greetOutput, error) {
			return &greetOutput{Greeting: principal.FromContext(ctx).ARN}, nil
		}, service.NoAuthorization[emptyInput]()),
		service.Op("other", "Federate", func(ctx context.Context, _ *emptyInput) (*greetOutput, error) {
			return &greetOutput{Greeting: string(principal.FromContext(ctx).Type)}, nil
		}, service.AllowAnonymous[emptyInput]()),
	})
	if err != nil {
		t.Fatal(err)
	}
	wrap := map[string]string{"Greet": "GreetResult", "Whoami": "WhoamiResult", "Federate": "FederateResult"}
	return New(Config{
		Services: []Service{
			{Name: "fake", APIVersion: "2020-01-01", XMLNamespace: fakeNS, Registry: fakeReg, ResultWrapper: func(op string) string { return wrap[op] }},
			{Name: "other", APIVersion: "2021-01-01", XMLNamespace: fakeOtherN, Registry: otherReg, ResultWrapper: func(op string) string { return wrap[op] }},
		},
		Authenticate: func(_ context.Context, r *http.Request, _ []byte) (*principal.Principal, string, string, error) {
			switch r.Header.Get("X-Test-Caller") {
			case "forged":
				return nil, "", "", awserr.SignatureDoesNotMatch()
			case "root":
				return &principal.Principal{Type: principal.Root, AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:root"}, r.Header.Get("X-Test-Service"), "us-east-1", nil
			case "user":
				return &principal.Principal{Type: principal.IAMUser, AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:user/bob"}, r.Header.Get("X-Test-Service"), "us-east-1", nil
			default:
				return nil, "", "", awserr.MissingAuthenticationToken()
			}
		},
		Authorizer:   denyAll{},
		NewRequestID: func() (string, error) { return "00000000-0000-4000-8000-000000000001", nil },
		Logger:       slog.New(slog.NewTextHandler(logs, nil)),
		MaxBodyBytes: 4096,
	})
}

func TestGateway(t *testing.T) {
	t.Parallel()
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	tests := []struct {
		name, method, caller, service, query, body string
		wantStatus                                 int
		golden                                     string
	}{
		{name: "post form", method: "POST", caller: "root", service: "fake",
			body:       form("Action", "Greet", "Version", "2020-01-01", "Name", "ann", "Names.member.1", "a", "Names.member.2", "b"),
			wantStatus: 200, golden: "greet.xml"},
		{name: "get query", method: "GET", caller: "root", service: "fake",
			query:      form("Action", "Greet", "Version", "2020-01-01", "Name", "ann", "Names.member.1", "a", "Names.member.2", "b"),
			wantStatus: 200, golden: "greet.xml"},
		{name: "no credentials", method: "POST", body: form("Action", "Greet", "Name", "x"),
			wantStatus: 403, golden: "missing_token.xml"},
		{name: "unauthenticated call of another service's action uses its namespace", method: "POST",
			body: form("Action", "Whoami"), wantStatus: 403, golden: "missing_token_other.xml"},
		{name: "missing action", method: "POST", caller: "root", service: "fake", body: form("Name", "x"),
			wantStatus: 400, golden: "missing_action.xml"},
		{name: "unknown action", method: "POST", caller: "root", service: "fake", body: form("Action", "Nope"),
			wantStatus: 400, golden: "invalid_action.xml"},
		{name: "an action of another service is unknown in this one", method: "POST", caller: "root", service: "fake",
			body: form("Action", "Whoami"), wantStatus: 400, golden: "invalid_action_whoami.xml"},
		{name: "validation", method: "POST", caller: "root", service: "fake", body: form("Action", "Greet"),
			wantStatus: 400, golden: "validation.xml"},
		{name: "denied", method: "POST", caller: "user", service: "fake", body: form("Action", "Greet", "Name", "ann"),
			wantStatus: 403, golden: "denied.xml"},
		{name: "no authorization needed", method: "POST", caller: "user", service: "other", body: form("Action", "Whoami"),
			wantStatus: 200, golden: "whoami.xml"},
		{name: "an operation that needs no credentials runs unsigned", method: "POST", body: form("Action", "Federate"),
			wantStatus: 200, golden: "federate_anonymous.xml"},
		{name: "a bad signature on such an operation is still refused", method: "POST", caller: "forged", service: "other",
			body: form("Action", "Federate"), wantStatus: 403, golden: "federate_forged.xml"},
		{name: "internal failure hides the cause", method: "POST", caller: "root", service: "fake", body: form("Action", "Broken"),
			wantStatus: 500, golden: "internal.xml"},
		{name: "body too large", method: "POST", caller: "root", service: "fake",
			body: form("Action", "Greet", "Name", strings.Repeat("n", 5000)), wantStatus: 413, golden: "too_large.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			g := newTestGateway(t, &logs)
			r := httptest.NewRequest(tt.method, "/?"+tt.query, strings.NewReader(tt.body))
			if tt.body != "" {
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
			}
			if tt.caller != "" {
				r.Header.Set("X-Test-Caller", tt.caller)
				r.Header.Set("X-Test-Service", tt.service)
			}
			w := httptest.NewRecorder()
			g.ServeHTTP(w, r)
			if w.Code != tt.wantStatus {
				t.Fatalf("status = %d, want %d; body:\n%s", w.Code, tt.wantStatus, w.Body)
			}
			if got := w.Header().Get("x-amzn-RequestId"); got != "00000000-0000-4000-8000-000000000001" {
				t.Fatalf("x-amzn-RequestId = %q", got)
			}
			if ct := w.Header().Get("Content-Type"); ct != "text/xml" {
				t.Fatalf("Content-Type = %q", ct)
			}
			checkGolden(t, tt.golden, w.Body.Bytes())
			if strings.Contains(w.Body.String(), "hunter2") {
				t.Fatal("the response leaks an internal error's text")
			}
			if tt.golden == "internal.xml" && !strings.Contains(logs.String(), "hunter2") {
				t.Fatal("the internal error's cause was not logged")
			}
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/gateway -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s differs:\n got: %s\nwant: %s", name, got, want)
	}
}
