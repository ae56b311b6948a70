package permissions

import (
	"context"
	"errors"
	"fmt"

	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// SourceSession is a session policy (inline or managed) passed to
// AssumeRole*, or GetFederationToken.
const SourceSession SourceType = "session"

// ForRole returns the sets of an IAM role: its inline and attached
// policies, its permissions boundary and its tags. Shared, cached and
// refreshed like ForUser's.
func (l *Loader) ForRole(ctx context.Context, accountID, roleID string) (*Sets, error) {
	return l.cached("role/"+accountID+"/"+roleID, func() (*Sets, error) {
		return l.loadRole(ctx, accountID, roleID)
	})
}

// ForSessionPolicy returns the compiled session policy of a session (its
// inline document and the managed policies its ARNs name), or nil when it
// has none. Sets are cached by the digest of the policy content, so the
// documents of one token are parsed and compiled once, however many
// requests it signs; managed policies are re-read when the store moves.
func (l *Loader) ForSessionPolicy(ctx context.Context, s *session.Session) (*eval.Set, error) {
	digest := s.PolicyDigest()
	if digest == "" {
		return nil, nil
	}
	sets, err := l.cached("session/"+s.AccountID+"/"+digest, func() (*Sets, error) {
		sources, err := l.sessionSources(ctx, s.AccountID, s.Policy, s.PolicyARNs, false)
		if err != nil {
			return nil, err
		}
		set, err := compile(policy.KindSession, sources)
		if err != nil {
			return nil, err
		}
		return &Sets{Identity: set, IdentitySources: sources}, nil
	})
	if err != nil {
		return nil, err
	}
	return sets.Identity, nil
}

// SessionPolicySources resolves session policies as STS receives them:
// the inline document and managed policy ARNs of the caller's account (or
// AWS managed). A managed ARN that names no policy is store.ErrNotFound.
func (l *Loader) SessionPolicySources(ctx context.Context, accountID, doc string, arns []string) ([]Source, error) {
	return l.sessionSources(ctx, accountID, doc, arns, true)
}

// sessionSources resolves session policies; strict, a managed policy that
// does not exist is an error, otherwise (a policy deleted after the session
// was issued) it no longer applies.
func (l *Loader) sessionSources(ctx context.Context, accountID, doc string, arns []string, strict bool) ([]Source, error) {
	var sources []Source
	if doc != "" {
		sources = append(sources, Source{Type: SourceSession, ID: "session-policy", Document: doc})
	}
	if len(arns) == 0 {
		return sources, nil
	}
	err := l.store.WithTx(ctx, func(tx store.Store) error {
		for _, a := range arns {
			src, err := managedSource(ctx, tx, accountID, a)
			if !strict && errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			src.Type = SourceSession
			sources = append(sources, src)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load session policies: %w", err)
	}
	return sources, nil
}

// cached returns the sets under key for the store's current generation,
// loading them on a miss.
func (l *Loader) cached(key string, load func() (*Sets, error)) (*Sets, error) {
	gen := l.store.Generation()
	l.mu.Lock()
	if l.gen == gen {
		if s, ok := l.cache[key]; ok {
			l.mu.Unlock()
			return s, nil
		}
	}
	l.mu.Unlock()

	sets, err := load()
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if l.gen != gen || len(l.cache) >= maxCachedPrincipals {
		l.cache = map[string]*Sets{}
		l.gen = gen
	}
	l.cache[key] = sets
	l.mu.Unlock()
	return sets, nil
}

// loadRole reads everything that applies to a role in one transaction.
func (l *Loader) loadRole(ctx context.Context, accountID, roleID string) (*Sets, error) {
	var sources []Source
	sets := &Sets{}
	err := l.store.WithTx(ctx, func(tx store.Store) error {
		sources = sources[:0]
		role, err := tx.Roles().GetByID(ctx, accountID, roleID)
		if err != nil {
			return fmt.Errorf("load role: %w", err)
		}
		owner := store.Owner{AccountID: accountID, Kind: store.OwnerRole, ID: roleID}
		if sources, err = appendOwnerPolicies(ctx, tx, sources, owner, SourceRoleInline, role.Name); err != nil {
			return err
		}
		if role.PermissionsBoundary != "" {
			src, err := managedSource(ctx, tx, accountID, role.PermissionsBoundary)
			if err != nil {
				return fmt.Errorf("load permissions boundary: %w", err)
			}
			sets.BoundarySource = src
		}
		if sets.Tags, err = tx.Tags().List(ctx, accountID, store.TagRole, roleID); err != nil {
			return fmt.Errorf("load tags: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sets.compile(sources)
}
