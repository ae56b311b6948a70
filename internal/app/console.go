package app

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/console"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/throttle"
)

// consoleBackend is the console's view of iamd: sign-in checks on the
// store and the IAM service, and every other action through the gateway.
type consoleBackend struct {
	a        *App
	iam      *iam.Service
	hasher   *secrets.PasswordHasher
	throttle *throttle.Limiter
	now      func() time.Time
}

var _ console.Backend = (*consoleBackend)(nil)

var accountIDPattern = regexp.MustCompile(`^[0-9]{12}$`)

func (b *consoleBackend) Account(ctx context.Context, idOrAlias string) (string, string, error) {
	id := idOrAlias
	if !accountIDPattern.MatchString(idOrAlias) {
		found, err := b.a.store.AccountAliases().Lookup(ctx, strings.ToLower(idOrAlias))
		if errors.Is(err, store.ErrNotFound) {
			return "", "", console.ErrNoAccount
		}
		if err != nil {
			return "", "", err
		}
		id = found
	}
	if _, err := b.a.store.Accounts().Get(ctx, id); errors.Is(err, store.ErrNotFound) {
		return "", "", console.ErrNoAccount
	} else if err != nil {
		return "", "", err
	}
	alias, err := b.a.store.AccountAliases().Get(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", "", err
	}
	return id, alias, nil
}

// hiddenUserName is what CloudTrail records as the user name of a failed
// sign-in whose name matches no user: what was typed may be a password.
const hiddenUserName = "HIDDEN_DUE_TO_SECURITY_REASONS"

func (b *consoleBackend) SignInUser(ctx context.Context, facts service.RequestFacts, accountID, userName, password string) (*console.Identity, error) {
	ctx = service.WithRequestFacts(ctx, facts)
	u, err := b.a.store.Users().Get(ctx, accountID, userName)
	if errors.Is(err, store.ErrNotFound) {
		// As slow as a real check, so timing tells no user names; the
		// address is still throttled.
		addr := "addr:" + facts.SourceIP
		if ok, _ := b.throttle.Allow(addr); !ok {
			b.signInEvent(ctx, facts, &principal.Principal{Type: principal.IAMUser, AccountID: accountID, UserName: hiddenUserName}, false, false)
			return nil, console.ErrThrottled
		}
		if err := b.hasher.SimulateVerify(ctx, password); err != nil {
			return nil, err
		}
		b.throttle.Failure(addr)
		b.signInEvent(ctx, facts, &principal.Principal{Type: principal.IAMUser, AccountID: accountID, UserName: hiddenUserName}, false, false)
		return nil, console.ErrBadCredentials
	}
	if err != nil {
		return nil, err
	}
	who := &principal.Principal{Type: principal.IAMUser, AccountID: accountID, ARN: userARN(u), UserID: u.ID, UserName: u.Name}
	ok, err := b.iam.VerifyUserPassword(ctx, u, password)
	switch {
	case awserr.Is(err, "Throttling"):
		b.signInEvent(ctx, facts, who, false, false)
		return nil, console.ErrThrottled
	case awserr.Is(err, "NoSuchEntity"):
		// No login profile: the user has no console access.
		b.signInEvent(ctx, facts, who, false, false)
		return nil, console.ErrBadCredentials
	case err != nil:
		return nil, err
	case !ok:
		b.signInEvent(ctx, facts, who, false, false)
		return nil, console.ErrBadCredentials
	}
	state, err := b.iam.PasswordStatus(ctx, accountID, u.Name)
	if err != nil {
		return nil, err
	}
	if state.Locked {
		// Expired under HardExpiry: only an administrator can help.
		b.signInEvent(ctx, facts, who, false, false)
		return nil, console.ErrBadCredentials
	}
	id := &console.Identity{AccountID: accountID, UserID: u.ID, UserName: u.Name, ARN: who.ARN, PasswordResetRequired: state.ResetRequired}
	if id.MFASerial, err = b.mfaSerial(ctx, accountID, u.ID); err != nil {
		return nil, err
	}
	now := b.now().UTC()
	u.PasswordLastUsed = &now
	if err := b.a.store.Users().Update(ctx, u); err != nil {
		return nil, fmt.Errorf("record password use: %w", err)
	}
	if id.MFASerial == "" {
		b.signInEvent(ctx, facts, who, true, false)
	}
	return id, nil
}

func (b *consoleBackend) SignInRoot(ctx context.Context, facts service.RequestFacts, accountID, emailOrName, password string) (*console.Identity, error) {
	who := &principal.Principal{Type: principal.Root, AccountID: accountID, ARN: "arn:aws:iam::" + accountID + ":root", UserID: accountID}
	rootKey, addrKey := "root:"+accountID, "addr:"+facts.SourceIP
	if ok, _ := b.throttle.Allow(rootKey, addrKey); !ok {
		b.signInEvent(ctx, facts, who, false, false)
		return nil, console.ErrThrottled
	}
	acct, err := b.a.store.Accounts().Get(ctx, accountID)
	if err != nil {
		return nil, err
	}
	nameMatches := emailOrName != "" && (strings.EqualFold(emailOrName, acct.Email) || emailOrName == acct.Name)
	ok, err := b.rootPasswordMatches(ctx, accountID, password)
	if err != nil {
		return nil, err
	}
	if !ok || !nameMatches {
		b.throttle.Failure(rootKey, addrKey)
		b.signInEvent(ctx, facts, who, false, false)
		return nil, console.ErrBadCredentials
	}
	b.throttle.Success(rootKey)
	id := &console.Identity{AccountID: accountID, Root: true, ARN: who.ARN}
	if id.MFASerial, err = b.mfaSerial(ctx, accountID, ""); err != nil {
		return nil, err
	}
	if id.MFASerial == "" {
		b.signInEvent(ctx, facts, who, true, false)
	}
	return id, nil
}

// rootPasswordMatches checks password against the root's stored hash. An
// account without a root password takes as long to refuse as one with.
func (b *consoleBackend) rootPasswordMatches(ctx context.Context, accountID, password string) (bool, error) {
	hash, _, err := b.a.store.RootPasswords().Get(ctx, accountID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, b.hasher.SimulateVerify(ctx, password)
	case err != nil:
		return false, err
	}
	return b.hasher.Verify(ctx, password, hash)
}

// mfaSerial is the serial number of the first MFA device assigned to the
// user ("" for the root), "" when none is.
func (b *consoleBackend) mfaSerial(ctx context.Context, accountID, userID string) (string, error) {
	devices, err := b.a.store.MFADevices().ListForUser(ctx, accountID, userID)
	if err != nil || len(devices) == 0 {
		return "", err
	}
	d := devices[0]
	return "arn:aws:iam::" + accountID + ":mfa" + d.Path + d.Name, nil
}

func (b *consoleBackend) VerifyMFA(ctx context.Context, facts service.RequestFacts, id *console.Identity, code string) (time.Time, error) {
	ctx = service.WithRequestFacts(ctx, facts)
	who := identityPrincipal(id)
	key := "mfa:" + id.AccountID + "/" + id.UserID
	if ok, _ := b.throttle.Allow(key); !ok {
		b.signInEvent(ctx, facts, who, false, true)
		return time.Time{}, console.ErrThrottled
	}
	at, err := b.iam.VerifyMFACode(ctx, id.AccountID, id.UserID, id.MFASerial, code)
	if errors.Is(err, iam.ErrMFACodeInvalid) || errors.Is(err, iam.ErrMFADeviceNotAssigned) {
		b.throttle.Failure(key)
		b.signInEvent(ctx, facts, who, false, true)
		return time.Time{}, console.ErrBadCredentials
	}
	if err != nil {
		return time.Time{}, err
	}
	b.throttle.Success(key)
	b.signInEvent(ctx, facts, who, true, true)
	return at, nil
}

func (b *consoleBackend) EnableRootMFA(ctx context.Context, facts service.RequestFacts, p *principal.Principal, serial, code1, code2 string) error {
	if !p.IsRoot() {
		return awserr.AccessDenied("Only the root user can assign an MFA device to the root user.")
	}
	req := b.consoleRequest(facts, p, "iam", "EnableMFADevice", false)
	req.Input = map[string]any{"serialNumber": serial}
	_, err := b.a.audit.Transact(ctx, req, func(ctx context.Context) (any, error) {
		return nil, b.iam.EnableRootMFADevice(ctx, p.AccountID, serial, code1, code2)
	})
	return err
}

// ChangeRootPassword checks the root's current password, throttled with
// its sign-ins, and stores the new one with its PasswordUpdated event in one
// transaction, as AWS's console records a root password change
// (eventSource signin.amazonaws.com, eventType AwsConsoleSignIn).
func (b *consoleBackend) ChangeRootPassword(ctx context.Context, facts service.RequestFacts, p *principal.Principal, oldPassword, newPassword string) error {
	if !p.IsRoot() {
		return awserr.AccessDenied("Only the root user can change the root user's password.")
	}
	accountID := p.AccountID
	rootKey, addrKey := "root:"+accountID, "addr:"+facts.SourceIP
	event := func(success bool) *audit.Request { return b.signinRequest(facts, p, "PasswordUpdated", success) }
	if ok, _ := b.throttle.Allow(rootKey, addrKey); !ok {
		b.a.audit.Record(ctx, event(false))
		return console.ErrThrottled
	}
	ok, err := b.rootPasswordMatches(ctx, accountID, oldPassword)
	if err != nil {
		return err
	}
	if !ok {
		b.throttle.Failure(rootKey, addrKey)
		b.a.audit.Record(ctx, event(false))
		return console.ErrBadCredentials
	}
	b.throttle.Success(rootKey)
	if n := utf8.RuneCountInString(newPassword); n < 8 || n > 128 {
		return console.ErrRootPasswordLength
	}
	// Hashing takes tens of milliseconds: done before the transaction, it
	// holds no write lock.
	newHash, err := b.hasher.Hash(ctx, newPassword)
	if err != nil {
		return fmt.Errorf("root password: %w", err)
	}
	success := event(true)
	_, err = b.a.audit.Transact(ctx, success, func(ctx context.Context) (any, error) {
		// Transact records what this returns as the responseElements.
		return success.Output, b.a.store.RootPasswords().Set(ctx, accountID, newHash, b.now().UTC())
	})
	return err
}

func (b *consoleBackend) Call(ctx context.Context, p *principal.Principal, facts service.RequestFacts, svc, operation string, in any) (any, error) {
	return b.a.gateway.Call(ctx, p, facts, svc, operation, in)
}

func (b *consoleBackend) Sessions() console.Sessions {
	return consoleSessions{b.a.store.ConsoleSessions()}
}

// signInEvent records a ConsoleLogin event as CloudTrail writes them:
// eventSource signin.amazonaws.com, eventType AwsConsoleSignIn, "Success"
// or "Failure" in responseElements, and MFAUsed in additionalEventData.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
func (b *consoleBackend) signInEvent(ctx context.Context, facts service.RequestFacts, who *principal.Principal, success, mfaUsed bool) {
	req := b.signinRequest(facts, who, "ConsoleLogin", success)
	mfa := "No"
	if mfaUsed {
		mfa = "Yes"
	}
	req.AdditionalEventData = map[string]any{"MFAUsed": mfa, "MobileVersion": "No"}
	b.a.audit.Record(ctx, req)
}

// signinRequest is an event of signin.amazonaws.com (ConsoleLogin,
// PasswordUpdated): eventType AwsConsoleSignIn, and "Success" or "Failure"
// under the event's name in responseElements.
func (b *consoleBackend) signinRequest(facts service.RequestFacts, who *principal.Principal, eventName string, success bool) *audit.Request {
	req := b.consoleRequest(facts, who, "signin", eventName, false)
	// Signing in is not a call the console makes for a session.
	req.Console = false
	req.EventType = "AwsConsoleSignIn"
	result := "Success"
	if !success {
		result = "Failure"
		req.Err = &awserr.Error{Message: "Failed authentication"}
	}
	req.Output = map[string]any{eventName: result}
	return req
}

func (b *consoleBackend) consoleRequest(facts service.RequestFacts, p *principal.Principal, svc, operation string, readOnly bool) *audit.Request {
	id, err := secrets.NewRequestID()
	if err != nil {
		id = fmt.Sprintf("console-%d", b.now().UnixNano())
	}
	return &audit.Request{
		EventID: id, RequestID: id, Time: b.now().UTC(), Service: svc, Operation: operation, ReadOnly: readOnly,
		Region: "us-east-1", SourceIP: facts.SourceIP, UserAgent: facts.UserAgent, Principal: p, Console: true,
	}
}

func identityPrincipal(id *console.Identity) *principal.Principal {
	if id.Root {
		return &principal.Principal{Type: principal.Root, AccountID: id.AccountID, ARN: id.ARN, UserID: id.AccountID}
	}
	return &principal.Principal{Type: principal.IAMUser, AccountID: id.AccountID, ARN: id.ARN, UserID: id.UserID, UserName: id.UserName}
}

func userARN(u *store.User) string {
	return "arn:aws:iam::" + u.AccountID + ":user" + u.Path + u.Name
}

// consoleSessions adapts the store's console sessions to the console's.
type consoleSessions struct{ s store.ConsoleSessions }

func (c consoleSessions) Create(ctx context.Context, s *console.Session) error {
	return c.s.Create(ctx, toStoreSession(s))
}

func (c consoleSessions) Get(ctx context.Context, idHash string) (*console.Session, error) {
	s, err := c.s.Get(ctx, idHash)
	if errors.Is(err, store.ErrNotFound) {
		return nil, console.ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	return &console.Session{
		IDHash: s.IDHash, Stage: console.Stage(s.Stage), CSRF: s.CSRF, CreatedAt: s.CreatedAt, LastSeen: s.LastSeen, MFAAt: s.MFAAt,
		Identity: console.Identity{
			AccountID: s.AccountID, Root: s.Root, UserID: s.UserID, UserName: s.UserName, ARN: s.ARN,
			MFASerial: s.MFASerial, PasswordResetRequired: s.PasswordResetRequired,
		},
	}, nil
}

func (c consoleSessions) Update(ctx context.Context, s *console.Session) error {
	err := c.s.Update(ctx, toStoreSession(s))
	if errors.Is(err, store.ErrNotFound) {
		return console.ErrNoSession
	}
	return err
}

func (c consoleSessions) Delete(ctx context.Context, idHash string) error {
	return c.s.Delete(ctx, idHash)
}

func toStoreSession(s *console.Session) *store.ConsoleSession {
	return &store.ConsoleSession{
		IDHash: s.IDHash, AccountID: s.Identity.AccountID, Root: s.Identity.Root, UserID: s.Identity.UserID,
		UserName: s.Identity.UserName, ARN: s.Identity.ARN, MFASerial: s.Identity.MFASerial,
		PasswordResetRequired: s.Identity.PasswordResetRequired, Stage: string(s.Stage), CSRF: s.CSRF,
		CreatedAt: s.CreatedAt, LastSeen: s.LastSeen, MFAAt: s.MFAAt,
	}
}
