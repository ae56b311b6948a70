package iam

import (
	"context"
	"errors"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// userOperations declares the user operations.
func (s *Service) userOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateUser", s.CreateUser,
			service.WithContextKeys(func(in *CreateUserRequest) []service.ContextKey {
				return append(requestTagKeys(in.Tags), boundaryKey(in.PermissionsBoundary)...)
			}),
			service.OnResource(func(p *principal.Principal, in *CreateUserRequest) string {
				return userARN(p.AccountID, in.Path, in.UserName)
			})),
		service.Op("iam", "GetUser", s.GetUser, service.ReadOnly[GetUserRequest](),
			service.OnResource(func(p *principal.Principal, in *GetUserRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "UpdateUser", s.UpdateUser,
			service.OnResource(func(p *principal.Principal, in *UpdateUserRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DeleteUser", s.DeleteUser,
			service.OnResource(func(p *principal.Principal, in *DeleteUserRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ListUsers", s.ListUsers, service.ReadOnly[ListUsersRequest](),
			service.OnResource(func(p *principal.Principal, in *ListUsersRequest) string {
				return entityARN(p.AccountID, "user", in.PathPrefix, "")
			})),
	}
}

// userResource is the ARN a user operation is authorized against: the
// named user's ARN with its path (policies may scope users by path), or the
// caller's own ARN when the operation defaults to the caller. A user that
// does not exist is given the default path; the operation then reports
// NoSuchEntity once authorized, as AWS does.
//
// The registry's Resource hook has no request context, so the lookup runs
// under context.Background(); it is one indexed read.
func (s *Service) userResource(p *principal.Principal, name string) string {
	if name == "" {
		return p.ARN
	}
	path := defaultPath
	if u, err := s.store.Users().Get(context.Background(), p.AccountID, name); err == nil {
		path, name = u.Path, u.Name
	}
	return userARN(p.AccountID, path, name)
}

// targetUser resolves the user an operation acts on: the named one, or,
// when UserName is omitted, the caller itself. It returns (nil, nil) for an
// account's root user acting on itself; callers that have nothing to do for
// the root handle that. Other callers (assumed roles, federated users) must
// name a user.
func targetUser(ctx context.Context, st store.Store, p *principal.Principal, name string) (*store.User, error) {
	if name != "" {
		u, err := st.Users().Get(ctx, p.AccountID, name)
		return u, storeError(err, ifNotFound(errUserNotFound(name)))
	}
	switch p.Type {
	case principal.Root:
		return nil, nil
	case principal.IAMUser:
		u, err := st.Users().GetByID(ctx, p.AccountID, p.UserID)
		return u, storeError(err, ifNotFound(errUserNotFound(p.UserName)))
	default:
		return nil, awserr.ValidationError(msgNeedUserName)
	}
}

// getUser finds a user by name, reporting AWS's NoSuchEntity.
func getUser(ctx context.Context, st store.Store, accountID, name string) (*store.User, error) {
	u, err := st.Users().Get(ctx, accountID, name)
	return u, storeError(err, ifNotFound(errUserNotFound(name)))
}

// userShape is the wire User. Listings leave out the boundary and tags,
// as AWS's do; callers pass withDetails for Get and Create.
func userShape(accountID string, u *store.User, withDetails bool, tags []store.Tag) User {
	out := User{
		Path:             u.Path,
		UserName:         u.Name,
		UserId:           u.ID,
		Arn:              userARN(accountID, u.Path, u.Name),
		CreateDate:       u.CreatedAt.UTC(),
		PasswordLastUsed: utcPtr(u.PasswordLastUsed),
	}
	if withDetails {
		out.PermissionsBoundary = boundaryShape(u.PermissionsBoundary)
		out.Tags = tagsFromStore(tags)
	}
	return out
}

// utcPtr returns a copy of t in UTC, or nil.
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// CreateUser creates an IAM user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html
func (s *Service) CreateUser(ctx context.Context, in *CreateUserRequest) (*CreateUserResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	id, err := s.uniqueID(secrets.PrefixUser)
	if err != nil {
		return nil, err
	}
	u := &store.User{
		AccountID:           accountID,
		ID:                  id,
		Name:                in.UserName,
		Path:                pathOrDefault(in.Path),
		CreatedAt:           s.now(),
		PermissionsBoundary: in.PermissionsBoundary,
	}
	var tags []store.Tag
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if u.PermissionsBoundary != "" {
			if err := checkBoundaryPolicy(ctx, tx, accountID, u.PermissionsBoundary); err != nil {
				return err
			}
		}
		if err := tx.Users().Create(ctx, u, s.quotas.Users); err != nil {
			return storeError(err, ifExists(awserr.EntityAlreadyExists(msgUserExists, in.UserName)),
				ifLimit(errQuota(quotaUsersPerAccount, s.quotas.Users)))
		}
		if err := s.setTags(ctx, tx, accountID, store.TagUser, u.ID, in.Tags); err != nil {
			return err
		}
		tags, err = tx.Tags().List(ctx, accountID, store.TagUser, u.ID)
		return storeError(err)
	})
	if err != nil {
		return nil, err
	}
	shape := userShape(accountID, u, true, tags)
	return &CreateUserResponse{User: &shape}, nil
}

// GetUser returns a user with its boundary and tags. Without UserName it
// returns the caller: an IAM user gets itself, and the root gets the root
// user's shape, whose UserId is the account ID and whose ARN is
// arn:aws:iam::ACCOUNT:root, with no UserName or Path.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
func (s *Service) GetUser(ctx context.Context, in *GetUserRequest) (*GetUserResponse, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := targetUser(ctx, s.store, p, in.UserName)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return s.rootUser(ctx, p.AccountID)
	}
	tags, err := s.store.Tags().List(ctx, p.AccountID, store.TagUser, u.ID)
	if err != nil {
		return nil, storeError(err)
	}
	return &GetUserResponse{User: userShape(p.AccountID, u, true, tags)}, nil
}

// rootUser is GetUser's answer for an account's root user.
func (s *Service) rootUser(ctx context.Context, accountID string) (*GetUserResponse, error) {
	acct, err := s.store.Accounts().Get(ctx, accountID)
	if err != nil {
		return nil, storeError(err)
	}
	return &GetUserResponse{User: User{
		UserId:     accountID,
		Arn:        rootARN(accountID),
		CreateDate: acct.CreatedAt.UTC(),
	}}, nil
}

// UpdateUser renames a user or moves it to another path.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateUser.html
func (s *Service) UpdateUser(ctx context.Context, in *UpdateUserRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := getUser(ctx, tx, accountID, in.UserName)
		if err != nil {
			return err
		}
		if in.NewUserName != "" {
			u.Name = in.NewUserName
		}
		if in.NewPath != "" {
			u.Path = in.NewPath
		}
		err = tx.Users().Update(ctx, u)
		return storeError(err,
			ifExists(awserr.EntityAlreadyExists(msgUserExists, in.NewUserName)),
			ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteUser deletes a user that has nothing left attached to it. AWS
// lists what must go first in this order: the password, access keys,
// inline policies, attached managed policies and group memberships; the
// first that remains is reported as DeleteConflict.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
func (s *Service) DeleteUser(ctx context.Context, in *DeleteUserRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := getUser(ctx, tx, accountID, in.UserName)
		if err != nil {
			return err
		}
		if err := userDependents(ctx, tx, u); err != nil {
			return err
		}
		return storeError(tx.Users().Delete(ctx, accountID, u.ID), ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// userDependents reports the first dependent that blocks deleting u, in
// AWS's documented order (the store checks in its own order, so the
// service asks first).
func userDependents(ctx context.Context, tx store.Store, u *store.User) error {
	conflict := func(msg string) error { return awserr.DeleteConflict("%s", msg) }
	switch _, err := tx.LoginProfiles().Get(ctx, u.AccountID, u.ID); {
	case err == nil:
		return conflict(msgMustDeleteLoginProfile)
	case !errors.Is(err, store.ErrNotFound):
		return storeError(err)
	}
	keys, err := tx.AccessKeys().List(ctx, u.AccountID, u.ID)
	if err != nil {
		return storeError(err)
	}
	if len(keys) > 0 {
		return conflict(msgMustDeleteAccessKeys)
	}
	if err := userCredentialDependents(ctx, tx, u); err != nil {
		return err
	}
	owner := store.Owner{AccountID: u.AccountID, Kind: store.OwnerUser, ID: u.ID}
	one := store.Page{MaxItems: 1}
	inline, _, err := tx.InlinePolicies().List(ctx, owner, one)
	if err != nil {
		return storeError(err)
	}
	if len(inline) > 0 {
		return conflict(msgMustDeletePolicies)
	}
	attached, _, err := tx.Attachments().ListForOwner(ctx, owner, one)
	if err != nil {
		return storeError(err)
	}
	if len(attached) > 0 {
		return conflict(msgMustDetachPolicies)
	}
	groups, _, err := tx.Groups().GroupsForUser(ctx, u.AccountID, u.ID, one)
	if err != nil {
		return storeError(err)
	}
	if len(groups) > 0 {
		return conflict(msgMustRemoveFromGroup)
	}
	return nil
}

// ListUsers lists the account's users whose path starts with PathPrefix.
// Like AWS's, the listing leaves out boundaries and tags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUsers.html
func (s *Service) ListUsers(ctx context.Context, in *ListUsersRequest) (*ListUsersResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	users, next, err := s.store.Users().List(ctx, accountID, pathOrDefault(in.PathPrefix), pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListUsersResponse{Users: make([]User, 0, len(users))}
	for _, u := range users {
		out.Users = append(out.Users, userShape(accountID, u, false, nil))
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
