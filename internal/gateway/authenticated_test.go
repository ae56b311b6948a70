package gateway

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/iamd/iamd/internal/principal"
)

func TestAuthenticatedHook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, caller, body string
		want               string // "" when the hook must not run
	}{
		{"allowed call", "root", "Action=Greet&Name=ann", "arn:aws:iam::111122223333:root fake us-east-1 Greet"},
		{"denied call still counts", "user", "Action=Greet&Name=ann", "arn:aws:iam::111122223333:user/bob fake us-east-1 Greet"},
		{"unknown action", "root", "Action=Nope", ""},
		{"forged signature", "forged", "Action=Greet&Name=ann", ""},
		{"anonymous call", "", "Action=Federate", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var logs bytes.Buffer
			g := newTestGateway(t, &logs)
			var mu sync.Mutex
			var got []string
			g.cfg.Authenticated = func(p *principal.Principal, service, region, op string) {
				mu.Lock()
				defer mu.Unlock()
				got = append(got, strings.Join([]string{p.ARN, service, region, op}, " "))
			}
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(tc.body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Test-Caller", tc.caller)
			req.Header.Set("X-Test-Service", "fake")
			g.ServeHTTP(httptest.NewRecorder(), req)
			var want []string
			if tc.want != "" {
				want = []string{tc.want}
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("hook calls = %q, want %q", got, want)
			}
		})
	}
}
