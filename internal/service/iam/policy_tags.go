package iam

import (
	"context"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// policyTagOps declares TagPolicy, UntagPolicy and ListPolicyTags, each
// authorized on the policy's ARN.
func (s *Service) policyTagOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "TagPolicy", s.TagPolicy,
			service.WithContextKeys(func(in *TagPolicyRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(_ *principal.Principal, in *TagPolicyRequest) string { return in.PolicyArn })),
		service.Op("iam", "UntagPolicy", s.UntagPolicy,
			service.WithContextKeys(func(in *UntagPolicyRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(_ *principal.Principal, in *UntagPolicyRequest) string { return in.PolicyArn })),
		service.Op("iam", "ListPolicyTags", s.ListPolicyTags, service.ReadOnly[ListPolicyTagsRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListPolicyTagsRequest) string { return in.PolicyArn })),
	}
}

// TagPolicy adds or overwrites tags of a customer managed policy; AWS
// managed policies cannot be tagged.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html
func (s *Service) TagPolicy(ctx context.Context, in *TagPolicyRequest) (*noOutput, error) {
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	err := s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := s.customerPolicy(ctx, tx, "TagPolicy", in.PolicyArn)
		if err != nil {
			return err
		}
		return s.setTags(ctx, tx, p.Customer.AccountID, store.TagPolicy, p.Customer.ID, in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// UntagPolicy removes tags by key; absent keys are ignored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagPolicy.html
func (s *Service) UntagPolicy(ctx context.Context, in *UntagPolicyRequest) (*noOutput, error) {
	err := s.store.WithTx(ctx, func(tx store.Store) error {
		p, err := s.customerPolicy(ctx, tx, "UntagPolicy", in.PolicyArn)
		if err != nil {
			return err
		}
		return storeError(tx.Tags().Remove(ctx, p.Customer.AccountID, store.TagPolicy, p.Customer.ID, in.TagKeys))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListPolicyTags lists a policy's tags ordered by key, paginated. AWS
// managed policies carry none.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicyTags.html
func (s *Service) ListPolicyTags(ctx context.Context, in *ListPolicyTagsRequest) (*ListPolicyTagsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.policyOr(ctx, s.store, accountID, in.PolicyArn, msgPolicyNotFound)
	if err != nil {
		return nil, err
	}
	var tags []store.Tag
	if p.Customer != nil {
		if tags, err = s.store.Tags().List(ctx, accountID, store.TagPolicy, p.Customer.ID); err != nil {
			return nil, storeError(err)
		}
	}
	page, err := listTagsPage(tags, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, err
	}
	return &ListPolicyTagsResponse{Tags: page.Tags, IsTruncated: page.IsTruncated, Marker: page.Marker}, nil
}
