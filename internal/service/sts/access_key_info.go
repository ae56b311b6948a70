package sts

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// GetAccessKeyInfo returns the account an access key ID belongs to. A
// long-term key iamd issued is looked up; any other ID (every ASIA key,
// whose token iamd does not see here) is decoded, since iamd's temporary
// key IDs carry their account in AWS's own layout. As with AWS, an ID that
// was never issued still decodes to some account.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html
func (s *Service) GetAccessKeyInfo(ctx context.Context, in *GetAccessKeyInfoRequest) (*GetAccessKeyInfoResponse, error) {
	if !strings.HasPrefix(in.AccessKeyId, session.TemporaryKeyPrefix) && s.cfg.Store != nil {
		key, err := s.cfg.Store.AccessKeys().Lookup(ctx, in.AccessKeyId)
		switch {
		case err == nil:
			return &GetAccessKeyInfoResponse{Account: key.AccountID}, nil
		case !errors.Is(err, store.ErrNotFound):
			return nil, fmt.Errorf("sts: get access key info: %w", err)
		}
	}
	account, ok := session.AccountFromAccessKeyID(in.AccessKeyId)
	if !ok {
		return nil, awserr.InvalidParameterValue("The specified access key ID is not valid.")
	}
	return &GetAccessKeyInfoResponse{Account: account}, nil
}
