package iam

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/iamd/iamd/internal/awsmanaged"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// GetAccountAuthorizationDetails returns the account's users, groups,
// roles and managed policies with everything that grants them
// permissions, in that order, paged as one combined list (the Marker is
// the offset of the next entity in it). Customer managed policies are
// listed with all their versions; AWS managed policies only while
// attached to some identity of the account, since AWS lists the AWS
// managed policies an account uses, not AWS's whole catalog.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html

// Entity types of the Filter parameter (EntityType).
const (
	filterUser               = "User"
	filterRole               = "Role"
	filterGroup              = "Group"
	filterLocalManagedPolicy = "LocalManagedPolicy"
	filterAWSManagedPolicy   = "AWSManagedPolicy"
)

// accountAuthorizationOps declares the operation, authorized on "*".
func (s *Service) accountAuthorizationOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "GetAccountAuthorizationDetails", s.GetAccountAuthorizationDetails,
			service.ReadOnly[GetAccountAuthorizationDetailsRequest]()),
	}
}

// authEntity is one entry of the combined list: exactly one field is set.
type authEntity struct {
	user   *store.User
	group  *store.Group
	role   *store.Role
	policy *managedPolicy
}

// GetAccountAuthorizationDetails lists the entities the filter selects
// (all kinds when it is empty), a page at a time.
func (s *Service) GetAccountAuthorizationDetails(ctx context.Context, in *GetAccountAuthorizationDetailsRequest) (*GetAccountAuthorizationDetailsResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	want := func(kind string) bool { return len(in.Filter) == 0 || slices.Contains(in.Filter, kind) }
	out := &GetAccountAuthorizationDetailsResponse{
		UserDetailList: []UserDetail{}, GroupDetailList: []GroupDetail{},
		RoleDetailList: []RoleDetail{}, Policies: []ManagedPolicyDetail{},
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		entities, err := authEntities(ctx, tx, accountID, want)
		if err != nil {
			return err
		}
		page, next, err := pageSlice(entities, pageOf(in.Marker, in.MaxItems))
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := addAuthDetail(ctx, tx, accountID, e, out); err != nil {
				return err
			}
		}
		out.IsTruncated, out.Marker = pageEnd(next)
		return nil
	})
	if err != nil {
		return nil, storeError(err)
	}
	return out, nil
}

// authEntities lists the selected entities in the response's order.
func authEntities(ctx context.Context, tx store.Store, accountID string, want func(string) bool) ([]authEntity, error) {
	var out []authEntity
	if want(filterUser) {
		users, err := listAll(func(p store.Page) ([]*store.User, string, error) { return tx.Users().List(ctx, accountID, "", p) })
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		for _, u := range users {
			out = append(out, authEntity{user: u})
		}
	}
	if want(filterGroup) {
		groups, err := listAll(func(p store.Page) ([]*store.Group, string, error) { return tx.Groups().List(ctx, accountID, "", p) })
		if err != nil {
			return nil, fmt.Errorf("list groups: %w", err)
		}
		for _, g := range groups {
			out = append(out, authEntity{group: g})
		}
	}
	if want(filterRole) {
		roles, err := listAll(func(p store.Page) ([]*store.Role, string, error) { return tx.Roles().List(ctx, accountID, "", p) })
		if err != nil {
			return nil, fmt.Errorf("list roles: %w", err)
		}
		for _, r := range roles {
			out = append(out, authEntity{role: r})
		}
	}
	var policies []*managedPolicy
	if want(filterLocalManagedPolicy) {
		local, err := listAll(func(p store.Page) ([]*store.ManagedPolicy, string, error) {
			return tx.Policies().List(ctx, accountID, "", p)
		})
		if err != nil {
			return nil, fmt.Errorf("list policies: %w", err)
		}
		for _, p := range local {
			policies = append(policies, &managedPolicy{ARN: policyARN(accountID, p.Path, p.Name), Customer: p})
		}
	}
	if want(filterAWSManagedPolicy) {
		attached, err := tx.Attachments().AttachedARNs(ctx, accountID)
		if err != nil {
			return nil, fmt.Errorf("attached policies: %w", err)
		}
		for arn := range attached {
			if p, ok := awsmanaged.ByARN(arn); ok {
				policies = append(policies, &managedPolicy{ARN: arn, AWS: p})
			}
		}
	}
	// Policies of both kinds by name, as ListPolicies orders them.
	sort.SliceStable(policies, func(i, j int) bool {
		a, b := strings.ToLower(policies[i].Name()), strings.ToLower(policies[j].Name())
		if a != b {
			return a < b
		}
		return policies[i].ARN < policies[j].ARN
	})
	for _, p := range policies {
		out = append(out, authEntity{policy: p})
	}
	return out, nil
}

// listAll reads every page of a store listing.
func listAll[T any](list func(store.Page) ([]T, string, error)) ([]T, error) {
	var all []T
	p := store.Page{MaxItems: listAllPageSize}
	for {
		items, next, err := list(p)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if next == "" {
			return all, nil
		}
		p.Marker = next
	}
}

// addAuthDetail appends the entity's detail to its list in out.
func addAuthDetail(ctx context.Context, tx store.Store, accountID string, e authEntity, out *GetAccountAuthorizationDetailsResponse) error {
	switch {
	case e.user != nil:
		d, err := userDetail(ctx, tx, accountID, e.user)
		if err != nil {
			return err
		}
		out.UserDetailList = append(out.UserDetailList, d)
	case e.group != nil:
		d, err := groupDetail(ctx, tx, accountID, e.group)
		if err != nil {
			return err
		}
		out.GroupDetailList = append(out.GroupDetailList, d)
	case e.role != nil:
		d, err := roleDetail(ctx, tx, e.role)
		if err != nil {
			return err
		}
		out.RoleDetailList = append(out.RoleDetailList, d)
	default:
		d, err := policyDetail(ctx, tx, accountID, e.policy)
		if err != nil {
			return err
		}
		out.Policies = append(out.Policies, d)
	}
	return nil
}

func userDetail(ctx context.Context, tx store.Store, accountID string, u *store.User) (UserDetail, error) {
	owner := store.Owner{AccountID: accountID, Kind: store.OwnerUser, ID: u.ID}
	inline, attached, err := ownerPolicies(ctx, tx, owner)
	if err != nil {
		return UserDetail{}, err
	}
	groups, err := listAll(func(p store.Page) ([]*store.Group, string, error) {
		return tx.Groups().GroupsForUser(ctx, accountID, u.ID, p)
	})
	if err != nil {
		return UserDetail{}, fmt.Errorf("groups of %s: %w", u.Name, err)
	}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.Name
	}
	tags, err := tx.Tags().List(ctx, accountID, store.TagUser, u.ID)
	if err != nil {
		return UserDetail{}, fmt.Errorf("tags of %s: %w", u.Name, err)
	}
	created := u.CreatedAt.UTC()
	return UserDetail{
		Path: u.Path, UserName: u.Name, UserId: u.ID, Arn: userARN(accountID, u.Path, u.Name), CreateDate: &created,
		UserPolicyList: inline, GroupList: names, AttachedManagedPolicies: attached,
		PermissionsBoundary: boundaryShape(u.PermissionsBoundary), Tags: tagsFromStore(tags),
	}, nil
}

func groupDetail(ctx context.Context, tx store.Store, accountID string, g *store.Group) (GroupDetail, error) {
	inline, attached, err := ownerPolicies(ctx, tx, store.Owner{AccountID: accountID, Kind: store.OwnerGroup, ID: g.ID})
	if err != nil {
		return GroupDetail{}, err
	}
	created := g.CreatedAt.UTC()
	return GroupDetail{
		Path: g.Path, GroupName: g.Name, GroupId: g.ID, Arn: groupARN(accountID, g.Path, g.Name), CreateDate: &created,
		GroupPolicyList: inline, AttachedManagedPolicies: attached,
	}, nil
}

func roleDetail(ctx context.Context, tx store.Store, r *store.Role) (RoleDetail, error) {
	inline, attached, err := ownerPolicies(ctx, tx, store.Owner{AccountID: r.AccountID, Kind: store.OwnerRole, ID: r.ID})
	if err != nil {
		return RoleDetail{}, err
	}
	profiles, err := listAll(func(p store.Page) ([]*store.InstanceProfile, string, error) {
		return tx.InstanceProfiles().ListForRole(ctx, r.AccountID, r.ID, p)
	})
	if err != nil {
		return RoleDetail{}, fmt.Errorf("instance profiles of %s: %w", r.Name, err)
	}
	profileShapes, err := instanceProfileShapes(ctx, tx, profiles)
	if err != nil {
		return RoleDetail{}, err
	}
	tags, err := tx.Tags().List(ctx, r.AccountID, store.TagRole, r.ID)
	if err != nil {
		return RoleDetail{}, fmt.Errorf("tags of %s: %w", r.Name, err)
	}
	created := r.CreatedAt.UTC()
	return RoleDetail{
		Path: r.Path, RoleName: r.Name, RoleId: r.ID, Arn: roleARN(r.AccountID, r.Path, r.Name), CreateDate: &created,
		AssumeRolePolicyDocument: r.AssumeRolePolicy, InstanceProfileList: profileShapes,
		RolePolicyList: inline, AttachedManagedPolicies: attached,
		PermissionsBoundary: boundaryShape(r.PermissionsBoundary), Tags: tagsFromStore(tags),
		RoleLastUsed: &RoleLastUsed{LastUsedDate: utcPtr(r.LastUsedAt), Region: r.LastUsedRegion},
	}, nil
}

// ownerPolicies returns an identity's inline policies (with documents) and
// attached managed policies.
func ownerPolicies(ctx context.Context, tx store.Store, owner store.Owner) ([]PolicyDetail, []AttachedPolicy, error) {
	inline, err := listAll(func(p store.Page) ([]*store.InlinePolicy, string, error) {
		return tx.InlinePolicies().List(ctx, owner, p)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("inline policies of %s %s: %w", owner.Kind, owner.ID, err)
	}
	details := make([]PolicyDetail, len(inline))
	for i, ip := range inline {
		details[i] = PolicyDetail{PolicyName: ip.Name, PolicyDocument: ip.Document}
	}
	arns, err := listAll(func(p store.Page) ([]string, string, error) { return tx.Attachments().ListForOwner(ctx, owner, p) })
	if err != nil {
		return nil, nil, fmt.Errorf("attached policies of %s %s: %w", owner.Kind, owner.ID, err)
	}
	attached := make([]AttachedPolicy, len(arns))
	for i, arn := range arns {
		_, attached[i] = attachedPolicy(arn)
	}
	return details, attached, nil
}

// policyDetail is a managed policy with its counts and every version with
// its document.
func policyDetail(ctx context.Context, tx store.Store, accountID string, p *managedPolicy) (ManagedPolicyDetail, error) {
	a, b, err := policyCounts(ctx, tx, accountID, p.ARN)
	if err != nil {
		return ManagedPolicyDetail{}, err
	}
	shape := policyShape(p, a, b)
	out := ManagedPolicyDetail{
		PolicyName: shape.PolicyName, PolicyId: shape.PolicyId, Arn: shape.Arn, Path: shape.Path,
		DefaultVersionId: shape.DefaultVersionId, AttachmentCount: shape.AttachmentCount,
		PermissionsBoundaryUsageCount: shape.PermissionsBoundaryUsageCount, IsAttachable: shape.IsAttachable,
		Description: shape.Description, CreateDate: shape.CreateDate, UpdateDate: shape.UpdateDate,
	}
	if p.AWS != nil {
		out.PolicyVersionList = []PolicyVersion{awsDefaultVersion(p)}
		return out, nil
	}
	out.Description = p.Customer.Description
	versions, err := tx.Policies().ListVersions(ctx, accountID, p.Customer.ID)
	if err != nil {
		return ManagedPolicyDetail{}, fmt.Errorf("versions of %s: %w", p.Customer.Name, err)
	}
	out.PolicyVersionList = make([]PolicyVersion, len(versions))
	for i, v := range versions {
		out.PolicyVersionList[i] = versionShape(v, true)
	}
	return out, nil
}
