package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
)

// Entity types of EntityInfo and PolicyGrantingServiceAccess.
const (
	entityTypeUser  = "USER"
	entityTypeGroup = "GROUP"
	entityTypeRole  = "ROLE"
)

// Messages of the last accessed operations (iamd's wording: AWS documents
// the codes, not these texts).
const (
	msgLastAccessedARN      = "ARN %s is not the ARN of a user, group, role or policy."
	msgLastAccessedNotOwner = "ARN %s is not the ARN of a user, group or role."
	msgLastAccessedJob      = "No service last accessed job with ID %s was found."
)

// accessEntity is what a last accessed report or ListPoliciesGrantingServiceAccess
// is about: the permissions policies that apply to it, and the users and
// roles whose activity counts for it.
type accessEntity struct {
	policies   []permissions.Source
	principals []accessPrincipal
}

// accessPrincipal is one user or role whose recorded activity counts.
type accessPrincipal struct {
	arn, name, typ, id, path string
}

func userPrincipal(accountID string, u *store.User) accessPrincipal {
	return accessPrincipal{arn: userARN(accountID, u.Path, u.Name), name: u.Name, typ: entityTypeUser, id: u.ID, path: u.Path}
}

func rolePrincipal(accountID string, r *store.Role) accessPrincipal {
	return accessPrincipal{arn: roleARN(accountID, r.Path, r.Name), name: r.Name, typ: entityTypeRole, id: r.ID, path: r.Path}
}

// resolveAccessEntity reads the user, group, role or (when allowPolicy)
// managed policy the ARN names.
func (s *Service) resolveAccessEntity(ctx context.Context, accountID, entityARN string, allowPolicy bool) (*accessEntity, error) {
	invalid := msgLastAccessedNotOwner
	if allowPolicy {
		invalid = msgLastAccessedARN
	}
	a, err := arn.Parse(entityARN)
	if err != nil || a.Service != "iam" {
		return nil, awserr.InvalidInput(invalid, entityARN)
	}
	name := a.Resource[strings.LastIndex(a.Resource, "/")+1:]
	kind := a.ResourceType()
	if kind != "policy" && a.AccountID != accountID {
		return nil, awserr.InvalidInput(invalid, entityARN)
	}
	switch kind {
	case "user":
		return s.userAccessEntity(ctx, accountID, name, entityARN)
	case "role":
		r, err := getRole(ctx, s.store, accountID, name)
		if err != nil {
			return nil, err
		}
		if roleARN(accountID, r.Path, r.Name) != entityARN {
			return nil, errRoleNotFound(name)
		}
		sets, err := s.permissions.ForRole(ctx, accountID, r.ID)
		if err != nil {
			return nil, storeError(err, ifNotFound(errRoleNotFound(name)))
		}
		return &accessEntity{policies: sets.IdentitySources, principals: []accessPrincipal{rolePrincipal(accountID, r)}}, nil
	case "group":
		return s.groupAccessEntity(ctx, accountID, name, entityARN)
	case "policy":
		if allowPolicy {
			return s.policyAccessEntity(ctx, accountID, entityARN)
		}
	}
	return nil, awserr.InvalidInput(invalid, entityARN)
}

func (s *Service) userAccessEntity(ctx context.Context, accountID, name, entityARN string) (*accessEntity, error) {
	u, err := getUser(ctx, s.store, accountID, name)
	if err != nil {
		return nil, err
	}
	if userARN(accountID, u.Path, u.Name) != entityARN {
		return nil, errUserNotFound(name)
	}
	sets, err := s.permissions.ForUser(ctx, accountID, u.ID)
	if err != nil {
		return nil, storeError(err, ifNotFound(errUserNotFound(name)))
	}
	return &accessEntity{policies: sets.IdentitySources, principals: []accessPrincipal{userPrincipal(accountID, u)}}, nil
}

// groupAccessEntity: the group's own policies, and its members' activity.
func (s *Service) groupAccessEntity(ctx context.Context, accountID, name, entityARN string) (*accessEntity, error) {
	g, err := getGroup(ctx, s.store, accountID, name)
	if err != nil {
		return nil, err
	}
	if groupARN(accountID, g.Path, g.Name) != entityARN {
		return nil, errGroupNotFound(name)
	}
	owner := store.Owner{AccountID: accountID, Kind: store.OwnerGroup, ID: g.ID}
	out := &accessEntity{}
	inline, err := listAll(func(p store.Page) ([]*store.InlinePolicy, string, error) {
		return s.store.InlinePolicies().List(ctx, owner, p)
	})
	if err != nil {
		return nil, storeError(err)
	}
	for _, ip := range inline {
		out.policies = append(out.policies, permissions.Source{Type: permissions.SourceGroupInline, ID: ip.Name, Owner: g.Name, Document: ip.Document})
	}
	attached, err := listAll(func(p store.Page) ([]string, string, error) { return s.store.Attachments().ListForOwner(ctx, owner, p) })
	if err != nil {
		return nil, storeError(err)
	}
	for _, policyARN := range attached {
		src, err := s.managedPolicySource(ctx, accountID, policyARN)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted meanwhile: it no longer applies
		}
		if err != nil {
			return nil, err
		}
		out.policies = append(out.policies, src)
	}
	members, err := listAll(func(p store.Page) ([]*store.User, string, error) {
		return s.store.Groups().Members(ctx, accountID, g.ID, p)
	})
	if err != nil {
		return nil, storeError(err)
	}
	for _, u := range members {
		out.principals = append(out.principals, userPrincipal(accountID, u))
	}
	return out, nil
}

// policyAccessEntity: the policy's default version, and the activity of
// the users and roles it is attached to, directly or through a group.
func (s *Service) policyAccessEntity(ctx context.Context, accountID, policyArn string) (*accessEntity, error) {
	if _, err := s.policyOr(ctx, s.store, accountID, policyArn, msgPolicyNotFound); err != nil {
		return nil, err
	}
	src, err := s.managedPolicySource(ctx, accountID, policyArn)
	if err != nil {
		return nil, storeError(err, ifNotFound(awserr.NoSuchEntity(msgPolicyNotFound, policyArn)))
	}
	out := &accessEntity{policies: []permissions.Source{src}}
	entities, err := s.attachedEntities(ctx, accountID, policyArn)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	add := func(p accessPrincipal) {
		if !seen[p.arn] {
			seen[p.arn] = true
			out.principals = append(out.principals, p)
		}
	}
	for _, e := range entities {
		switch e.kind {
		case store.OwnerUser:
			add(accessPrincipal{arn: userARN(accountID, e.path, e.name), name: e.name, typ: entityTypeUser, id: e.id, path: e.path})
		case store.OwnerRole:
			add(accessPrincipal{arn: roleARN(accountID, e.path, e.name), name: e.name, typ: entityTypeRole, id: e.id, path: e.path})
		default:
			members, err := listAll(func(p store.Page) ([]*store.User, string, error) {
				return s.store.Groups().Members(ctx, accountID, e.id, p)
			})
			if err != nil {
				return nil, storeError(err)
			}
			for _, u := range members {
				add(userPrincipal(accountID, u))
			}
		}
	}
	return out, nil
}

// managedPolicySource reads a managed policy's default version document.
func (s *Service) managedPolicySource(ctx context.Context, accountID, policyArn string) (permissions.Source, error) {
	p, err := s.resolvePolicy(ctx, s.store, accountID, policyArn)
	if errors.Is(err, errPolicyUnknown) {
		return permissions.Source{}, fmt.Errorf("policy %s: %w", policyArn, store.ErrNotFound)
	}
	if err != nil {
		return permissions.Source{}, err
	}
	if p.AWS != nil {
		return permissions.Source{Type: permissions.SourceAWSManaged, ID: policyArn, Document: p.AWS.Document}, nil
	}
	v, err := s.store.Policies().GetVersion(ctx, accountID, p.Customer.ID, p.Customer.DefaultVersionID)
	if err != nil {
		return permissions.Source{}, fmt.Errorf("policy %s default version: %w", policyArn, err)
	}
	return permissions.Source{Type: permissions.SourceUserManaged, ID: policyArn, Document: v.Document}, nil
}

// grantsNamespace reports whether a permissions policy allows some action
// of the service namespace. Like AWS's last accessed data it applies
// permissions policy logic only: Allow statements, conditions aside; an
// Allow with NotAction grants every service its NotAction does not
// exclude whole ("iam:*").
func grantsNamespace(doc *policy.Document, namespace string) bool {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.IsDeny() {
			continue
		}
		if st.NotAction.Present {
			excluded := false
			for _, pat := range st.NotAction.Values {
				ns, action, ok := strings.Cut(pat, ":")
				if ok && action == "*" && globMatch(ns, namespace) {
					excluded = true
				}
				if pat == "*" {
					excluded = true
				}
			}
			if !excluded {
				return true
			}
			continue
		}
		for _, pat := range st.Action.Values {
			if ns, _, ok := strings.Cut(pat, ":"); ok {
				if globMatch(ns, namespace) {
					return true
				}
			} else if globMatch(pat, namespace+":x") {
				return true
			}
		}
	}
	return false
}

// globMatch matches IAM's action wildcards (* and ?), case-insensitively.
func globMatch(pattern, s string) bool {
	pattern, s = strings.ToLower(pattern), strings.ToLower(s)
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if globMatch(pattern[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
		default:
			if s == "" || s[0] != pattern[0] {
				return false
			}
		}
		pattern, s = pattern[1:], s[1:]
	}
	return s == ""
}

// grantingSources returns the policies of e that grant the namespace.
func grantingSources(e *accessEntity, namespace string) ([]permissions.Source, error) {
	var out []permissions.Source
	for _, src := range e.policies {
		doc, err := policy.Parse([]byte(src.Document))
		if err != nil {
			return nil, fmt.Errorf("iam: stored policy %s: %w", src.ID, err)
		}
		if grantsNamespace(doc, namespace) {
			out = append(out, src)
		}
	}
	return out, nil
}
