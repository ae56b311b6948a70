package authz

import (
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// ReferenceInput is Input with policy documents in place of compiled sets,
// for ReferenceDecide. A nil slice means the policy type is absent.
type ReferenceInput struct {
	PrincipalKind               PrincipalKind
	PrincipalAccount            string
	IsManagementAccount         bool
	ResourceInManagementAccount bool
	ServiceLinkedRole           bool

	Identity []eval.PolicyInput
	Boundary []eval.PolicyInput
	Session  []eval.PolicyInput
	SCPs     [][]eval.PolicyInput
	RCPs     [][]eval.PolicyInput
	Resource []eval.PolicyInput

	ResourceMustAllow bool
	ResourceAccount   string
	Request           *eval.Request
}

// ReferenceDecide decides the slow, obvious way, reading AWS's
// documentation step by step with eval.ReferenceEvaluate, one statement at
// a time. It exists to check Decide: the corpus and the property test
// require both to agree. Its Decision has no Deciding statement.
func ReferenceDecide(in *ReferenceInput) Decision {
	req := in.Request
	if req == nil {
		return Decision{Deciding: eval.Match{Policy: -1}}
	}
	entity := in.PrincipalKind == User || in.PrincipalKind == AssumedRole || in.PrincipalKind == FederatedUser
	session := in.PrincipalKind == AssumedRole || in.PrincipalKind == FederatedUser
	sameAccount := in.ResourceAccount == "" || in.ResourceAccount == in.PrincipalAccount
	hasBoundary := in.Boundary != nil
	hasSession := in.Session != nil

	// Which policy types apply at all.
	scpsApply := len(in.SCPs) > 0 && !in.IsManagementAccount && !in.ServiceLinkedRole &&
		(entity || in.PrincipalKind == Root)
	rcpsApply := len(in.RCPs) > 0 && !in.ResourceInManagementAccount &&
		!(sameAccount && in.IsManagementAccount) && !in.ServiceLinkedRole
	identity, boundary, sessionPolicy := eval.ImplicitDeny, eval.ImplicitDeny, eval.ImplicitDeny
	if entity {
		identity = eval.ReferenceEvaluate(in.Identity, req)
		boundary = eval.ReferenceEvaluate(in.Boundary, req)
		if session {
			sessionPolicy = eval.ReferenceEvaluate(in.Session, req)
		}
	}
	res := refResourceAnalysis(in, entity && hasBoundary)

	// Step 1, deny evaluation: "If the code finds even one explicit deny
	// that applies, the code returns a final decision of Deny."
	for i, level := range in.RCPs {
		if rcpsApply && eval.ReferenceEvaluate(level, req) == eval.ExplicitDeny {
			return Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeRCP, Level: i}
		}
	}
	for i, level := range in.SCPs {
		if scpsApply && eval.ReferenceEvaluate(level, req) == eval.ExplicitDeny {
			return Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeSCP, Level: i}
		}
	}
	explicit := []struct {
		d eval.Decision
		t PolicyType
	}{{res.decision, PolicyTypeResource}, {identity, PolicyTypeIdentity}, {boundary, PolicyTypeBoundary}, {sessionPolicy, PolicyTypeSession}}
	for _, e := range explicit {
		if e.d == eval.ExplicitDeny {
			return Decision{Reason: ExplicitDeny, PolicyType: e.t}
		}
	}
	denied := func(t PolicyType, level int) Decision {
		return Decision{Reason: ImplicitDeny, PolicyType: t, Level: level, Deciding: eval.Match{Policy: -1}}
	}
	granted := func(t PolicyType) Decision { return Decision{Allowed: true, Reason: Allowed, PolicyType: t} }

	// Steps 2 and 3: "If the enforcement code does not find any applicable
	// Allow statements in the RCPs [SCPs] ... final decision of Deny",
	// level by level.
	for i, level := range in.RCPs {
		if rcpsApply && eval.ReferenceEvaluate(level, req) != eval.Allow {
			return denied(PolicyTypeRCP, i)
		}
	}
	for i, level := range in.SCPs {
		if scpsApply && eval.ReferenceEvaluate(level, req) != eval.Allow {
			return denied(PolicyTypeSCP, i)
		}
	}

	// Principals outside IAM's entities.
	switch in.PrincipalKind {
	case Root:
		// "all requests are implicitly denied with the exception of the AWS
		// account root user, which has full access" -- in its own account.
		if sameAccount && !in.ResourceMustAllow {
			return Decision{Allowed: true, Reason: AllowedRootUser, Deciding: eval.Match{Policy: -1}}
		}
		if res.decision == eval.Allow {
			return granted(PolicyTypeResource)
		}
		return denied(PolicyTypeResource, 0)
	case ServicePrincipal, Anonymous:
		if res.decision == eval.Allow {
			return granted(PolicyTypeResource)
		}
		return denied(PolicyTypeResource, 0)
	}

	// The identity side: identity-based policies, then the boundary, then
	// the session policy, each able to stop the request.
	var identityStop PolicyType
	switch {
	case identity != eval.Allow:
		identityStop = PolicyTypeIdentity
	case hasBoundary && boundary != eval.Allow:
		identityStop = PolicyTypeBoundary
	case in.PrincipalKind == AssumedRole && hasSession && sessionPolicy != eval.Allow:
		identityStop = PolicyTypeSession
	case in.PrincipalKind == FederatedUser && (!hasSession || sessionPolicy != eval.Allow):
		// "If there is no session policy, the code checks whether the
		// principal is a role session ... Otherwise, the request is
		// implicitly denied."
		identityStop = PolicyTypeSession
	}

	if !sameAccount {
		// Cross-account: both sides must allow.
		if identityStop != PolicyTypeNone {
			return denied(identityStop, 0)
		}
		if res.decision != eval.Allow {
			return denied(PolicyTypeResource, 0)
		}
		return granted(PolicyTypeResource)
	}
	if in.ResourceMustAllow && res.decision != eval.Allow {
		return denied(PolicyTypeResource, 0)
	}
	// Same account: a grant to the caller's own ARN is not limited by an
	// implicit deny anywhere; a grant to the role (or the federating user)
	// is limited by the boundary and the session policy.
	if res.direct {
		return granted(PolicyTypeResource)
	}
	if res.parent && (!hasBoundary || boundary == eval.Allow) && (!session || !hasSession || sessionPolicy == eval.Allow) {
		return granted(PolicyTypeResource)
	}
	if identityStop == PolicyTypeNone {
		return granted(PolicyTypeIdentity)
	}
	return denied(identityStop, 0)
}

// refResource is what the resource-based policy says.
type refResource struct {
	decision eval.Decision
	// direct: the policy allows the caller known by its own ARN alone
	// (the statement names that ARN or "*"); parent: known by the role's
	// (or the federating user's) ARN alone.
	direct, parent bool
}

func refResourceAnalysis(in *ReferenceInput, notPrincipalDenies bool) refResource {
	req := in.Request
	var out refResource
	if req.Principal == nil || req.Principal.Type != policy.PrincipalAWS {
		out.decision = eval.ReferenceEvaluate(in.Resource, req)
		return out
	}
	// "AWS might validate the account first, then the role, and then the
	// assumed-role user": each member of the chain is a principal of its
	// own, and a Deny for any of them denies the request.
	as := func(p eval.Principal) eval.Decision {
		r := *req
		r.Principal = &p
		return eval.ReferenceEvaluate(in.Resource, &r)
	}
	chain := []eval.Decision{as(eval.Principal{Type: policy.PrincipalAWS, Account: req.Principal.Account})}
	self := eval.ImplicitDeny
	if in.PrincipalKind != Root {
		self = as(eval.Principal{Type: policy.PrincipalAWS, ARN: req.Principal.ARN})
	}
	parent := eval.ImplicitDeny
	if req.Principal.RoleARN != "" {
		parent = as(eval.Principal{Type: policy.PrincipalAWS, ARN: req.Principal.RoleARN})
	}
	chain = append(chain, self, parent)
	for _, d := range chain {
		if d == eval.ExplicitDeny {
			out.decision = eval.ExplicitDeny
			return out
		}
		if d == eval.Allow {
			out.decision = eval.Allow
		}
	}
	if notPrincipalDenies {
		// "The NotPrincipal element with a Deny effect will always deny any
		// IAM principal that has a permissions boundary policy attached."
		for _, p := range in.Resource {
			for i := range p.Doc.Statements {
				st := p.Doc.Statements[i]
				if !st.IsDeny() || st.NotPrincipal == nil || refWildcard(st.NotPrincipal) {
					// A NotPrincipal of "*" excludes everyone; iamd keeps
					// it inert even here (see Decide's notes).
					continue
				}
				st.NotPrincipal = nil
				one := eval.PolicyInput{Kind: p.Kind, Ref: p.Ref, Doc: &policy.Document{
					Version: p.Doc.Version, HasVersion: p.Doc.HasVersion, Statements: []policy.Statement{st}}}
				if eval.ReferenceEvaluate([]eval.PolicyInput{one}, req) == eval.ExplicitDeny {
					out.decision = eval.ExplicitDeny
					return out
				}
			}
		}
	}
	entity := in.PrincipalKind == User || in.PrincipalKind == AssumedRole || in.PrincipalKind == FederatedUser
	if entity && out.decision == eval.Allow {
		out.direct = self == eval.Allow
		out.parent = parent == eval.Allow
	}
	return out
}

// refWildcard reports whether a principal element names everyone.
func refWildcard(p *policy.Principal) bool {
	if p.Wildcard {
		return true
	}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			if e.Type == policy.PrincipalAWS && v == "*" {
				return true
			}
		}
	}
	return false
}
