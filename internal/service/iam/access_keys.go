package iam

import (
	"context"
	"fmt"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// notApplicable is what GetAccessKeyLastUsed reports as ServiceName and
// Region for a key never used.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyLastUsed.html
const notApplicable = "N/A"

// accessKeyOperations declares the access key operations.
func (s *Service) accessKeyOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateAccessKey", s.CreateAccessKey,
			service.OnResource(func(p *principal.Principal, in *CreateAccessKeyRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "UpdateAccessKey", s.UpdateAccessKey,
			service.OnResource(func(p *principal.Principal, in *UpdateAccessKeyRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DeleteAccessKey", s.DeleteAccessKey,
			service.OnResource(func(p *principal.Principal, in *DeleteAccessKeyRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ListAccessKeys", s.ListAccessKeys, service.ReadOnly[ListAccessKeysRequest](),
			service.OnResource(func(p *principal.Principal, in *ListAccessKeysRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "GetAccessKeyLastUsed", s.GetAccessKeyLastUsed, service.ReadOnly[GetAccessKeyLastUsedRequest](),
			service.OnResource(func(p *principal.Principal, in *GetAccessKeyLastUsedRequest) string {
				return s.accessKeyOwnerResource(p, in.AccessKeyId)
			})),
	}
}

// accessKeyOwnerResource is the ARN of the user (or root) owning a key of
// the caller's account; GetAccessKeyLastUsed is authorized on it.
func (s *Service) accessKeyOwnerResource(p *principal.Principal, keyID string) string {
	ctx := context.Background()
	k, err := s.store.AccessKeys().Lookup(ctx, keyID)
	if err != nil || k.AccountID != p.AccountID {
		return accountWildcardARN(p.AccountID, "user")
	}
	if k.UserID == "" {
		return rootARN(p.AccountID)
	}
	u, err := s.store.Users().GetByID(ctx, p.AccountID, k.UserID)
	if err != nil {
		return accountWildcardARN(p.AccountID, "user")
	}
	return userARN(p.AccountID, u.Path, u.Name)
}

// keyOwner resolves the owner of the keys an operation acts on: the named
// user, the calling user, or the root ("" user ID) when the root omits
// UserName.
func keyOwner(ctx context.Context, st store.Store, p *principal.Principal, name string) (userID, userName string, err error) {
	u, err := targetUser(ctx, st, p, name)
	if err != nil || u == nil {
		return "", "", err
	}
	return u.ID, u.Name, nil
}

// CreateAccessKey creates an Active key pair for a user, or for the root
// when the root omits UserName. The secret is sealed before it is stored
// and returned only in this response. A user has at most
// AccessKeysPerUser (2) keys.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
func (s *Service) CreateAccessKey(ctx context.Context, in *CreateAccessKeyRequest) (*CreateAccessKeyResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	if s.sealer == nil {
		return nil, fmt.Errorf("iam: CreateAccessKey: no sealer configured")
	}
	id, secret, err := s.newKey()
	if err != nil {
		return nil, fmt.Errorf("iam: new access key: %w", err)
	}
	// The key ID is the associated data: a sealed secret copied onto
	// another key's row does not open.
	sealed, err := s.sealer.Seal([]byte(secret), []byte(id))
	if err != nil {
		return nil, fmt.Errorf("iam: seal access key secret: %w", err)
	}
	k := &store.AccessKey{
		ID:           id,
		AccountID:    p.AccountID,
		SealedSecret: sealed,
		Status:       store.KeyActive,
		CreatedAt:    s.now(),
	}
	var userName string
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if k.UserID, userName, err = keyOwner(ctx, tx, p, in.UserName); err != nil {
			return err
		}
		return storeError(tx.AccessKeys().Create(ctx, k, s.quotas.AccessKeysPerUser),
			ifLimit(errQuota(quotaAccessKeysPerUser, s.quotas.AccessKeysPerUser)),
			ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	created := k.CreatedAt.UTC()
	return &CreateAccessKeyResponse{AccessKey: AccessKey{
		UserName:        userName,
		AccessKeyId:     k.ID,
		Status:          string(k.Status),
		SecretAccessKey: secret,
		CreateDate:      &created,
	}}, nil
}

// UpdateAccessKey makes a key Active or Inactive (the model checks the
// enum).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html
func (s *Service) UpdateAccessKey(ctx context.Context, in *UpdateAccessKeyRequest) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		userID, _, err := keyOwner(ctx, tx, p, in.UserName)
		if err != nil {
			return err
		}
		return storeError(tx.AccessKeys().UpdateStatus(ctx, p.AccountID, userID, in.AccessKeyId, store.AccessKeyStatus(in.Status)),
			ifNotFound(awserr.NoSuchEntity(msgAccessKeyNotFound, in.AccessKeyId)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteAccessKey deletes a key of the user (or of the root).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
func (s *Service) DeleteAccessKey(ctx context.Context, in *DeleteAccessKeyRequest) (*noOutput, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		userID, _, err := keyOwner(ctx, tx, p, in.UserName)
		if err != nil {
			return err
		}
		return storeError(tx.AccessKeys().Delete(ctx, p.AccountID, userID, in.AccessKeyId),
			ifNotFound(awserr.NoSuchEntity(msgAccessKeyNotFound, in.AccessKeyId)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListAccessKeys lists a user's (or the root's) keys without secrets,
// oldest first.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
func (s *Service) ListAccessKeys(ctx context.Context, in *ListAccessKeysRequest) (*ListAccessKeysResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	userID, userName, err := keyOwner(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	keys, err := s.store.AccessKeys().List(ctx, p.AccountID, userID)
	if err != nil {
		return nil, storeError(err)
	}
	page, next, err := pageSlice(keys, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListAccessKeysResponse{AccessKeyMetadata: make([]AccessKeyMetadata, 0, len(page))}
	for _, k := range page {
		created := k.CreatedAt.UTC()
		out.AccessKeyMetadata = append(out.AccessKeyMetadata, AccessKeyMetadata{
			UserName:    userName,
			AccessKeyId: k.ID,
			Status:      string(k.Status),
			CreateDate:  &created,
		})
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// GetAccessKeyLastUsed reports when, where and with which service a key of
// the caller's account was last used: "N/A" service and region and no
// date for a key never used. A key of another account is reported as
// unknown, so no account learns of another's keys.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
func (s *Service) GetAccessKeyLastUsed(ctx context.Context, in *GetAccessKeyLastUsedRequest) (*GetAccessKeyLastUsedResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	notFound := awserr.NoSuchEntity(msgAccessKeyNotFound, in.AccessKeyId)
	k, err := s.store.AccessKeys().Lookup(ctx, in.AccessKeyId)
	if err != nil {
		return nil, storeError(err, ifNotFound(notFound))
	}
	if k.AccountID != accountID {
		return nil, notFound
	}
	out := &GetAccessKeyLastUsedResponse{AccessKeyLastUsed: &AccessKeyLastUsed{
		ServiceName: notApplicable,
		Region:      notApplicable,
	}}
	if k.LastUsedAt != nil {
		out.AccessKeyLastUsed.LastUsedDate = utcPtr(k.LastUsedAt)
		out.AccessKeyLastUsed.ServiceName = orNotApplicable(k.LastService)
		out.AccessKeyLastUsed.Region = orNotApplicable(k.LastRegion)
	}
	if k.UserID != "" {
		u, err := s.store.Users().GetByID(ctx, accountID, k.UserID)
		if err != nil {
			return nil, storeError(err, ifNotFound(notFound))
		}
		out.UserName = u.Name
	}
	return out, nil
}

func orNotApplicable(v string) string {
	if v == "" {
		return notApplicable
	}
	return v
}
