package iam

import (
	"context"
	"errors"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// Messages of the customer managed policy operations.
const (
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
	msgPolicyExists = "A policy called %s already exists. Duplicate names are not allowed."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
	msgPolicyHasVersions = "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy."
)

// policyOps declares the customer managed policy operations.
func (s *Service) policyOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreatePolicy", s.CreatePolicy,
			service.WithContextKeys(func(in *CreatePolicyRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *CreatePolicyRequest) string {
				return policyARN(p.AccountID, in.Path, in.PolicyName)
			})),
		service.Op("iam", "GetPolicy", s.GetPolicy, service.ReadOnly[GetPolicyRequest](),
			service.OnResource(func(_ *principal.Principal, in *GetPolicyRequest) string { return in.PolicyArn })),
		service.Op("iam", "DeletePolicy", s.DeletePolicy,
			service.OnResource(func(_ *principal.Principal, in *DeletePolicyRequest) string { return in.PolicyArn })),
		// ListPolicies names no resource: it is authorized on "*".
		service.Op("iam", "ListPolicies", s.ListPolicies, service.ReadOnly[ListPoliciesRequest]()),
	}
}

// CreatePolicy creates a customer managed policy with its first version.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html
func (s *Service) CreatePolicy(ctx context.Context, in *CreatePolicyRequest) (*CreatePolicyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	if err := s.checkPolicyDocument(kindManaged, in.PolicyDocument); err != nil {
		return nil, err
	}
	id, err := s.uniqueID(secrets.PrefixManagedPolicy)
	if err != nil {
		return nil, err
	}
	now := s.now()
	p := &store.ManagedPolicy{
		AccountID:        accountID,
		ID:               id,
		Name:             in.PolicyName,
		Path:             pathOrDefault(in.Path),
		Description:      in.Description,
		DefaultVersionID: "v1",
		CreatedAt:        now,
		UpdatedAt:        now,
		NextVersion:      2,
	}
	v1 := &store.PolicyVersion{PolicyID: id, VersionID: "v1", Document: in.PolicyDocument, IsDefault: true, CreatedAt: now}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if err := tx.Policies().Create(ctx, p, v1, s.quotas.Policies); err != nil {
			return storeError(err, ifExists(awserr.EntityAlreadyExists(msgPolicyExists, in.PolicyName)),
				ifLimit(errQuota(quotaPoliciesPerAccount, s.quotas.Policies)))
		}
		return s.setTags(ctx, tx, accountID, store.TagPolicy, id, in.Tags)
	})
	if err != nil {
		return nil, err
	}
	mp := &managedPolicy{ARN: policyARN(accountID, p.Path, p.Name), Customer: p}
	out := policyShape(mp, 0, 0)
	out.Tags = in.Tags
	return &CreatePolicyResponse{Policy: &out}, nil
}

// GetPolicy returns a managed policy, customer or AWS, with its counts.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicy.html
func (s *Service) GetPolicy(ctx context.Context, in *GetPolicyRequest) (*GetPolicyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.policyOr(ctx, s.store, accountID, in.PolicyArn, msgPolicyNotFound)
	if err != nil {
		return nil, err
	}
	out, err := s.countedPolicy(ctx, s.store, accountID, p)
	if err != nil {
		return nil, err
	}
	if p.Customer != nil {
		out.Description = p.Customer.Description
		tags, err := s.store.Tags().List(ctx, accountID, store.TagPolicy, p.Customer.ID)
		if err != nil {
			return nil, storeError(err)
		}
		out.Tags = tagsFromStore(tags)
	}
	return &GetPolicyResponse{Policy: &out}, nil
}

// DeletePolicy deletes a customer managed policy that is attached to
// nothing and has only its default version left.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html
func (s *Service) DeletePolicy(ctx context.Context, in *DeletePolicyRequest) (*noOutput, error) {
	err := s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := s.customerPolicy(ctx, tx, "DeletePolicy", in.PolicyArn)
		if err != nil {
			return err
		}
		err = tx.Policies().Delete(ctx, p.Customer.AccountID, p.Customer.ID)
		var conflict *store.ConflictError
		if errors.As(err, &conflict) && conflict.Dependent == store.DependentPolicyVersions {
			return awserr.DeleteConflict("%s", msgPolicyHasVersions)
		}
		return storeError(err, ifNotFound(awserr.NoSuchEntity(msgPolicyNotFound, in.PolicyArn)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// policyShape builds the wire Policy common to every listing: no
// description and no tags, which only GetPolicy returns.
func policyShape(p *managedPolicy, attachments, boundaryUses int) Policy {
	a, b := int32(attachments), int32(boundaryUses)
	attachable := p.Attachable()
	out := Policy{
		Arn:                           p.ARN,
		AttachmentCount:               &a,
		PermissionsBoundaryUsageCount: &b,
		IsAttachable:                  &attachable,
	}
	if p.AWS != nil {
		created, updated := p.AWS.CreateDate, p.AWS.UpdateDate
		out.PolicyName, out.PolicyId, out.Path = p.AWS.Name, p.AWS.PolicyID, p.AWS.Path
		out.DefaultVersionId = p.AWS.DefaultVersionID
		out.CreateDate, out.UpdateDate = &created, &updated
		return out
	}
	c := p.Customer
	created, updated := c.CreatedAt, c.UpdatedAt
	out.PolicyName, out.PolicyId, out.Path = c.Name, c.ID, c.Path
	out.DefaultVersionId = c.DefaultVersionID
	out.CreateDate, out.UpdateDate = &created, &updated
	return out
}

// policyCounts returns how many of the account's identities have the
// policy attached and how many users and roles use it as their
// permissions boundary. AWS managed policies are counted per account.
func policyCounts(ctx context.Context, st store.Store, accountID, policyArn string) (attachments, boundaryUses int, err error) {
	attachments, err = st.Attachments().Count(ctx, accountID, policyArn)
	if err != nil {
		return 0, 0, storeError(err)
	}
	boundaryUses, err = st.Attachments().CountBoundaryUses(ctx, accountID, policyArn)
	if err != nil {
		return 0, 0, storeError(err)
	}
	return attachments, boundaryUses, nil
}

// countedPolicy is policyShape with the real counts from the store.
func (s *Service) countedPolicy(ctx context.Context, st store.Store, accountID string, p *managedPolicy) (Policy, error) {
	a, b, err := policyCounts(ctx, st, accountID, p.ARN)
	if err != nil {
		return Policy{}, err
	}
	return policyShape(p, a, b), nil
}
