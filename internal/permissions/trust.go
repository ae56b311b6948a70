package permissions

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
)

// roleTrust makes a role's trust policy the resource-based policy of an STS
// action on the role (sts:AssumeRole, sts:TagSession,
// sts:SetSourceIdentity): it must allow the caller itself, even within one
// account, and the role's account owns the resource, so a caller of
// another account also needs its own identity policies to allow
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html).
// A role that does not exist has no trust policy: the request is denied
// with the AccessDenied AWS returns for it, naming the role ARN.
func (e *Enforcer) roleTrust(ctx context.Context, in *authz.Input, req *service.AuthzRequest) error {
	accountID, roleName, ok := parseRoleARN(req.Resource)
	if !ok || !strings.HasPrefix(strings.ToLower(req.Action), "sts:") {
		return nil
	}
	in.ResourceAccount = accountID
	in.ResourceMustAllow = true
	role, err := e.loader.store.Roles().Get(ctx, accountID, roleName)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("permissions: role %s: %w", req.Resource, err)
	}
	if req.Resource != roleARNOf(role) {
		return nil // the path differs: it names no existing role
	}
	sets, err := e.loader.cached("trust/"+accountID+"/"+role.ID, func() (*Sets, error) {
		set, err := compile(policy.KindTrust, []Source{{Type: SourceRoleInline, ID: "trust", Document: role.AssumeRolePolicy}})
		if err != nil {
			return nil, err
		}
		return &Sets{Identity: set}, nil
	})
	if err != nil {
		return fmt.Errorf("permissions: trust policy of %s: %w", req.Resource, err)
	}
	in.Resource = sets.Identity
	return nil
}

// parseRoleARN reads arn:aws:iam::ACCOUNT:role/PATH/NAME.
func parseRoleARN(a string) (accountID, name string, ok bool) {
	const prefix = "arn:aws:iam::"
	if !strings.HasPrefix(a, prefix) || strings.ContainsAny(a, "*?") {
		return "", "", false
	}
	rest := a[len(prefix):]
	if len(rest) < 13 || rest[12] != ':' || !strings.HasPrefix(rest[13:], "role/") {
		return "", "", false
	}
	accountID = rest[:12]
	name = rest[strings.LastIndexByte(rest, '/')+1:]
	return accountID, name, name != ""
}

func roleARNOf(r *store.Role) string {
	path := r.Path
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + r.AccountID + ":role" + path + r.Name
}
