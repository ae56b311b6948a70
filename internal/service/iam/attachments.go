package iam

import (
	"context"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// attachmentOps declares Attach/Detach/ListAttached{User,Group,Role}Policies.
// Attach and detach are authorized on the identity's ARN, as AWS does.
func (s *Service) attachmentOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "AttachUserPolicy", s.AttachUserPolicy,
			service.WithContextKeys(func(in *AttachUserPolicyRequest) []service.ContextKey { return policyARNKey(in.PolicyArn) }),
			service.OnResource(func(p *principal.Principal, in *AttachUserPolicyRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "DetachUserPolicy", s.DetachUserPolicy,
			service.WithContextKeys(func(in *DetachUserPolicyRequest) []service.ContextKey { return policyARNKey(in.PolicyArn) }),
			service.OnResource(func(p *principal.Principal, in *DetachUserPolicyRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ListAttachedUserPolicies", s.ListAttachedUserPolicies, service.ReadOnly[ListAttachedUserPoliciesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListAttachedUserPoliciesRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "AttachGroupPolicy", s.AttachGroupPolicy,
			service.WithContextKeys(func(in *AttachGroupPolicyRequest) []service.ContextKey { return policyARNKey(in.PolicyArn) }),
			service.OnResource(func(p *principal.Principal, in *AttachGroupPolicyRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "DetachGroupPolicy", s.DetachGroupPolicy,
			service.WithContextKeys(func(in *DetachGroupPolicyRequest) []service.ContextKey { return policyARNKey(in.PolicyArn) }),
			service.OnResource(func(p *principal.Principal, in *DetachGroupPolicyRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "ListAttachedGroupPolicies", s.ListAttachedGroupPolicies, service.ReadOnly[ListAttachedGroupPoliciesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListAttachedGroupPoliciesRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "AttachRolePolicy", s.AttachRolePolicy,
			service.WithContextKeys(func(in *AttachRolePolicyRequest) []service.ContextKey { return policyARNKey(in.PolicyArn) }),
			service.OnResource(func(p *principal.Principal, in *AttachRolePolicyRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "DetachRolePolicy", s.DetachRolePolicy,
			service.WithContextKeys(func(in *DetachRolePolicyRequest) []service.ContextKey { return policyARNKey(in.PolicyArn) }),
			service.OnResource(func(p *principal.Principal, in *DetachRolePolicyRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "ListAttachedRolePolicies", s.ListAttachedRolePolicies, service.ReadOnly[ListAttachedRolePoliciesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListAttachedRolePoliciesRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
	}
}

// attachQuota returns the managed-policies-per-identity quota and AWS's
// name for it.
func (s *Service) attachQuota(kind store.OwnerKind) (int, string) {
	switch kind {
	case store.OwnerUser:
		return s.quotas.ManagedPoliciesPerUser, quotaPoliciesPerUser
	case store.OwnerGroup:
		return s.quotas.ManagedPoliciesPerGroup, quotaPoliciesPerGroup
	default:
		return s.quotas.ManagedPoliciesPerRole, quotaPoliciesPerRole
	}
}

// attach attaches a managed policy (customer or AWS) to an identity.
func (s *Service) attach(ctx context.Context, kind store.OwnerKind, name, policyArn string) error {
	accountID, err := accountOf(ctx)
	if err != nil {
		return err
	}
	if err := checkPolicyARN(policyArn); err != nil {
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
		p, err := s.policyOr(ctx, tx, accountID, policyArn, msgAttachNotFound)
		if err != nil {
			return err
		}
		if !p.Attachable() {
			return awserr.PolicyNotAttachable("%s", msgServiceRolePolicy)
		}
		quota, quotaName := s.attachQuota(kind)
		err = tx.Attachments().Attach(ctx, &store.Attachment{Owner: id.owner, PolicyARN: policyArn}, quota)
		return storeError(err, ifLimit(errQuota(quotaName, quota)))
	})
}

// detach detaches a managed policy; one that is not attached to the
// identity is NoSuchEntity "Policy ... was not found.".
func (s *Service) detach(ctx context.Context, kind store.OwnerKind, name, policyArn string) error {
	accountID, err := accountOf(ctx)
	if err != nil {
		return err
	}
	if err := checkPolicyARN(policyArn); err != nil {
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
		err = tx.Attachments().Detach(ctx, &store.Attachment{Owner: id.owner, PolicyARN: policyArn})
		return storeError(err, ifNotFound(awserr.NoSuchEntity(msgPolicyNotFound, policyArn)))
	})
}

// attachedPolicy names an attached policy from its ARN: the name is the
// ARN's last path segment, the path what lies between "policy" and it.
func attachedPolicy(policyArn string) (path string, ap AttachedPolicy) {
	rest := policyArn
	if i := strings.Index(policyArn, ":policy/"); i >= 0 {
		rest = policyArn[i+len(":policy"):]
	}
	j := strings.LastIndex(rest, "/")
	return rest[:j+1], AttachedPolicy{PolicyName: rest[j+1:], PolicyArn: policyArn}
}

// listAttached pages an identity's attached policies whose path starts with
// pathPrefix. It asks the store for no more than the page still needs, so
// filtered pages never overflow and the store's marker resumes exactly.
func (s *Service) listAttached(ctx context.Context, kind store.OwnerKind, name, pathPrefix, marker string, maxItems *int32) ([]AttachedPolicy, *bool, string, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, nil, "", err
	}
	id, err := findIdentity(ctx, s.store, accountID, kind, name)
	if err != nil {
		return nil, nil, "", err
	}
	prefix := pathOrDefault(pathPrefix)
	limit := pageOf(marker, maxItems).Limit()
	out := make([]AttachedPolicy, 0)
	for len(out) < limit {
		arns, next, err := s.store.Attachments().ListForOwner(ctx, id.owner, store.Page{Marker: marker, MaxItems: limit - len(out)})
		if err != nil {
			return nil, nil, "", storeError(err)
		}
		for _, a := range arns {
			if path, ap := attachedPolicy(a); strings.HasPrefix(path, prefix) {
				out = append(out, ap)
			}
		}
		marker = next
		if next == "" {
			break
		}
	}
	truncated, next := pageEnd(marker)
	return out, truncated, next, nil
}

// AttachUserPolicy attaches a managed policy to a user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
func (s *Service) AttachUserPolicy(ctx context.Context, in *AttachUserPolicyRequest) (*noOutput, error) {
	if err := s.attach(ctx, store.OwnerUser, in.UserName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DetachUserPolicy detaches a managed policy from a user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachUserPolicy.html
func (s *Service) DetachUserPolicy(ctx context.Context, in *DetachUserPolicyRequest) (*noOutput, error) {
	if err := s.detach(ctx, store.OwnerUser, in.UserName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListAttachedUserPolicies lists the managed policies attached to a user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedUserPolicies.html
func (s *Service) ListAttachedUserPolicies(ctx context.Context, in *ListAttachedUserPoliciesRequest) (*ListAttachedUserPoliciesResponse, error) {
	ps, truncated, marker, err := s.listAttached(ctx, store.OwnerUser, in.UserName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAttachedUserPoliciesResponse{AttachedPolicies: ps, IsTruncated: truncated, Marker: marker}, nil
}

// AttachGroupPolicy attaches a managed policy to a group.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html
func (s *Service) AttachGroupPolicy(ctx context.Context, in *AttachGroupPolicyRequest) (*noOutput, error) {
	if err := s.attach(ctx, store.OwnerGroup, in.GroupName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DetachGroupPolicy detaches a managed policy from a group.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachGroupPolicy.html
func (s *Service) DetachGroupPolicy(ctx context.Context, in *DetachGroupPolicyRequest) (*noOutput, error) {
	if err := s.detach(ctx, store.OwnerGroup, in.GroupName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListAttachedGroupPolicies lists the managed policies attached to a group.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedGroupPolicies.html
func (s *Service) ListAttachedGroupPolicies(ctx context.Context, in *ListAttachedGroupPoliciesRequest) (*ListAttachedGroupPoliciesResponse, error) {
	ps, truncated, marker, err := s.listAttached(ctx, store.OwnerGroup, in.GroupName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAttachedGroupPoliciesResponse{AttachedPolicies: ps, IsTruncated: truncated, Marker: marker}, nil
}

// AttachRolePolicy attaches a managed policy to a role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
func (s *Service) AttachRolePolicy(ctx context.Context, in *AttachRolePolicyRequest) (*noOutput, error) {
	if err := s.attach(ctx, store.OwnerRole, in.RoleName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DetachRolePolicy detaches a managed policy from a role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html
func (s *Service) DetachRolePolicy(ctx context.Context, in *DetachRolePolicyRequest) (*noOutput, error) {
	if err := s.detach(ctx, store.OwnerRole, in.RoleName, in.PolicyArn); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListAttachedRolePolicies lists the managed policies attached to a role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAttachedRolePolicies.html
func (s *Service) ListAttachedRolePolicies(ctx context.Context, in *ListAttachedRolePoliciesRequest) (*ListAttachedRolePoliciesResponse, error) {
	ps, truncated, marker, err := s.listAttached(ctx, store.OwnerRole, in.RoleName, in.PathPrefix, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListAttachedRolePoliciesResponse{AttachedPolicies: ps, IsTruncated: truncated, Marker: marker}, nil
}
