package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
)

// msgInlineNotFound: GetUserPolicy, DeleteRolePolicy, ... for a policy name
// the identity does not have; the first verb is "user", "group" or "role".
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
const msgInlineNotFound = "The %s policy with name %s cannot be found."

// identity is a user, group or role that policies attach to, resolved
// from its name.
type identity struct {
	owner store.Owner
	name  string // as stored, for messages and results
	kind  policyKind
	// serviceLinked marks a service-linked role, whose policies only AWS
	// changes.
	serviceLinked bool
}

// noun is the word AWS's messages use for the identity kind.
func (id identity) noun() string { _, n := inlineSizeQuota(id.kind); return n }

// findIdentity resolves the named identity of the account, reporting AWS's
// NoSuchEntity for its kind.
func findIdentity(ctx context.Context, st store.Store, accountID string, kind store.OwnerKind, name string) (identity, error) {
	owner := store.Owner{AccountID: accountID, Kind: kind}
	switch kind {
	case store.OwnerUser:
		u, err := getUser(ctx, st, accountID, name)
		if err != nil {
			return identity{}, err
		}
		owner.ID = u.ID
		return identity{owner: owner, name: u.Name, kind: kindInlineUser}, nil
	case store.OwnerGroup:
		g, err := getGroup(ctx, st, accountID, name)
		if err != nil {
			return identity{}, err
		}
		owner.ID = g.ID
		return identity{owner: owner, name: g.Name, kind: kindInlineGroup}, nil
	default:
		r, err := getRole(ctx, st, accountID, name)
		if err != nil {
			return identity{}, err
		}
		owner.ID = r.ID
		return identity{owner: owner, name: r.Name, kind: kindInlineRole, serviceLinked: isServiceLinked(r)}, nil
	}
}

// inlinePolicyOps declares Put/Get/Delete/List{User,Group,Role}Policy, each
// authorized on the identity's ARN.
func (s *Service) inlinePolicyOps() []service.Operation {
	user := func(p *principal.Principal, name string) string { return s.userResource(p, name) }
	return []service.Operation{
		service.Op("iam", "PutUserPolicy", s.PutUserPolicy,
			service.OnResource(func(p *principal.Principal, in *PutUserPolicyRequest) string { return user(p, in.UserName) })),
		service.Op("iam", "GetUserPolicy", s.GetUserPolicy, service.ReadOnly[GetUserPolicyRequest](),
			service.OnResource(func(p *principal.Principal, in *GetUserPolicyRequest) string { return user(p, in.UserName) })),
		service.Op("iam", "DeleteUserPolicy", s.DeleteUserPolicy,
			service.OnResource(func(p *principal.Principal, in *DeleteUserPolicyRequest) string { return user(p, in.UserName) })),
		service.Op("iam", "ListUserPolicies", s.ListUserPolicies, service.ReadOnly[ListUserPoliciesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListUserPoliciesRequest) string { return user(p, in.UserName) })),
		service.Op("iam", "PutGroupPolicy", s.PutGroupPolicy,
			service.OnResource(func(p *principal.Principal, in *PutGroupPolicyRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "GetGroupPolicy", s.GetGroupPolicy, service.ReadOnly[GetGroupPolicyRequest](),
			service.OnResource(func(p *principal.Principal, in *GetGroupPolicyRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "DeleteGroupPolicy", s.DeleteGroupPolicy,
			service.OnResource(func(p *principal.Principal, in *DeleteGroupPolicyRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "ListGroupPolicies", s.ListGroupPolicies, service.ReadOnly[ListGroupPoliciesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListGroupPoliciesRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "PutRolePolicy", s.PutRolePolicy,
			service.OnResource(func(p *principal.Principal, in *PutRolePolicyRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "GetRolePolicy", s.GetRolePolicy, service.ReadOnly[GetRolePolicyRequest](),
			service.OnResource(func(p *principal.Principal, in *GetRolePolicyRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "DeleteRolePolicy", s.DeleteRolePolicy,
			service.OnResource(func(p *principal.Principal, in *DeleteRolePolicyRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "ListRolePolicies", s.ListRolePolicies, service.ReadOnly[ListRolePoliciesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListRolePoliciesRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
	}
}

// putInline creates or replaces an inline policy. The size quota is the
// identity's aggregate: every inline policy it keeps plus the new one,
// whitespace excluded.
func (s *Service) putInline(ctx context.Context, kind store.OwnerKind, name, policyName, doc string) error {
	accountID, err := accountOf(ctx)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(tx store.Store) error {
		id, err := findIdentity(ctx, tx, accountID, kind, name)
		if err != nil {
			return err
		}
		if err := id.checkModifiable(); err != nil {
			return err
		}
		if err := s.checkPolicyDocument(id.kind, doc); err != nil {
			return err
		}
		// The store sums the sizes it keeps of the identity's other
		// policies, atomically with the write.
		quota, noun := inlineSizeQuota(id.kind)
		err = tx.InlinePolicies().Put(ctx, &store.InlinePolicy{Owner: id.owner, Name: policyName, Document: doc}, policySize(doc), quota)
		return storeError(err, ifLimit(awserr.LimitExceeded("%s", policy.InlinePolicySizeMessage(noun, id.name, quota))))
	})
}

// getInline returns an inline policy, with the identity's stored name.
func (s *Service) getInline(ctx context.Context, kind store.OwnerKind, name, policyName string) (identity, *store.InlinePolicy, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return identity{}, nil, err
	}
	id, err := findIdentity(ctx, s.store, accountID, kind, name)
	if err != nil {
		return identity{}, nil, err
	}
	p, err := s.store.InlinePolicies().Get(ctx, id.owner, policyName)
	if err != nil {
		return identity{}, nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgInlineNotFound, id.noun(), policyName)))
	}
	return id, p, nil
}

// deleteInline deletes an inline policy.
func (s *Service) deleteInline(ctx context.Context, kind store.OwnerKind, name, policyName string) error {
	accountID, err := accountOf(ctx)
	if err != nil {
		return err
	}
	return s.store.WithTx(ctx, func(tx store.Store) error {
		id, err := findIdentity(ctx, tx, accountID, kind, name)
		if err != nil {
			return err
		}
		if err := id.checkModifiable(); err != nil {
			return err
		}
		err = tx.InlinePolicies().Delete(ctx, id.owner, policyName)
		return storeError(err, ifNotFound(awserr.NoSuchEntity(msgInlineNotFound, id.noun(), policyName)))
	})
}

// listInline lists one page of an identity's inline policy names.
func (s *Service) listInline(ctx context.Context, kind store.OwnerKind, name, marker string, maxItems *int32) (names []string, truncated *bool, next string, err error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	id, err := findIdentity(ctx, s.store, accountID, kind, name)
	if err != nil {
		return nil, nil, "", err
	}
	ps, next, err := s.store.InlinePolicies().List(ctx, id.owner, pageOf(marker, maxItems))
	if err != nil {
		return nil, nil, "", storeError(err)
	}
	names = make([]string, 0, len(ps))
	for _, p := range ps {
		names = append(names, p.Name)
	}
	truncated, next = pageEnd(next)
	return names, truncated, next, nil
}

// PutUserPolicy embeds or replaces an inline policy in a user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
func (s *Service) PutUserPolicy(ctx context.Context, in *PutUserPolicyRequest) (*noOutput, error) {
	if err := s.putInline(ctx, store.OwnerUser, in.UserName, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// GetUserPolicy returns a user's inline policy document as stored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUserPolicy.html
func (s *Service) GetUserPolicy(ctx context.Context, in *GetUserPolicyRequest) (*GetUserPolicyResponse, error) {
	id, p, err := s.getInline(ctx, store.OwnerUser, in.UserName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &GetUserPolicyResponse{UserName: id.name, PolicyName: p.Name, PolicyDocument: p.Document}, nil
}

// DeleteUserPolicy deletes a user's inline policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUserPolicy.html
func (s *Service) DeleteUserPolicy(ctx context.Context, in *DeleteUserPolicyRequest) (*noOutput, error) {
	if err := s.deleteInline(ctx, store.OwnerUser, in.UserName, in.PolicyName); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListUserPolicies lists the names of a user's inline policies.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserPolicies.html
func (s *Service) ListUserPolicies(ctx context.Context, in *ListUserPoliciesRequest) (*ListUserPoliciesResponse, error) {
	names, truncated, marker, err := s.listInline(ctx, store.OwnerUser, in.UserName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListUserPoliciesResponse{PolicyNames: names, IsTruncated: truncated, Marker: marker}, nil
}

// PutGroupPolicy embeds or replaces an inline policy in a group.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
func (s *Service) PutGroupPolicy(ctx context.Context, in *PutGroupPolicyRequest) (*noOutput, error) {
	if err := s.putInline(ctx, store.OwnerGroup, in.GroupName, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// GetGroupPolicy returns a group's inline policy document as stored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroupPolicy.html
func (s *Service) GetGroupPolicy(ctx context.Context, in *GetGroupPolicyRequest) (*GetGroupPolicyResponse, error) {
	id, p, err := s.getInline(ctx, store.OwnerGroup, in.GroupName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &GetGroupPolicyResponse{GroupName: id.name, PolicyName: p.Name, PolicyDocument: p.Document}, nil
}

// DeleteGroupPolicy deletes a group's inline policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroupPolicy.html
func (s *Service) DeleteGroupPolicy(ctx context.Context, in *DeleteGroupPolicyRequest) (*noOutput, error) {
	if err := s.deleteInline(ctx, store.OwnerGroup, in.GroupName, in.PolicyName); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListGroupPolicies lists the names of a group's inline policies.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupPolicies.html
func (s *Service) ListGroupPolicies(ctx context.Context, in *ListGroupPoliciesRequest) (*ListGroupPoliciesResponse, error) {
	names, truncated, marker, err := s.listInline(ctx, store.OwnerGroup, in.GroupName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListGroupPoliciesResponse{PolicyNames: names, IsTruncated: truncated, Marker: marker}, nil
}

// PutRolePolicy embeds or replaces an inline policy in a role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
func (s *Service) PutRolePolicy(ctx context.Context, in *PutRolePolicyRequest) (*noOutput, error) {
	if err := s.putInline(ctx, store.OwnerRole, in.RoleName, in.PolicyName, in.PolicyDocument); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// GetRolePolicy returns a role's inline policy document as stored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html
func (s *Service) GetRolePolicy(ctx context.Context, in *GetRolePolicyRequest) (*GetRolePolicyResponse, error) {
	id, p, err := s.getInline(ctx, store.OwnerRole, in.RoleName, in.PolicyName)
	if err != nil {
		return nil, err
	}
	return &GetRolePolicyResponse{RoleName: id.name, PolicyName: p.Name, PolicyDocument: p.Document}, nil
}

// DeleteRolePolicy deletes a role's inline policy.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html
func (s *Service) DeleteRolePolicy(ctx context.Context, in *DeleteRolePolicyRequest) (*noOutput, error) {
	if err := s.deleteInline(ctx, store.OwnerRole, in.RoleName, in.PolicyName); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListRolePolicies lists the names of a role's inline policies.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRolePolicies.html
func (s *Service) ListRolePolicies(ctx context.Context, in *ListRolePoliciesRequest) (*ListRolePoliciesResponse, error) {
	names, truncated, marker, err := s.listInline(ctx, store.OwnerRole, in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListRolePoliciesResponse{PolicyNames: names, IsTruncated: truncated, Marker: marker}, nil
}
