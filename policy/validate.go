package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/iamd/iamd/policy/condition"
)

// ParseAndValidate parses data and validates it as a policy of kind k.
func ParseAndValidate(data []byte, k Kind) (*Document, error) {
	doc, err := Parse(data)
	if err != nil {
		return nil, err
	}
	if err := Validate(doc, k); err != nil {
		return nil, err
	}
	return doc, nil
}

// Validate checks a parsed document as IAM does for a policy of kind k and
// returns the first problem as an *Error with AWS's message. The checks run
// in IAM's order, so that a document with several problems gets the message
// AWS would give: grammar, version, legacy parsing, Sid uniqueness, actions,
// resource formats, action vendors, then the rules of the kind.
func Validate(doc *Document, k Kind) error {
	if err := checkGrammar(doc); err != nil {
		return err
	}
	if k == KindManaged && doc.Version != Version2012 {
		return newError(-1, MsgVersionTooOld)
	}
	if err := checkLegacy(doc); err != nil {
		return err
	}
	if k.iamSid() {
		if err := checkSidCharacters(doc); err != nil {
			return err
		}
	}
	if err := checkSidUnique(doc); err != nil {
		return err
	}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if !hasItems(st.Action) && !hasItems(st.NotAction) {
			return newError(i, MsgMissingActions)
		}
	}
	if err := checkResourceFormats(doc); err != nil {
		return err
	}
	if err := checkActionVendors(doc); err != nil {
		return err
	}
	switch {
	case k.identityLike():
		return checkIdentity(doc)
	case k == KindTrust:
		return checkTrust(doc)
	case k == KindResource:
		return checkResourcePolicy(doc)
	}
	return nil
}

// hasItems reports whether a list element is present and, if an array,
// non-empty.
func hasItems(s Strings) bool { return s.Present && (!s.List || len(s.Values) > 0) }

// checkGrammar covers what IAM reports as "Syntax errors in policy." beyond
// the JSON shape Parse checked.
func checkGrammar(doc *Document) error {
	if doc.HasVersion && doc.Version != Version2012 && doc.Version != Version2008 {
		return syntaxError(-1, "unknown Version %q", doc.Version)
	}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if !st.HasEffect {
			return syntaxError(i, "statement has no Effect")
		}
		if !strings.EqualFold(st.Effect, EffectAllow) && !strings.EqualFold(st.Effect, EffectDeny) {
			return syntaxError(i, "invalid Effect %q", st.Effect)
		}
		if st.Action.Present && st.NotAction.Present {
			return syntaxError(i, "statement has both Action and NotAction")
		}
		if st.Resource.Present && st.NotResource.Present {
			return syntaxError(i, "statement has both Resource and NotResource")
		}
		if st.Principal != nil && st.NotPrincipal != nil {
			return syntaxError(i, "statement has both Principal and NotPrincipal")
		}
		for _, b := range st.Condition {
			if _, err := condition.ParseOperator(b.Operator); err != nil && len(b.Keys) > 0 {
				return syntaxError(i, "unknown condition operator %q", b.Operator)
			}
		}
	}
	return nil
}

// checkLegacy mirrors IAM's "legacy parsing": the Effect must be spelled
// exactly Allow or Deny, and Date condition values must be dates.
func checkLegacy(doc *Document) error {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Effect != EffectAllow && st.Effect != EffectDeny {
			return newError(i, MsgLegacyParsing)
		}
		for _, b := range st.Condition {
			op, err := condition.ParseOperator(b.Operator)
			if err != nil || op.Family != condition.FamilyDate {
				continue
			}
			for _, key := range b.Keys {
				for _, v := range key.Values {
					if _, ok := condition.ParseDate(v); !ok {
						return &Error{Message: MsgLegacyParsing, Detail: fmt.Sprintf("%q is not a date", v), Statement: i}
					}
				}
			}
		}
	}
	return nil
}

func checkSidCharacters(doc *Document) error {
	for i := range doc.Statements {
		for _, c := range []byte(doc.Statements[i].Sid) {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return newError(i, MsgSidNotAlphanumeric)
			}
		}
	}
	return nil
}

func checkSidUnique(doc *Document) error {
	seen := make(map[string]bool, len(doc.Statements))
	for i := range doc.Statements {
		sid := doc.Statements[i].Sid
		if sid == "" {
			continue
		}
		if seen[sid] {
			return newError(i, MsgSidNotUnique)
		}
		seen[sid] = true
	}
	return nil
}

// checkActionVendors checks every Action, then every NotAction, for a
// service prefix ("vendor") of letters, digits, '-' and '.'.
func checkActionVendors(doc *Document) error {
	for _, notAction := range []bool{false, true} {
		for i := range doc.Statements {
			list := doc.Statements[i].Action
			if notAction {
				list = doc.Statements[i].NotAction
			}
			for _, a := range list.Values {
				if err := checkActionVendor(i, a); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func checkActionVendor(stmt int, action string) error {
	vendor, rest, found := strings.Cut(action, ":")
	if !found {
		if action == "*" {
			return nil
		}
		return newError(stmt, MsgActionNoVendor)
	}
	if strings.Contains(rest, ":") {
		return newError(stmt, MsgActionTwoColons)
	}
	if vendor == "*" {
		return nil
	}
	for _, c := range []byte(vendor) {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '.') {
			return newError(stmt, fmt.Sprintf(msgVendorNotValidFmt, vendor))
		}
	}
	return nil
}

func checkIdentity(doc *Document) error {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Principal != nil || st.NotPrincipal != nil {
			return newError(i, MsgPrincipalNotAllowed)
		}
	}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if !hasItems(st.Resource) && !hasItems(st.NotResource) {
			return newError(i, MsgMissingResources)
		}
	}
	return nil
}

// trustActions are the STS actions a trust policy may grant.
var trustActions = []string{
	"sts:assumerole", "sts:assumerolewithsaml", "sts:assumerolewithwebidentity",
	"sts:tagsession", "sts:setsourceidentity", "sts:setcontext",
}

func checkTrust(doc *Document) error {
	for i := range doc.Statements {
		st := &doc.Statements[i]
		for _, a := range st.Action.Values {
			if !isTrustAction(a) {
				return newError(i, MsgTrustActions)
			}
		}
	}
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Resource.Present || st.NotResource.Present {
			return newError(i, MsgResourceProhibited)
		}
	}
	for i := range doc.Statements {
		if err := checkPrincipals(i, &doc.Statements[i]); err != nil {
			return err
		}
	}
	return nil
}

// isTrustAction accepts an STS action of the trust-policy set, allowing
// wildcards that match at least one of them ("sts:AssumeRole*").
func isTrustAction(a string) bool {
	la := strings.ToLower(a)
	return slices.ContainsFunc(trustActions, func(t string) bool { return wildcardMatch(la, t) })
}

func checkResourcePolicy(doc *Document) error {
	for i := range doc.Statements {
		if err := checkPrincipals(i, &doc.Statements[i]); err != nil {
			return err
		}
	}
	return nil
}

// checkPrincipals requires a Principal or NotPrincipal and checks the
// shape of AWS principals: "*", a twelve-digit account, or an ARN.
func checkPrincipals(i int, st *Statement) error {
	pr := st.Principal
	if pr == nil {
		pr = st.NotPrincipal
	}
	if pr == nil {
		return newError(i, MsgMissingPrincipal)
	}
	for _, e := range pr.Entries {
		switch e.Type {
		case PrincipalAWS:
			for _, v := range e.Values {
				if v != "*" && !isAccountID(v) && !strings.HasPrefix(v, "arn:") {
					return newError(i, fmt.Sprintf(msgInvalidPrincipalFmt, "AWS", v))
				}
			}
		case PrincipalService, PrincipalFederated, PrincipalCanonicalUser:
			for _, v := range e.Values {
				if v == "" {
					return newError(i, fmt.Sprintf(msgInvalidPrincipalFmt, e.Type, v))
				}
			}
		default:
			return syntaxError(i, "unknown principal type %q", e.Type)
		}
	}
	return nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// wildcardMatch is a small glob ('*' and '?') used by validation only.
func wildcardMatch(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for k := 0; k <= len(s); k++ {
			if wildcardMatch(pattern[1:], s[k:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && wildcardMatch(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && wildcardMatch(pattern[1:], s[1:])
}
