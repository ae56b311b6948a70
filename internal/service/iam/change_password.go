package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// Messages of ChangePassword. AWS documents the codes
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html)
// but not these texts: they are iamd's.
const (
	msgChangePasswordUserType = "ChangePassword can be called only by an IAM user to change that user's own password."
	msgOldPasswordIncorrect   = "The old password is incorrect."
	msgPasswordHardExpired    = "The password of user %s has expired and can only be reset by an administrator."
	// msgRateExceeded is the message of AWS's Throttling error.
	msgRateExceeded = "Rate exceeded"
)

// sourceIPOf is the caller's address, as the gateway records it, for the
// per-address password throttle.
func sourceIPOf(ctx context.Context) string { return service.RequestFactsFrom(ctx).SourceIP }

// passwordThrottleKeys are the limiter keys of a password verification:
// the user (guessing one user's password from many addresses) and the
// address (guessing many users' passwords from one).
func passwordThrottleKeys(ctx context.Context, accountID, userID string) (user, addr string) {
	user = "user:" + accountID + "/" + userID
	if ip := sourceIPOf(ctx); ip != "" {
		addr = "addr:" + ip
	}
	return user, addr
}

// VerifyUserPassword checks an IAM user's console password under the
// throttle, as ChangePassword and the console's sign-in do: when the user
// or the address has failed too often it answers AWS's Throttling error
// without running the hash. ok is false for a wrong password (or a user
// without a login profile); the failure is counted.
func (s *Service) VerifyUserPassword(ctx context.Context, u *store.User, password string) (ok bool, err error) {
	userKey, addrKey := passwordThrottleKeys(ctx, u.AccountID, u.ID)
	if allowed, _ := s.passwordThrottle.Allow(userKey, addrKey); !allowed {
		return false, awserr.Throttling(msgRateExceeded)
	}
	lp, err := s.store.LoginProfiles().Get(ctx, u.AccountID, u.ID)
	if err != nil {
		return false, storeError(err, ifNotFound(awserr.NoSuchEntity(msgLoginProfileNotFound, u.Name)))
	}
	ok, err = s.verifyPassword(ctx, password, lp.PasswordHash)
	if err != nil {
		return false, err
	}
	if !ok {
		s.passwordThrottle.Failure(userKey, addrKey)
		return false, nil
	}
	s.passwordThrottle.Success(userKey)
	return true, nil
}

// ChangePassword changes the calling IAM user's own console password,
// after checking the old one, under the account's password policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html
func (s *Service) ChangePassword(ctx context.Context, in *ChangePasswordRequest) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	// The root's password is not an IAM login profile, and roles and
	// federated users have none: only an IAM user (with its long-term
	// keys or a GetSessionToken session) has a password to change.
	if p.Type != principal.IAMUser || p.UserName == "" {
		return nil, awserr.InvalidUserType("%s", msgChangePasswordUserType)
	}
	u, err := getUser(ctx, s.store, p.AccountID, p.UserName)
	if err != nil {
		return nil, err
	}
	status, err := s.PasswordStatus(ctx, p.AccountID, u.Name)
	if err != nil {
		return nil, err
	}
	if status.Locked {
		return nil, awserr.EntityTemporarilyUnmodifiable(msgPasswordHardExpired, u.Name)
	}
	ok, err := s.VerifyUserPassword(ctx, u, in.OldPassword)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, awserr.InvalidUserType("%s", msgOldPasswordIncorrect)
	}
	if err := s.checkPassword(ctx, p.AccountID, u.ID, in.NewPassword); err != nil {
		return nil, err
	}
	hash, err := s.hashPassword(ctx, in.NewPassword)
	if err != nil {
		return nil, err
	}
	notFound := awserr.NoSuchEntity(msgLoginProfileNotFound, u.Name)
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		lp, err := tx.LoginProfiles().Get(ctx, p.AccountID, u.ID)
		if err != nil {
			return storeError(err, ifNotFound(notFound))
		}
		lp.PasswordHash, lp.PasswordResetRequired = hash, false
		if err := tx.LoginProfiles().Update(ctx, lp); err != nil {
			return storeError(err, ifNotFound(notFound))
		}
		return storeError(s.recordPassword(ctx, tx, p.AccountID, u.ID, hash), ifNotFound(errUserNotFound(u.Name)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}
