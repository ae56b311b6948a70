package iam

import (
	"encoding/json"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
)

// policyKind says what a policy document is for; each kind has its own size
// quota and error message.
type policyKind int

const (
	// kindManaged is a version of a customer managed policy.
	kindManaged policyKind = iota
	// kindTrust is a role's trust policy (AssumeRolePolicyDocument).
	kindTrust
	// kindInlineUser, kindInlineGroup and kindInlineRole are inline
	// policies; their quota is per identity, in aggregate, and is checked
	// by the inline-policy operations, not here.
	kindInlineUser
	kindInlineGroup
	kindInlineRole
)

// Character quotas of policy documents, whitespace excluded, from "IAM and
// AWS STS character quotas"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html):
// "IAM does not count white space when calculating the size of a policy".
const (
	managedPolicySizeQuota = 6144
	trustPolicySizeQuota   = 2048
	inlineUserSizeQuota    = 2048
	inlineGroupSizeQuota   = 5120
	inlineRoleSizeQuota    = 10240
)

// AWS's messages for policy documents. The LimitExceeded texts are what IAM
// returns (seen verbatim in client logs, e.g. terraform and CloudFormation
// reports: "LimitExceeded: Cannot exceed quota for PolicySize: 6144").
const (
	msgPolicySyntax       = "Syntax errors in policy."
	msgPolicySizeQuota    = "Cannot exceed quota for PolicySize: %d"
	msgTrustSizeQuota     = "Cannot exceed quota for ACLSizePerRole: %d"
	msgInlineSizeExceeded = "Maximum policy size of %d bytes exceeded for %s %s"
)

// checkPolicyDocument is the one gate every stored policy document passes.
// For now it checks that the document is one JSON object and, for managed
// and trust policies, the size quota; the policy-language validator (package
// policy) replaces the syntax part once it exists, behind this same call.
func (s *Service) checkPolicyDocument(kind policyKind, doc string) error {
	if !isJSONObject(doc) {
		return awserr.MalformedPolicyDocument("%s", msgPolicySyntax)
	}
	switch kind {
	case kindManaged:
		if policySize(doc) > managedPolicySizeQuota {
			return awserr.LimitExceeded(msgPolicySizeQuota, managedPolicySizeQuota)
		}
	case kindTrust:
		if policySize(doc) > trustPolicySizeQuota {
			return awserr.LimitExceeded(msgTrustSizeQuota, trustPolicySizeQuota)
		}
	}
	return nil
}

// isJSONObject reports whether doc is exactly one JSON object.
func isJSONObject(doc string) bool {
	var v map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(doc))
	if err := dec.Decode(&v); err != nil || v == nil {
		return false
	}
	// Anything after the object but whitespace is a syntax error.
	return strings.TrimSpace(doc[dec.InputOffset():]) == ""
}

// policySize counts a document's characters the way IAM does against its
// quotas: every character but whitespace. Documents are restricted to
// U+0009, U+000A, U+000D and U+0020-U+00FF, so characters are runes.
func policySize(doc string) int {
	n := 0
	for _, r := range doc {
		switch r {
		case ' ', '\t', '\n', '\r':
		default:
			n++
		}
	}
	return n
}

// inlineSizeQuota returns the aggregate inline-policy quota of an identity
// kind and the word AWS's message uses for it.
func inlineSizeQuota(kind policyKind) (quota int, noun string) {
	switch kind {
	case kindInlineUser:
		return inlineUserSizeQuota, "user"
	case kindInlineGroup:
		return inlineGroupSizeQuota, "group"
	default:
		return inlineRoleSizeQuota, "role"
	}
}
