// Package app wires iamd together: configuration, store, keys, services,
// gateway and HTTP server. Only cmd imports it.
package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/activity"
	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/authn"
	"github.com/iamd/iamd/internal/config"
	"github.com/iamd/iamd/internal/console"
	"github.com/iamd/iamd/internal/federation/oidc"
	"github.com/iamd/iamd/internal/gateway"
	"github.com/iamd/iamd/internal/issuers"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/service/cloudtrail"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/internal/service/sts"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/cached"
	"github.com/iamd/iamd/internal/throttle"
)

// App is one running iamd node.
type App struct {
	cfg     config.Config
	log     *slog.Logger
	store   store.Store
	keyring *secrets.Keyring
	// sessions seals and opens STS session tokens.
	sessions *session.Sealer
	handler  http.Handler
	// activity records key use and service last accessed data.
	activity *activityRecorder
	// hasher hashes and checks console passwords (argon2id).
	hasher *secrets.PasswordHasher
	// audit writes the audit trail.
	audit *audit.Recorder
	// gateway serves the AWS APIs; the console calls operations through it.
	gateway *gateway.Gateway
	// consoleBackend is the web console's view of the node.
	consoleBackend *consoleBackend
	// Registries lists every served service's operations (README table).
	Registries map[string]*service.Registry
	// boundAddr is the address Serve listens on, once it does.
	boundAddr atomic.Pointer[string]
}

// New opens the store, loads the keys, bootstraps the first account and
// builds the handler. Root credentials created on first run are written to
// out, once.
func New(ctx context.Context, cfg config.Config, out io.Writer, log *slog.Logger) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	raw, keyring, sessions, err := openAll(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// Requests read through a cache that every committed write empties.
	st := cached.New(raw)
	a := &App{cfg: cfg, log: log, store: st, keyring: keyring, sessions: sessions}
	if a.hasher, err = secrets.NewPasswordHasher(secrets.DefaultArgon2Params(), 4); err != nil {
		st.Close()
		return nil, fmt.Errorf("password hasher: %w", err)
	}
	if err := a.bootstrap(ctx, out); err != nil {
		st.Close()
		return nil, err
	}
	if err := a.setRootPassword(ctx); err != nil {
		st.Close()
		return nil, err
	}
	a.startActivity(activity.Options{})
	a.audit = audit.NewRecorder(st, audit.Options{Logger: log, Retention: cfg.AuditRetention})
	if err := a.buildHandler(); err != nil {
		a.audit.Close()
		a.stopActivity()
		st.Close()
		return nil, err
	}
	return a, nil
}

func (a *App) bootstrap(ctx context.Context, out io.Writer) error {
	want := RootCredentials{
		AccountID:       a.cfg.AccountID,
		AccessKeyID:     a.cfg.RootAccessKeyID,
		SecretAccessKey: secrets.Secret(a.cfg.RootSecretAccessKey),
	}
	if a.cfg.Dev {
		a.log.Warn("DEVELOPMENT MODE: in-memory store, and ANY access key iamd did not issue is accepted, with ANY secret, as the root of account " + config.DevAccountID + ". Never use this outside local testing.")
		want.AccountID = config.DevAccountID
		if want.AccessKeyID == "" {
			// Dev mode needs no printed key: any unknown key is the root.
			_, err := NewAccount(ctx, a.store, a.keyring, want, time.Now().UTC())
			if err != nil && !errors.Is(err, store.ErrAlreadyExists) {
				return fmt.Errorf("create development account: %w", err)
			}
			return nil
		}
	}
	creds, err := Bootstrap(ctx, a.store, a.keyring, want, time.Now().UTC())
	if err != nil {
		return err
	}
	if creds != nil {
		a.log.Info("created the first account", "account", creds.AccountID, "access_key_id", creds.AccessKeyID)
		if a.cfg.RootSecretAccessKey == "" {
			PrintRootCredentials(out, creds, "http://"+a.cfg.Listen)
		}
	}
	return nil
}

// setRootPassword makes IAMD_ROOT_PASSWORD the root console password of
// the first account (IAMD_ACCOUNT_ID, or the oldest account).
func (a *App) setRootPassword(ctx context.Context) error {
	if a.cfg.RootPassword == "" {
		return nil
	}
	accountID := a.cfg.AccountID
	if a.cfg.Dev {
		accountID = config.DevAccountID
	}
	if accountID == "" {
		accounts, err := a.store.Accounts().List(ctx)
		if err != nil {
			return fmt.Errorf("root password: %w", err)
		}
		if len(accounts) == 0 {
			return errors.New("root password: no account")
		}
		oldest := accounts[0]
		for _, acct := range accounts[1:] {
			if acct.CreatedAt.Before(oldest.CreatedAt) {
				oldest = acct
			}
		}
		accountID = oldest.ID
	}
	return SetRootPassword(ctx, a.store, a.hasher, accountID, a.cfg.RootPassword, time.Now())
}

// SetRootPassword hashes password and makes it the account's root console
// password.
func SetRootPassword(ctx context.Context, st store.Store, hasher *secrets.PasswordHasher, accountID, password string, now time.Time) error {
	if len(password) < 8 {
		return errors.New("root password: it must be at least 8 characters long")
	}
	hash, err := hasher.Hash(ctx, password)
	if err != nil {
		return fmt.Errorf("root password: %w", err)
	}
	if err := st.RootPasswords().Set(ctx, accountID, hash, now.UTC()); err != nil {
		return fmt.Errorf("root password of %s: %w", accountID, err)
	}
	return nil
}

func (a *App) buildHandler() error {
	hasher := a.hasher
	// One limiter slows password guessing on every path: ChangePassword
	// and the console's user and root sign-ins.
	passwordThrottle := throttle.New(throttle.Config{}, time.Now)
	// One loader serves the authorizer and the policy simulator, so both
	// read the same cached policy sets.
	loader := permissions.NewLoader(a.store)
	outboundIssuers := issuers.New(issuers.Config{Store: a.store, Sealer: a.keyring, BaseURL: a.publicURL})
	iamSvc := iam.New(iam.Config{Store: a.store, Sealer: a.keyring, Hasher: hasher, Permissions: loader, PasswordThrottle: passwordThrottle,
		Outbound: outboundIssuers})
	enforcer := permissions.NewEnforcer(loader, nil)
	// The OIDC verifier trusts the system's certificate roots (SSL_CERT_FILE
	// on Linux) and caches each issuer's discovery document and keys.
	stsSvc := sts.NewService(sts.Config{Store: a.store, Sealer: a.sessions, Policies: loader, Authorizer: enforcer, MFA: mfaCodes{iamSvc},
		WebIdentity: oidc.New(oidc.Options{}), Trust: enforcer, WebIdentityTokens: outboundIssuers, PrincipalTags: enforcer})
	iamReg, err := service.NewRegistry(iamSvc.Operations())
	if err != nil {
		return err
	}
	stsReg, err := service.NewRegistry(stsSvc.Operations())
	if err != nil {
		return err
	}
	trailReg, err := service.NewRegistry(cloudtrail.New(a.store.AuditEvents(), time.Now).Operations())
	if err != nil {
		return err
	}
	a.Registries = map[string]*service.Registry{"iam": iamReg, "sts": stsReg, "cloudtrail": trailReg}

	iamWrappers, stsWrappers := map[string]string{}, map[string]string{}
	for _, o := range iam.Operations {
		iamWrappers[o.Name] = o.ResultWrapper
	}
	for _, o := range sts.Operations {
		stsWrappers[o.Name] = o.ResultWrapper
	}
	devAccount := ""
	if a.cfg.Dev {
		devAccount = config.DevAccountID
	}
	keys, sessions := authn.New(a.store, a.keyring, devAccount), authn.NewSessions(a.sessions, nil, devAccount)
	authenticate := newAuthenticate(keys, sessions)
	gw := gateway.New(gateway.Config{
		Services: []gateway.Service{
			{Name: "iam", APIVersion: iam.APIVersion, XMLNamespace: iam.XMLNamespace, Registry: iamReg, ResultWrapper: lookup(iamWrappers)},
			{Name: "sts", APIVersion: sts.APIVersion, XMLNamespace: sts.XMLNamespace, Registry: stsReg, ResultWrapper: lookup(stsWrappers)},
			{Name: "cloudtrail", APIVersion: cloudtrail.APIVersion, Registry: trailReg, Protocol: gateway.ProtocolJSON, TargetPrefix: cloudtrail.TargetPrefix},
		},
		Auditor:       a.audit,
		Authenticate:  authenticate,
		Authorizer:    enforcer,
		NewRequestID:  secrets.NewRequestID,
		Logger:        a.log,
		Authenticated: a.noteActivity,
	})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.Handle("POST "+authzclient.Path, a.authzAPI(keys, sessions, enforcer))
	serveIssuers(mux, outboundIssuers)
	mux.Handle("/", gw)
	a.gateway = gw
	a.consoleBackend = &consoleBackend{a: a, iam: iamSvc, hasher: hasher, throttle: passwordThrottle, now: time.Now}
	web, err := console.New(console.Config{
		Backend: a.consoleBackend,
		Logger:  a.log, InsecureCookies: a.cfg.ConsoleInsecureCookies,
	})
	if err != nil {
		return err
	}
	for _, path := range console.Paths() {
		mux.Handle(path, web)
	}
	a.handler = mux
	return nil
}

// mfaCodes lets STS check MFA codes against the IAM service's devices,
// translating IAM's refusals into the one STS reports.
type mfaCodes struct{ iam *iam.Service }

func (m mfaCodes) VerifyMFACode(ctx context.Context, accountID, userID, serial, code string) (time.Time, error) {
	at, err := m.iam.VerifyMFACode(ctx, accountID, userID, serial, code)
	if errors.Is(err, iam.ErrMFADeviceNotAssigned) || errors.Is(err, iam.ErrMFACodeInvalid) {
		return time.Time{}, sts.ErrInvalidMFA
	}
	return at, err
}

// lookup turns a map into the function the gateway asks for.
func lookup(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// Handler is the node's HTTP handler.
func (a *App) Handler() http.Handler { return a.handler }

// Store is the node's store (for commands and tests).
func (a *App) Store() store.Store { return a.store }

// Serve listens on the configured address until ctx ends, then shuts down
// gracefully. ready, if not nil, receives the bound address.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           a.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	bound := ln.Addr().String()
	a.boundAddr.Store(&bound)
	a.log.Info("iamd serving", "address", bound, "store", a.storeName())
	if host, _, err := net.SplitHostPort(bound); err == nil && a.cfg.PublicURL == "" {
		if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
			a.log.Warn("no --public-url: outbound federation issuers enabled now get an issuer URL on " + bound +
				", which no other machine can reach; set --public-url to the address clients use")
		}
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// Close writes the recorded activity and audit events still pending and
// releases the store.
func (a *App) Close() error {
	a.stopActivity()
	a.audit.Close()
	return a.store.Close()
}

func (a *App) storeName() string {
	switch {
	case a.cfg.Dev:
		return "memory"
	case a.cfg.IsPostgres():
		return "postgres"
	default:
		return "sqlite:" + a.cfg.SQLitePath()
	}
}
