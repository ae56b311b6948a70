// Package policy is the IAM policy language: the document model, a parser
// that keeps the positions of statements, and validation with AWS's own
// MalformedPolicyDocument messages, per kind of policy.
//
// It is pure: it imports only the standard library and its own
// sub-packages. Evaluation lives in policy/eval, the condition operators in
// policy/condition.
package policy

// The two versions of the policy language.
const (
	Version2012 = "2012-10-17"
	Version2008 = "2008-10-17"
)

// Document is a parsed policy document. Fields keep what the JSON said,
// including whether optional elements were present, so that validation can
// answer as AWS does and tools can show the policy as written.
type Document struct {
	Version    string // "" when absent
	HasVersion bool
	ID         string
	HasID      bool
	Statements []Statement
	// StatementList is true when Statement was a JSON array rather than a
	// single object.
	StatementList bool
}

// EffectiveVersion returns the language version that governs evaluation:
// the Version element, or 2008-10-17 when it is absent.
func (d *Document) EffectiveVersion() string {
	if !d.HasVersion {
		return Version2008
	}
	return d.Version
}

// SupportsVariables reports whether policy variables are substituted. Under
// 2008-10-17 (or no Version) "${...}" is literal text.
func (d *Document) SupportsVariables() bool { return d.EffectiveVersion() == Version2012 }

// Statement is one element of the Statement array.
type Statement struct {
	Sid          string
	HasSid       bool
	Effect       string // as written; validation checks it is Allow or Deny
	HasEffect    bool
	Principal    *Principal // nil when absent
	NotPrincipal *Principal // nil when absent
	Action       Strings
	NotAction    Strings
	Resource     Strings
	NotResource  Strings
	Condition    []ConditionBlock // in document order
	HasCondition bool
	Span         Span // where the statement's object is in the document
}

// IsDeny reports whether the statement's Effect is "Deny".
func (s *Statement) IsDeny() bool { return s.Effect == EffectDeny }

// The two effects.
const (
	EffectAllow = "Allow"
	EffectDeny  = "Deny"
)

// Strings is an element that may be a string or an array of strings.
type Strings struct {
	Values  []string
	Present bool // the element appeared in the statement
	List    bool // it was written as an array
}

// Principal is a Principal or NotPrincipal element: "*" or a map from
// principal type (AWS, Service, Federated, CanonicalUser) to values.
type Principal struct {
	Wildcard bool             // the element was the string "*"
	Entries  []PrincipalEntry // in document order
}

// PrincipalEntry is one principal type with its values.
type PrincipalEntry struct {
	Type   string
	Values []string
}

// The principal types AWS defines.
const (
	PrincipalAWS           = "AWS"
	PrincipalService       = "Service"
	PrincipalFederated     = "Federated"
	PrincipalCanonicalUser = "CanonicalUser"
)

// ConditionBlock is one operator of a Condition element with its keys.
type ConditionBlock struct {
	Operator string
	Keys     []ConditionKey
}

// ConditionKey is a context key with the values the policy compares it to.
// Numbers and booleans in the JSON are kept as their text, as AWS treats
// them as strings.
type ConditionKey struct {
	Key    string
	Values []string
}

// Position is a place in the document text. Line and Column count from 1;
// Column counts bytes.
type Position struct {
	Offset int
	Line   int
	Column int
}

// Span is the extent of an element: Start at its first byte, End just past
// its last.
type Span struct {
	Start, End Position
}
