// Package sts implements the Security Token Service API (2011-06-15) as
// typed operations. It knows nothing of HTTP, SQL or the wire encoding.
package sts

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// Service is the STS API.
type Service struct{}

// New builds the service.
func New() *Service { return &Service{} }

// Operations declares every implemented STS operation.
func (s *Service) Operations() []service.Operation {
	return []service.Operation{
		service.Op("sts", "GetCallerIdentity", s.GetCallerIdentity,
			service.ReadOnly[GetCallerIdentityRequest](),
			service.NoAuthorization[GetCallerIdentityRequest]()),
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
