package authz

import "github.com/iamd/iamd/policy/eval"

// PrincipalKind says what kind of principal makes a request; the policy
// types that apply, and how a resource-based policy's grant combines with
// them, depend on it.
type PrincipalKind int

// The kinds of principal. The zero value is treated as an IAM user with no
// special standing.
const (
	// User is an IAM user signing with its own credentials.
	User PrincipalKind = iota
	// Root is an account's root user.
	Root
	// AssumedRole is a role session (sts:AssumeRole*).
	AssumedRole
	// FederatedUser is an IAM federated user session (GetFederationToken).
	FederatedUser
	// ServicePrincipal is an AWS service (ec2.amazonaws.com) acting itself.
	ServicePrincipal
	// Anonymous is an unauthenticated caller.
	Anonymous
)

var principalKindNames = [...]string{"User", "Root", "AssumedRole", "FederatedUser", "ServicePrincipal", "Anonymous"}

// String names the kind as the corpus spells it.
func (k PrincipalKind) String() string {
	if k >= 0 && int(k) < len(principalKindNames) {
		return principalKindNames[k]
	}
	return "Unknown"
}

// ParsePrincipalKind reads a kind's name, as String writes it.
func ParsePrincipalKind(s string) (PrincipalKind, bool) {
	for i, n := range principalKindNames {
		if n == s {
			return PrincipalKind(i), true
		}
	}
	return 0, false
}

// isIAMEntity reports whether identity-based policies apply: users and the
// sessions of roles and users.
func (k PrincipalKind) isIAMEntity() bool {
	return k == User || k == AssumedRole || k == FederatedUser
}

// isSession reports whether session policies apply.
func (k PrincipalKind) isSession() bool { return k == AssumedRole || k == FederatedUser }

// PolicyType is a kind of policy in AWS's evaluation logic.
type PolicyType int

// The policy types, in the order the enforcement code reports them.
const (
	PolicyTypeNone PolicyType = iota
	PolicyTypeRCP
	PolicyTypeSCP
	PolicyTypeResource
	PolicyTypeIdentity
	PolicyTypeBoundary
	PolicyTypeSession
)

// policyTypeNames are AWS's own phrases in AccessDenied messages
// ("with an explicit deny in a <name>", "because no <name> allows").
var policyTypeNames = [...]string{"", "resource control policy", "service control policy",
	"resource-based policy", "identity-based policy", "permissions boundary", "session policy"}

// String returns AWS's phrase for the policy type, as it appears in
// AccessDenied messages.
func (t PolicyType) String() string {
	if t >= 0 && int(t) < len(policyTypeNames) {
		return policyTypeNames[t]
	}
	return ""
}

// ParsePolicyType reads AWS's phrase for a policy type; "" is
// PolicyTypeNone.
func ParsePolicyType(s string) (PolicyType, bool) {
	for i, n := range policyTypeNames {
		if n == s {
			return PolicyType(i), true
		}
	}
	return 0, false
}

// Reason says why a request was allowed or denied.
type Reason int

// The reasons. ImplicitDeny is the zero value: a request is denied unless
// something allows it.
const (
	ImplicitDeny Reason = iota
	ExplicitDeny
	// Allowed: a permissions policy allowed it and every guardrail agreed.
	Allowed
	// AllowedRootUser: the root user acting in its own account, which no
	// identity-based policy limits.
	AllowedRootUser
)

var reasonNames = [...]string{"ImplicitDeny", "ExplicitDeny", "Allowed", "AllowedRootUser"}

// String names the reason as the corpus spells it.
func (r Reason) String() string {
	if r >= 0 && int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Unknown"
}

// ParseReason reads a reason's name, as String writes it.
func ParseReason(s string) (Reason, bool) {
	for i, n := range reasonNames {
		if n == s {
			return Reason(i), true
		}
	}
	return 0, false
}

// Input is everything the evaluation across policy types needs for one
// request. Sets are compiled once (eval.Compile) and shared; Input itself is
// a plain value the caller builds per request.
type Input struct {
	PrincipalKind PrincipalKind
	// PrincipalARN is the caller's ARN: the session ARN for a role session
	// (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION) or a federated user
	// (arn:aws:sts::ACCOUNT:federated-user/NAME). It names the caller in
	// AccessDenied messages.
	PrincipalARN     string
	PrincipalAccount string
	// IsManagementAccount: the principal's account is its organization's
	// management account, where SCPs do not apply.
	IsManagementAccount bool
	// ResourceInManagementAccount: the resource belongs to the
	// organization's management account, where RCPs do not apply. A
	// same-account request also counts IsManagementAccount.
	ResourceInManagementAccount bool
	// ServiceLinkedRole: the principal is a session of a service-linked
	// role, which neither SCPs nor RCPs restrict.
	ServiceLinkedRole bool

	// Identity holds every identity-based policy of the principal: a user's
	// inline, attached and groups' policies, or the role's. Nil: none.
	Identity *eval.Set
	// Boundary is the permissions boundary of the user or role; nil: none.
	Boundary *eval.Set
	// Session is the session policy (AssumeRole* Policy and PolicyArns, or
	// GetFederationToken's); nil: none was passed.
	Session *eval.Set
	// SCPs has one Set per level from the organization root down to the
	// principal's account. Nil: not in an organization.
	SCPs []*eval.Set
	// RCPs has one Set per level from the organization root down to the
	// resource's account. Nil: not in an organization.
	RCPs []*eval.Set
	// Resource is the resource-based policy, or a role's trust policy for
	// sts:AssumeRole*; nil if the resource has none.
	Resource *eval.Set
	// ResourceMustAllow marks resource-based policies that must allow the
	// principal themselves, even within one account: role trust policies
	// and KMS key policies.
	ResourceMustAllow bool
	// ResourceAccount owns the resource; "" means the principal's account.
	ResourceAccount string

	// Request is the action, resource, principal and context. For a role
	// session, Request.Principal.RoleARN is the role's ARN; for a federated
	// user, the ARN of the IAM user who called GetFederationToken: a
	// resource-based policy naming that ARN reaches the session, but its
	// grant is limited by the session policy and the boundary.
	Request *eval.Request

	// scratch holds Decide's working copy of Request, so that Decide does
	// not allocate. It makes an Input unfit for two Decide calls at once;
	// build one Input per request.
	scratch struct {
		req       eval.Request
		principal eval.Principal
	}
}

// Decision is the outcome of Decide.
type Decision struct {
	Allowed bool
	Reason  Reason
	// PolicyType decided: the type whose Deny matched (ExplicitDeny), the
	// first type found without an Allow (ImplicitDeny), or the type whose
	// Allow granted access (Allowed). PolicyTypeNone for the root user.
	PolicyType PolicyType
	// Level is the organization level (index into SCPs or RCPs) that
	// decided, when PolicyType is one of those; otherwise 0.
	Level int
	// Deciding is the statement that decided: the matching Deny or the
	// granting Allow. Its Policy is -1 for an implicit deny.
	Deciding eval.Match
}

// SameAccount reports whether the resource belongs to the principal's
// account.
func (in *Input) SameAccount() bool {
	return in.ResourceAccount == "" || in.ResourceAccount == in.PrincipalAccount
}
