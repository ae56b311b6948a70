package permissions

import (
	"context"
	"strconv"

	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// FederatedRequest is a request by a federated identity, proven by a web
// identity token or a SAML assertion rather than by AWS credentials, to act
// on a role: sts:AssumeRoleWithWebIdentity (or sts:TagSession,
// sts:SetSourceIdentity along with it).
type FederatedRequest struct {
	// RoleARN is the role to assume, arn:aws:iam::ACCOUNT:role/PATH/NAME.
	RoleARN string
	// Action is the STS action, "sts:AssumeRoleWithWebIdentity".
	Action string
	// Provider is the Federated principal a trust policy names: the IAM
	// identity provider's ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH).
	// It is also aws:FederatedProvider.
	Provider string
	// Keys are the request's own condition keys: the provider's claims
	// (HOST/PATH:sub, :aud, :amr), sts:RoleSessionName, session tags.
	Keys []service.ContextKey
}

// AuthorizeFederated reports whether the role's trust policy allows a
// federated request. Only the trust policy decides: the caller has no
// identity-based policies, and its account is not an AWS account
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html).
// A role that does not exist, or whose ARN's path differs, allows nothing.
// The error is for failures to load the trust policy, never a denial.
func (e *Enforcer) AuthorizeFederated(ctx context.Context, req *FederatedRequest) (bool, error) {
	principal := &eval.Principal{Type: policy.PrincipalFederated, ID: req.Provider}
	in := &authz.Input{
		// An anonymous kind: no identity-based policy applies, the
		// resource-based (trust) policy alone must allow.
		PrincipalKind: authz.Anonymous,
		PrincipalARN:  req.Provider,
		Request:       &eval.Request{Action: req.Action, Resource: req.RoleARN, Principal: principal},
	}
	if err := e.roleTrust(ctx, in, &service.AuthzRequest{Action: req.Action, Resource: req.RoleARN}); err != nil {
		return false, err
	}
	if in.Resource == nil {
		return false, nil
	}
	now := e.now().UTC()
	c := &in.Request.Context
	c.Set("aws:CurrentTime", now.Format("2006-01-02T15:04:05Z"))
	c.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	c.Set("aws:FederatedProvider", req.Provider)
	for _, k := range req.Keys {
		c.SetValues(k.Key, k.Values)
	}
	return authz.Decide(in).Allowed, nil
}
