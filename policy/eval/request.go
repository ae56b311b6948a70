package eval

import "github.com/iamd/iamd/policy/condition"

// Context is the request context: condition keys and their values.
type Context = condition.Context

// Principal types beyond the policy language's own (policy.PrincipalAWS,
// PrincipalService, PrincipalFederated, PrincipalCanonicalUser).
const (
	// PrincipalAnonymous is an unauthenticated caller; only "*" matches it.
	PrincipalAnonymous = "Anonymous"
)

// Principal describes who makes a request, for matching the Principal and
// NotPrincipal elements of resource-based and trust policies.
type Principal struct {
	// Type is policy.PrincipalAWS, PrincipalService, PrincipalFederated,
	// PrincipalCanonicalUser or PrincipalAnonymous.
	Type string
	// ARN is the principal's own ARN: a user, a role, the account root, or
	// an assumed-role session (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION).
	ARN string
	// RoleARN is the role's ARN when ARN is a role session, since policies
	// name the role rather than the session.
	RoleARN string
	// Account is the principal's twelve-digit account ID.
	Account string
	// ID is the service principal (ec2.amazonaws.com), the federated
	// provider (an OIDC/SAML provider ARN or accounts.google.com), or the
	// canonical user ID, for those types.
	ID string
}

// Request is what a policy decides about: an action on a resource by a
// principal in a context. The caller builds one per request; it is a plain
// value, cheap to build and reusable (Context.Reset).
type Request struct {
	// Action is "service:Action", in any letter case.
	Action string
	// Resource is the resource's ARN, or "*" for actions that take none.
	Resource string
	// Principal is needed by resource-based and trust policies; nil means
	// an unknown principal, which no Principal element matches.
	Principal *Principal
	// Context holds the condition keys, also the source of policy variables.
	Context Context
}
