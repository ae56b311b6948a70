package policy

import (
	"fmt"
	"unicode/utf8"
)

// Size limits of IAM policy documents, in characters, with white space not
// counted (IAM and STS quotas, "IAM and STS character limits").
const (
	// MaxManagedPolicySize is the limit of one managed policy version.
	MaxManagedPolicySize = 6144
	// MaxUserInlineSize is the limit of all of a user's inline policies together.
	MaxUserInlineSize = 2048
	// MaxGroupInlineSize is the limit of all of a group's inline policies together.
	MaxGroupInlineSize = 5120
	// MaxRoleInlineSize is the limit of all of a role's inline policies together.
	MaxRoleInlineSize = 10240
	// MaxTrustPolicySize is the default limit of a role trust policy
	// (a quota that can be raised to 4,096).
	MaxTrustPolicySize = 2048
	// MaxSCPSize is the limit of a service control policy.
	MaxSCPSize = 5120
)

// Size counts a document as IAM does for its quotas: characters, excluding
// white space outside string literals.
func Size(doc string) int {
	n := 0
	inString, escaped := false, false
	for i := 0; i < len(doc); {
		r, w := utf8.DecodeRuneInString(doc[i:])
		i += w
		switch {
		case inString:
			n++
			switch {
			case escaped:
				escaped = false
			case r == '\\':
				escaped = true
			case r == '"':
				inString = false
			}
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
		default:
			if r == '"' {
				inString = true
			}
			n++
		}
	}
	return n
}

// The LimitExceeded messages (HTTP 409) a caller reports when a document is
// over its quota, as IAM words them.

// ManagedPolicySizeMessage is the message for a managed policy version over
// MaxManagedPolicySize: "Cannot exceed quota for PolicySize: 6144".
func ManagedPolicySizeMessage() string {
	return fmt.Sprintf("Cannot exceed quota for PolicySize: %d", MaxManagedPolicySize)
}

// InlinePolicySizeMessage is the message for inline policies over their
// entity's limit, e.g. "Maximum policy size of 2048 bytes exceeded for user
// Bob". entityType is "user", "group" or "role".
func InlinePolicySizeMessage(entityType, name string, limit int) string {
	return fmt.Sprintf("Maximum policy size of %d bytes exceeded for %s %s", limit, entityType, name)
}

// TrustPolicySizeMessage is the message for a trust policy over its quota:
// "Cannot exceed quota for ACLSizePerRole: 2048".
func TrustPolicySizeMessage(limit int) string {
	return fmt.Sprintf("Cannot exceed quota for ACLSizePerRole: %d", limit)
}
