package console

import (
	"crypto/rand"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// signinCookie carries the sign-in forms' CSRF token before any session
// exists (double submit: the same value is in the cookie and the form).
// Path=/signin keeps it off every other request; it cannot take the
// __Host- prefix, which requires Path=/.
const signinCookie = "iamd-signin"

// Texts of the sign-in pages. A wrong user name, a wrong password and a
// user without a console password all get msgBadCredentials, so the page
// tells nobody which user names exist.
const (
	msgBadCredentials = "Your authentication information is incorrect. Please try again."
	msgThrottled      = "Too many failed sign-in attempts. Wait a few minutes, then try again."
	msgNoSuchAccount  = "The account ID or alias you entered is not valid. Check it and try again."
	msgBadMFACode     = "Enter the six-digit code shown by your authenticator app."
	msgSigninExpired  = "The sign-in form has expired. Go back, reload the page and try again."
	msgSigninFailed   = "Sign-in failed because of an internal error. Try again later."
)

// mfaCodePattern is what an authenticator app shows: six digits.
var mfaCodePattern = regexp.MustCompile(`^[0-9]{6}$`)

// signInRoutes registers the pages of signing in and out. The forced and
// voluntary password change lives in password.go.
func (c *Console) signInRoutes() {
	c.mux.HandleFunc("GET /signin", c.signinStart)
	c.mux.HandleFunc("GET /signin/{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/signin", http.StatusFound)
	})
	c.mux.HandleFunc("GET /signin/{account}", c.signinAccountPage)
	c.mux.HandleFunc("POST /signin/{account}", c.signinSubmit)
	// The MFA step lives below the account's link, not beside it, so that
	// an account alias such as "mfa" still reaches its own sign-in page.
	c.mux.HandleFunc("GET /signin/{account}/mfa", c.atStage(c.signinMFA, StageMFA))
	c.mux.HandleFunc("POST /signin/{account}/mfa", c.atStage(c.signinMFA, StageMFA))
	c.mux.HandleFunc("GET /console/change-password", c.passwordStage(c.changePassword))
	c.mux.HandleFunc("POST /console/change-password", c.passwordStage(c.changePassword))
	c.mux.HandleFunc("POST /console/signout", c.signOut)
}

// signinStartData is the account chooser's data.
type signinStartData struct {
	Account string
	Problem string
}

// signinStart asks for the account ID or alias and sends the browser to
// that account's own sign-in link; a person already signed in goes to the
// console instead.
func (c *Console) signinStart(w http.ResponseWriter, r *http.Request) {
	if c.redirectActive(w, r) {
		return
	}
	typed := strings.TrimSpace(r.URL.Query().Get("account"))
	if typed == "" {
		c.render(w, r, http.StatusOK, "signin", nil, View{Title: "Sign in", Data: signinStartData{}})
		return
	}
	link, _, _, err := c.resolveAccount(r, typed)
	if err != nil {
		c.signinAccountProblem(w, r, typed, err)
		return
	}
	http.Redirect(w, r, "/signin/"+url.PathEscape(link), http.StatusSeeOther)
}

// signinAccountProblem shows the account chooser again with what went
// wrong resolving typed.
func (c *Console) signinAccountProblem(w http.ResponseWriter, r *http.Request, typed string, err error) {
	status, problem := http.StatusNotFound, msgNoSuchAccount
	if !errors.Is(err, ErrNoAccount) {
		c.cfg.Logger.ErrorContext(r.Context(), "console: resolve account", "err", err)
		status, problem = http.StatusInternalServerError, msgSigninFailed
	}
	c.render(w, r, status, "signin", nil, View{Title: "Sign in", Data: signinStartData{Account: typed, Problem: problem}})
}

// resolveAccount finds the account typed names. link is how the account's
// sign-in link names it: the alias when the alias was typed, else the ID.
func (c *Console) resolveAccount(r *http.Request, typed string) (link, id, alias string, err error) {
	id, alias, err = c.cfg.Backend.Account(r.Context(), typed)
	if err != nil {
		return "", "", "", err
	}
	link = id
	if alias != "" && typed != id {
		link = alias
	}
	return link, id, alias, nil
}

// redirectActive sends a browser with a live, fully signed-in session to
// the console and reports whether it did. Sessions still signing in may
// start over.
func (c *Console) redirectActive(w http.ResponseWriter, r *http.Request) bool {
	s, err := c.currentSession(r)
	if err != nil {
		c.internalError(w, r, err)
		return true
	}
	if s != nil && s.Stage == StageActive {
		http.Redirect(w, r, "/console/", http.StatusSeeOther)
		return true
	}
	return false
}

// signinAccountData is the account sign-in page's data.
type signinAccountData struct {
	// Link names the account in the page's URLs (alias or ID).
	Link      string
	AccountID string
	Alias     string
	// Root selects the root user's form instead of the IAM user's.
	Root bool
	// Name is the user name (or the root's email or account name) to
	// keep in the field after a failure; the password never comes back.
	Name    string
	Token   string
	Problem string
}

// signinAccountPage is the account's own sign-in link: the IAM user form,
// or with ?root=1 the root user form.
func (c *Console) signinAccountPage(w http.ResponseWriter, r *http.Request) {
	if c.redirectActive(w, r) {
		return
	}
	typed := r.PathValue("account")
	link, id, alias, err := c.resolveAccount(r, typed)
	if err != nil {
		c.signinAccountProblem(w, r, typed, err)
		return
	}
	d := signinAccountData{Link: link, AccountID: id, Alias: alias, Root: r.URL.Query().Get("root") == "1", Token: c.signinToken(w, r)}
	c.renderSignin(w, r, http.StatusOK, d)
}

func (c *Console) renderSignin(w http.ResponseWriter, r *http.Request, status int, d signinAccountData) {
	title := "Sign in as IAM user"
	if d.Root {
		title = "Sign in as root user"
	}
	c.render(w, r, status, "signin_account", nil, View{Title: title, AccountAlias: d.Alias, Data: d})
}

// signinToken returns the browser's sign-in CSRF token, setting a new one
// when it has none. An existing token is kept so that two open sign-in
// tabs both keep working.
func (c *Console) signinToken(w http.ResponseWriter, r *http.Request) string {
	if tok := signinCookieValue(r); tok != "" {
		return tok
	}
	tok := rand.Text()
	http.SetCookie(w, &http.Cookie{
		Name: signinCookie, Value: tok, Path: "/signin", HttpOnly: true,
		Secure: !c.cfg.InsecureCookies, SameSite: http.SameSiteStrictMode,
	})
	return tok
}

// signinCookieValue is the request's sign-in token, "" when it has none
// or one iamd could not have made.
func signinCookieValue(r *http.Request) string {
	ck, err := r.Cookie(signinCookie)
	if err != nil || len(ck.Value) < 16 || len(ck.Value) > 64 {
		return ""
	}
	return ck.Value
}

// validSigninCSRF reports whether the form's token equals the cookie's.
func validSigninCSRF(r *http.Request) bool {
	tok, got := signinCookieValue(r), r.PostFormValue("csrf")
	return tok != "" && got != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(got)) == 1
}

// signinSubmit checks the password and starts a session at the first
// step the identity still has to pass.
func (c *Console) signinSubmit(w http.ResponseWriter, r *http.Request) {
	if !validSigninCSRF(r) {
		http.Error(w, msgSigninExpired, http.StatusForbidden)
		return
	}
	typed := r.PathValue("account")
	link, accountID, alias, err := c.resolveAccount(r, typed)
	if err != nil {
		c.signinAccountProblem(w, r, typed, err)
		return
	}
	d := signinAccountData{
		Link: link, AccountID: accountID, Alias: alias, Root: r.PostFormValue("root") == "1",
		Name: strings.TrimSpace(r.PostFormValue("name")), Token: signinCookieValue(r),
	}
	password := r.PostFormValue("password")
	var id *Identity
	switch {
	case d.Name == "" || password == "":
		err = ErrBadCredentials
	case d.Root:
		id, err = c.cfg.Backend.SignInRoot(r.Context(), facts(r), accountID, d.Name, password)
	default:
		id, err = c.cfg.Backend.SignInUser(r.Context(), facts(r), accountID, d.Name, password)
	}
	if err != nil {
		status := c.signinFailure(r, err, &d.Problem)
		c.renderSignin(w, r, status, d)
		return
	}
	stage := StageActive
	switch {
	case id.MFASerial != "":
		stage = StageMFA
	case id.PasswordResetRequired:
		stage = StagePassword
	}
	// A half-finished sign-in of this browser (waiting for a code, say)
	// is replaced, not left behind in the store.
	if old, err := c.currentSession(r); err == nil && old != nil {
		if err := c.cfg.Backend.Sessions().Delete(r.Context(), old.IDHash); err != nil {
			c.internalError(w, r, err)
			return
		}
	}
	if _, err := c.startSession(r.Context(), w, id, stage, time.Time{}); err != nil {
		c.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, stagePath(stage, id.AccountID), http.StatusSeeOther)
}

// signinFailure sets the message a failed credential check shows and
// returns the page's status. Anything but a wrong credential or the
// throttle is logged and shown as a generic failure.
func (c *Console) signinFailure(r *http.Request, err error, problem *string) int {
	switch {
	case errors.Is(err, ErrBadCredentials):
		*problem = msgBadCredentials
		return http.StatusUnauthorized
	case errors.Is(err, ErrThrottled):
		*problem = msgThrottled
		return http.StatusTooManyRequests
	}
	c.cfg.Logger.ErrorContext(r.Context(), "console: sign-in", "err", err)
	*problem = msgSigninFailed
	return http.StatusInternalServerError
}

// signinMFAData is the MFA step's data.
type signinMFAData struct{ Problem string }

// signinMFA asks for a code of the identity's MFA device; a right code
// moves the session on to the password change or the console.
func (c *Console) signinMFA(w http.ResponseWriter, r *http.Request, s *Session) {
	if own := stagePath(StageMFA, s.Identity.AccountID); r.URL.Path != own {
		http.Redirect(w, r, own, http.StatusSeeOther)
		return
	}
	view := View{Title: "Multi-factor authentication", AccountAlias: c.signInAlias(r, s.Identity.AccountID)}
	if r.Method != http.MethodPost {
		view.Data = signinMFAData{}
		c.render(w, r, http.StatusOK, "signin_mfa", s, view)
		return
	}
	// Apps often show the code as "123 456"; a pasted space is no error.
	code := strings.ReplaceAll(strings.TrimSpace(r.PostFormValue("code")), " ", "")
	if !mfaCodePattern.MatchString(code) {
		view.Data = signinMFAData{Problem: msgBadMFACode}
		c.render(w, r, http.StatusBadRequest, "signin_mfa", s, view)
		return
	}
	at, err := c.cfg.Backend.VerifyMFA(r.Context(), facts(r), &s.Identity, code)
	if err != nil {
		var d signinMFAData
		status := c.signinFailure(r, err, &d.Problem)
		view.Data = d
		c.render(w, r, status, "signin_mfa", s, view)
		return
	}
	s.MFAAt = at
	s.Stage = StageActive
	if s.Identity.PasswordResetRequired {
		s.Stage = StagePassword
	}
	if err := c.cfg.Backend.Sessions().Update(r.Context(), s); err != nil {
		c.internalError(w, r, err)
		return
	}
	http.Redirect(w, r, stagePath(s.Stage, s.Identity.AccountID), http.StatusSeeOther)
}

// signOut ends the session and returns to the account's sign-in link.
func (c *Console) signOut(w http.ResponseWriter, r *http.Request) {
	s, err := c.currentSession(r)
	if err != nil {
		c.internalError(w, r, err)
		return
	}
	if s != nil && !validCSRF(r, s) {
		http.Error(w, "The form has expired. Go back, reload the page and try again.", http.StatusForbidden)
		return
	}
	if err := c.endSession(r.Context(), w, s); err != nil {
		c.internalError(w, r, err)
		return
	}
	target := "/signin"
	if s != nil {
		link := s.Identity.AccountID
		if alias := c.signInAlias(r, link); alias != "" {
			link = alias
		}
		target = "/signin/" + url.PathEscape(link)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// signInAlias is the account's alias, "" when it has none or the lookup
// fails (the pages then show the ID, which is always right).
func (c *Console) signInAlias(r *http.Request, accountID string) string {
	_, alias, err := c.cfg.Backend.Account(r.Context(), accountID)
	if err != nil {
		return ""
	}
	return alias
}
