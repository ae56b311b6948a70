package iam

import (
	"context"

	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// The values of SetSecurityTokenServicePreferences' GlobalEndpointTokenVersion
// (the model checks the enum). v1Token, valid only in regions enabled by
// default, is what an account has until it sets one.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetSecurityTokenServicePreferences.html
const (
	tokenVersionV1 = "v1Token"
	tokenVersionV2 = "v2Token"
)

// stsPreferenceOps declares SetSecurityTokenServicePreferences, authorized
// on "*" as the account-wide setting it is.
func (s *Service) stsPreferenceOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "SetSecurityTokenServicePreferences", s.SetSecurityTokenServicePreferences),
	}
}

// SetSecurityTokenServicePreferences chooses the version of the tokens
// the global STS endpoint issues for the account.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetSecurityTokenServicePreferences.html
func (s *Service) SetSecurityTokenServicePreferences(ctx context.Context, in *SetSecurityTokenServicePreferencesRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.store.STSPreferences().SetGlobalEndpointTokenVersion(ctx, accountID, in.GlobalEndpointTokenVersion); err != nil {
		return nil, storeError(err)
	}
	return &noOutput{}, nil
}

// GlobalEndpointTokenVersion is the account's token version as
// GetAccountSummary reports it: 1 (v1Token, the default) or 2 (v2Token).
func GlobalEndpointTokenVersion(ctx context.Context, st store.Store, accountID string) (int, error) {
	v, err := st.STSPreferences().GlobalEndpointTokenVersion(ctx, accountID)
	if err != nil {
		return 0, storeError(err)
	}
	if v == tokenVersionV2 {
		return 2, nil
	}
	return 1, nil
}
