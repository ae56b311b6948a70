package iam

import (
	"context"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// boundaryOps declares the permissions-boundary operations of users and
// roles, each authorized on the identity's ARN.
func (s *Service) boundaryOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "PutUserPermissionsBoundary", s.PutUserPermissionsBoundary,
			service.WithContextKeys(func(in *PutUserPermissionsBoundaryRequest) []service.ContextKey {
				return boundaryKey(in.PermissionsBoundary)
			}),
			service.OnResource(func(p *principal.Principal, in *PutUserPermissionsBoundaryRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DeleteUserPermissionsBoundary", s.DeleteUserPermissionsBoundary,
			service.OnResource(func(p *principal.Principal, in *DeleteUserPermissionsBoundaryRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "PutRolePermissionsBoundary", s.PutRolePermissionsBoundary,
			service.WithContextKeys(func(in *PutRolePermissionsBoundaryRequest) []service.ContextKey {
				return boundaryKey(in.PermissionsBoundary)
			}),
			service.OnResource(func(p *principal.Principal, in *PutRolePermissionsBoundaryRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "DeleteRolePermissionsBoundary", s.DeleteRolePermissionsBoundary,
			service.OnResource(func(p *principal.Principal, in *DeleteRolePermissionsBoundaryRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
	}
}

// setUserBoundary stores a user's boundary ARN ("" removes it), checking a
// new one names an attachable managed policy of the account or AWS.
func (s *Service) setUserBoundary(ctx context.Context, name, boundary string) error {
	accountID, err := accountOf(ctx)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(tx store.Store) error {
		u, err := getUser(ctx, tx, accountID, name)
		if err != nil {
			return err
		}
		if boundary != "" {
			if err := checkBoundaryPolicy(ctx, tx, accountID, boundary); err != nil {
				return err
			}
		}
		u.PermissionsBoundary = boundary
		return storeError(tx.Users().Update(ctx, u), ifNotFound(errUserNotFound(name)))
	})
}

// setRoleBoundary is setUserBoundary for roles.
func (s *Service) setRoleBoundary(ctx context.Context, name, boundary string) error {
	_, err := s.updateRole(ctx, name, func(tx store.Store, r *store.Role) error {
		if err := checkModifiable(r); err != nil {
			return err
		}
		if boundary != "" {
			if err := checkBoundaryPolicy(ctx, tx, r.AccountID, boundary); err != nil {
				return err
			}
		}
		r.PermissionsBoundary = boundary
		return nil
	})
	return err
}

// PutUserPermissionsBoundary sets or replaces a user's permissions boundary.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPermissionsBoundary.html
func (s *Service) PutUserPermissionsBoundary(ctx context.Context, in *PutUserPermissionsBoundaryRequest) (*noOutput, error) {
	if err := s.setUserBoundary(ctx, in.UserName, in.PermissionsBoundary); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteUserPermissionsBoundary removes a user's permissions boundary; a
// user without one is left as it is.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPermissionsBoundary.html
func (s *Service) DeleteUserPermissionsBoundary(ctx context.Context, in *DeleteUserPermissionsBoundaryRequest) (*noOutput, error) {
	if err := s.setUserBoundary(ctx, in.UserName, ""); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// PutRolePermissionsBoundary sets or replaces a role's permissions boundary.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
func (s *Service) PutRolePermissionsBoundary(ctx context.Context, in *PutRolePermissionsBoundaryRequest) (*noOutput, error) {
	if err := s.setRoleBoundary(ctx, in.RoleName, in.PermissionsBoundary); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteRolePermissionsBoundary removes a role's permissions boundary.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
func (s *Service) DeleteRolePermissionsBoundary(ctx context.Context, in *DeleteRolePermissionsBoundaryRequest) (*noOutput, error) {
	if err := s.setRoleBoundary(ctx, in.RoleName, ""); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}
