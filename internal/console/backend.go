package console

import (
	"context"
	"errors"
	"time"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// Backend is what the console needs of iamd. Everything a signed-in person
// does goes through Call, so it is authorized by that person's policies and
// recorded in the audit trail exactly like the same call from the CLI.
type Backend interface {
	// Account resolves an account ID or alias to the account's ID and
	// alias ("" when it has none); ErrNoAccount when neither names one.
	Account(ctx context.Context, idOrAlias string) (id, alias string, err error)
	// SignInUser checks an IAM user's console password, throttled per
	// user and per address (facts.SourceIP), and records its use. Wrong
	// names and wrong passwords are both ErrBadCredentials; too many
	// failures are ErrThrottled.
	SignInUser(ctx context.Context, facts service.RequestFacts, accountID, userName, password string) (*Identity, error)
	// SignInRoot checks the root user's email (or account name) and
	// password, throttled like SignInUser.
	SignInRoot(ctx context.Context, facts service.RequestFacts, accountID, emailOrName, password string) (*Identity, error)
	// VerifyMFA checks a code of one of id's MFA devices (each code is
	// accepted once) and returns when it was accepted; ErrBadCredentials
	// for a wrong code.
	VerifyMFA(ctx context.Context, facts service.RequestFacts, id *Identity, code string) (time.Time, error)
	// EnableRootMFA assigns a virtual MFA device (made by
	// CreateVirtualMFADevice, named root-account-mfa-device) to the
	// account's root user, with two consecutive codes. AWS offers this in
	// its console only, never in its API; it is audited as
	// EnableMFADevice. Errors are AWS's, as EnableMFADevice's.
	EnableRootMFA(ctx context.Context, facts service.RequestFacts, p *principal.Principal, serial, code1, code2 string) error
	// ChangeRootPassword changes the root user's console password, which
	// is no IAM password: the current one must be given (a wrong one is
	// ErrBadCredentials, throttled like a sign-in), and the new one must
	// be 8 to 128 characters long (ErrRootPasswordLength). It is audited as
	// AWS's console does, as PasswordUpdated.
	ChangeRootPassword(ctx context.Context, facts service.RequestFacts, p *principal.Principal, oldPassword, newPassword string) error
	// Call runs an operation of an AWS service ("iam", "sts") as p.
	Call(ctx context.Context, p *principal.Principal, facts service.RequestFacts, svc, operation string, in any) (any, error)
	// Sessions stores console sessions.
	Sessions() Sessions
}

// Identity is who signed in, as the password check found them.
type Identity struct {
	AccountID string
	Root      bool
	// UserID, UserName and ARN name the IAM user (the root's ARN for the
	// root).
	UserID   string
	UserName string
	ARN      string
	// MFASerial is the serial number of an enabled MFA device: the
	// sign-in asks for its code. "" when the identity has none.
	MFASerial string
	// PasswordResetRequired: the password must be changed before anything
	// else (an administrator said so, or it expired).
	PasswordResetRequired bool
}

var (
	// ErrNoAccount: no account has that ID or alias.
	ErrNoAccount = errors.New("console: no such account")
	// ErrBadCredentials: wrong user, password or code. The person is
	// told only that their authentication information is incorrect.
	ErrBadCredentials = errors.New("console: authentication failed")
	// ErrThrottled: too many failures for the user or the address.
	ErrThrottled = errors.New("console: too many failed attempts")
	// ErrRootPasswordLength: a new root password shorter than 8 or longer
	// than 128 characters.
	ErrRootPasswordLength = errors.New("console: the root password must be 8 to 128 characters long")
)

// Session is one signed-in (or signing-in) browser.
type Session struct {
	// IDHash is the SHA-256 of the cookie's random value, hex: the
	// cookie itself is never stored.
	IDHash   string
	Identity Identity
	// Stage is how far the sign-in got: StageMFA waits for the code,
	// StagePassword for the new password, StageActive may use the console.
	Stage Stage
	// CSRF is the token every form of this session must carry.
	CSRF      string
	CreatedAt time.Time
	// LastSeen moves with use; the session ends after the idle timeout.
	LastSeen time.Time
	// MFAAt is when an MFA code was accepted at sign-in; zero without MFA.
	MFAAt time.Time
}

// Stage is a step of signing in.
type Stage string

const (
	StageMFA      Stage = "mfa"
	StagePassword Stage = "password"
	StageActive   Stage = "active"
)

// Sessions stores console sessions so that every iamd node sharing a
// database knows them and sign-out ends a session everywhere.
type Sessions interface {
	// Create stores a new session.
	Create(ctx context.Context, s *Session) error
	// Get returns the session with the ID hash; ErrNoSession if absent.
	Get(ctx context.Context, idHash string) (*Session, error)
	// Update stores Stage, Identity, MFAAt and LastSeen of the session.
	Update(ctx context.Context, s *Session) error
	// Delete removes the session; absent is not an error.
	Delete(ctx context.Context, idHash string) error
}

// ErrNoSession: the session does not exist (expired, signed out).
var ErrNoSession = errors.New("console: no such session")
