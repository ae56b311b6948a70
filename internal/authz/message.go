package authz

import "strings"

// AccessDeniedMessage returns AWS's AccessDenied text for a denied
// decision, in the form AWS documents
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html):
//
//	User: ARN is not authorized to perform: ACTION on resource: RESOURCE because no TYPE allows the ACTION action
//	User: ARN is not authorized to perform: ACTION on resource: RESOURCE with an explicit deny in a TYPE
//
// " on resource: RESOURCE" is left out when resource is "", as AWS does for
// actions that name no resource. When a managed identity-based policy
// (its Ref an ARN) denied explicitly, its ARN follows, as in AWS's example
// "with an explicit deny in an identity-based policy: arn:aws:iam::123456789012:policy/ExampleDenyPolicy"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied-authorization-id.html).
// An allowed decision has no message: it returns "".
func (d Decision) AccessDeniedMessage(principalARN, action, resource string) string {
	if d.Allowed {
		return ""
	}
	var b strings.Builder
	b.WriteString("User: ")
	b.WriteString(principalARN)
	b.WriteString(" is not authorized to perform: ")
	b.WriteString(action)
	if resource != "" {
		b.WriteString(" on resource: ")
		b.WriteString(resource)
	}
	t := d.PolicyType
	if t == PolicyTypeNone {
		// Nothing specific decided (no request): AWS's default wording.
		t = PolicyTypeIdentity
	}
	if d.Reason == ExplicitDeny {
		b.WriteString(" with an explicit deny in ")
		b.WriteString(article(t))
		b.WriteString(" ")
		b.WriteString(t.String())
		if t == PolicyTypeIdentity && strings.HasPrefix(d.Deciding.Ref, "arn:") {
			b.WriteString(": ")
			b.WriteString(d.Deciding.Ref)
		}
		return b.String()
	}
	b.WriteString(" because no ")
	b.WriteString(t.String())
	b.WriteString(" allows the ")
	b.WriteString(action)
	b.WriteString(" action")
	return b.String()
}

// article is "an" before "identity-based policy", "a" otherwise.
func article(t PolicyType) string {
	if t == PolicyTypeIdentity {
		return "an"
	}
	return "a"
}
