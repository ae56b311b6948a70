package permissions

import (
	"context"
	"fmt"

	"github.com/iamd/iamd/internal/principal"
)

// PrincipalTags returns the tags aws:PrincipalTag sees for p: a user's
// tags; a role session's role tags overridden by its session tags; a
// federated user's session tags over those of the user who federated; none
// for the root.
func (e *Enforcer) PrincipalTags(ctx context.Context, p *principal.Principal) (map[string]string, error) {
	var sets *Sets
	var err error
	switch {
	case p.Type == principal.IAMUser:
		sets, err = e.loader.ForUser(ctx, p.AccountID, p.UserID)
	case p.Type == principal.AssumedRole && p.Session != nil:
		sets, err = e.loader.ForRole(ctx, p.Session.AccountID, p.Session.RoleID)
	case p.Type == principal.FederatedUser && p.Session != nil && p.Session.UserID != "":
		sets, err = e.loader.ForUser(ctx, p.Session.AccountID, p.Session.UserID)
	default:
		sets = &Sets{}
	}
	if err != nil {
		return nil, fmt.Errorf("permissions: tags of %s: %w", p.ARN, err)
	}
	var pairs []tagPair
	if p.Session != nil && p.Type != principal.IAMUser {
		pairs = mergeTags(sets, p.Session.Tags)
	} else {
		pairs = mergeTags(sets, nil)
	}
	out := make(map[string]string, len(pairs))
	for _, t := range pairs {
		out[t.key] = t.value
	}
	return out, nil
}
