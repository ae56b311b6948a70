package store

import (
	"context"
	"time"
)

// PasswordPolicy is an account's password policy
// (UpdateAccountPasswordPolicy). Zero MaxPasswordAge and
// PasswordReusePrevention mean "never expire" and "no reuse check".
type PasswordPolicy struct {
	AccountID                  string
	MinimumPasswordLength      int
	RequireSymbols             bool
	RequireNumbers             bool
	RequireUppercaseCharacters bool
	RequireLowercaseCharacters bool
	AllowUsersToChangePassword bool
	MaxPasswordAge             int // days, 0: passwords never expire
	PasswordReusePrevention    int // previous passwords refused, 0: none
	HardExpiry                 bool
}

// MaxPasswordHistory is how many previous password hashes the store keeps
// per user: IAM's largest PasswordReusePrevention (24), so that raising the
// policy later still sees the passwords set before.
const MaxPasswordHistory = 24

// PasswordHistoryEntry is one password a user has had, as its hash.
type PasswordHistoryEntry struct {
	PasswordHash string // argon2id PHC string
	SetAt        time.Time
}

// PasswordPolicies holds each account's password policy and each user's
// password history (reuse prevention and password_last_changed).
type PasswordPolicies interface {
	// Put creates or replaces the account's policy.
	Put(ctx context.Context, p *PasswordPolicy) error
	// Get returns ErrNotFound if the account has no policy.
	Get(ctx context.Context, accountID string) (*PasswordPolicy, error)
	// Delete returns ErrNotFound if the account has no policy.
	Delete(ctx context.Context, accountID string) error

	// RecordPassword appends hash, set at at, to the user's history and
	// drops all but the newest MaxPasswordHistory entries, atomically;
	// ErrNotFound if the user is absent. The history goes with the user.
	RecordPassword(ctx context.Context, accountID, userID, hash string, at time.Time) error
	// History lists the user's passwords, most recently recorded first;
	// empty, not an error, when there are none (or the user is absent). The
	// first entry is the current password and its SetAt is when the
	// password last changed.
	History(ctx context.Context, accountID, userID string) ([]PasswordHistoryEntry, error)
}
