package iam

import (
	"context"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// userTagOperations declares TagUser, UntagUser and ListUserTags.
func (s *Service) userTagOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "TagUser", s.TagUser,
			service.WithContextKeys(func(in *TagUserRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *TagUserRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "UntagUser", s.UntagUser,
			service.WithContextKeys(func(in *UntagUserRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(p *principal.Principal, in *UntagUserRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "ListUserTags", s.ListUserTags, service.ReadOnly[ListUserTagsRequest](),
			service.OnResource(func(p *principal.Principal, in *ListUserTagsRequest) string {
				return s.userResource(p, in.UserName)
			})),
	}
}

// TagUser adds or overwrites tags of a user; keys compare without case,
// and the entity may carry at most the TagsPerEntity quota (50).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagUser.html
func (s *Service) TagUser(ctx context.Context, in *TagUserRequest) (*noOutput, error) {
	return s.tagEntity(ctx, taggedUser, in.UserName, in.Tags)
}

// UntagUser removes tags by key; keys the user does not carry are ignored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagUser.html
func (s *Service) UntagUser(ctx context.Context, in *UntagUserRequest) (*noOutput, error) {
	return s.untagEntity(ctx, taggedUser, in.UserName, in.TagKeys)
}

// ListUserTags lists a user's tags ordered by key, paginated.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListUserTags.html
func (s *Service) ListUserTags(ctx context.Context, in *ListUserTagsRequest) (*ListUserTagsResponse, error) {
	return s.listEntityTags(ctx, taggedUser, in.UserName, in.Marker, in.MaxItems)
}

// listTagsPage pages an entity's tags into ListUserTags' shape, which
// ListInstanceProfileTags shares. AWS sends an empty Tags list, never none.
func listTagsPage(tags []store.Tag, p store.Page) (*ListUserTagsResponse, error) {
	page, next, err := pageSlice(tags, p)
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListUserTagsResponse{Tags: make([]Tag, 0, len(page))}
	for _, t := range page {
		out.Tags = append(out.Tags, Tag{Key: t.Key, Value: t.Value})
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
