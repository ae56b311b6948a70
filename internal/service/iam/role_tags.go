package iam

import (
	"context"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// roleTagOps declares TagRole, UntagRole and ListRoleTags, each authorized
// on the role's ARN.
func (s *Service) roleTagOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "TagRole", s.TagRole,
			service.WithContextKeys(func(in *TagRoleRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *TagRoleRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "UntagRole", s.UntagRole,
			service.WithContextKeys(func(in *UntagRoleRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(p *principal.Principal, in *UntagRoleRequest) string { return s.roleResource(p, in.RoleName) })),
		service.Op("iam", "ListRoleTags", s.ListRoleTags, service.ReadOnly[ListRoleTagsRequest](),
			service.OnResource(func(p *principal.Principal, in *ListRoleTagsRequest) string { return s.roleResource(p, in.RoleName) })),
	}
}

// TagRole adds or overwrites tags of a role (keys compare without case; at
// most the TagsPerEntity quota, 50, per role).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html
func (s *Service) TagRole(ctx context.Context, in *TagRoleRequest) (*noOutput, error) {
	return s.tagEntity(ctx, taggedRole, in.RoleName, in.Tags)
}

// UntagRole removes tags by key; keys the role does not carry are ignored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html
func (s *Service) UntagRole(ctx context.Context, in *UntagRoleRequest) (*noOutput, error) {
	return s.untagEntity(ctx, taggedRole, in.RoleName, in.TagKeys)
}

// ListRoleTags lists a role's tags ordered by key, paginated.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoleTags.html
func (s *Service) ListRoleTags(ctx context.Context, in *ListRoleTagsRequest) (*ListRoleTagsResponse, error) {
	page, err := s.listEntityTags(ctx, taggedRole, in.RoleName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListRoleTagsResponse{Tags: page.Tags, IsTruncated: page.IsTruncated, Marker: page.Marker}, nil
}
