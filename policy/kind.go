package policy

// Kind is the role a policy document plays; validation rules differ by kind.
type Kind uint8

// The kinds of policy.
const (
	// KindIdentity is an inline identity policy of a user, group or role.
	KindIdentity Kind = iota + 1
	// KindManaged is an identity policy stored as a managed policy
	// (CreatePolicy, CreatePolicyVersion). Beyond KindIdentity's rules, IAM
	// requires Version 2012-10-17 for these.
	KindManaged
	// KindTrust is a role's trust policy (AssumeRolePolicyDocument).
	KindTrust
	// KindResource is a resource-based policy (bucket, key, queue, ...).
	KindResource
	// KindSCP is an AWS Organizations service control policy.
	KindSCP
	// KindBoundary is a permissions boundary; the rules are an identity
	// policy's.
	KindBoundary
	// KindSession is a session policy passed to AssumeRole* or
	// GetFederationToken; the rules are an identity policy's.
	KindSession
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case KindIdentity:
		return "identity"
	case KindManaged:
		return "managed"
	case KindTrust:
		return "trust"
	case KindResource:
		return "resource"
	case KindSCP:
		return "scp"
	case KindBoundary:
		return "boundary"
	case KindSession:
		return "session"
	}
	return "unknown"
}

// identityLike reports whether a kind follows the identity-policy rules:
// no Principal, and Resource required.
func (k Kind) identityLike() bool {
	switch k {
	case KindIdentity, KindManaged, KindBoundary, KindSession, KindSCP:
		return true
	}
	return false
}

// iamSid reports whether IAM's alphanumeric Sid rule applies. Resource
// policies of other services (S3, KMS) accept spaces in a Sid.
func (k Kind) iamSid() bool {
	switch k {
	case KindIdentity, KindManaged, KindBoundary, KindTrust:
		return true
	}
	return false
}
