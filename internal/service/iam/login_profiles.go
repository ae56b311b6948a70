package iam

import (
	"context"
	"errors"
	"fmt"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// loginProfileOperations declares the console password operations.
func (s *Service) loginProfileOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateLoginProfile", s.CreateLoginProfile,
			service.OnResource(func(p *principal.Principal, in *CreateLoginProfileRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "GetLoginProfile", s.GetLoginProfile, service.ReadOnly[GetLoginProfileRequest](),
			service.OnResource(func(p *principal.Principal, in *GetLoginProfileRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "UpdateLoginProfile", s.UpdateLoginProfile,
			service.OnResource(func(p *principal.Principal, in *UpdateLoginProfileRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DeleteLoginProfile", s.DeleteLoginProfile,
			service.OnResource(func(p *principal.Principal, in *DeleteLoginProfileRequest) string {
				return s.userResource(p, in.UserName)
			})),
	}
}

// checkPassword enforces the account's password policy on a new password
// of the user (PasswordPolicyViolation; reuse of its last passwords
// included); the model already bounds the length to 1..128. It never logs
// the password.
func (s *Service) checkPassword(ctx context.Context, accountID, userID, password string) error {
	if password == "" {
		return awserr.MissingParameter("Password")
	}
	return s.enforcePasswordPolicy(ctx, accountID, userID, password)
}

// hashPassword hashes a console password; the plaintext goes no further.
func (s *Service) hashPassword(ctx context.Context, password string) (string, error) {
	if s.hasher == nil {
		return "", fmt.Errorf("iam: no password hasher configured")
	}
	h, err := s.hasher.Hash(ctx, password)
	if err != nil {
		return "", fmt.Errorf("iam: hash password: %w", err)
	}
	return h, nil
}

// profileUser resolves the user of a login profile operation. The root's
// console password is not an IAM login profile, so the root must name a
// user, as every non-user caller must.
func profileUser(ctx context.Context, st store.Store, p *principal.Principal, name string) (*store.User, error) {
	u, err := targetUser(ctx, st, p, name)
	if err == nil && u == nil {
		return nil, awserr.ValidationError(msgNeedUserName)
	}
	return u, err
}

// loginProfileShape is the wire LoginProfile.
func loginProfileShape(u *store.User, lp *store.LoginProfile) LoginProfile {
	reset := lp.PasswordResetRequired
	return LoginProfile{
		UserName:              u.Name,
		CreateDate:            lp.CreatedAt.UTC(),
		PasswordResetRequired: &reset,
	}
}

// CreateLoginProfile gives a user a console password, stored only as its
// hash.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
func (s *Service) CreateLoginProfile(ctx context.Context, in *CreateLoginProfileRequest) (*CreateLoginProfileResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := profileUser(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.checkPassword(ctx, p.AccountID, u.ID, in.Password); err != nil {
		return nil, err
	}
	exists := awserr.EntityAlreadyExists(msgLoginProfileExists, u.Name)
	// Refuse a second profile before paying for a hash; the store's unique
	// constraint still decides a race.
	switch _, err := s.store.LoginProfiles().Get(ctx, p.AccountID, u.ID); {
	case err == nil:
		return nil, exists
	case !errors.Is(err, store.ErrNotFound):
		return nil, storeError(err)
	}
	// Hash outside the transaction: argon2id takes tens of milliseconds.
	hash, err := s.hashPassword(ctx, in.Password)
	if err != nil {
		return nil, err
	}
	lp := &store.LoginProfile{
		AccountID:             p.AccountID,
		UserID:                u.ID,
		PasswordHash:          hash,
		PasswordResetRequired: in.PasswordResetRequired != nil && *in.PasswordResetRequired,
		CreatedAt:             s.now(),
	}
	err = storeError(s.store.WithTx(ctx, func(tx store.Store) error {
		if err := tx.LoginProfiles().Create(ctx, lp); err != nil {
			return err
		}
		return s.recordPassword(ctx, tx, p.AccountID, u.ID, hash)
	}),
		ifExists(exists),
		ifNotFound(errUserNotFound(u.Name)))
	if err != nil {
		return nil, err
	}
	return &CreateLoginProfileResponse{LoginProfile: loginProfileShape(u, lp)}, nil
}

// GetLoginProfile returns a user's login profile, never the password.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetLoginProfile.html
func (s *Service) GetLoginProfile(ctx context.Context, in *GetLoginProfileRequest) (*GetLoginProfileResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := profileUser(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	lp, err := s.store.LoginProfiles().Get(ctx, p.AccountID, u.ID)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgLoginProfileNotFound, u.Name)))
	}
	return &GetLoginProfileResponse{LoginProfile: loginProfileShape(u, lp)}, nil
}

// UpdateLoginProfile changes a user's password, its reset flag, or both;
// an omitted field is left as it is.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
func (s *Service) UpdateLoginProfile(ctx context.Context, in *UpdateLoginProfileRequest) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := getUser(ctx, s.store, p.AccountID, in.UserName)
	if err != nil {
		return nil, err
	}
	notFound := awserr.NoSuchEntity(msgLoginProfileNotFound, u.Name)
	if _, err := s.store.LoginProfiles().Get(ctx, p.AccountID, u.ID); err != nil {
		return nil, storeError(err, ifNotFound(notFound))
	}
	var hash string
	if in.Password != "" {
		if err := s.checkPassword(ctx, p.AccountID, u.ID, in.Password); err != nil {
			return nil, err
		}
		if hash, err = s.hashPassword(ctx, in.Password); err != nil {
			return nil, err
		}
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		lp, err := tx.LoginProfiles().Get(ctx, p.AccountID, u.ID)
		if err != nil {
			return storeError(err, ifNotFound(notFound))
		}
		if hash != "" {
			lp.PasswordHash = hash
		}
		if in.PasswordResetRequired != nil {
			lp.PasswordResetRequired = *in.PasswordResetRequired
		}
		if err := tx.LoginProfiles().Update(ctx, lp); err != nil {
			return storeError(err, ifNotFound(notFound))
		}
		if hash == "" {
			return nil
		}
		return storeError(s.recordPassword(ctx, tx, p.AccountID, u.ID, hash), ifNotFound(errUserNotFound(u.Name)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteLoginProfile removes a user's console password.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteLoginProfile.html
func (s *Service) DeleteLoginProfile(ctx context.Context, in *DeleteLoginProfileRequest) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := profileUser(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	err = s.store.LoginProfiles().Delete(ctx, p.AccountID, u.ID)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgLoginProfileNotFound, u.Name)))
	}
	return &noOutput{}, nil
}
