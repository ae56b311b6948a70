package console

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

func TestPagesCarrySecurityHeaders(t *testing.T) {
	tc := newTestConsole(t)
	res, err := http.Get(tc.server.URL + "/signin")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for header, want := range map[string]string{
		"X-Frame-Options":        "DENY",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "no-store",
	} {
		if got := res.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	for _, asset := range []string{"/console/assets/console.css", "/console/assets/console.js"} {
		res, err := http.Get(tc.server.URL + asset)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", asset, res.StatusCode)
		}
	}
}

func TestSignedInPagesNeedALiveSession(t *testing.T) {
	tc := newTestConsole(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tc.console.cfg.Now = func() time.Time { return now }
	tc.backend.on("iam:ListUsers", func(*principal.Principal, any) (any, error) { return &iam.ListUsersResponse{}, nil })
	tests := []struct {
		name     string
		signedIn bool
		advance  time.Duration
		post     url.Values
		want     int
	}{
		{"no cookie goes to sign-in", false, 0, nil, http.StatusSeeOther},
		{"a live session reads a page", true, 59 * time.Minute, nil, http.StatusOK},
		{"a live session may post with its token", true, 0, url.Values{}, http.StatusSeeOther},
		{"a post without the token is refused", true, 0, url.Values{"csrf": {"forged"}}, http.StatusForbidden},
		{"idle for longer than the idle timeout", true, 61 * time.Minute, nil, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, s := tc.signedInClient(alice)
			if !tt.signedIn {
				client = &http.Client{CheckRedirect: client.CheckRedirect}
			}
			now = now.Add(tt.advance)
			if tt.post != nil {
				status, location, _ := tc.post(client, s, "/console/signout", tt.post)
				if status != tt.want {
					t.Fatalf("POST signout = %d (%s), want %d", status, location, tt.want)
				}
				return
			}
			req, _ := http.NewRequest(http.MethodGet, tc.server.URL+"/console/users", nil)
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tt.want || (tt.want == http.StatusSeeOther && res.Header.Get("Location") != "/signin") {
				t.Fatalf("GET /console/users = %d to %q, want %d", res.StatusCode, res.Header.Get("Location"), tt.want)
			}
		})
	}
}

func TestSessionsEndAtTheAbsoluteTimeout(t *testing.T) {
	tc := newTestConsole(t)
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	tc.console.cfg.Now = func() time.Time { return now }
	tc.backend.on("iam:ListUsers", func(*principal.Principal, any) (any, error) { return &iam.ListUsersResponse{}, nil })
	client, s := tc.signedInClient(alice)
	// Busy all day: never idle, yet the session ends after 12 hours.
	for range 12 * 4 {
		now = now.Add(15 * time.Minute)
		if status, _ := tc.get(client, "/console/users"); status == http.StatusSeeOther {
			if now.Sub(s.CreatedAt) <= 12*time.Hour {
				t.Fatalf("session ended after %v, before the absolute timeout", now.Sub(s.CreatedAt))
			}
			return
		}
	}
	now = now.Add(15 * time.Minute)
	if status, _ := tc.get(client, "/console/users"); status != http.StatusSeeOther {
		t.Fatalf("a session %v old still works", now.Sub(s.CreatedAt))
	}
	if _, err := tc.backend.sessions.Get(context.Background(), s.IDHash); err == nil {
		t.Fatal("the timed-out session is still stored")
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	tc := newTestConsole(t)
	client, s := tc.signedInClient(alice)
	form := url.Values{"csrf": {s.CSRF}}
	req := httptest.NewRequest(http.MethodPost, tc.server.URL+"/console/signout", strings.NewReader(form.Encode()))
	req.RequestURI = ""
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST = %d, want 403", res.StatusCode)
	}
	if _, err := tc.backend.sessions.Get(context.Background(), s.IDHash); err != nil {
		t.Fatal("a cross-site POST signed the person out")
	}
}
