// Package sts implements the Security Token Service API (2011-06-15) as
// typed operations. It knows nothing of HTTP, SQL or the wire encoding.
package sts

import (
	"context"
	"errors"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// Config holds what the operations that issue credentials need.
type Config struct {
	Store store.Store
	// Sealer seals the sessions of the credentials STS issues.
	Sealer *session.Sealer
	// Policies resolves session policy ARNs (permissions.Loader).
	Policies SessionPolicies
	// Authorizer decides the actions an operation implies beyond its own
	// (sts:TagSession, sts:SetSourceIdentity); permissions.Enforcer.
	Authorizer Authorizer
	// WebIdentity verifies the tokens of AssumeRoleWithWebIdentity
	// (internal/federation/oidc.Verifier); nil: the operation fails.
	WebIdentity WebIdentityVerifier
	// Trust evaluates role trust policies for federated callers
	// (permissions.Enforcer); nil: federated operations fail.
	Trust FederatedTrust
	// MFA verifies the SerialNumber and TokenCode of GetSessionToken and
	// AssumeRole against the caller's MFA devices; nil: every code fails.
	MFA MFAVerifier
	// WebIdentityTokens signs GetWebIdentityToken's tokens
	// (issuers.Issuers); nil: the operation fails.
	WebIdentityTokens WebIdentityTokens
	// PrincipalTags gives the principal_tags claim of those tokens
	// (permissions.Enforcer); nil: tokens carry none.
	PrincipalTags PrincipalTagger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// MFAVerifier checks a one-time code of a user's (userID "" for the root)
// MFA device, accepting each code once. It returns ErrInvalidMFA for a
// device that is not the user's or a wrong or reused code.
type MFAVerifier interface {
	VerifyMFACode(ctx context.Context, accountID, userID, serialNumber, code string) (authTime time.Time, err error)
}

// ErrInvalidMFA is an MFAVerifier's refusal.
var ErrInvalidMFA = errors.New("sts: invalid MFA serial number or code")

// SessionPolicies resolves the managed policies a session policy names.
type SessionPolicies interface {
	SessionPolicySources(ctx context.Context, accountID, doc string, arns []string) ([]permissions.Source, error)
}

// Authorizer authorizes one action (the gateway's interface).
type Authorizer interface {
	Authorize(ctx context.Context, req *service.AuthzRequest) error
}

// Service is the STS API.
type Service struct {
	cfg Config
}

// New builds the service with no store: only GetCallerIdentity works. The
// README generator lists its operations.
func New() *Service { return NewService(Config{}) }

// NewService builds the service.
func NewService(cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Service{cfg: cfg}
}

// Operations declares every implemented STS operation.
func (s *Service) Operations() []service.Operation {
	return []service.Operation{
		service.Op("sts", "GetCallerIdentity", s.GetCallerIdentity,
			service.ReadOnly[GetCallerIdentityRequest](),
			service.NoAuthorization[GetCallerIdentityRequest]()),
		service.Op("sts", "AssumeRole", s.AssumeRole,
			service.OnResource(func(_ *principal.Principal, in *AssumeRoleRequest) string { return in.RoleArn }),
			service.WithContextKeys(assumeRoleKeys)),
		// Anonymous: IdP tools call it unsigned; the signed SAML response
		// is the proof, and the role's trust policy is evaluated inside.
		service.Op("sts", "AssumeRoleWithSAML", s.AssumeRoleWithSAML,
			service.AllowAnonymous[AssumeRoleWithSAMLRequest](),
			service.OnResource(func(_ *principal.Principal, in *AssumeRoleWithSAMLRequest) string { return in.RoleArn })),
		// Anonymous: real clients call it unsigned; the token is the proof,
		// and the operation evaluates the role's trust policy itself.
		service.Op("sts", "AssumeRoleWithWebIdentity", s.AssumeRoleWithWebIdentity,
			service.AllowAnonymous[AssumeRoleWithWebIdentityRequest](),
			service.OnResource(func(_ *principal.Principal, in *AssumeRoleWithWebIdentityRequest) string { return in.RoleArn })),
		// GetSessionToken needs no permission: it only re-authenticates the
		// caller (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).
		service.Op("sts", "GetSessionToken", s.GetSessionToken,
			service.NoAuthorization[GetSessionTokenRequest]()),
		service.Op("sts", "GetFederationToken", s.GetFederationToken,
			service.WithContextKeys(federationKeys)),
		service.Op("sts", "GetAccessKeyInfo", s.GetAccessKeyInfo,
			service.ReadOnly[GetAccessKeyInfoRequest]()),
		service.Op("sts", "DecodeAuthorizationMessage", s.DecodeAuthorizationMessage,
			service.ReadOnly[DecodeAuthorizationMessageRequest]()),
		service.Op("sts", "GetWebIdentityToken", s.GetWebIdentityToken,
			service.ReadOnly[GetWebIdentityTokenRequest](),
			service.OnResource(webIdentityTokenResource),
			service.WithContextKeys(webIdentityTokenKeys)),
	}
}

// GetCallerIdentity returns who the caller is. It needs no permission: AWS
// answers it even when an explicit deny covers sts:GetCallerIdentity.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
func (s *Service) GetCallerIdentity(ctx context.Context, _ *GetCallerIdentityRequest) (*GetCallerIdentityResponse, error) {
	p := principal.FromContext(ctx)
	if p == nil {
		return nil, awserr.MissingAuthenticationToken()
	}
	return &GetCallerIdentityResponse{UserId: p.UserID, Account: p.AccountID, Arn: p.ARN}, nil
}
