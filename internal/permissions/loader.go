// Package permissions turns what the store holds about a principal (its
// inline and attached policies, its groups' policies, its permissions
// boundary, its tags) into compiled policy sets, caches them per store
// generation, and enforces them on every request through internal/authz.
package permissions

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/iamd/iamd/internal/awsmanaged"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// SourceType names where a policy in a set came from, as the policy
// simulator's SourcePolicyType reports it.
type SourceType string

// The policy sources, with the simulator's names.
const (
	SourceUserInline  SourceType = "user"
	SourceGroupInline SourceType = "group"
	SourceRoleInline  SourceType = "role"
	SourceAWSManaged  SourceType = "aws-managed"
	SourceUserManaged SourceType = "user-managed"
)

// Source describes one policy of a compiled set.
type Source struct {
	Type SourceType
	// ID is the inline policy's name, or the managed policy's ARN.
	ID string
	// Owner is the user or group name an inline policy belongs to.
	Owner    string
	Document string
}

// Sets are the compiled policies that apply to one principal.
type Sets struct {
	// Identity holds every identity-based policy; nil when there is none.
	Identity *eval.Set
	// IdentitySources[i] describes input i of Identity (eval.Match.Policy).
	IdentitySources []Source
	// Boundary is the permissions boundary; nil when there is none.
	Boundary       *eval.Set
	BoundarySource Source
	// Tags are the principal's tags (aws:PrincipalTag/...).
	Tags []store.Tag
}

// Loader loads and caches principals' policy sets.
type Loader struct {
	store store.Store

	mu    sync.Mutex
	gen   uint64
	cache map[string]*Sets
}

// NewLoader builds a loader over the store.
func NewLoader(s store.Store) *Loader {
	return &Loader{store: s, cache: map[string]*Sets{}}
}

// maxCachedPrincipals bounds the cache; past it, it starts afresh.
const maxCachedPrincipals = 50_000

// ForUser returns the sets of an IAM user. The result is shared and must
// not be modified. A change committed to the store (on any node) is seen on
// the next call after the store's generation moves.
func (l *Loader) ForUser(ctx context.Context, accountID, userID string) (*Sets, error) {
	return l.cached(accountID+"/"+userID, func() (*Sets, error) {
		return l.loadUser(ctx, accountID, userID)
	})
}

// loadUser reads everything that applies to a user in one transaction, so
// the set is consistent with one moment of the store.
func (l *Loader) loadUser(ctx context.Context, accountID, userID string) (*Sets, error) {
	var sources []Source
	sets := &Sets{}
	err := l.store.WithTx(ctx, func(tx store.Store) error {
		sources = sources[:0]
		user, err := tx.Users().GetByID(ctx, accountID, userID)
		if err != nil {
			return fmt.Errorf("load user: %w", err)
		}
		owner := store.Owner{AccountID: accountID, Kind: store.OwnerUser, ID: userID}
		if sources, err = appendOwnerPolicies(ctx, tx, sources, owner, SourceUserInline, user.Name); err != nil {
			return err
		}
		groups, err := listAll(func(p store.Page) ([]*store.Group, string, error) {
			return tx.Groups().GroupsForUser(ctx, accountID, userID, p)
		})
		if err != nil {
			return fmt.Errorf("load groups: %w", err)
		}
		for _, g := range groups {
			gOwner := store.Owner{AccountID: accountID, Kind: store.OwnerGroup, ID: g.ID}
			if sources, err = appendOwnerPolicies(ctx, tx, sources, gOwner, SourceGroupInline, g.Name); err != nil {
				return err
			}
		}
		if user.PermissionsBoundary != "" {
			src, err := managedSource(ctx, tx, accountID, user.PermissionsBoundary)
			if err != nil {
				return fmt.Errorf("load permissions boundary: %w", err)
			}
			sets.BoundarySource = src
		}
		if sets.Tags, err = tx.Tags().List(ctx, accountID, store.TagUser, userID); err != nil {
			return fmt.Errorf("load tags: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sets.compile(sources)
}

// compile finishes loaded sets: the identity sources and the boundary,
// compiled.
func (sets *Sets) compile(sources []Source) (*Sets, error) {
	var err error
	if sets.Identity, err = compile(policy.KindIdentity, sources); err != nil {
		return nil, err
	}
	sets.IdentitySources = sources
	if sets.BoundarySource.ID != "" {
		if sets.Boundary, err = compile(policy.KindBoundary, []Source{sets.BoundarySource}); err != nil {
			return nil, err
		}
	}
	return sets, nil
}

// appendOwnerPolicies adds a user's or group's inline and attached policies.
func appendOwnerPolicies(ctx context.Context, tx store.Store, dst []Source, owner store.Owner, inlineType SourceType, ownerName string) ([]Source, error) {
	inline, err := listAll(func(p store.Page) ([]*store.InlinePolicy, string, error) {
		return tx.InlinePolicies().List(ctx, owner, p)
	})
	if err != nil {
		return nil, fmt.Errorf("load inline policies: %w", err)
	}
	for _, ip := range inline {
		dst = append(dst, Source{Type: inlineType, ID: ip.Name, Owner: ownerName, Document: ip.Document})
	}
	attached, err := listAll(func(p store.Page) ([]string, string, error) {
		return tx.Attachments().ListForOwner(ctx, owner, p)
	})
	if err != nil {
		return nil, fmt.Errorf("load attached policies: %w", err)
	}
	for _, policyARN := range attached {
		src, err := managedSource(ctx, tx, owner.AccountID, policyARN)
		if errors.Is(err, store.ErrNotFound) {
			continue // deleted concurrently: it no longer applies
		}
		if err != nil {
			return nil, err
		}
		dst = append(dst, src)
	}
	return dst, nil
}

// managedSource resolves a managed policy ARN to its default version.
func managedSource(ctx context.Context, tx store.Store, accountID, policyARN string) (Source, error) {
	if p, ok := awsmanaged.ByARN(policyARN); ok {
		return Source{Type: SourceAWSManaged, ID: policyARN, Document: p.Document}, nil
	}
	// arn:aws:iam::ACCOUNT:policy/PATH/NAME — names are unique per account.
	prefix := "arn:aws:iam::" + accountID + ":policy/"
	if !strings.HasPrefix(policyARN, prefix) {
		return Source{}, fmt.Errorf("policy %s: %w", policyARN, store.ErrNotFound)
	}
	name := policyARN[strings.LastIndex(policyARN, "/")+1:]
	mp, err := tx.Policies().Get(ctx, accountID, name)
	if err != nil {
		return Source{}, fmt.Errorf("policy %s: %w", policyARN, err)
	}
	v, err := tx.Policies().GetVersion(ctx, accountID, mp.ID, mp.DefaultVersionID)
	if err != nil {
		return Source{}, fmt.Errorf("policy %s default version: %w", policyARN, err)
	}
	return Source{Type: SourceUserManaged, ID: policyARN, Document: v.Document}, nil
}

// compile parses and compiles sources; nil for none. Documents were
// validated when stored, so a parse failure here is an internal error.
func compile(kind policy.Kind, sources []Source) (*eval.Set, error) {
	if len(sources) == 0 {
		return nil, nil
	}
	inputs := make([]eval.PolicyInput, len(sources))
	for i, src := range sources {
		doc, err := policy.Parse([]byte(src.Document))
		if err != nil {
			return nil, fmt.Errorf("parse stored policy %s: %w", src.ID, err)
		}
		inputs[i] = eval.PolicyInput{Kind: kind, Ref: src.ID, Doc: doc}
	}
	set, err := eval.Compile(inputs...)
	if err != nil {
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	return set, nil
}

// listAll drains a paginated store listing.
func listAll[T any](list func(store.Page) ([]T, string, error)) ([]T, error) {
	var all []T
	page := store.Page{MaxItems: 1000}
	for {
		items, next, err := list(page)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if next == "" {
			return all, nil
		}
		page.Marker = next
	}
}

// ForGroup returns a group's own policies (inline and attached), as the
// policy simulator evaluates a group: a group is no principal, so it has no
// boundary and no tags.
func (l *Loader) ForGroup(ctx context.Context, accountID, groupID string) (*Sets, error) {
	return l.cached("group/"+accountID+"/"+groupID, func() (*Sets, error) {
		var sources []Source
		err := l.store.WithTx(ctx, func(tx store.Store) error {
			group, err := tx.Groups().GetByID(ctx, accountID, groupID)
			if err != nil {
				return fmt.Errorf("load group: %w", err)
			}
			owner := store.Owner{AccountID: accountID, Kind: store.OwnerGroup, ID: groupID}
			sources, err = appendOwnerPolicies(ctx, tx, nil, owner, SourceGroupInline, group.Name)
			return err
		})
		if err != nil {
			return nil, err
		}
		return (&Sets{}).compile(sources)
	})
}
