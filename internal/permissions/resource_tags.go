package permissions

import (
	"context"
	"errors"
	"strings"

	"github.com/iamd/iamd/internal/store"
)

// resourceTags returns the tags of the IAM entity an ARN names (a user,
// role, customer managed policy or instance profile of the caller's
// account), for aws:ResourceTag/* and iam:ResourceTag/*. Anything else
// (a wildcard, another account, an absent entity) has no tags.
func (e *Enforcer) resourceTags(ctx context.Context, accountID, resource string) ([]store.Tag, error) {
	prefix := "arn:aws:iam::" + accountID + ":"
	if !strings.HasPrefix(resource, prefix) || strings.ContainsAny(resource, "*?") {
		return nil, nil
	}
	rest := resource[len(prefix):]
	slash := strings.IndexByte(rest, '/')
	if slash < 0 {
		return nil, nil
	}
	typ, name := rest[:slash], rest[strings.LastIndexByte(rest, '/')+1:]
	st := e.loader.store
	var (
		kind store.TaggableKind
		id   string
		err  error
	)
	switch typ {
	case "user":
		var u *store.User
		if u, err = st.Users().Get(ctx, accountID, name); err == nil {
			kind, id = store.TagUser, u.ID
		}
	case "role":
		var r *store.Role
		if r, err = st.Roles().Get(ctx, accountID, name); err == nil {
			kind, id = store.TagRole, r.ID
		}
	case "policy":
		var p *store.ManagedPolicy
		if p, err = st.Policies().Get(ctx, accountID, name); err == nil {
			kind, id = store.TagPolicy, p.ID
		}
	case "instance-profile":
		var ip *store.InstanceProfile
		if ip, err = st.InstanceProfiles().Get(ctx, accountID, name); err == nil {
			kind, id = store.TagInstanceProfile, ip.ID
		}
	default:
		return nil, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return st.Tags().List(ctx, accountID, kind, id)
}
