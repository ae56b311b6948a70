package iam

import (
	"errors"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/policy"
)

// policyKind says what a policy document is for; each kind has its own
// validation rules, size quota and error message.
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

// languageKind is the policy language's view of a document kind: managed
// versions must declare Version 2012-10-17, trust policies name principals,
// inline policies follow the identity rules.
func (k policyKind) languageKind() policy.Kind {
	switch k {
	case kindManaged:
		return policy.KindManaged
	case kindTrust:
		return policy.KindTrust
	default:
		return policy.KindIdentity
	}
}

// checkPolicyDocument is the one gate every stored policy document passes:
// the policy language's validation with AWS's MalformedPolicyDocument
// messages, then the size quota of managed and trust policies (LimitExceeded,
// as IAM answers: "Cannot exceed quota for PolicySize: 6144").
func (s *Service) checkPolicyDocument(kind policyKind, doc string) error {
	if _, err := policy.ParseAndValidate([]byte(doc), kind.languageKind()); err != nil {
		var perr *policy.Error
		if errors.As(err, &perr) {
			return awserr.MalformedPolicyDocument("%s", perr.Message)
		}
		return awserr.MalformedPolicyDocument("%s", "Syntax errors in policy.")
	}
	switch kind {
	case kindManaged:
		if policy.Size(doc) > policy.MaxManagedPolicySize {
			return awserr.LimitExceeded("%s", policy.ManagedPolicySizeMessage())
		}
	case kindTrust:
		if policy.Size(doc) > policy.MaxTrustPolicySize {
			return awserr.LimitExceeded("%s", policy.TrustPolicySizeMessage(policy.MaxTrustPolicySize))
		}
	}
	return nil
}

// policySize counts a document's characters as IAM does for its quotas.
func policySize(doc string) int { return policy.Size(doc) }

// inlineSizeQuota returns the aggregate inline-policy quota of an identity
// kind and the word AWS's message uses for it.
func inlineSizeQuota(kind policyKind) (quota int, noun string) {
	switch kind {
	case kindInlineUser:
		return policy.MaxUserInlineSize, "user"
	case kindInlineGroup:
		return policy.MaxGroupInlineSize, "group"
	default:
		return policy.MaxRoleInlineSize, "role"
	}
}
