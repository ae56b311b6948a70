package iam

import (
	"context"
	"sort"
	"strings"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// Values of ListEntitiesForPolicy's EntityFilter.
const (
	entityUser  = "User"
	entityGroup = "Group"
	entityRole  = "Role"
)

// policyEntityOps declares ListEntitiesForPolicy, authorized on the policy.
func (s *Service) policyEntityOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "ListEntitiesForPolicy", s.ListEntitiesForPolicy, service.ReadOnly[ListEntitiesForPolicyRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListEntitiesForPolicyRequest) string { return in.PolicyArn })),
	}
}

// policyEntity is one user, group or role that uses a policy.
type policyEntity struct {
	kind store.OwnerKind
	id   string
	name string
	path string
}

// ListEntitiesForPolicy lists the account's users, groups and roles that
// have the policy attached (PermissionsPolicy) or use it as their
// permissions boundary (PermissionsBoundary); without PolicyUsageFilter,
// both. An identity appears once. The list is built whole and then paged:
// it is bounded by the account's identity quotas.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
func (s *Service) ListEntitiesForPolicy(ctx context.Context, in *ListEntitiesForPolicyRequest) (*ListEntitiesForPolicyResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.policyOr(ctx, s.store, accountID, in.PolicyArn, msgPolicyNotFound)
	if err != nil {
		return nil, err
	}
	var all []policyEntity
	if in.PolicyUsageFilter != usagePermissionsBoundary {
		if all, err = s.attachedEntities(ctx, accountID, p.ARN); err != nil {
			return nil, err
		}
	}
	if in.PolicyUsageFilter != usagePermissionsPolicy {
		b, err := s.boundaryEntities(ctx, accountID, p.ARN)
		if err != nil {
			return nil, err
		}
		all = append(all, b...)
	}
	all = filterEntities(all, in.EntityFilter, pathOrDefault(in.PathPrefix))
	page, next, err := pageSlice(all, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListEntitiesForPolicyResponse{PolicyGroups: []PolicyGroup{}, PolicyUsers: []PolicyUser{}, PolicyRoles: []PolicyRole{}}
	for _, e := range page {
		switch e.kind {
		case store.OwnerUser:
			out.PolicyUsers = append(out.PolicyUsers, PolicyUser{UserName: e.name, UserId: e.id})
		case store.OwnerGroup:
			out.PolicyGroups = append(out.PolicyGroups, PolicyGroup{GroupName: e.name, GroupId: e.id})
		default:
			out.PolicyRoles = append(out.PolicyRoles, PolicyRole{RoleName: e.name, RoleId: e.id})
		}
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// filterEntities keeps the entities of the filtered kind under the path
// prefix, drops duplicates (attached and boundary at once) and orders them
// groups, users, roles, each by name.
func filterEntities(all []policyEntity, entityFilter, pathPrefix string) []policyEntity {
	want := map[string]store.OwnerKind{entityUser: store.OwnerUser, entityGroup: store.OwnerGroup, entityRole: store.OwnerRole}
	kind, filtered := want[entityFilter]
	if entityFilter != "" && !filtered {
		// LocalManagedPolicy and AWSManagedPolicy name no identity kind.
		return nil
	}
	seen := make(map[string]bool, len(all))
	out := make([]policyEntity, 0, len(all))
	for _, e := range all {
		if (filtered && e.kind != kind) || !strings.HasPrefix(e.path, pathPrefix) || seen[string(e.kind)+e.id] {
			continue
		}
		seen[string(e.kind)+e.id] = true
		out = append(out, e)
	}
	rank := map[store.OwnerKind]int{store.OwnerGroup: 0, store.OwnerUser: 1, store.OwnerRole: 2}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].kind != out[j].kind {
			return rank[out[i].kind] < rank[out[j].kind]
		}
		return strings.ToLower(out[i].name) < strings.ToLower(out[j].name)
	})
	return out
}

// attachedEntities lists every identity the policy is attached to.
func (s *Service) attachedEntities(ctx context.Context, accountID, policyArn string) ([]policyEntity, error) {
	var out []policyEntity
	page := store.Page{MaxItems: 1000}
	for {
		owners, next, err := s.store.Attachments().ListEntities(ctx, accountID, policyArn, store.EntityFilter{}, page)
		if err != nil {
			return nil, storeError(err)
		}
		for _, o := range owners {
			e, err := s.entityOf(ctx, o)
			if err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		if next == "" {
			return out, nil
		}
		page.Marker = next
	}
}

// entityOf reads an owner's name and path.
func (s *Service) entityOf(ctx context.Context, o store.Owner) (policyEntity, error) {
	e := policyEntity{kind: o.Kind, id: o.ID}
	switch o.Kind {
	case store.OwnerUser:
		u, err := s.store.Users().GetByID(ctx, o.AccountID, o.ID)
		if err != nil {
			return e, storeError(err)
		}
		e.name, e.path = u.Name, u.Path
	case store.OwnerGroup:
		g, err := s.store.Groups().GetByID(ctx, o.AccountID, o.ID)
		if err != nil {
			return e, storeError(err)
		}
		e.name, e.path = g.Name, g.Path
	default:
		r, err := s.store.Roles().GetByID(ctx, o.AccountID, o.ID)
		if err != nil {
			return e, storeError(err)
		}
		e.name, e.path = r.Name, r.Path
	}
	return e, nil
}

// boundaryEntities lists the users and roles whose permissions boundary is
// the policy. The store indexes no boundary, so this scans the account's
// users and roles (at most the account quotas: 5,000 and 1,000).
func (s *Service) boundaryEntities(ctx context.Context, accountID, policyArn string) ([]policyEntity, error) {
	var out []policyEntity
	page := store.Page{MaxItems: 1000}
	for {
		users, next, err := s.store.Users().List(ctx, accountID, defaultPath, page)
		if err != nil {
			return nil, storeError(err)
		}
		for _, u := range users {
			if u.PermissionsBoundary == policyArn {
				out = append(out, policyEntity{kind: store.OwnerUser, id: u.ID, name: u.Name, path: u.Path})
			}
		}
		if next == "" {
			break
		}
		page.Marker = next
	}
	page = store.Page{MaxItems: 1000}
	for {
		roles, next, err := s.store.Roles().List(ctx, accountID, defaultPath, page)
		if err != nil {
			return nil, storeError(err)
		}
		for _, r := range roles {
			if r.PermissionsBoundary == policyArn {
				out = append(out, policyEntity{kind: store.OwnerRole, id: r.ID, name: r.Name, path: r.Path})
			}
		}
		if next == "" {
			return out, nil
		}
		page.Marker = next
	}
}
