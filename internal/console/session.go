package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
)

// sessionCookie holds the session's random value. The __Host- prefix
// makes the browser refuse it unless Secure, host-only and Path=/.
const (
	sessionCookie         = "__Host-iamd-console"
	insecureSessionCookie = "iamd-console"
)

func (c *Console) cookieName() string {
	if c.cfg.InsecureCookies {
		return insecureSessionCookie
	}
	return sessionCookie
}

// startSession creates a session for id at stage and sets its cookie.
func (c *Console) startSession(ctx context.Context, w http.ResponseWriter, id *Identity, stage Stage, mfaAt time.Time) (*Session, error) {
	raw := rand.Text() + rand.Text()
	now := c.cfg.Now().UTC()
	s := &Session{
		IDHash: hashID(raw), Identity: *id, Stage: stage, CSRF: rand.Text(),
		CreatedAt: now, LastSeen: now, MFAAt: mfaAt,
	}
	if err := c.cfg.Backend.Sessions().Create(ctx, s); err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: c.cookieName(), Value: raw, Path: "/", HttpOnly: true, Secure: !c.cfg.InsecureCookies,
		SameSite: http.SameSiteStrictMode, MaxAge: int(c.cfg.AbsoluteTimeout / time.Second),
	})
	return s, nil
}

// endSession deletes the session and its cookie.
func (c *Console) endSession(ctx context.Context, w http.ResponseWriter, s *Session) error {
	http.SetCookie(w, &http.Cookie{
		Name: c.cookieName(), Value: "", Path: "/", HttpOnly: true, Secure: !c.cfg.InsecureCookies,
		SameSite: http.SameSiteStrictMode, MaxAge: -1,
	})
	if s == nil {
		return nil
	}
	return c.cfg.Backend.Sessions().Delete(ctx, s.IDHash)
}

func hashID(raw string) string {
	sum := sha256.Sum256([]byte(raw))
	return hex.EncodeToString(sum[:])
}

// currentSession finds the request's live session: nil when there is none
// or it timed out (a timed-out session is deleted). LastSeen moves at most
// once a minute, so browsing writes little.
func (c *Console) currentSession(r *http.Request) (*Session, error) {
	cookie, err := r.Cookie(c.cookieName())
	if err != nil || cookie.Value == "" {
		return nil, nil
	}
	ctx := r.Context()
	s, err := c.cfg.Backend.Sessions().Get(ctx, hashID(cookie.Value))
	if errors.Is(err, ErrNoSession) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	now := c.cfg.Now().UTC()
	if now.Sub(s.LastSeen) > c.cfg.IdleTimeout || now.Sub(s.CreatedAt) > c.cfg.AbsoluteTimeout {
		return nil, c.cfg.Backend.Sessions().Delete(ctx, s.IDHash)
	}
	if now.Sub(s.LastSeen) > time.Minute {
		s.LastSeen = now
		if err := c.cfg.Backend.Sessions().Update(ctx, s); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// validCSRF reports whether the form carries the session's token.
func validCSRF(r *http.Request, s *Session) bool {
	got := r.PostFormValue("csrf")
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(s.CSRF)) == 1
}

// signedIn wraps a page of a signed-in person: without a live session the
// browser goes to the sign-in page; a session still signing in goes to its
// next step; a POST without the session's CSRF token is refused.
func (c *Console) signedIn(h func(w http.ResponseWriter, r *http.Request, s *Session)) http.HandlerFunc {
	return c.atStage(h, StageActive)
}

// atStage is signedIn for the pages of the given sign-in steps.
func (c *Console) atStage(h func(w http.ResponseWriter, r *http.Request, s *Session), stages ...Stage) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s, err := c.currentSession(r)
		if err != nil {
			c.internalError(w, r, err)
			return
		}
		if s == nil {
			http.Redirect(w, r, "/signin", http.StatusSeeOther)
			return
		}
		if !slices.Contains(stages, s.Stage) {
			http.Redirect(w, r, stagePath(s.Stage, s.Identity.AccountID), http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost && !validCSRF(r, s) {
			http.Error(w, "The form has expired. Go back, reload the page and try again.", http.StatusForbidden)
			return
		}
		h(w, r, s)
	}
}

// stagePath is the page of a sign-in stage of an identity of accountID.
func stagePath(s Stage, accountID string) string {
	switch s {
	case StageMFA:
		return "/signin/" + url.PathEscape(accountID) + "/mfa"
	case StagePassword:
		return "/console/change-password"
	default:
		return "/console/"
	}
}

// Principal is who the session acts as: a console session is temporary
// credentials of the user (or root), with MFA when a code was given at
// sign-in, as AWS treats console sign-ins.
func (s *Session) Principal(absolute time.Duration) *principal.Principal {
	kind := session.UserSession
	if s.Identity.Root {
		kind = session.RootSession
	}
	return principal.FromSession(&session.Session{
		Kind:        kind,
		AccountID:   s.Identity.AccountID,
		IssuedAt:    s.CreatedAt,
		Expiration:  s.CreatedAt.Add(absolute),
		UserID:      s.Identity.UserID,
		UserName:    s.Identity.UserName,
		UserARN:     s.Identity.ARN,
		MFA:         !s.MFAAt.IsZero(),
		MFAAuthTime: s.MFAAt,
	})
}

// facts are the request's facts for authorization and the audit trail.
func facts(r *http.Request) service.RequestFacts {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return service.RequestFacts{SourceIP: host, UserAgent: r.UserAgent(), SecureTransport: r.TLS != nil, Region: "us-east-1"}
}

// call runs an operation as the signed-in person.
func call[O any](c *Console, r *http.Request, s *Session, svc, operation string, in any) (*O, error) {
	out, err := c.cfg.Backend.Call(r.Context(), s.Principal(c.cfg.AbsoluteTimeout), facts(r), svc, operation, in)
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, nil
	}
	typed, ok := out.(*O)
	if !ok {
		return nil, errors.New("console: " + operation + " returned an unexpected type")
	}
	return typed, nil
}

// do runs an operation whose output the page does not need.
func (c *Console) do(r *http.Request, s *Session, svc, operation string, in any) error {
	_, err := c.cfg.Backend.Call(r.Context(), s.Principal(c.cfg.AbsoluteTimeout), facts(r), svc, operation, in)
	return err
}
