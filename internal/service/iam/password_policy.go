package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// passwordPolicyInput is the input of the model's operations without an
// input shape (GetAccountPasswordPolicy, DeleteAccountPasswordPolicy).
type passwordPolicyInput struct{}

// Messages of the password policy operations.
const (
	// msgNoPasswordPolicy: GetAccountPasswordPolicy and
	// DeleteAccountPasswordPolicy when the account has none. AWS names the
	// account ID as the "domain name", as real clients quote it.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
	msgNoPasswordPolicy = "The Password Policy with domain name %s cannot be found."
)

// Defaults of UpdateAccountPasswordPolicy for an omitted parameter: the
// operation does not merge, it resets every omitted field.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
const defaultMinimumPasswordLength = 6

// passwordPolicyOps declares the account password policy operations and
// ChangePassword.
func (s *Service) passwordPolicyOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "UpdateAccountPasswordPolicy", s.UpdateAccountPasswordPolicy),
		service.Op("iam", "GetAccountPasswordPolicy", s.GetAccountPasswordPolicy, service.ReadOnly[passwordPolicyInput]()),
		service.Op("iam", "DeleteAccountPasswordPolicy", s.DeleteAccountPasswordPolicy),
		service.Op("iam", "ChangePassword", s.ChangePassword,
			// Authorized on the caller's own user ARN, as AWS's
			// IAMUserChangePassword policy expects (user/${aws:username}).
			service.OnResource(func(p *principal.Principal, _ *ChangePasswordRequest) string { return p.ARN })),
	}
}

// UpdateAccountPasswordPolicy sets the account's password policy. Every
// omitted parameter reverts to its default; the model's ranges
// (MinimumPasswordLength 6..128, MaxPasswordAge 1..1095,
// PasswordReusePrevention 1..24) are checked by the generated validator.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html
func (s *Service) UpdateAccountPasswordPolicy(ctx context.Context, in *UpdateAccountPasswordPolicyRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p := &store.PasswordPolicy{
		AccountID:                  accountID,
		MinimumPasswordLength:      defaultMinimumPasswordLength,
		RequireSymbols:             boolFlag(in.RequireSymbols),
		RequireNumbers:             boolFlag(in.RequireNumbers),
		RequireUppercaseCharacters: boolFlag(in.RequireUppercaseCharacters),
		RequireLowercaseCharacters: boolFlag(in.RequireLowercaseCharacters),
		AllowUsersToChangePassword: boolFlag(in.AllowUsersToChangePassword),
		HardExpiry:                 boolFlag(in.HardExpiry),
	}
	if in.MinimumPasswordLength != nil {
		p.MinimumPasswordLength = int(*in.MinimumPasswordLength)
	}
	if in.MaxPasswordAge != nil {
		p.MaxPasswordAge = int(*in.MaxPasswordAge)
	}
	if in.PasswordReusePrevention != nil {
		p.PasswordReusePrevention = int(*in.PasswordReusePrevention)
	}
	if err := s.store.PasswordPolicies().Put(ctx, p); err != nil {
		return nil, storeError(err)
	}
	return &noOutput{}, nil
}

// GetAccountPasswordPolicy returns the account's password policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountPasswordPolicy.html
func (s *Service) GetAccountPasswordPolicy(ctx context.Context, _ *passwordPolicyInput) (*GetAccountPasswordPolicyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.store.PasswordPolicies().Get(ctx, accountID)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgNoPasswordPolicy, accountID)))
	}
	return &GetAccountPasswordPolicyResponse{PasswordPolicy: passwordPolicyShape(p)}, nil
}

// DeleteAccountPasswordPolicy removes the account's password policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccountPasswordPolicy.html
func (s *Service) DeleteAccountPasswordPolicy(ctx context.Context, _ *passwordPolicyInput) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.PasswordPolicies().Delete(ctx, accountID)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgNoPasswordPolicy, accountID)))
	}
	return &noOutput{}, nil
}

// passwordPolicyShape is the wire PasswordPolicy. As AWS answers,
// ExpirePasswords is always present (true when MaxPasswordAge is set),
// while MaxPasswordAge, PasswordReusePrevention and HardExpiry appear only
// when set.
func passwordPolicyShape(p *store.PasswordPolicy) PasswordPolicy {
	out := PasswordPolicy{
		MinimumPasswordLength:      pointerOf(int32(p.MinimumPasswordLength)),
		RequireSymbols:             pointerOf(p.RequireSymbols),
		RequireNumbers:             pointerOf(p.RequireNumbers),
		RequireUppercaseCharacters: pointerOf(p.RequireUppercaseCharacters),
		RequireLowercaseCharacters: pointerOf(p.RequireLowercaseCharacters),
		AllowUsersToChangePassword: pointerOf(p.AllowUsersToChangePassword),
		ExpirePasswords:            pointerOf(p.MaxPasswordAge > 0),
	}
	if p.MaxPasswordAge > 0 {
		out.MaxPasswordAge = pointerOf(int32(p.MaxPasswordAge))
	}
	if p.PasswordReusePrevention > 0 {
		out.PasswordReusePrevention = pointerOf(int32(p.PasswordReusePrevention))
	}
	if p.HardExpiry {
		out.HardExpiry = pointerOf(true)
	}
	return out
}

// boolFlag reads an optional boolean parameter, false when omitted.
func boolFlag(b *bool) bool { return b != nil && *b }

// pointerOf returns a pointer to a copy of v.
func pointerOf[T any](v T) *T { return &v }
