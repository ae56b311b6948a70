package permissions

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// Enforcer authorizes every request with the caller's policies, evaluated
// in AWS's order by internal/authz.
type Enforcer struct {
	loader *Loader
	now    func() time.Time
}

// NewEnforcer builds an enforcer; now defaults to time.Now.
func NewEnforcer(l *Loader, now func() time.Time) *Enforcer {
	if now == nil {
		now = time.Now
	}
	return &Enforcer{loader: l, now: now}
}

// Authorize returns nil, or AccessDenied with AWS's message naming the
// principal, the action, the resource and the policy type that decided.
func (e *Enforcer) Authorize(ctx context.Context, req *service.AuthzRequest) error {
	in, err := e.Input(ctx, req)
	if err != nil {
		return err
	}
	d := authz.Decide(in)
	if d.Allowed {
		return nil
	}
	return awserr.AccessDenied(d.AccessDeniedMessage(req.Principal.ARN, req.Action, req.Resource))
}

// Input builds the evaluation input of a request: the caller's policy sets
// and AWS's request context. The simulator uses it too.
func (e *Enforcer) Input(ctx context.Context, req *service.AuthzRequest) (*authz.Input, error) {
	p := req.Principal
	in := &authz.Input{
		PrincipalARN:     p.ARN,
		PrincipalAccount: p.AccountID,
		// IAM and STS act on resources of the caller's own account.
		ResourceAccount: p.AccountID,
		Request: &eval.Request{
			Action:   req.Action,
			Resource: req.Resource,
			Principal: &eval.Principal{
				Type: policy.PrincipalAWS, ARN: p.ARN, Account: p.AccountID,
			},
		},
	}
	if err := e.roleTrust(ctx, in, req); err != nil {
		return nil, err
	}
	var tags []tagPair
	switch p.Type {
	case principal.Root:
		in.PrincipalKind = authz.Root
	case principal.IAMUser:
		in.PrincipalKind = authz.User
		sets, err := e.loader.ForUser(ctx, p.AccountID, p.UserID)
		if err != nil {
			return nil, fmt.Errorf("permissions: load policies of %s: %w", p.ARN, err)
		}
		in.Identity, in.Boundary = sets.Identity, sets.Boundary
		for _, t := range sets.Tags {
			tags = append(tags, tagPair{t.Key, t.Value})
		}
	case principal.AssumedRole, principal.FederatedUser:
		var err error
		if tags, err = e.sessionInput(ctx, in, p); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("permissions: principal type %q is not enforced yet", p.Type)
	}
	// The root user is bound by no identity policy: only organization
	// policies (SCPs, RCPs) could read its context, so without them there
	// is nothing to fill.
	if in.PrincipalKind != authz.Root || len(in.SCPs) > 0 || len(in.RCPs) > 0 {
		fillContext(&in.Request.Context, req, e.now(), tags)
		resTags, err := e.resourceTags(ctx, p.AccountID, req.Resource)
		if err != nil {
			return nil, fmt.Errorf("permissions: tags of %s: %w", req.Resource, err)
		}
		for _, t := range resTags {
			in.Request.Context.Set("aws:ResourceTag/"+t.Key, t.Value)
			in.Request.Context.Set("iam:ResourceTag/"+t.Key, t.Value)
		}
	}
	return in, nil
}

type tagPair struct{ key, value string }

// globalKeys is how many global condition keys fillContext sets at most,
// sessions' included.
const globalKeys = 20

// fillContext sets AWS's global condition keys that iamd knows for a
// request, and the operation's own keys.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
func fillContext(c *eval.Context, req *service.AuthzRequest, now time.Time, tags []tagPair) {
	p := req.Principal
	now = now.UTC()
	// One allocation for the whole context; keys are written in the lower
	// case the context stores them in, so none is lower-cased per request.
	c.Grow(globalKeys + len(tags) + len(req.Keys))
	c.Set("aws:currenttime", now.Format(time.RFC3339))
	c.Set("aws:epochtime", strconv.FormatInt(now.Unix(), 10))
	c.Set("aws:securetransport", strconv.FormatBool(req.SecureTransport))
	if req.SourceIP != "" {
		c.Set("aws:sourceip", req.SourceIP)
	}
	if req.UserAgent != "" {
		c.Set("aws:useragent", req.UserAgent)
	}
	if req.Region != "" {
		c.Set("aws:requestedregion", req.Region)
	}
	c.Set("aws:principalarn", p.ARN)
	c.Set("aws:principalaccount", p.AccountID)
	c.Set("aws:userid", p.UserID)
	switch p.Type {
	case principal.Root:
		c.Set("aws:principaltype", "Account")
	case principal.IAMUser:
		c.Set("aws:principaltype", "User")
		c.Set("aws:username", p.UserName)
	}
	if s := p.Session; s != nil {
		sessionContext(c, p, s, now)
	}
	for _, t := range tags {
		c.Set("aws:PrincipalTag/"+t.key, t.value)
	}
	for _, k := range req.Keys {
		c.SetValues(k.Key, k.Values)
	}
}
