package e2e

import (
	"context"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// The console's browser tests drive Debian's Chromium through the DevTools
// protocol (chromedp). This file is the small layer they share: a browser
// that records every request its tabs make, and tabs that find elements by
// their data-testid, submit forms, read pages and keep screenshots.

const (
	chromiumPath = "/usr/bin/chromium"
	// A laptop's screen and a phone's (an iPhone 12-15's CSS pixels).
	laptopWidth, laptopHeight = 1366, 768
	phoneWidth, phoneHeight   = 390, 844
	// actionTimeout bounds one browser action, so that a page that never
	// shows an element fails the step instead of hanging the test.
	actionTimeout = 20 * time.Second
)

// requireChromium skips the test when Chromium is missing, except under CI,
// where scripts/test.sh installs it and its absence is a failure.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium is required in CI: %v", err)
		}
		t.Skipf("chromium not installed at %s", chromiumPath)
	}
}

// requestLog keeps the URL of every request the browser's tabs make. Its
// listener runs inside chromedp's event loop, so it only appends.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) listen(ev any) {
	if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request != nil {
		l.mu.Lock()
		l.urls = append(l.urls, e.Request.URL)
		l.mu.Unlock()
	}
}

func (l *requestLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.urls...)
}

// browser is one headless Chromium for a whole scenario.
type browser struct {
	// ctx is the first tab's context; it owns the browser process.
	ctx  context.Context
	reqs *requestLog
	// shots numbers the screenshots of the scenario in order.
	shots atomic.Int32
}

// newBrowser starts Chromium, headless and without the sandbox (the tests
// run as root), until the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	requireChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.NoSandbox,
		chromedp.WindowSize(laptopWidth, laptopHeight),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	b := &browser{reqs: &requestLog{}}
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithListener(b.reqs.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(laptopWidth, laptopHeight)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	b.ctx = ctx
	return b
}

// tab is one browser tab on the console at base.
type tab struct {
	b    *browser
	ctx  context.Context
	base string
}

// firstTab is the tab the browser started with.
func (b *browser) firstTab(base string) *tab { return &tab{b: b, ctx: b.ctx, base: base} }

// freshTab opens a tab in a new browser context: no cookies, no history,
// as another person's browser. It closes when t ends.
func (b *browser) freshTab(t *testing.T, base string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext(), chromedp.WithListener(b.reqs.listen))
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(laptopWidth, laptopHeight)); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	return &tab{b: b, ctx: ctx, base: base}
}

// run runs one action with actionTimeout.
func run[T any](t *testing.T, p *tab, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v (page %s)", what, err, p.where(t))
	}
	return v
}

// eval runs a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, p *tab, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// testID selects the element with a data-testid.
func testID(id string) chromedp.CSS { return chromedp.CSS(`[data-testid="` + id + `"]`) }

// jsTestID is a JavaScript expression for the element with a data-testid
// (null when there is none).
func jsTestID(id string) string {
	q, _ := json.Marshal(`[data-testid="` + id + `"]`)
	return "document.querySelector(" + string(q) + ")"
}

// where is the page's path and query, for messages.
func (p *tab) where(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "unknown: " + err.Error()
	}
	if u, err := url.Parse(loc); err == nil && strings.HasPrefix(loc, p.base) {
		return u.RequestURI()
	}
	return loc
}

// open loads a console path and returns the final response's status.
func (p *tab) open(t *testing.T, path string) int64 {
	t.Helper()
	resp := run(t, p, "open "+path, chromedp.NavigateResponse(p.base+path))
	if resp == nil {
		t.Fatalf("open %s: no response", path)
	}
	return resp.Status
}

// submit clicks a button or link that loads a page and returns the final
// response's status (after any redirect).
func (p *tab) submit(t *testing.T, id string) int64 {
	t.Helper()
	return p.follow(t, testID(id))
}

// follow is submit for an element without a data-testid.
func (p *tab) follow(t *testing.T, sel chromedp.CSS) int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(sel))
	if err != nil {
		t.Fatalf("click %s: %v (page %s)", sel, err, p.where(t))
	}
	if resp == nil {
		t.Fatalf("click %s: no page loaded", sel)
	}
	return resp.Status
}

// fill types text into the field, as a person would.
func (p *tab) fill(t *testing.T, id, text string) {
	t.Helper()
	run(t, p, "type into "+id, chromedp.SendKeys(testID(id), text))
}

// set sets a select's or textarea's value.
func (p *tab) set(t *testing.T, id, value string) {
	t.Helper()
	run(t, p, "set "+id, chromedp.SetValue(testID(id), value))
}

// click clicks an element that does not load a page (a checkbox).
func (p *tab) click(t *testing.T, id string) {
	t.Helper()
	run(t, p, "click "+id, chromedp.Click(testID(id)))
}

// text is the element's rendered text, "" when the page has no such element.
func (p *tab) text(t *testing.T, id string) string {
	t.Helper()
	return eval[string](t, p, "(e => e ? e.innerText.trim() : '')("+jsTestID(id)+")")
}

// waitText waits until the element's text satisfies ok (for text that
// scripts change).
func (p *tab) waitText(t *testing.T, id string, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(actionTimeout)
	for {
		got := p.text(t, id)
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s shows %q", id, got)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// has reports whether the page has the element.
func (p *tab) has(t *testing.T, id string) bool {
	t.Helper()
	return eval[bool](t, p, jsTestID(id)+" !== null")
}

// attr is an attribute of the element ("" when absent).
func (p *tab) attr(t *testing.T, id, name string) string {
	t.Helper()
	n, _ := json.Marshal(name)
	return eval[string](t, p, "(e => (e && e.getAttribute("+string(n)+")) || '')("+jsTestID(id)+")")
}

// path is the page's path and query.
func (p *tab) path(t *testing.T) string {
	t.Helper()
	return eval[string](t, p, "location.pathname + location.search")
}

// expectPath fails unless the page is at path (query ignored).
func (p *tab) expectPath(t *testing.T, want string) {
	t.Helper()
	if got := eval[string](t, p, "location.pathname"); got != want {
		t.Fatalf("page is %s, want %s", p.path(t), want)
	}
}

// shot saves a full-page screenshot as NN-name.png in t's artifact
// directory, NN counting the scenario's screenshots.
func (p *tab) shot(t *testing.T, name string) {
	t.Helper()
	png := run(t, p, "screenshot "+name, chromedp.FullScreenshot(100))
	n := p.b.shots.Add(1)
	file := filepath.Join(t.ArtifactDir(), fmt.Sprintf("%02d-%s.png", n, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatalf("save screenshot: %v", err)
	}
}

// phone switches the tab to a phone's screen (mobile, touch) until the
// returned func switches it back to the laptop's.
func (p *tab) phone(t *testing.T) (back func()) {
	t.Helper()
	run(t, p, "phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch))
	return func() {
		t.Helper()
		run(t, p, "laptop viewport", chromedp.EmulateViewport(laptopWidth, laptopHeight))
	}
}

// shots saves the page at laptop size and at phone size.
func (p *tab) shots(t *testing.T, name string) {
	t.Helper()
	p.shot(t, name)
	back := p.phone(t)
	defer back()
	p.shot(t, name+"-phone")
}

// totpCode is the code of a virtual MFA device's seed at a time.
func totpCode(t *testing.T, seed string, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(seed, at)
	if err != nil {
		t.Fatalf("TOTP code: %v", err)
	}
	return code
}

// stepStart is the start of the 30-second TOTP step n steps after at's.
func stepStart(at time.Time, n int64) time.Time {
	return time.Unix((at.Unix()/30+n)*30, 0)
}

// signIn fills the account's sign-in form on the page and submits it.
func signIn(t *testing.T, p *tab, name, password string) {
	t.Helper()
	p.fill(t, "signin-name", name)
	p.fill(t, "signin-password", password)
	p.submit(t, "signin-submit")
	if msg := p.text(t, "error"); msg != "" {
		t.Fatalf("sign-in as %s failed: %s", name, msg)
	}
}

// signOut clicks the top bar's Sign out and expects the sign-in link.
func signOut(t *testing.T, p *tab, want string) {
	t.Helper()
	p.follow(t, chromedp.CSS("form.signout button"))
	p.expectPath(t, want)
}

// checkSessionCookie checks the console's session cookie as Chromium kept
// it: __Host- prefixed, Secure, HttpOnly, SameSite=Strict, host-only.
func checkSessionCookie(t *testing.T, p *tab) {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{p.base + "/console/"}})
	if err != nil {
		t.Fatalf("read cookies: %v", err)
	}
	for _, c := range cookies.Cookies {
		if c.Name == "__Host-iamd-console" {
			if !c.Secure || !c.HTTPOnly || c.SameSite != network.CookieSameSiteStrict || c.Path != "/" || strings.HasPrefix(c.Domain, ".") {
				t.Errorf("session cookie %+v, want Secure, HttpOnly, SameSite=Strict, Path=/, host-only", c)
			}
			return
		}
	}
	t.Errorf("Chromium kept no __Host-iamd-console cookie; it has %d cookies", len(cookies.Cookies))
}

// decodeCSVLink reads a data: URL of base64 CSV.
func decodeCSVLink(t *testing.T, href string) [][]string {
	t.Helper()
	const prefix = "data:text/csv;charset=utf-8;base64,"
	if !strings.HasPrefix(href, prefix) {
		t.Fatalf("CSV link = %.60q, want %s...", href, prefix)
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(href, prefix))
	if err != nil {
		t.Fatalf("CSV link is not base64: %v", err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatalf("CSV link is not CSV: %v\n%s", err, raw)
	}
	return rows
}

// wrongCode is a six-digit code that is no code of the seed near at, so
// the server must refuse it.
func wrongCode(t *testing.T, seed string, at time.Time) string {
	t.Helper()
	near := map[string]bool{}
	for n := int64(-2); n <= 4; n++ {
		near[totpCode(t, seed, stepStart(at, n))] = true
	}
	for i := 0; ; i++ {
		c := strings.Repeat(string(rune('0'+i%10)), 6)
		if !near[c] {
			return c
		}
	}
}

// retype replaces a field's text as a person would: select all, type.
func retype(t *testing.T, p *tab, id, text string) {
	t.Helper()
	run(t, p, "focus "+id, chromedp.Focus(testID(id)))
	run(t, p, "select all", chromedp.KeyEvent("a", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	run(t, p, "type into "+id, chromedp.KeyEvent(text))
}

// auditPageRow is one event row of the audit page.
type auditPageRow struct{ User, Name, Error string }

// awaitAuditRows reloads the audit page until done accepts its rows:
// events that change nothing are stored in batches.
func awaitAuditRows(t *testing.T, p *tab, done func([]auditPageRow) bool) []auditPageRow {
	t.Helper()
	const read = `[...document.querySelectorAll('[data-testid^="event-name-"]')].map(td => {
		const i = td.dataset.testid.slice("event-name-".length);
		const cell = id => document.querySelector('[data-testid="' + id + i + '"]');
		return {User: cell("event-user-").innerText.trim(), Name: td.innerText.trim(),
			Error: (cell("event-error-").querySelector(".status") || {innerText: ""}).innerText.trim()};
	})`
	deadline := time.Now().Add(10 * time.Second)
	for {
		var rows []auditPageRow
		raw := eval[[]byte](t, p, read)
		if err := json.Unmarshal(raw, &rows); err != nil {
			t.Fatalf("audit rows: %v", err)
		}
		if done(rows) {
			return rows
		}
		if time.Now().After(deadline) {
			t.Fatalf("the audit page at %s never showed the events; it shows %+v (error %q)", p.path(t), rows, p.text(t, "error"))
		}
		time.Sleep(300 * time.Millisecond)
		run(t, p, "reload", chromedp.Reload())
	}
}

// countRows counts the rows of an event name with an error code ("" for
// none).
func countRows(rows []auditPageRow, name, errorCode string) int {
	n := 0
	for _, r := range rows {
		if r.Name == name && r.Error == errorCode {
			n++
		}
	}
	return n
}

// cliFor is c bound to the subtest t, so that its failures stop t.
func cliFor(t *testing.T, c *cli) *cli { return &cli{t: t, bin: c.bin, env: c.env} }
