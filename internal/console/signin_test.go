package console

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/service/iam"
)

// Sign-in fixtures of the fake account 123456789012 (alias example-corp).
var (
	signinMFAUser = Identity{
		AccountID: "123456789012", UserID: "AIDABOB", UserName: "bob", ARN: "arn:aws:iam::123456789012:user/bob",
		MFASerial: "arn:aws:iam::123456789012:mfa/bob", PasswordResetRequired: true,
	}
	signinResetUser = Identity{
		AccountID: "123456789012", UserID: "AIDACAROL", UserName: "carol", ARN: "arn:aws:iam::123456789012:user/carol",
		PasswordResetRequired: true,
	}
	signinRoot = Identity{AccountID: "123456789012", Root: true, UserID: "123456789012", ARN: "arn:aws:iam::123456789012:root"}
)

// newSigninConsole is a test console whose fake backend knows alice
// (plain), bob (MFA and a forced reset), carol (forced reset) and the root.
func newSigninConsole(t *testing.T) *testConsole {
	t.Helper()
	tc := newTestConsole(t)
	tc.backend.users["123456789012/alice"] = fakeUser{password: "alice-pw", id: alice}
	tc.backend.users["123456789012/bob"] = fakeUser{password: "bob-pw", id: signinMFAUser}
	tc.backend.users["123456789012/carol"] = fakeUser{password: "carol-pw", id: signinResetUser}
	tc.backend.users["123456789012/root:owner@example.com"] = fakeUser{password: "root-pw", id: signinRoot}
	return tc
}

// signinBrowser is a browser with a cookie jar that does not follow
// redirects, so tests see each Location.
func signinBrowser(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]*)"`)

// signinToken opens a sign-in page and returns its form's CSRF token.
func (tc *testConsole) signinToken(client *http.Client, path string) string {
	tc.t.Helper()
	status, body := tc.get(client, path)
	m := csrfField.FindStringSubmatch(body)
	if status != http.StatusOK || m == nil {
		tc.t.Fatalf("GET %s: status %d, no csrf field in\n%s", path, status, body)
	}
	return m[1]
}

// signIn signs client in at the alias link and returns the redirect.
func (tc *testConsole) signIn(client *http.Client, form url.Values) (int, string, string) {
	tc.t.Helper()
	form.Set("csrf", tc.signinToken(client, "/signin/example-corp"))
	return tc.post(client, nil, "/signin/example-corp", form)
}

// sessionOf returns the stored session of client's cookie, nil if none.
func (tc *testConsole) sessionOf(client *http.Client) *Session {
	tc.t.Helper()
	u, _ := url.Parse(tc.server.URL)
	for _, ck := range client.Jar.Cookies(u) {
		if ck.Name == tc.console.cookieName() {
			s, err := tc.backend.sessions.Get(context.Background(), hashID(ck.Value))
			if err != nil {
				return nil
			}
			return s
		}
	}
	return nil
}

func TestSigninAccountChooser(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, path   string
		status       int
		location     string
		wantInBody   []string
		unwantInBody []string
	}{
		{name: "form", path: "/signin", status: 200, wantInBody: []string{`name="account"`, `for="signin-account"`}},
		{name: "alias", path: "/signin?account=example-corp", status: 303, location: "/signin/example-corp"},
		{name: "id", path: "/signin?account=+123456789012+", status: 303, location: "/signin/123456789012"},
		{name: "unknown", path: "/signin?account=nope", status: 404, wantInBody: []string{msgNoSuchAccount, `value="nope"`}},
		{name: "slash", path: "/signin/", status: 302, location: "/signin"},
		{name: "unknown link", path: "/signin/nope", status: 404, wantInBody: []string{msgNoSuchAccount}},
		{name: "user form", path: "/signin/example-corp", status: 200,
			wantInBody:   []string{"example-corp", "123456789012", "IAM user name", `action="/signin/example-corp"`, `href="/signin/example-corp?root=1"`},
			unwantInBody: []string{`name="root"`}},
		{name: "alias named mfa", path: "/signin/mfa", status: 200,
			wantInBody: []string{"210987654321", `action="/signin/mfa"`}},
		{name: "mfa step without a session", path: "/signin/123456789012/mfa", status: 303, location: "/signin"},
		{name: "root form", path: "/signin/123456789012?root=1", status: 200,
			wantInBody: []string{"Root user email address or account name", `name="root" value="1"`, `action="/signin/123456789012"`}},
	}
	tc := newSigninConsole(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := signinBrowser(t).Get(tc.server.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body := readAll(t, res)
			res.Body.Close()
			if res.StatusCode != tt.status || res.Header.Get("Location") != tt.location {
				t.Fatalf("status %d location %q, want %d %q\n%s", res.StatusCode, res.Header.Get("Location"), tt.status, tt.location, body)
			}
			for _, s := range tt.wantInBody {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q", s)
				}
			}
			for _, s := range tt.unwantInBody {
				if strings.Contains(body, s) {
					t.Errorf("body has %q", s)
				}
			}
		})
	}
}

func TestSigninActiveSessionGoesToConsole(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	client, _ := tc.signedInClient(alice)
	for _, path := range []string{"/signin", "/signin/example-corp"} {
		res, err := client.Get(tc.server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/console/" {
			t.Errorf("GET %s: %d %q, want 303 /console/", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
}

func TestSigninCookie(t *testing.T) {
	t.Parallel()
	for _, insecure := range []bool{false, true} {
		c, err := New(Config{Backend: newFakeBackend(), InsecureCookies: insecure})
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/signin/example-corp", nil))
		cookies := rec.Result().Cookies()
		if len(cookies) != 1 {
			t.Fatalf("cookies %v, want one", cookies)
		}
		ck := cookies[0]
		if ck.Name != signinCookie || !ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode || ck.Path != "/signin" || ck.Secure == insecure {
			t.Errorf("insecure=%v: cookie %+v", insecure, ck)
		}
		if !strings.Contains(rec.Body.String(), `value="`+ck.Value+`"`) {
			t.Errorf("the form does not carry the cookie's token")
		}
	}
}

func TestSigninCSRF(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	tests := []struct {
		name   string
		cookie bool
		token  string
	}{
		{name: "no token", cookie: true},
		{name: "wrong token", cookie: true, token: "AAAAAAAAAAAAAAAAAAAAAAAAAA"},
		{name: "no cookie", token: "AAAAAAAAAAAAAAAAAAAAAAAAAA"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := signinBrowser(t)
			if tt.cookie {
				tc.signinToken(client, "/signin/example-corp")
			}
			form := url.Values{"name": {"alice"}, "password": {"alice-pw"}}
			if tt.token != "" {
				form.Set("csrf", tt.token)
			}
			status, _, _ := tc.post(client, nil, "/signin/example-corp", form)
			if status != http.StatusForbidden {
				t.Fatalf("status %d, want 403", status)
			}
			if tc.sessionOf(client) != nil {
				t.Fatal("a session was started")
			}
		})
	}
}

func TestSigninFailures(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	tests := []struct {
		name string
		form url.Values
	}{
		{name: "wrong password", form: url.Values{"name": {"alice"}, "password": {"Wrong-Secret-1"}}},
		{name: "unknown user", form: url.Values{"name": {"mallory"}, "password": {"Wrong-Secret-1"}}},
		{name: "empty password", form: url.Values{"name": {"alice"}}},
		{name: "root wrong password", form: url.Values{"root": {"1"}, "name": {"owner@example.com"}, "password": {"Wrong-Secret-1"}}},
		{name: "user name at root form", form: url.Values{"root": {"1"}, "name": {"alice"}, "password": {"alice-pw"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := signinBrowser(t)
			status, _, body := tc.signIn(client, tt.form)
			if status != http.StatusUnauthorized || !strings.Contains(body, msgBadCredentials) {
				t.Fatalf("status %d, want 401 with the generic message\n%s", status, body)
			}
			if strings.Contains(body, "Wrong-Secret-1") {
				t.Error("the password was echoed")
			}
			if !strings.Contains(body, `value="`+tt.form.Get("name")+`"`) {
				t.Error("the name was not kept")
			}
			if tc.sessionOf(client) != nil {
				t.Error("a session was started")
			}
		})
	}
}

// throttledBackend refuses every password, as the limiter does after too
// many failures.
type throttledBackend struct{ *fakeBackend }

func (throttledBackend) SignInUser(context.Context, service.RequestFacts, string, string, string) (*Identity, error) {
	return nil, ErrThrottled
}

func TestSigninThrottled(t *testing.T) {
	t.Parallel()
	c, err := New(Config{Backend: throttledBackend{newFakeBackend()}, InsecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	tc := &testConsole{t: t, backend: newFakeBackend(), console: c, server: srv}
	status, _, body := tc.signIn(signinBrowser(t), url.Values{"name": {"alice"}, "password": {"alice-pw"}})
	if status != http.StatusTooManyRequests || !strings.Contains(body, msgThrottled) {
		t.Fatalf("status %d, want 429 with the throttle message\n%s", status, body)
	}
}

func TestSigninStages(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	tests := []struct {
		name     string
		form     url.Values
		location string
		stage    Stage
	}{
		{name: "plain user", form: url.Values{"name": {"alice"}, "password": {"alice-pw"}}, location: "/console/", stage: StageActive},
		{name: "mfa user", form: url.Values{"name": {"bob"}, "password": {"bob-pw"}}, location: "/signin/123456789012/mfa", stage: StageMFA},
		{name: "reset user", form: url.Values{"name": {"carol"}, "password": {"carol-pw"}}, location: "/console/change-password", stage: StagePassword},
		{name: "root", form: url.Values{"root": {"1"}, "name": {"owner@example.com"}, "password": {"root-pw"}}, location: "/console/", stage: StageActive},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client := signinBrowser(t)
			status, location, body := tc.signIn(client, tt.form)
			if status != http.StatusSeeOther || location != tt.location {
				t.Fatalf("%d %q, want 303 %q\n%s", status, location, tt.location, body)
			}
			s := tc.sessionOf(client)
			if s == nil || s.Stage != tt.stage || !s.MFAAt.IsZero() {
				t.Fatalf("session %+v, want stage %s without MFA", s, tt.stage)
			}
		})
	}
}

// TestSigninFlow walks a user through password, MFA code and the forced
// password change, then signs out.
func TestSigninFlow(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	tc.backend.on("iam:ChangePassword", func(*principal.Principal, any) (any, error) { return nil, nil })
	tc.backend.on("iam:ListMFADevices", func(*principal.Principal, any) (any, error) {
		return &iam.ListMFADevicesResponse{}, nil
	})
	client := signinBrowser(t)
	expect := func(step string, status int, location string, gotStatus int, gotLocation, body string) {
		t.Helper()
		if gotStatus != status || gotLocation != location {
			t.Fatalf("%s: %d %q, want %d %q\n%s", step, gotStatus, gotLocation, status, location, body)
		}
	}
	getStep := func(step, path string, status int, location string) string {
		t.Helper()
		res, err := client.Get(tc.server.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body := readAll(t, res)
		expect(step, status, location, res.StatusCode, res.Header.Get("Location"), body)
		return body
	}

	st, loc, body := tc.signIn(client, url.Values{"name": {"bob"}, "password": {"bob-pw"}})
	expect("password", 303, "/signin/123456789012/mfa", st, loc, body)
	s := tc.sessionOf(client)

	// Waiting for the code, nothing of the console opens.
	for _, path := range []string{"/console/", "/console/mfa", "/console/change-password"} {
		getStep("console before MFA "+path, path, 303, "/signin/123456789012/mfa")
	}
	getStep("mfa page of another account", "/signin/210987654321/mfa", 303, "/signin/123456789012/mfa")
	body = getStep("mfa page", "/signin/123456789012/mfa", 200, "")
	for _, want := range []string{`autocomplete="one-time-code"`, `inputmode="numeric"`, `pattern="[0-9]{6}"`} {
		if !strings.Contains(body, want) {
			t.Errorf("MFA page lacks %s", want)
		}
	}
	st, _, _ = tc.post(client, nil, "/signin/123456789012/mfa", url.Values{"code": {"123456"}})
	expect("mfa without csrf", 403, "", st, "", "")
	st, loc, body = tc.post(client, s, "/signin/123456789012/mfa", url.Values{"code": {"654321"}})
	expect("wrong code", 401, "", st, loc, body)
	if !strings.Contains(body, msgBadCredentials) {
		t.Errorf("wrong code: no generic message")
	}
	st, loc, body = tc.post(client, s, "/signin/123456789012/mfa", url.Values{"code": {"12345x"}})
	expect("malformed code", 400, "", st, loc, body)
	st, loc, body = tc.post(client, s, "/signin/123456789012/mfa", url.Values{"code": {"123456"}})
	expect("right code", 303, "/console/change-password", st, loc, body)
	if s = tc.sessionOf(client); s.Stage != StagePassword || s.MFAAt.IsZero() {
		t.Fatalf("after the code: %+v", s)
	}

	// The forced change comes before anything else.
	getStep("console before change", "/console/mfa", 303, "/console/change-password")
	body = getStep("change page", "/console/change-password", 200, "")
	if !strings.Contains(body, `data-testid="forced-change"`) {
		t.Error("the forced change is not explained")
	}
	st, loc, body = tc.post(client, s, "/console/change-password", url.Values{
		"old_password": {"bob-pw"}, "new_password": {"N3w-Passw0rd!"}, "confirm_password": {"N3w-Passw0rd?"},
	})
	expect("mismatch", 400, "", st, loc, body)
	if len(tc.backend.called("iam:ChangePassword")) != 0 {
		t.Fatal("ChangePassword called despite the mismatch")
	}
	st, loc, body = tc.post(client, s, "/console/change-password", url.Values{
		"old_password": {"bob-pw"}, "new_password": {"N3w-Passw0rd!"}, "confirm_password": {"N3w-Passw0rd!"},
	})
	expect("change", 303, "/console/?notice="+noticePasswordChanged, st, loc, body)
	calls := tc.backend.called("iam:ChangePassword")
	if len(calls) != 1 {
		t.Fatalf("ChangePassword calls %d", len(calls))
	}
	if in := calls[0].In.(*iam.ChangePasswordRequest); in.OldPassword != "bob-pw" || in.NewPassword != "N3w-Passw0rd!" {
		t.Errorf("ChangePassword input %+v", in)
	}
	if p := calls[0].Principal; p.UserName != "bob" || !p.Session.MFA {
		t.Errorf("ChangePassword principal %+v, want bob with MFA", p)
	}
	if s = tc.sessionOf(client); s.Stage != StageActive || s.Identity.PasswordResetRequired {
		t.Fatalf("after the change: %+v", s)
	}
	getStep("console after change", "/console/mfa", 200, "")

	// Sign-out ends the session everywhere: the old cookie opens nothing.
	u, _ := url.Parse(tc.server.URL)
	oldCookies := client.Jar.Cookies(u)
	st, loc, _ = tc.post(client, s, "/console/signout", nil)
	expect("sign out", 303, "/signin/example-corp", st, loc, "")
	if _, err := tc.backend.sessions.Get(context.Background(), s.IDHash); err != ErrNoSession {
		t.Fatalf("session still stored: %v", err)
	}
	replay := signinBrowser(t)
	replay.Jar.SetCookies(u, oldCookies)
	res, err := replay.Get(tc.server.URL + "/console/mfa")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Fatalf("old cookie: %d %q, want 303 /signin", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestSignOut(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	tests := []struct {
		name     string
		signedIn bool
		csrf     bool
		status   int
		location string
		kept     bool
	}{
		{name: "signed in", signedIn: true, csrf: true, status: 303, location: "/signin/example-corp"},
		{name: "no csrf", signedIn: true, status: 403, kept: true},
		{name: "no session", status: 303, location: "/signin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, s := signinBrowser(t), (*Session)(nil)
			if tt.signedIn {
				client, s = tc.signedInClient(alice)
			}
			form := url.Values{}
			if !tt.csrf {
				form.Set("csrf", "x")
			}
			status, location, _ := tc.post(client, s, "/console/signout", form)
			if status != tt.status || location != tt.location {
				t.Fatalf("%d %q, want %d %q", status, location, tt.status, tt.location)
			}
			if s != nil {
				_, err := tc.backend.sessions.Get(context.Background(), s.IDHash)
				if kept := err == nil; kept != tt.kept {
					t.Fatalf("session kept %v, want %v", kept, tt.kept)
				}
			}
		})
	}
}

// TestSigninReplacesHalfSession: signing in again from the MFA step does
// not leave the first session behind.
func TestSigninReplacesHalfSession(t *testing.T) {
	t.Parallel()
	tc := newSigninConsole(t)
	client := signinBrowser(t)
	tc.signIn(client, url.Values{"name": {"bob"}, "password": {"bob-pw"}})
	first := tc.sessionOf(client)
	status, location, _ := tc.signIn(client, url.Values{"name": {"alice"}, "password": {"alice-pw"}})
	if status != http.StatusSeeOther || location != "/console/" {
		t.Fatalf("%d %q", status, location)
	}
	if _, err := tc.backend.sessions.Get(context.Background(), first.IDHash); err != ErrNoSession {
		t.Fatalf("first session kept: %v", err)
	}
}

func TestSigninBackendFailure(t *testing.T) {
	t.Parallel()
	// Anything but a credential error is not the person's fault: a
	// generic failure, never the cause.
	var problem string
	c := &Console{cfg: Config{Logger: slog.New(slog.DiscardHandler)}}
	r := httptest.NewRequest(http.MethodPost, "/signin/example-corp", nil)
	if status := c.signinFailure(r, awserr.InternalFailure(), &problem); status != 500 || problem != msgSigninFailed {
		t.Fatalf("%d %q", status, problem)
	}
}
