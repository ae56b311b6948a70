package iam

import (
	"context"
	"errors"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/issuers"
	"github.com/iamd/iamd/internal/service"
)

// OutboundFederation turns an account's outbound identity federation on
// and off (issuers.Issuers).
type OutboundFederation interface {
	Enable(ctx context.Context, accountID string) (issuerURL string, err error)
	Disable(ctx context.Context, accountID string) error
	Info(ctx context.Context, accountID string) (issuerURL string, enabled bool, err error)
}

// AWS publishes no texts for these errors; these are the ones its API
// answers with, as captured from real responses (radkawar/stackd,
// testdata/aws/iam/outbound_identity.json and outbound_lifecycle.json).
// The codes are botocore's (FeatureEnabled, FeatureDisabled).
const (
	msgFeatureEnabled         = "Outbound identity federation is already enabled for account %s"
	msgFeatureDisabled        = "Outbound identity federation is disabled for account %s"
	msgFeatureAlreadyDisabled = "Outbound identity federation is already disabled for account %s"
)

// outboundFederationOps declares the account-wide outbound federation
// switches, authorized on "*".
func (s *Service) outboundFederationOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "EnableOutboundWebIdentityFederation", s.EnableOutboundWebIdentityFederation),
		service.Op("iam", "DisableOutboundWebIdentityFederation", s.DisableOutboundWebIdentityFederation),
		service.Op("iam", "GetOutboundWebIdentityFederationInfo", s.GetOutboundWebIdentityFederationInfo,
			service.ReadOnly[emptyAccountInput]()),
	}
}

// EnableOutboundWebIdentityFederation lets the account's principals get
// web identity tokens, and returns the account's issuer URL.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableOutboundWebIdentityFederation.html
func (s *Service) EnableOutboundWebIdentityFederation(ctx context.Context, _ *emptyAccountInput) (*EnableOutboundWebIdentityFederationResponse, error) {
	accountID, err := s.outboundAccount(ctx)
	if err != nil {
		return nil, err
	}
	issuer, err := s.outbound.Enable(ctx, accountID)
	if errors.Is(err, issuers.ErrAlreadyEnabled) {
		return nil, awserr.Newf("FeatureEnabled", 409, msgFeatureEnabled, accountID)
	}
	if err != nil {
		return nil, storeError(err)
	}
	return &EnableOutboundWebIdentityFederationResponse{IssuerIdentifier: issuer}, nil
}

// DisableOutboundWebIdentityFederation stops new tokens; tokens issued
// before stay valid until they expire.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DisableOutboundWebIdentityFederation.html
func (s *Service) DisableOutboundWebIdentityFederation(ctx context.Context, _ *emptyAccountInput) (*noOutput, error) {
	accountID, err := s.outboundAccount(ctx)
	if err != nil {
		return nil, err
	}
	err = s.outbound.Disable(ctx, accountID)
	if errors.Is(err, issuers.ErrNotEnabled) {
		return nil, awserr.Newf("FeatureDisabled", 404, msgFeatureAlreadyDisabled, accountID)
	}
	if err != nil {
		return nil, storeError(err)
	}
	return &noOutput{}, nil
}

// GetOutboundWebIdentityFederationInfo returns the account's issuer URL
// and whether token vending is on. As AWS does, it answers FeatureDisabled
// rather than JwtVendingEnabled=false while the feature is off.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetOutboundWebIdentityFederationInfo.html
func (s *Service) GetOutboundWebIdentityFederationInfo(ctx context.Context, _ *emptyAccountInput) (*GetOutboundWebIdentityFederationInfoResponse, error) {
	accountID, err := s.outboundAccount(ctx)
	if err != nil {
		return nil, err
	}
	issuer, enabled, err := s.outbound.Info(ctx, accountID)
	if errors.Is(err, issuers.ErrNotEnabled) || (err == nil && !enabled) {
		return nil, awserr.Newf("FeatureDisabled", 404, msgFeatureDisabled, accountID)
	}
	if err != nil {
		return nil, storeError(err)
	}
	return &GetOutboundWebIdentityFederationInfoResponse{IssuerIdentifier: issuer, JwtVendingEnabled: &enabled}, nil
}

// errNoOutbound is the failure of a service built without Outbound.
var errNoOutbound = errors.New("iam: outbound identity federation is not configured")

// outboundAccount is the caller's account, once the service can switch
// outbound federation at all.
func (s *Service) outboundAccount(ctx context.Context) (string, error) {
	if s.outbound == nil {
		return "", errNoOutbound
	}
	return accountOf(ctx)
}
