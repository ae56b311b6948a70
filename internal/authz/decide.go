package authz

import (
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// Decide evaluates a request across every policy type that applies, as
// AWS's enforcement code does
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
//
//  1. An explicit deny in any applicable policy denies: RCPs, SCPs, the
//     resource-based policy, identity-based policies, the permissions
//     boundary, the session policy.
//  2. RCPs, then SCPs: every level must allow, or the request is implicitly
//     denied. SCPs skip the management account and service-linked roles;
//     RCPs skip resources of the management account and service-linked
//     roles.
//  3. Within one account, an Allow in the identity-based policies (capped by
//     the boundary and the session policy) or in the resource-based policy
//     suffices. A resource-based policy that names the caller's own ARN
//     (user, role session, federated user) is capped by nothing; one that
//     names the role (or the federating user) is capped by the boundary and
//     the session policy; one that names only the account grants nothing by
//     itself.
//  4. Across accounts, the identity side and the resource-based policy must
//     both allow.
//
// The root user is not limited by identity-based policies: in its own
// account it is allowed unless an explicit deny, an SCP or an RCP stops it.
//
// Resource-based policies are evaluated once per member of the caller's
// principal chain (account, role or federating user, own ARN), as AWS's
// NotPrincipal page describes. A Deny with NotPrincipal in a resource-based
// policy always denies a principal that has a permissions boundary, as the
// boundaries page warns, except that a NotPrincipal of "*" stays inert.
// Which type an AccessDenied message names when several deny is iamd's
// order above: AWS documents only that it names one.
//
// Decide does not allocate. It uses the Input as scratch space, so an
// Input must not be passed to two Decide calls at once.
func Decide(in *Input) Decision {
	var v verdicts
	v.collect(in)
	return v.combine(in)
}

// verdicts holds each policy type's result for one request.
type verdicts struct {
	identity, boundary, session, resource eval.Result
	// resourceDirect: the resource-based policy's result when only the
	// caller's own ARN (or "*") can match its Principal elements;
	// resourceParent: the same for the role (or federating user) ARN.
	resourceDirect, resourceParent eval.Result
	// notPrincipalDeny: a Deny with NotPrincipal in the resource-based
	// policy, which always denies a principal that has a boundary.
	notPrincipalDeny eval.Result

	scp, rcp orgVerdict
}

// orgVerdict summarises the levels of SCPs or RCPs.
type orgVerdict struct {
	applies   bool
	deny      eval.Result // the first level's explicit deny, if any
	denyLevel int
	gapLevel  int // the first level without an Allow, or -1
}

func (o *orgVerdict) collect(levels []*eval.Set, req *eval.Request) {
	o.gapLevel = -1
	for i, s := range levels {
		if s == nil {
			if o.gapLevel < 0 {
				o.gapLevel = i
			}
			continue
		}
		r := s.Evaluate(req)
		switch r.Decision {
		case eval.ExplicitDeny:
			if o.deny.Decision != eval.ExplicitDeny {
				o.deny, o.denyLevel = r, i
			}
		case eval.ImplicitDeny:
			if o.gapLevel < 0 {
				o.gapLevel = i
			}
		}
	}
}

func (v *verdicts) collect(in *Input) {
	req := in.Request
	if req == nil {
		return
	}
	kind := in.PrincipalKind
	same := in.SameAccount()

	v.scp.applies = len(in.SCPs) > 0 && !in.IsManagementAccount && !in.ServiceLinkedRole &&
		(kind.isIAMEntity() || kind == Root)
	if v.scp.applies {
		v.scp.collect(in.SCPs, req)
	}
	v.rcp.applies = len(in.RCPs) > 0 && !in.ResourceInManagementAccount &&
		!(same && in.IsManagementAccount) && !in.ServiceLinkedRole
	if v.rcp.applies {
		v.rcp.collect(in.RCPs, req)
	}

	if kind.isIAMEntity() {
		if in.Identity != nil {
			v.identity = in.Identity.Evaluate(req)
		}
		if in.Boundary != nil {
			v.boundary = in.Boundary.Evaluate(req)
		}
		if kind.isSession() && in.Session != nil {
			v.session = in.Session.Evaluate(req)
		}
	}

	if in.Resource != nil {
		v.collectResource(in, req, same)
	}
}

// collectResource evaluates the resource-based policy once per member of
// the caller's principal chain: its account, its role (for a session) or
// the federating user, and its own ARN. AWS documents this chain for
// NotPrincipal ("AWS might validate the account first, then the role, and
// then the assumed-role user"): a Deny with NotPrincipal spares the caller
// only if every member is listed. For Principal the union of the members
// is the ordinary match.
func (v *verdicts) collectResource(in *Input, req *eval.Request, same bool) {
	p := req.Principal
	if p == nil || p.Type != policy.PrincipalAWS {
		v.resource = in.Resource.Evaluate(req)
		return
	}
	account := evaluateAs(in.Resource, in, eval.Principal{Type: policy.PrincipalAWS, Account: p.Account})
	// The root user is its account: it has no member of its own.
	var self, parent eval.Result
	if in.PrincipalKind != Root {
		self = evaluateAs(in.Resource, in, eval.Principal{Type: policy.PrincipalAWS, ARN: p.ARN})
	}
	if p.RoleARN != "" {
		parent = evaluateAs(in.Resource, in, eval.Principal{Type: policy.PrincipalAWS, ARN: p.RoleARN})
	}
	v.resource = account
	for _, r := range [...]eval.Result{self, parent} {
		if r.Decision == eval.ExplicitDeny && v.resource.Decision != eval.ExplicitDeny ||
			r.Decision == eval.Allow && v.resource.Decision == eval.ImplicitDeny {
			v.resource = r
		}
	}
	if !in.PrincipalKind.isIAMEntity() {
		return
	}
	if in.Boundary != nil {
		// No principal is listed anywhere: only NotPrincipal (and "*")
		// statements apply.
		v.notPrincipalDeny = evaluateAs(in.Resource, in, eval.Principal{Type: policy.PrincipalAWS})
	}
	if same {
		v.resourceDirect, v.resourceParent = self, parent
	}
}

// evaluateAs evaluates s for the request as if p made it, to learn which
// member of the caller's principal chain a resource-based policy names. The
// request copy lives in in.scratch: eval.Set.Evaluate lets its request
// escape, so a copy on the stack would cost an allocation per call.
func evaluateAs(s *eval.Set, in *Input, p eval.Principal) eval.Result {
	sc := &in.scratch
	sc.req = *in.Request
	sc.principal = p
	sc.req.Principal = &sc.principal
	return s.Evaluate(&sc.req)
}

func deny(t PolicyType, r eval.Result, level int) Decision {
	return Decision{Reason: ExplicitDeny, PolicyType: t, Level: level, Deciding: r.Deciding}
}

func implicitDeny(t PolicyType, level int) Decision {
	return Decision{Reason: ImplicitDeny, PolicyType: t, Level: level, Deciding: eval.Match{Policy: -1}}
}

func allow(t PolicyType, r eval.Result) Decision {
	return Decision{Allowed: true, Reason: Allowed, PolicyType: t, Deciding: r.Deciding}
}

func (v *verdicts) combine(in *Input) Decision {
	if in.Request == nil {
		return implicitDeny(PolicyTypeNone, 0)
	}
	// 1. Explicit deny, in the order AWS's flow chart reads the types.
	switch {
	case v.rcp.applies && v.rcp.deny.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeRCP, v.rcp.deny, v.rcp.denyLevel)
	case v.scp.applies && v.scp.deny.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeSCP, v.scp.deny, v.scp.denyLevel)
	case v.resource.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeResource, v.resource, 0)
	case v.notPrincipalDeny.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeResource, v.notPrincipalDeny, 0)
	case v.identity.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeIdentity, v.identity, 0)
	case v.boundary.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeBoundary, v.boundary, 0)
	case v.session.Decision == eval.ExplicitDeny:
		return deny(PolicyTypeSession, v.session, 0)
	}
	// 2. Organization guardrails: every level must allow.
	if v.rcp.applies && v.rcp.gapLevel >= 0 {
		return implicitDeny(PolicyTypeRCP, v.rcp.gapLevel)
	}
	if v.scp.applies && v.scp.gapLevel >= 0 {
		return implicitDeny(PolicyTypeSCP, v.scp.gapLevel)
	}
	resourceAllows := v.resource.Decision == eval.Allow
	switch in.PrincipalKind {
	case Root:
		if in.SameAccount() && !in.ResourceMustAllow {
			return Decision{Allowed: true, Reason: AllowedRootUser, Deciding: eval.Match{Policy: -1}}
		}
		if resourceAllows {
			return allow(PolicyTypeResource, v.resource)
		}
		return implicitDeny(PolicyTypeResource, 0)
	case ServicePrincipal, Anonymous:
		if resourceAllows {
			return allow(PolicyTypeResource, v.resource)
		}
		return implicitDeny(PolicyTypeResource, 0)
	}
	return v.combineEntity(in, resourceAllows)
}

// combineEntity decides for IAM users and sessions once no explicit deny
// and no organization guardrail has decided.
func (v *verdicts) combineEntity(in *Input, resourceAllows bool) Decision {
	boundaryOK := in.Boundary == nil || v.boundary.Decision == eval.Allow
	// A session policy caps a session; a federated user session without
	// one has no identity-based permissions at all.
	sessionCaps := in.Session == nil || v.session.Decision == eval.Allow
	sessionOK := true
	switch in.PrincipalKind {
	case AssumedRole:
		sessionOK = sessionCaps
	case FederatedUser:
		sessionOK = in.Session != nil && v.session.Decision == eval.Allow
	}
	identityOK := v.identity.Decision == eval.Allow && boundaryOK && sessionOK
	identityGap := PolicyTypeIdentity
	switch {
	case v.identity.Decision != eval.Allow:
	case !boundaryOK:
		identityGap = PolicyTypeBoundary
	default:
		identityGap = PolicyTypeSession
	}

	if !in.SameAccount() {
		if !identityOK {
			return implicitDeny(identityGap, 0)
		}
		if !resourceAllows {
			return implicitDeny(PolicyTypeResource, 0)
		}
		return allow(PolicyTypeResource, v.resource)
	}
	if in.ResourceMustAllow && !resourceAllows {
		return implicitDeny(PolicyTypeResource, 0)
	}
	if resourceAllows {
		if v.resourceDirect.Decision == eval.Allow {
			return allow(PolicyTypeResource, v.resourceDirect)
		}
		if v.resourceParent.Decision == eval.Allow && boundaryOK && sessionCaps {
			return allow(PolicyTypeResource, v.resourceParent)
		}
	}
	if identityOK {
		return allow(PolicyTypeIdentity, v.identity)
	}
	return implicitDeny(identityGap, 0)
}
