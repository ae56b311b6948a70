// Package console is iamd's web console: sign-in at an account's own link
// with password and MFA, and pages to manage identities and policies. Its
// templates and assets are embedded in the binary; pages need no network.
// Every change a person makes is an AWS API call made as that person
// (Backend.Call), authorized by their policies and audited like a CLI call.
package console

import (
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"time"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets
var assetFiles embed.FS

// Config wires a console.
type Config struct {
	Backend Backend
	Logger  *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// IdleTimeout ends a session unused for so long (default 1 hour);
	// AbsoluteTimeout ends any session that old (default 12 hours, AWS's
	// longest console session).
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// InsecureCookies drops the Secure attribute from cookies, for a
	// console served over plain HTTP to another machine. Browsers accept
	// Secure cookies from http://localhost and http://127.0.0.1, so local
	// use needs no such thing.
	InsecureCookies bool
}

// Console is the web console's HTTP handler.
type Console struct {
	cfg   Config
	pages map[string]*page
	mux   *http.ServeMux
	// handler is mux behind the cross-origin and header protections.
	handler http.Handler
}

// New builds the console.
func New(cfg Config) (*Console, error) {
	if cfg.Backend == nil {
		return nil, fmt.Errorf("console: no backend")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.IdleTimeout <= 0 {
		cfg.IdleTimeout = time.Hour
	}
	if cfg.AbsoluteTimeout <= 0 {
		cfg.AbsoluteTimeout = 12 * time.Hour
	}
	c := &Console{cfg: cfg, mux: http.NewServeMux()}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}
	c.pages = pages
	assets, err := fs.Sub(assetFiles, "assets")
	if err != nil {
		return nil, fmt.Errorf("console: assets: %w", err)
	}
	c.mux.Handle("GET /console/assets/", http.StripPrefix("/console/assets/", assetHandler(assets)))
	c.routes()
	// Cross-origin POSTs are refused before any handler runs; the CSRF
	// token of each form is checked on top (signedIn, signInForm).
	c.handler = securityHeaders(http.NewCrossOriginProtection().Handler(c.mux))
	return c, nil
}

// ServeHTTP serves /signin... and /console/... paths.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

// Paths lists the path prefixes the console serves, for the server's mux.
func Paths() []string { return []string{"/signin", "/signin/", "/console", "/console/"} }

// routes registers every page. Each group of pages lives in its own file.
func (c *Console) routes() {
	c.mux.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/console/", http.StatusFound)
	})
	c.signInRoutes()
	c.dashboardRoutes()
	c.userRoutes()
	c.groupRoutes()
	c.roleRoutes()
	c.policyRoutes()
	c.simulatorRoutes()
	c.auditRoutes()
	c.mfaRoutes()
	c.accountRoutes()
}

// securityHeaders keeps pages out of frames and caches and allows only the
// console's own scripts, styles and images (QR codes come as data: URLs).
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r)
	})
}

// assetHandler serves the embedded stylesheet and scripts; they may be
// cached, unlike pages.
func assetHandler(assets fs.FS) http.Handler {
	files := http.FileServerFS(assets)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=300")
		files.ServeHTTP(w, r)
	})
}
