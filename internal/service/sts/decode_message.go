package sts

import (
	"context"
	"errors"

	"github.com/iamd/iamd/internal/awserr"
)

// DecodeAuthorizationMessage decodes an authorization failure message that
// iamd encoded (session.Sealer.SealMessage) into its JSON
// (permissions.AuthorizationMessage). The gateway has already checked that
// the caller may call sts:DecodeAuthorizationMessage. AWS's IAM and STS
// denials carry no encoded message, so iamd's own AccessDenied texts do not
// either; encoded messages come from callers of iamd's authorization API.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
func (s *Service) DecodeAuthorizationMessage(_ context.Context, in *DecodeAuthorizationMessageRequest) (*DecodeAuthorizationMessageResponse, error) {
	if s.cfg.Sealer == nil {
		return nil, errors.New("sts: no session sealer configured")
	}
	decoded, err := s.cfg.Sealer.OpenMessage(in.EncodedMessage)
	if err != nil {
		return nil, awserr.InvalidAuthorizationMessage("The encoded authorization message is invalid or was not encoded by this service.")
	}
	return &DecodeAuthorizationMessageResponse{DecodedMessage: string(decoded)}, nil
}
