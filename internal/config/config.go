// Package config holds iamd's configuration as one validated struct.
// Precedence is flags over IAMD_* environment variables over defaults.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// DefaultListen is where iamd listens unless told otherwise: loopback only,
// so a fresh server is never exposed by accident.
const DefaultListen = "127.0.0.1:8686"

// DevAccountID is the account of development mode, the one local AWS test
// tools use.
const DevAccountID = "123456789012"

// Config is everything iamd serve needs.
type Config struct {
	// Listen is the TCP address to serve on.
	Listen string
	// DataDir holds the SQLite database and the master key file.
	DataDir string
	// DB selects the store: "" means SQLite in DataDir; a postgres:// or
	// postgresql:// URL selects PostgreSQL.
	DB string
	// Dev turns on development mode: in-memory store, account
	// 123456789012, and any access key iamd did not issue accepted as its
	// root. Never the default.
	Dev bool
	// MasterKey, base64, overrides the key file in DataDir.
	MasterKey string
	// AccountID, RootAccessKeyID and RootSecretAccessKey fix the first
	// account's credentials instead of generating them.
	AccountID           string
	RootAccessKeyID     string
	RootSecretAccessKey string
	// RootPassword, when set, becomes the first account's root console
	// password at start (hashed; never printed or logged).
	RootPassword string
	// ConsoleInsecureCookies drops the Secure attribute of the console's
	// cookies, for a console served over plain HTTP to other machines.
	// Browsers accept Secure cookies from http://localhost and
	// http://127.0.0.1, so local use does not need it.
	ConsoleInsecureCookies bool
	// PublicURL is how clients reach iamd (scheme://host[:port]), the start
	// of the issuer URL an account gets when it first enables outbound
	// identity federation; "" means http:// and the address iamd listens
	// on.
	PublicURL string
	// AuditRetention is how long audit events are kept (default 90 days,
	// as CloudTrail's event history).
	AuditRetention time.Duration
	// auditRetentionErr is IAMD_AUDIT_RETENTION's parse error, reported by
	// Validate.
	auditRetentionErr error
	// ShutdownTimeout bounds graceful shutdown.
	ShutdownTimeout time.Duration
	// LogLevel is debug, info, warn or error.
	LogLevel string
}

// Default returns the defaults.
func Default() Config {
	return Config{
		Listen:          DefaultListen,
		DataDir:         "iamd-data",
		ShutdownTimeout: 10 * time.Second,
		AuditRetention:  90 * 24 * time.Hour,
		LogLevel:        "info",
	}
}

// FromEnv overlays IAMD_* variables on c. lookup is os.LookupEnv in
// production; tests pass their own.
func (c Config) FromEnv(lookup func(string) (string, bool)) Config {
	set := func(dst *string, name string) {
		if v, ok := lookup(name); ok {
			*dst = v
		}
	}
	set(&c.Listen, "IAMD_LISTEN")
	set(&c.DataDir, "IAMD_DATA_DIR")
	set(&c.DB, "IAMD_DB")
	set(&c.MasterKey, "IAMD_MASTER_KEY")
	set(&c.AccountID, "IAMD_ACCOUNT_ID")
	set(&c.RootAccessKeyID, "IAMD_ROOT_ACCESS_KEY_ID")
	set(&c.RootSecretAccessKey, "IAMD_ROOT_SECRET_ACCESS_KEY")
	set(&c.LogLevel, "IAMD_LOG_LEVEL")
	set(&c.RootPassword, "IAMD_ROOT_PASSWORD")
	set(&c.PublicURL, "IAMD_PUBLIC_URL")
	if v, ok := lookup("IAMD_AUDIT_RETENTION"); ok {
		d, err := time.ParseDuration(v)
		if err != nil {
			c.auditRetentionErr = fmt.Errorf("IAMD_AUDIT_RETENTION %q is not a duration like 2160h", v)
		}
		c.AuditRetention = d
	}
	if v, ok := lookup("IAMD_CONSOLE_INSECURE_COOKIES"); ok {
		c.ConsoleInsecureCookies = v == "1" || strings.EqualFold(v, "true")
	}
	if v, ok := lookup("IAMD_DEV"); ok {
		c.Dev = v == "1" || strings.EqualFold(v, "true")
	}
	return c
}

var (
	accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)
	keyIDPattern     = regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)
	secretPattern    = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
)

// Validate reports every problem at once.
func (c Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		errs = append(errs, fmt.Errorf("listen address %q: %w", c.Listen, err))
	}
	if !c.Dev && c.DataDir == "" && !c.IsPostgres() {
		errs = append(errs, errors.New("a data directory is required unless --db names PostgreSQL or --dev is on"))
	}
	if c.DB != "" && !c.IsPostgres() {
		errs = append(errs, fmt.Errorf("--db must be a postgres:// URL (SQLite lives in --data-dir), got %q", redactURL(c.DB)))
	}
	if c.AccountID != "" && !accountIDPattern.MatchString(c.AccountID) {
		errs = append(errs, errors.New("IAMD_ACCOUNT_ID must be 12 digits"))
	}
	if (c.RootAccessKeyID == "") != (c.RootSecretAccessKey == "") {
		errs = append(errs, errors.New("IAMD_ROOT_ACCESS_KEY_ID and IAMD_ROOT_SECRET_ACCESS_KEY go together"))
	}
	if c.RootAccessKeyID != "" && !keyIDPattern.MatchString(c.RootAccessKeyID) {
		errs = append(errs, errors.New("IAMD_ROOT_ACCESS_KEY_ID must be AKIA followed by 16 characters of A-Z and 2-7"))
	}
	if c.RootSecretAccessKey != "" && !secretPattern.MatchString(c.RootSecretAccessKey) {
		errs = append(errs, errors.New("IAMD_ROOT_SECRET_ACCESS_KEY must be 40 characters of A-Z, a-z, 0-9, / and +"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log level %q is not one of debug, info, warn, error", c.LogLevel))
	}
	if c.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("shutdown timeout must be positive"))
	}
	if c.PublicURL != "" {
		// No path: iamd serves issuers at /oidc/ of its own root.
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			errs = append(errs, fmt.Errorf("public URL %q must be http:// or https:// and a host (and port), nothing more", c.PublicURL))
		}
	}
	if c.auditRetentionErr != nil {
		errs = append(errs, c.auditRetentionErr)
	} else if c.AuditRetention < time.Hour {
		errs = append(errs, fmt.Errorf("audit retention %v is shorter than an hour", c.AuditRetention))
	}
	return errors.Join(errs...)
}

// IsPostgres reports whether DB names a PostgreSQL server.
func (c Config) IsPostgres() bool {
	return strings.HasPrefix(c.DB, "postgres://") || strings.HasPrefix(c.DB, "postgresql://")
}

// SQLitePath is the database file in the data directory.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "iamd.db") }

// MasterKeyPath is the master key file in the data directory.
func (c Config) MasterKeyPath() string { return filepath.Join(c.DataDir, "master.key") }

// EnsureDataDir creates the data directory, private to its owner.
func (c Config) EnsureDataDir() error {
	if err := os.MkdirAll(c.DataDir, 0o700); err != nil {
		return fmt.Errorf("create data directory: %w", err)
	}
	return nil
}

// redactURL drops a password from a connection URL so it is never echoed.
func redactURL(s string) string {
	if i := strings.Index(s, "@"); i >= 0 {
		if j := strings.Index(s, "://"); j >= 0 && j < i {
			return s[:j+3] + "***" + s[i:]
		}
	}
	return s
}
