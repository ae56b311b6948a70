package gateway

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// recordingAuditor notes how each request reached the audit trail.
type recordingAuditor struct {
	mu     sync.Mutex
	events []auditedRequest
}

type auditedRequest struct {
	how string // "record" or "transact"
	req audit.Request
}

func (a *recordingAuditor) Record(_ context.Context, req *audit.Request) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.events = append(a.events, auditedRequest{"record", *req})
}

func (a *recordingAuditor) Transact(ctx context.Context, req *audit.Request, invoke func(context.Context) (any, error)) (any, error) {
	out, err := invoke(ctx)
	a.mu.Lock()
	defer a.mu.Unlock()
	if err != nil {
		req.Err = audit.AsAWSError(err)
		a.events = append(a.events, auditedRequest{"record", *req})
		return nil, err
	}
	req.Output = out
	a.events = append(a.events, auditedRequest{"transact", *req})
	return out, nil
}

// TestEveryRequestIsAudited: however a request ends, exactly one event
// records it; a mutating success goes through Transact.
func TestEveryRequestIsAudited(t *testing.T) {
	t.Parallel()
	form := func(kv ...string) string {
		v := url.Values{}
		for i := 0; i < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return v.Encode()
	}
	tests := []struct {
		name, caller, service, body string
		how, operation, errCode     string
		principal                   principal.Type
		resource                    string
	}{
		{"success", "root", "fake", form("Action", "Greet", "Name", "ann"), "transact", "Greet", "", principal.Root, "arn:aws:fake::111122223333:greeting/ann"},
		{"denied", "user", "fake", form("Action", "Greet", "Name", "ann"), "record", "Greet", "AccessDenied", principal.IAMUser, "arn:aws:fake::111122223333:greeting/ann"},
		{"validation", "root", "fake", form("Action", "Greet"), "record", "Greet", "ValidationError", principal.Root, "arn:aws:fake::111122223333:greeting/"},
		{"unknown action", "root", "fake", form("Action", "Nope"), "record", "Nope", "InvalidAction", principal.Root, ""},
		{"no credentials", "", "", form("Action", "Greet", "Name", "x"), "record", "Greet", "MissingAuthenticationToken", "", ""},
		{"forged signature", "forged", "other", form("Action", "Federate"), "record", "Federate", "SignatureDoesNotMatch", "", ""},
		{"anonymous", "", "", form("Action", "Federate"), "transact", "Federate", "", principal.Anonymous, ""},
		{"internal failure", "root", "fake", form("Action", "Broken"), "record", "Broken", "InternalFailure", principal.Root, ""},
		{"unknown action name is bounded", "root", "fake", form("Action", strings.Repeat("x", 500)), "record", strings.Repeat("x", maxEventNameLength), "InvalidAction", principal.Root, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g := newTestGateway(t, &bytes.Buffer{})
			auditor := &recordingAuditor{}
			g.cfg.Auditor = auditor
			r := httptest.NewRequest("POST", "/", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("User-Agent", "aws-cli/2.0 test")
			if tt.caller != "" {
				r.Header.Set("X-Test-Caller", tt.caller)
				r.Header.Set("X-Test-Service", tt.service)
			}
			g.ServeHTTP(httptest.NewRecorder(), r)
			if len(auditor.events) != 1 {
				t.Fatalf("%d events, want 1: %+v", len(auditor.events), auditor.events)
			}
			ev := auditor.events[0]
			if ev.how != tt.how || ev.req.Operation != tt.operation || ev.req.Resource != tt.resource {
				t.Errorf("event how=%s op=%q resource=%q, want %s %q %q", ev.how, ev.req.Operation, ev.req.Resource, tt.how, tt.operation, tt.resource)
			}
			gotCode := ""
			if ev.req.Err != nil {
				gotCode = ev.req.Err.Code
			}
			if gotCode != tt.errCode {
				t.Errorf("error code = %q, want %q", gotCode, tt.errCode)
			}
			var gotType principal.Type
			if ev.req.Principal != nil {
				gotType = ev.req.Principal.Type
			}
			if gotType != tt.principal {
				t.Errorf("principal type = %q, want %q", gotType, tt.principal)
			}
			if ev.req.EventID == "" || ev.req.RequestID == "" || ev.req.UserAgent != "aws-cli/2.0 test" || ev.req.SourceIP == "" || ev.req.Time.IsZero() {
				t.Errorf("event lacks request facts: %+v", ev.req)
			}
		})
	}
}

// TestCallIsAuditedAsConsole: an operation called for the console is
// authorized and audited like a signed request, marked as the console's.
func TestCallIsAuditedAsConsole(t *testing.T) {
	t.Parallel()
	g := newTestGateway(t, &bytes.Buffer{})
	auditor := &recordingAuditor{}
	g.cfg.Auditor = auditor
	root := &principal.Principal{Type: principal.Root, AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:root"}
	user := &principal.Principal{Type: principal.IAMUser, AccountID: "111122223333", ARN: "arn:aws:iam::111122223333:user/bob"}
	facts := service.RequestFacts{SourceIP: "192.0.2.7", UserAgent: "Mozilla/5.0"}
	out, err := g.Call(context.Background(), root, facts, "fake", "Greet", &greetInput{Name: "ann"})
	if err != nil || out.(*greetOutput).Greeting != "hello <ann>" {
		t.Fatalf("Call = %v, %v", out, err)
	}
	if _, err := g.Call(context.Background(), user, facts, "fake", "Greet", &greetInput{Name: "ann"}); err == nil || !strings.Contains(err.Error(), "AccessDenied") {
		t.Fatalf("Call as a user without rights = %v, want AccessDenied", err)
	}
	if _, err := g.Call(context.Background(), root, facts, "fake", "Greet", &greetInput{}); err == nil || !strings.Contains(err.Error(), "ValidationError") {
		t.Fatalf("Call with invalid input = %v, want ValidationError", err)
	}
	if len(auditor.events) != 3 {
		t.Fatalf("%d events, want 3", len(auditor.events))
	}
	for _, ev := range auditor.events {
		if !ev.req.Console || ev.req.SourceIP != "192.0.2.7" || ev.req.Operation != "Greet" {
			t.Errorf("event = %+v, want a console event of Greet from 192.0.2.7", ev.req)
		}
	}
}
