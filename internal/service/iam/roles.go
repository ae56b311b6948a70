package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// defaultMaxSessionDuration is a role's maximum session duration when
// CreateRole does not set one: one hour.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
const defaultMaxSessionDuration = 3600

// roleOps declares the role operations. Each is authorized on the role's
// ARN; ListRoles, which names no role, on "*".
func (s *Service) roleOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateRole", s.CreateRole,
			service.WithContextKeys(func(in *CreateRoleRequest) []service.ContextKey {
				return append(requestTagKeys(in.Tags), boundaryKey(in.PermissionsBoundary)...)
			}),
			service.OnResource(func(p *principal.Principal, in *CreateRoleRequest) string {
				return roleARN(p.AccountID, in.Path, in.RoleName)
			})),
		service.Op("iam", "GetRole", s.GetRole, service.ReadOnly[GetRoleRequest](),
			service.OnResource(func(p *principal.Principal, in *GetRoleRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "UpdateRole", s.UpdateRole,
			service.OnResource(func(p *principal.Principal, in *UpdateRoleRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "UpdateRoleDescription", s.UpdateRoleDescription,
			service.OnResource(func(p *principal.Principal, in *UpdateRoleDescriptionRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "UpdateAssumeRolePolicy", s.UpdateAssumeRolePolicy,
			service.OnResource(func(p *principal.Principal, in *UpdateAssumeRolePolicyRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "DeleteRole", s.DeleteRole,
			service.OnResource(func(p *principal.Principal, in *DeleteRoleRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "ListRoles", s.ListRoles, service.ReadOnly[ListRolesRequest]()),
	}
}

// roleResource is the ARN a role operation is authorized against: the
// named role's ARN with its path, or the default path for a role that does
// not exist (the operation then reports NoSuchEntity once authorized). The
// registry's Resource hook has no request context, hence Background.
func (s *Service) roleResource(p *principal.Principal, name string) string {
	path := defaultPath
	if r, err := s.store.Roles().Get(context.Background(), p.AccountID, name); err == nil {
		path, name = r.Path, r.Name
	}
	return roleARN(p.AccountID, path, name)
}

// getRole finds a role by name, reporting AWS's NoSuchEntity.
func getRole(ctx context.Context, st store.Store, accountID, name string) (*store.Role, error) {
	r, err := st.Roles().Get(ctx, accountID, name)
	return r, storeError(err, ifNotFound(errRoleNotFound(name)))
}

// roleShape is the wire Role. Listings carry no boundary, tags or last
// use, as AWS's do not; Get, Create and the updates that return the role
// pass withDetails.
func roleShape(r *store.Role, withDetails bool, tags []store.Tag) Role {
	maxSession := r.MaxSessionDuration
	out := Role{
		Path:                     r.Path,
		RoleName:                 r.Name,
		RoleId:                   r.ID,
		Arn:                      roleARN(r.AccountID, r.Path, r.Name),
		CreateDate:               r.CreatedAt.UTC(),
		AssumeRolePolicyDocument: r.AssumeRolePolicy,
		Description:              r.Description,
		MaxSessionDuration:       &maxSession,
	}
	if withDetails {
		out.PermissionsBoundary = boundaryShape(r.PermissionsBoundary)
		out.Tags = tagsFromStore(tags)
		// AWS always returns RoleLastUsed from GetRole, empty for a role
		// never used.
		out.RoleLastUsed = &RoleLastUsed{LastUsedDate: utcPtr(r.LastUsedAt), Region: r.LastUsedRegion}
	}
	return out
}

// detailedRole reads a role's tags and shapes it with its details.
func detailedRole(ctx context.Context, st store.Store, r *store.Role) (*Role, error) {
	tags, err := st.Tags().List(ctx, r.AccountID, store.TagRole, r.ID)
	if err != nil {
		return nil, storeError(err)
	}
	out := roleShape(r, true, tags)
	return &out, nil
}

// CreateRole creates a role with its trust policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
func (s *Service) CreateRole(ctx context.Context, in *CreateRoleRequest) (*CreateRoleResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	if err := checkRolePath(in.Path); err != nil {
		return nil, err
	}
	if err := s.checkPolicyDocument(kindTrust, in.AssumeRolePolicyDocument); err != nil {
		return nil, err
	}
	id, err := s.uniqueID(secrets.PrefixRole)
	if err != nil {
		return nil, err
	}
	r := &store.Role{
		AccountID:           accountID,
		ID:                  id,
		Name:                in.RoleName,
		Path:                pathOrDefault(in.Path),
		AssumeRolePolicy:    in.AssumeRolePolicyDocument,
		Description:         in.Description,
		MaxSessionDuration:  defaultMaxSessionDuration,
		PermissionsBoundary: in.PermissionsBoundary,
		CreatedAt:           s.now(),
	}
	if in.MaxSessionDuration != nil {
		r.MaxSessionDuration = *in.MaxSessionDuration
	}
	var out *Role
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if r.PermissionsBoundary != "" {
			if err := checkBoundaryPolicy(ctx, tx, accountID, r.PermissionsBoundary); err != nil {
				return err
			}
		}
		if err := tx.Roles().Create(ctx, r, s.quotas.Roles); err != nil {
			return storeError(err, ifExists(awserr.EntityAlreadyExists(msgRoleExists, in.RoleName)),
				ifLimit(errQuota(quotaRolesPerAccount, s.quotas.Roles)))
		}
		if err := s.setTags(ctx, tx, accountID, store.TagRole, id, in.Tags); err != nil {
			return err
		}
		out, err = detailedRole(ctx, tx, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	// A new role has never been used: CreateRole's result has no
	// RoleLastUsed element.
	out.RoleLastUsed = nil
	return &CreateRoleResponse{Role: *out}, nil
}

// GetRole returns a role with its boundary, tags and last use.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html
func (s *Service) GetRole(ctx context.Context, in *GetRoleRequest) (*GetRoleResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	r, err := getRole(ctx, s.store, accountID, in.RoleName)
	if err != nil {
		return nil, err
	}
	out, err := detailedRole(ctx, s.store, r)
	if err != nil {
		return nil, err
	}
	return &GetRoleResponse{Role: *out}, nil
}

// updateRole applies change to the named role in one transaction and
// returns the stored result.
func (s *Service) updateRole(ctx context.Context, name string, change func(tx store.Store, r *store.Role) error) (*store.Role, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	var r *store.Role
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		r, err = getRole(ctx, tx, accountID, name)
		if err != nil {
			return err
		}
		if err := change(tx, r); err != nil {
			return err
		}
		return storeError(tx.Roles().Update(ctx, r), ifNotFound(errRoleNotFound(name)))
	})
	return r, err
}

// UpdateRole changes a role's description and maximum session duration.
// The description changes only when given: the wire cannot tell an absent
// Description from an empty one.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
func (s *Service) UpdateRole(ctx context.Context, in *UpdateRoleRequest) (*UpdateRoleResponse, error) {
	_, err := s.updateRole(ctx, in.RoleName, func(_ store.Store, r *store.Role) error {
		// A service-linked role's description is the customer's to edit;
		// its session duration is the service's.
		if in.MaxSessionDuration != nil {
			if err := checkModifiable(r); err != nil {
				return err
			}
		}
		if in.Description != "" {
			r.Description = in.Description
		}
		if in.MaxSessionDuration != nil {
			r.MaxSessionDuration = *in.MaxSessionDuration
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &UpdateRoleResponse{}, nil
}

// UpdateRoleDescription sets a role's description and returns the role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRoleDescription.html
func (s *Service) UpdateRoleDescription(ctx context.Context, in *UpdateRoleDescriptionRequest) (*UpdateRoleDescriptionResponse, error) {
	r, err := s.updateRole(ctx, in.RoleName, func(_ store.Store, r *store.Role) error {
		r.Description = in.Description
		return nil
	})
	if err != nil {
		return nil, err
	}
	out, err := detailedRole(ctx, s.store, r)
	if err != nil {
		return nil, err
	}
	return &UpdateRoleDescriptionResponse{Role: out}, nil
}

// UpdateAssumeRolePolicy replaces a role's trust policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
func (s *Service) UpdateAssumeRolePolicy(ctx context.Context, in *UpdateAssumeRolePolicyRequest) (*noOutput, error) {
	_, err := s.updateRole(ctx, in.RoleName, func(_ store.Store, r *store.Role) error {
		if err := checkModifiable(r); err != nil {
			return err
		}
		if err := s.checkPolicyDocument(kindTrust, in.PolicyDocument); err != nil {
			return err
		}
		r.AssumeRolePolicy = in.PolicyDocument
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteRole deletes a role that is in no instance profile and has no
// inline or attached policies; the store reports the first dependent in
// that order, which becomes AWS's DeleteConflict message.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html
func (s *Service) DeleteRole(ctx context.Context, in *DeleteRoleRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		r, err := getRole(ctx, tx, accountID, in.RoleName)
		if err != nil {
			return err
		}
		// Service-linked roles go only through DeleteServiceLinkedRole.
		if err := checkModifiable(r); err != nil {
			return err
		}
		return storeError(tx.Roles().Delete(ctx, accountID, r.ID), ifNotFound(errRoleNotFound(in.RoleName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListRoles lists the account's roles whose path starts with PathPrefix.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
func (s *Service) ListRoles(ctx context.Context, in *ListRolesRequest) (*ListRolesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	roles, next, err := s.store.Roles().List(ctx, accountID, pathOrDefault(in.PathPrefix), pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListRolesResponse{Roles: make([]Role, 0, len(roles))}
	for _, r := range roles {
		out.Roles = append(out.Roles, roleShape(r, false, nil))
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
