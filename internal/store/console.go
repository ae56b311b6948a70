package store

import (
	"context"
	"time"
)

// ConsoleSession is a web console session. The browser holds a random
// value; the store holds only its SHA-256 (IDHash), so a database leak
// gives no session away.
type ConsoleSession struct {
	IDHash    string
	AccountID string
	// Root is true for the account's root user, whose UserID is "".
	Root      bool
	UserID    string // "" for the root
	UserName  string
	ARN       string
	MFASerial string
	// PasswordResetRequired holds the signed-in user at the password
	// change until the new password is set.
	PasswordResetRequired bool
	Stage                 string // "mfa", "password", "active"
	// CSRF is the session's anti-forgery token, compared with the one a
	// form posts back.
	CSRF      string
	CreatedAt time.Time
	LastSeen  time.Time
	MFAAt     time.Time // zero when no MFA code was given
}

// ConsoleSessions holds web console sessions, found by their ID hash in any
// account: the browser's cookie names no account. Sessions are no
// authorization input (requests made through the console are authorized as
// their user, by policy), so none of these methods counts as a write for
// Generation, and a sign-in or a page view empties no cache; inside WithTx
// they commit or roll back with the transaction. Times come back in UTC, to
// the microsecond.
type ConsoleSessions interface {
	// Create stores a new session; ErrAlreadyExists if the ID hash is
	// taken, an error if it is empty.
	Create(ctx context.Context, s *ConsoleSession) error
	// Get returns the session; ErrNotFound if absent.
	Get(ctx context.Context, idHash string) (*ConsoleSession, error)
	// Update stores Stage, PasswordResetRequired, MFAAt and LastSeen of the
	// session with s.IDHash; ErrNotFound if absent. The other fields are
	// fixed at sign-in.
	Update(ctx context.Context, s *ConsoleSession) error
	// Delete removes the session (sign-out); absent is not an error, so
	// signing out twice is harmless.
	Delete(ctx context.Context, idHash string) error
	// DeleteIdle removes sessions, of every account, last seen before
	// idleBefore or created before createdBefore (a time exactly at a bound
	// stays), and reports how many: the idle timeout and the absolute
	// lifetime, swept together.
	DeleteIdle(ctx context.Context, idleBefore, createdBefore time.Time) (int, error)
	// DeleteForUser removes every session of the account's user (userID ""
	// = the root's) and reports how many: a deleted user or a reset
	// password ends them. Other users' and other accounts' sessions stay.
	DeleteForUser(ctx context.Context, accountID, userID string) (int, error)
}

// RootPasswords holds each account root user's console password hash
// (argon2id, PHC string, made by internal/secrets). IAM has no API for the
// root's password, so it lives apart from LoginProfiles, which are users'.
// It is no authorization input for API requests (only console sign-in reads
// it), so Set does not count as a write for Generation; inside WithTx it
// commits or rolls back with the transaction.
type RootPasswords interface {
	// Set stores or replaces the account's root password hash, set at at;
	// ErrNotFound if the account does not exist.
	Set(ctx context.Context, accountID, hash string, at time.Time) error
	// Get returns the hash and when it was set (UTC, to the microsecond);
	// ErrNotFound if the account has none.
	Get(ctx context.Context, accountID string) (hash string, setAt time.Time, err error)
}
