package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/store"
)

// PasswordPolicyViolation messages, the first rule a password breaks, in
// this order. The uppercase one is AWS's text as real clients quote it
// (CreateLoginProfile: "Password should have at least one uppercase
// letter"); the others follow its pattern and are iamd's until checked
// against AWS.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
const (
	msgPasswordTooShort       = "Password should have a minimum length of %d"
	msgPasswordNeedsUppercase = "Password should have at least one uppercase letter"
	msgPasswordNeedsLowercase = "Password should have at least one lowercase letter"
	msgPasswordNeedsNumber    = "Password should have at least one number"
	msgPasswordNeedsSymbol    = "Password should have at least one symbol"
	msgPasswordReused         = "Password should not be one of your previous %d passwords"
)

// passwordSymbols are the non-alphanumeric characters RequireSymbols asks
// for, as the IAM User Guide lists them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
const passwordSymbols = "!@#$%^&*()_+-=[]{}|'"

// checkPasswordRules checks a password against the policy's composition
// rules; nil policy means none.
func checkPasswordRules(p *store.PasswordPolicy, password string) error {
	if p == nil {
		return nil
	}
	if utf8.RuneCountInString(password) < p.MinimumPasswordLength {
		return awserr.PasswordPolicyViolation(msgPasswordTooShort, p.MinimumPasswordLength)
	}
	checks := []struct {
		required bool
		has      func(rune) bool
		msg      string
	}{
		{p.RequireUppercaseCharacters, func(r rune) bool { return 'A' <= r && r <= 'Z' }, msgPasswordNeedsUppercase},
		{p.RequireLowercaseCharacters, func(r rune) bool { return 'a' <= r && r <= 'z' }, msgPasswordNeedsLowercase},
		{p.RequireNumbers, func(r rune) bool { return '0' <= r && r <= '9' }, msgPasswordNeedsNumber},
		{p.RequireSymbols, func(r rune) bool { return strings.ContainsRune(passwordSymbols, r) }, msgPasswordNeedsSymbol},
	}
	for _, c := range checks {
		if c.required && strings.IndexFunc(password, c.has) < 0 {
			return awserr.PasswordPolicyViolation("%s", c.msg)
		}
	}
	return nil
}

// passwordPolicyOf returns the account's policy, or nil when it has none.
func (s *Service) passwordPolicyOf(ctx context.Context, accountID string) (*store.PasswordPolicy, error) {
	p, err := s.store.PasswordPolicies().Get(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, storeError(err)
	}
	return p, nil
}

// enforcePasswordPolicy refuses a new password that breaks the account's
// policy or, for a user (userID != ""), is one of the user's last
// PasswordReusePrevention passwords. Reuse costs one hash verification per
// remembered password, so it runs after the cheap rules.
func (s *Service) enforcePasswordPolicy(ctx context.Context, accountID, userID, password string) error {
	p, err := s.passwordPolicyOf(ctx, accountID)
	if err != nil || p == nil {
		return err
	}
	if err := checkPasswordRules(p, password); err != nil {
		return err
	}
	if userID == "" || p.PasswordReusePrevention <= 0 {
		return nil
	}
	history, err := s.store.PasswordPolicies().History(ctx, accountID, userID)
	if err != nil {
		return storeError(err)
	}
	for i, h := range history {
		if i == p.PasswordReusePrevention {
			break
		}
		same, err := s.verifyPassword(ctx, password, h.PasswordHash)
		if err != nil {
			return err
		}
		if same {
			return awserr.PasswordPolicyViolation(msgPasswordReused, p.PasswordReusePrevention)
		}
	}
	return nil
}

// verifyPassword checks a password against a stored hash.
func (s *Service) verifyPassword(ctx context.Context, password, hash string) (bool, error) {
	if s.hasher == nil {
		return false, fmt.Errorf("iam: no password hasher configured")
	}
	ok, err := s.hasher.Verify(ctx, password, hash)
	if err != nil {
		return false, fmt.Errorf("iam: verify password: %w", err)
	}
	return ok, nil
}

// recordPassword remembers a newly set password's hash (reuse prevention)
// and when it was set (expiry), in st's transaction.
func (s *Service) recordPassword(ctx context.Context, st store.Store, accountID, userID, hash string) error {
	return st.PasswordPolicies().RecordPassword(ctx, accountID, userID, hash, s.now())
}

// PasswordState is what the console needs to know of a user's password at
// sign-in.
type PasswordState struct {
	// LastChanged is when the password was last set.
	LastChanged time.Time
	// ExpiresAt is when it expires under MaxPasswordAge; zero: never.
	ExpiresAt time.Time
	// Expired: ExpiresAt has passed.
	Expired bool
	// ResetRequired: the user must choose a new password on signing in,
	// because an administrator said so or because it expired.
	ResetRequired bool
	// Locked: it expired under HardExpiry, so the user cannot sign in nor
	// set a new one; only an administrator (UpdateLoginProfile) can.
	Locked bool
}

// PasswordStatus reports whether a user's console password has expired
// and what follows from it; NoSuchEntity if the user or its login profile
// is absent.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
func (s *Service) PasswordStatus(ctx context.Context, accountID, userName string) (*PasswordState, error) {
	u, err := getUser(ctx, s.store, accountID, userName)
	if err != nil {
		return nil, err
	}
	lp, err := s.store.LoginProfiles().Get(ctx, accountID, u.ID)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgLoginProfileNotFound, u.Name)))
	}
	st := &PasswordState{LastChanged: lp.CreatedAt, ResetRequired: lp.PasswordResetRequired}
	history, err := s.store.PasswordPolicies().History(ctx, accountID, u.ID)
	if err != nil {
		return nil, storeError(err)
	}
	if len(history) > 0 && history[0].SetAt.After(st.LastChanged) {
		st.LastChanged = history[0].SetAt
	}
	p, err := s.passwordPolicyOf(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if p == nil || p.MaxPasswordAge <= 0 {
		return st, nil
	}
	st.ExpiresAt = st.LastChanged.AddDate(0, 0, p.MaxPasswordAge)
	if !s.clock().Before(st.ExpiresAt) {
		st.Expired = true
		if p.HardExpiry {
			st.Locked = true
		} else {
			st.ResetRequired = true
		}
	}
	return st, nil
}
