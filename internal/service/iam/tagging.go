package iam

import (
	"context"

	"github.com/iamd/iamd/internal/store"
)

// tagged names one kind of taggable IAM entity: the store kind its tags are
// kept under and how a Tag/Untag/List call's name resolves to its ID (with
// AWS's NoSuchEntity for an unknown name). Users, roles, instance profiles
// and identity providers share the three tag operations through it.
type tagged struct {
	kind store.TaggableKind
	find func(ctx context.Context, st store.Store, accountID, name string) (id string, err error)
}

var (
	taggedUser = tagged{store.TagUser, func(ctx context.Context, st store.Store, accountID, name string) (string, error) {
		u, err := getUser(ctx, st, accountID, name)
		if err != nil {
			return "", err
		}
		return u.ID, nil
	}}
	taggedRole = tagged{store.TagRole, func(ctx context.Context, st store.Store, accountID, name string) (string, error) {
		r, err := getRole(ctx, st, accountID, name)
		if err != nil {
			return "", err
		}
		return r.ID, nil
	}}
	taggedInstanceProfile = tagged{store.TagInstanceProfile, func(ctx context.Context, st store.Store, accountID, name string) (string, error) {
		ip, err := getInstanceProfile(ctx, st, accountID, name)
		if err != nil {
			return "", err
		}
		return ip.ID, nil
	}}
)

// tagEntity adds or overwrites tags (keys compare without case; at most the
// TagsPerEntity quota, 50, per entity).
func (s *Service) tagEntity(ctx context.Context, t tagged, name string, tags []Tag) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(tags); err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		id, err := t.find(ctx, tx, accountID, name)
		if err != nil {
			return err
		}
		return s.setTags(ctx, tx, accountID, t.kind, id, tags)
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// untagEntity removes tags by key; keys the entity does not carry are
// ignored.
func (s *Service) untagEntity(ctx context.Context, t tagged, name string, keys []string) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		id, err := t.find(ctx, tx, accountID, name)
		if err != nil {
			return err
		}
		return storeError(tx.Tags().Remove(ctx, accountID, t.kind, id, keys))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// listEntityTags lists an entity's tags ordered by key, paginated, in the
// shape every List*Tags response shares.
func (s *Service) listEntityTags(ctx context.Context, t tagged, name, marker string, maxItems *int32) (*ListUserTagsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	id, err := t.find(ctx, s.store, accountID, name)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, t.kind, id)
	if err != nil {
		return nil, storeError(err)
	}
	return listTagsPage(tags, pageOf(marker, maxItems))
}
