package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// instanceProfileOperations declares the instance profile operations and
// their tag operations.
func (s *Service) instanceProfileOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateInstanceProfile", s.CreateInstanceProfile,
			service.WithContextKeys(func(in *CreateInstanceProfileRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *CreateInstanceProfileRequest) string {
				return instanceProfileARN(p.AccountID, in.Path, in.InstanceProfileName)
			})),
		service.Op("iam", "GetInstanceProfile", s.GetInstanceProfile, service.ReadOnly[GetInstanceProfileRequest](),
			service.OnResource(func(p *principal.Principal, in *GetInstanceProfileRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
		service.Op("iam", "DeleteInstanceProfile", s.DeleteInstanceProfile,
			service.OnResource(func(p *principal.Principal, in *DeleteInstanceProfileRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
		service.Op("iam", "ListInstanceProfiles", s.ListInstanceProfiles, service.ReadOnly[ListInstanceProfilesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListInstanceProfilesRequest) string {
				return entityARN(p.AccountID, "instance-profile", in.PathPrefix, "")
			})),
		service.Op("iam", "AddRoleToInstanceProfile", s.AddRoleToInstanceProfile,
			service.OnResource(func(p *principal.Principal, in *AddRoleToInstanceProfileRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
		service.Op("iam", "RemoveRoleFromInstanceProfile", s.RemoveRoleFromInstanceProfile,
			service.OnResource(func(p *principal.Principal, in *RemoveRoleFromInstanceProfileRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
		service.Op("iam", "ListInstanceProfilesForRole", s.ListInstanceProfilesForRole, service.ReadOnly[ListInstanceProfilesForRoleRequest](),
			service.OnResource(func(p *principal.Principal, in *ListInstanceProfilesForRoleRequest) string {
				return s.roleResource(p, in.RoleName)
			})),
		service.Op("iam", "TagInstanceProfile", s.TagInstanceProfile,
			service.WithContextKeys(func(in *TagInstanceProfileRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *TagInstanceProfileRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
		service.Op("iam", "UntagInstanceProfile", s.UntagInstanceProfile,
			service.WithContextKeys(func(in *UntagInstanceProfileRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(p *principal.Principal, in *UntagInstanceProfileRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
		service.Op("iam", "ListInstanceProfileTags", s.ListInstanceProfileTags, service.ReadOnly[ListInstanceProfileTagsRequest](),
			service.OnResource(func(p *principal.Principal, in *ListInstanceProfileTagsRequest) string {
				return s.instanceProfileResource(p, in.InstanceProfileName)
			})),
	}
}

// instanceProfileResource is the named profile's ARN with its path (see
// userResource).
func (s *Service) instanceProfileResource(p *principal.Principal, name string) string {
	path := defaultPath
	if ip, err := s.store.InstanceProfiles().Get(context.Background(), p.AccountID, name); err == nil {
		path, name = ip.Path, ip.Name
	}
	return instanceProfileARN(p.AccountID, path, name)
}

// getInstanceProfile finds a profile by name, reporting AWS's NoSuchEntity.
func getInstanceProfile(ctx context.Context, st store.Store, accountID, name string) (*store.InstanceProfile, error) {
	ip, err := st.InstanceProfiles().Get(ctx, accountID, name)
	return ip, storeError(err, ifNotFound(errInstanceProfileNotFound(name)))
}

// instanceProfileShape is the wire InstanceProfile with its roles; tags
// are given for Get and Create only (listings leave them out, as AWS's do).
func instanceProfileShape(ctx context.Context, st store.Store, ip *store.InstanceProfile, tags []store.Tag) (InstanceProfile, error) {
	out := InstanceProfile{
		Path:                ip.Path,
		InstanceProfileName: ip.Name,
		InstanceProfileId:   ip.ID,
		Arn:                 instanceProfileARN(ip.AccountID, ip.Path, ip.Name),
		CreateDate:          ip.CreatedAt.UTC(),
		Roles:               make([]Role, 0, len(ip.RoleIDs)),
		Tags:                tagsFromStore(tags),
	}
	for _, id := range ip.RoleIDs {
		r, err := st.Roles().GetByID(ctx, ip.AccountID, id)
		if err != nil {
			return InstanceProfile{}, storeError(err)
		}
		out.Roles = append(out.Roles, roleShape(r, false, nil))
	}
	return out, nil
}

// CreateInstanceProfile creates an empty instance profile.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html
func (s *Service) CreateInstanceProfile(ctx context.Context, in *CreateInstanceProfileRequest) (*CreateInstanceProfileResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	id, err := s.uniqueID(secrets.PrefixInstanceProfile)
	if err != nil {
		return nil, err
	}
	ip := &store.InstanceProfile{
		AccountID: accountID,
		ID:        id,
		Name:      in.InstanceProfileName,
		Path:      pathOrDefault(in.Path),
		CreatedAt: s.now(),
	}
	var out InstanceProfile
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if err := tx.InstanceProfiles().Create(ctx, ip, s.quotas.InstanceProfiles); err != nil {
			return storeError(err, ifExists(awserr.EntityAlreadyExists(msgInstanceProfileExists, in.InstanceProfileName)),
				ifLimit(errQuota(quotaInstanceProfilesPerAccount, s.quotas.InstanceProfiles)))
		}
		if err := s.setTags(ctx, tx, accountID, store.TagInstanceProfile, ip.ID, in.Tags); err != nil {
			return err
		}
		tags, err := tx.Tags().List(ctx, accountID, store.TagInstanceProfile, ip.ID)
		if err != nil {
			return storeError(err)
		}
		out, err = instanceProfileShape(ctx, tx, ip, tags)
		return err
	})
	if err != nil {
		return nil, err
	}
	return &CreateInstanceProfileResponse{InstanceProfile: out}, nil
}

// GetInstanceProfile returns a profile with its role and tags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetInstanceProfile.html
func (s *Service) GetInstanceProfile(ctx context.Context, in *GetInstanceProfileRequest) (*GetInstanceProfileResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	ip, err := getInstanceProfile(ctx, s.store, accountID, in.InstanceProfileName)
	if err != nil {
		return nil, err
	}
	tags, err := s.store.Tags().List(ctx, accountID, store.TagInstanceProfile, ip.ID)
	if err != nil {
		return nil, storeError(err)
	}
	out, err := instanceProfileShape(ctx, s.store, ip, tags)
	if err != nil {
		return nil, err
	}
	return &GetInstanceProfileResponse{InstanceProfile: out}, nil
}

// DeleteInstanceProfile deletes a profile that holds no role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html
func (s *Service) DeleteInstanceProfile(ctx context.Context, in *DeleteInstanceProfileRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		ip, err := getInstanceProfile(ctx, tx, accountID, in.InstanceProfileName)
		if err != nil {
			return err
		}
		return storeError(tx.InstanceProfiles().Delete(ctx, accountID, ip.ID),
			ifNotFound(errInstanceProfileNotFound(in.InstanceProfileName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListInstanceProfiles lists the account's profiles whose path starts with
// PathPrefix, each with its role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html
func (s *Service) ListInstanceProfiles(ctx context.Context, in *ListInstanceProfilesRequest) (*ListInstanceProfilesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	ips, next, err := s.store.InstanceProfiles().List(ctx, accountID, pathOrDefault(in.PathPrefix), pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	shapes, err := instanceProfileShapes(ctx, s.store, ips)
	if err != nil {
		return nil, err
	}
	out := &ListInstanceProfilesResponse{InstanceProfiles: shapes}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

func instanceProfileShapes(ctx context.Context, st store.Store, ips []*store.InstanceProfile) ([]InstanceProfile, error) {
	out := make([]InstanceProfile, 0, len(ips))
	for _, ip := range ips {
		shape, err := instanceProfileShape(ctx, st, ip, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, shape)
	}
	return out, nil
}

// AddRoleToInstanceProfile puts a role in a profile, which holds at most
// one (RolesPerInstanceProfile); adding the role it already holds exceeds
// that quota too.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
func (s *Service) AddRoleToInstanceProfile(ctx context.Context, in *AddRoleToInstanceProfileRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		ip, err := getInstanceProfile(ctx, tx, accountID, in.InstanceProfileName)
		if err != nil {
			return err
		}
		r, err := getRole(ctx, tx, accountID, in.RoleName)
		if err != nil {
			return err
		}
		full := errQuota(quotaRolesPerInstanceProfile, s.quotas.RolesPerInstanceProfile)
		return storeError(tx.InstanceProfiles().AddRole(ctx, accountID, ip.ID, r.ID, s.quotas.RolesPerInstanceProfile),
			ifLimit(full), ifExists(full))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// RemoveRoleFromInstanceProfile takes a role out of a profile; a role the
// profile does not hold is reported as an unknown role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html
func (s *Service) RemoveRoleFromInstanceProfile(ctx context.Context, in *RemoveRoleFromInstanceProfileRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		ip, err := getInstanceProfile(ctx, tx, accountID, in.InstanceProfileName)
		if err != nil {
			return err
		}
		r, err := getRole(ctx, tx, accountID, in.RoleName)
		if err != nil {
			return err
		}
		return storeError(tx.InstanceProfiles().RemoveRole(ctx, accountID, ip.ID, r.ID),
			ifNotFound(errRoleNotFound(in.RoleName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListInstanceProfilesForRole lists the profiles that hold a role.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html
func (s *Service) ListInstanceProfilesForRole(ctx context.Context, in *ListInstanceProfilesForRoleRequest) (*ListInstanceProfilesForRoleResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	r, err := getRole(ctx, s.store, accountID, in.RoleName)
	if err != nil {
		return nil, err
	}
	ips, next, err := s.store.InstanceProfiles().ListForRole(ctx, accountID, r.ID, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err, ifNotFound(errRoleNotFound(in.RoleName)))
	}
	shapes, err := instanceProfileShapes(ctx, s.store, ips)
	if err != nil {
		return nil, err
	}
	out := &ListInstanceProfilesForRoleResponse{InstanceProfiles: shapes}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// TagInstanceProfile adds or overwrites tags of a profile.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagInstanceProfile.html
func (s *Service) TagInstanceProfile(ctx context.Context, in *TagInstanceProfileRequest) (*noOutput, error) {
	return s.tagEntity(ctx, taggedInstanceProfile, in.InstanceProfileName, in.Tags)
}

// UntagInstanceProfile removes tags by key; absent keys are ignored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagInstanceProfile.html
func (s *Service) UntagInstanceProfile(ctx context.Context, in *UntagInstanceProfileRequest) (*noOutput, error) {
	return s.untagEntity(ctx, taggedInstanceProfile, in.InstanceProfileName, in.TagKeys)
}

// ListInstanceProfileTags lists a profile's tags ordered by key, paginated.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfileTags.html
func (s *Service) ListInstanceProfileTags(ctx context.Context, in *ListInstanceProfileTagsRequest) (*ListInstanceProfileTagsResponse, error) {
	page, err := s.listEntityTags(ctx, taggedInstanceProfile, in.InstanceProfileName, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListInstanceProfileTagsResponse{Tags: page.Tags, IsTruncated: page.IsTruncated, Marker: page.Marker}, nil
}
