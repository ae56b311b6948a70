package console

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// fakeBackend is a Backend for page tests: operations answer from ops,
// keyed "iam:ListUsers", and every call is noted.
type fakeBackend struct {
	mu       sync.Mutex
	ops      map[string]func(p *principal.Principal, in any) (any, error)
	calls    []fakeCall
	sessions *memorySessions
	// users maps "account/name" to password and identity for sign-in.
	users map[string]fakeUser
}

type fakeUser struct {
	password string
	id       Identity
}

type fakeCall struct {
	Principal *principal.Principal
	Op        string
	In        any
}

func newFakeBackend() *fakeBackend {
	return &fakeBackend{ops: map[string]func(*principal.Principal, any) (any, error){}, sessions: &memorySessions{m: map[string]Session{}}, users: map[string]fakeUser{}}
}

// on sets the answer of an operation ("iam:ListUsers").
func (f *fakeBackend) on(op string, h func(p *principal.Principal, in any) (any, error)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ops[op] = h
}

// called returns the calls made of op, in order.
func (f *fakeBackend) called(op string) []fakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeCall
	for _, c := range f.calls {
		if c.Op == op {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeBackend) Account(_ context.Context, idOrAlias string) (string, string, error) {
	switch idOrAlias {
	case "123456789012", "example-corp":
		return "123456789012", "example-corp", nil
	case "210987654321", "mfa":
		// An alias that reads like a sign-in step must still be a link.
		return "210987654321", "mfa", nil
	}
	return "", "", ErrNoAccount
}

func (f *fakeBackend) SignInUser(_ context.Context, _ service.RequestFacts, accountID, userName, password string) (*Identity, error) {
	u, ok := f.users[accountID+"/"+userName]
	if !ok || u.password != password {
		return nil, ErrBadCredentials
	}
	id := u.id
	return &id, nil
}

func (f *fakeBackend) SignInRoot(_ context.Context, _ service.RequestFacts, accountID, emailOrName, password string) (*Identity, error) {
	u, ok := f.users[accountID+"/root:"+emailOrName]
	if !ok || u.password != password {
		return nil, ErrBadCredentials
	}
	id := u.id
	return &id, nil
}

func (f *fakeBackend) VerifyMFA(_ context.Context, _ service.RequestFacts, _ *Identity, code string) (time.Time, error) {
	if code != "123456" {
		return time.Time{}, ErrBadCredentials
	}
	return time.Now(), nil
}

func (f *fakeBackend) Call(_ context.Context, p *principal.Principal, _ service.RequestFacts, svc, operation string, in any) (any, error) {
	key := svc + ":" + operation
	f.mu.Lock()
	f.calls = append(f.calls, fakeCall{Principal: p, Op: key, In: in})
	h := f.ops[key]
	f.mu.Unlock()
	if h == nil {
		return nil, awserr.AccessDenied(fmt.Sprintf("User: %s is not authorized to perform: %s", p.ARN, key))
	}
	return h(p, in)
}

func (f *fakeBackend) Sessions() Sessions { return f.sessions }

// ChangeRootPassword accepts "root-pw" as the current password and records
// the call.
func (f *fakeBackend) ChangeRootPassword(_ context.Context, _ service.RequestFacts, p *principal.Principal, oldPassword, newPassword string) error {
	f.mu.Lock()
	f.calls = append(f.calls, fakeCall{Principal: p, Op: "root:ChangePassword", In: []string{oldPassword, newPassword}})
	f.mu.Unlock()
	switch {
	case !p.IsRoot():
		return awserr.AccessDenied("only the root user")
	case oldPassword != "root-pw":
		return ErrBadCredentials
	case len(newPassword) < 8:
		return ErrRootPasswordLength
	}
	return nil
}

func (f *fakeBackend) EnableRootMFA(_ context.Context, _ service.RequestFacts, p *principal.Principal, serial, code1, code2 string) error {
	f.mu.Lock()
	f.calls = append(f.calls, fakeCall{Principal: p, Op: "root:EnableMFADevice", In: []string{serial, code1, code2}})
	f.mu.Unlock()
	if !p.IsRoot() {
		return awserr.AccessDenied("only the root user")
	}
	if code1 == code2 {
		return awserr.New("InvalidAuthenticationCode", 403, "Authentication code for device is not valid.")
	}
	return nil
}

type memorySessions struct {
	mu sync.Mutex
	m  map[string]Session
}

func (m *memorySessions) Create(_ context.Context, s *Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[s.IDHash] = *s
	return nil
}

func (m *memorySessions) Get(_ context.Context, idHash string) (*Session, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s, ok := m.m[idHash]
	if !ok {
		return nil, ErrNoSession
	}
	return &s, nil
}

func (m *memorySessions) Update(_ context.Context, s *Session) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.m[s.IDHash]; !ok {
		return ErrNoSession
	}
	m.m[s.IDHash] = *s
	return nil
}

func (m *memorySessions) Delete(_ context.Context, idHash string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.m, idHash)
	return nil
}

// testConsole serves a console on the fake backend.
type testConsole struct {
	t       *testing.T
	backend *fakeBackend
	console *Console
	server  *httptest.Server
}

func newTestConsole(t *testing.T) *testConsole {
	t.Helper()
	b := newFakeBackend()
	c, err := New(Config{Backend: b, InsecureCookies: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c)
	t.Cleanup(srv.Close)
	return &testConsole{t: t, backend: b, console: c, server: srv}
}

// alice is an IAM user of the fake account.
var alice = Identity{AccountID: "123456789012", UserID: "AIDAALICE", UserName: "alice", ARN: "arn:aws:iam::123456789012:user/alice"}

// signedInClient returns an HTTP client whose cookie jar holds an active
// session of id, and the session (for its CSRF token).
func (tc *testConsole) signedInClient(id Identity) (*http.Client, *Session) {
	tc.t.Helper()
	rec := httptest.NewRecorder()
	s, err := tc.console.startSession(context.Background(), rec, &id, StageActive, time.Time{})
	if err != nil {
		tc.t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(tc.server.URL)
	jar.SetCookies(u, rec.Result().Cookies())
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, s
}

// get fetches a page and returns its status and body.
func (tc *testConsole) get(client *http.Client, path string) (int, string) {
	tc.t.Helper()
	res, err := client.Get(tc.server.URL + path)
	if err != nil {
		tc.t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	_, _ = fmt.Fprint(&b, readAll(tc.t, res))
	return res.StatusCode, b.String()
}

// post submits a form (the session's CSRF token added) and returns the
// status, the Location header and the body.
func (tc *testConsole) post(client *http.Client, s *Session, path string, form url.Values) (int, string, string) {
	tc.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if s != nil && form.Get("csrf") == "" {
		form.Set("csrf", s.CSRF)
	}
	req, _ := http.NewRequest(http.MethodPost, tc.server.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := client.Do(req)
	if err != nil {
		tc.t.Fatal(err)
	}
	defer res.Body.Close()
	return res.StatusCode, res.Header.Get("Location"), readAll(tc.t, res)
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}
