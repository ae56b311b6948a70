package iam

import (
	"context"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// groupOperations declares the group and membership operations.
func (s *Service) groupOperations() []service.Operation {
	return []service.Operation{
		service.Op("iam", "CreateGroup", s.CreateGroup,
			service.OnResource(func(p *principal.Principal, in *CreateGroupRequest) string {
				return groupARN(p.AccountID, in.Path, in.GroupName)
			})),
		service.Op("iam", "GetGroup", s.GetGroup, service.ReadOnly[GetGroupRequest](),
			service.OnResource(func(p *principal.Principal, in *GetGroupRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "UpdateGroup", s.UpdateGroup,
			service.OnResource(func(p *principal.Principal, in *UpdateGroupRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "DeleteGroup", s.DeleteGroup,
			service.OnResource(func(p *principal.Principal, in *DeleteGroupRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "ListGroups", s.ListGroups, service.ReadOnly[ListGroupsRequest](),
			service.OnResource(func(p *principal.Principal, in *ListGroupsRequest) string {
				return entityARN(p.AccountID, "group", in.PathPrefix, "")
			})),
		service.Op("iam", "AddUserToGroup", s.AddUserToGroup,
			service.OnResource(func(p *principal.Principal, in *AddUserToGroupRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "RemoveUserFromGroup", s.RemoveUserFromGroup,
			service.OnResource(func(p *principal.Principal, in *RemoveUserFromGroupRequest) string {
				return s.groupResource(p, in.GroupName)
			})),
		service.Op("iam", "ListGroupsForUser", s.ListGroupsForUser, service.ReadOnly[ListGroupsForUserRequest](),
			service.OnResource(func(p *principal.Principal, in *ListGroupsForUserRequest) string {
				return s.userResource(p, in.UserName)
			})),
	}
}

// groupResource is the named group's ARN with its path (see userResource).
func (s *Service) groupResource(p *principal.Principal, name string) string {
	path := defaultPath
	if g, err := s.store.Groups().Get(context.Background(), p.AccountID, name); err == nil {
		path, name = g.Path, g.Name
	}
	return groupARN(p.AccountID, path, name)
}

// getGroup finds a group by name, reporting AWS's NoSuchEntity.
func getGroup(ctx context.Context, st store.Store, accountID, name string) (*store.Group, error) {
	g, err := st.Groups().Get(ctx, accountID, name)
	return g, storeError(err, ifNotFound(errGroupNotFound(name)))
}

// groupShape is the wire Group.
func groupShape(accountID string, g *store.Group) Group {
	return Group{
		Path:       g.Path,
		GroupName:  g.Name,
		GroupId:    g.ID,
		Arn:        groupARN(accountID, g.Path, g.Name),
		CreateDate: g.CreatedAt.UTC(),
	}
}

// CreateGroup creates a group.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateGroup.html
func (s *Service) CreateGroup(ctx context.Context, in *CreateGroupRequest) (*CreateGroupResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	id, err := s.uniqueID(secrets.PrefixGroup)
	if err != nil {
		return nil, err
	}
	g := &store.Group{
		AccountID: accountID,
		ID:        id,
		Name:      in.GroupName,
		Path:      pathOrDefault(in.Path),
		CreatedAt: s.now(),
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		return storeError(tx.Groups().Create(ctx, g, s.quotas.Groups),
			ifExists(awserr.EntityAlreadyExists(msgGroupExists, in.GroupName)),
			ifLimit(errQuota(quotaGroupsPerAccount, s.quotas.Groups)))
	})
	if err != nil {
		return nil, err
	}
	return &CreateGroupResponse{Group: groupShape(accountID, g)}, nil
}

// GetGroup returns a group and a page of its users.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetGroup.html
func (s *Service) GetGroup(ctx context.Context, in *GetGroupRequest) (*GetGroupResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	g, err := getGroup(ctx, s.store, accountID, in.GroupName)
	if err != nil {
		return nil, err
	}
	users, next, err := s.store.Groups().Members(ctx, accountID, g.ID, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err, ifNotFound(errGroupNotFound(in.GroupName)))
	}
	out := &GetGroupResponse{Group: groupShape(accountID, g), Users: make([]User, 0, len(users))}
	for _, u := range users {
		out.Users = append(out.Users, userShape(accountID, u, false, nil))
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// UpdateGroup renames a group or moves it to another path.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateGroup.html
func (s *Service) UpdateGroup(ctx context.Context, in *UpdateGroupRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		g, err := getGroup(ctx, tx, accountID, in.GroupName)
		if err != nil {
			return err
		}
		if in.NewGroupName != "" {
			g.Name = in.NewGroupName
		}
		if in.NewPath != "" {
			g.Path = in.NewPath
		}
		return storeError(tx.Groups().Update(ctx, g),
			ifExists(awserr.EntityAlreadyExists(msgGroupExists, in.NewGroupName)),
			ifNotFound(errGroupNotFound(in.GroupName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeleteGroup deletes a group without members or policies; the store
// reports the first dependent (members, inline policies, attached
// policies), which becomes AWS's DeleteConflict.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteGroup.html
func (s *Service) DeleteGroup(ctx context.Context, in *DeleteGroupRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		g, err := getGroup(ctx, tx, accountID, in.GroupName)
		if err != nil {
			return err
		}
		return storeError(tx.Groups().Delete(ctx, accountID, g.ID), ifNotFound(errGroupNotFound(in.GroupName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListGroups lists the account's groups whose path starts with PathPrefix.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroups.html
func (s *Service) ListGroups(ctx context.Context, in *ListGroupsRequest) (*ListGroupsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	groups, next, err := s.store.Groups().List(ctx, accountID, pathOrDefault(in.PathPrefix), pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListGroupsResponse{Groups: groupShapes(accountID, groups)}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

func groupShapes(accountID string, groups []*store.Group) []Group {
	out := make([]Group, 0, len(groups))
	for _, g := range groups {
		out = append(out, groupShape(accountID, g))
	}
	return out
}

// AddUserToGroup adds a user to a group; adding a member again succeeds.
// A user can be in at most GroupsPerUser (10) groups.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
func (s *Service) AddUserToGroup(ctx context.Context, in *AddUserToGroupRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		g, err := getGroup(ctx, tx, accountID, in.GroupName)
		if err != nil {
			return err
		}
		u, err := getUser(ctx, tx, accountID, in.UserName)
		if err != nil {
			return err
		}
		return storeError(tx.Groups().AddMember(ctx, accountID, g.ID, u.ID, s.quotas.GroupsPerUser),
			ifLimit(errQuota(quotaGroupsPerUser, s.quotas.GroupsPerUser)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// RemoveUserFromGroup removes a member. A user that is not in the group is
// reported as AWS does for an unknown user.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveUserFromGroup.html
func (s *Service) RemoveUserFromGroup(ctx context.Context, in *RemoveUserFromGroupRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		g, err := getGroup(ctx, tx, accountID, in.GroupName)
		if err != nil {
			return err
		}
		u, err := getUser(ctx, tx, accountID, in.UserName)
		if err != nil {
			return err
		}
		return storeError(tx.Groups().RemoveMember(ctx, accountID, g.ID, u.ID),
			ifNotFound(errUserNotFound(in.UserName)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// ListGroupsForUser lists the groups a user belongs to.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListGroupsForUser.html
func (s *Service) ListGroupsForUser(ctx context.Context, in *ListGroupsForUserRequest) (*ListGroupsForUserResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := getUser(ctx, s.store, accountID, in.UserName)
	if err != nil {
		return nil, err
	}
	groups, next, err := s.store.Groups().GroupsForUser(ctx, accountID, u.ID, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err, ifNotFound(errUserNotFound(in.UserName)))
	}
	out := &ListGroupsForUserResponse{Groups: groupShapes(accountID, groups)}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}
