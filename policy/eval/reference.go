package eval

import (
	"regexp"
	"strings"
	"sync"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/condition"
)

// ReferenceEvaluate decides a request the slow, obvious way, straight from
// AWS's documentation: every statement of every policy is checked in turn,
// wildcards become regular expressions and variables are substituted as
// text. It exists to check the compiled evaluator (see the property test)
// and shares with it only the parsing of numbers, dates, booleans and CIDRs.
func ReferenceEvaluate(inputs []PolicyInput, req *Request) Decision {
	decision := ImplicitDeny
	for _, in := range inputs {
		vars := in.Doc.EffectiveVersion() == policy.Version2012
		for i := range in.Doc.Statements {
			st := &in.Doc.Statements[i]
			if !refStatementApplies(st, req, vars) {
				continue
			}
			if st.Effect == policy.EffectDeny {
				return ExplicitDeny
			}
			decision = Allow
		}
	}
	return decision
}

func refStatementApplies(st *policy.Statement, req *Request, vars bool) bool {
	// Action or NotAction: case-insensitive, '*' and '?' match anything.
	if st.NotAction.Present {
		for _, a := range st.NotAction.Values {
			if refGlob(a, req.Action, true) {
				return false
			}
		}
	} else {
		found := false
		for _, a := range st.Action.Values {
			if refGlob(a, req.Action, true) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	// Principal or NotPrincipal.
	if st.Principal != nil && !refPrincipalListed(st.Principal, req.Principal) {
		return false
	}
	if st.NotPrincipal != nil && (req.Principal == nil || refPrincipalListed(st.NotPrincipal, req.Principal)) {
		return false
	}
	// Resource or NotResource; no element (trust policies) means any.
	list, not := st.Resource, false
	if st.NotResource.Present {
		list, not = st.NotResource, true
	}
	if list.Present {
		found := false
		for _, r := range list.Values {
			if re, ok := refARNRegexp(r, &req.Context, vars); ok && re.MatchString(req.Resource) {
				found = true
			}
		}
		if found == not {
			return false
		}
	}
	// Conditions: every key of every operator must hold.
	for _, block := range st.Condition {
		op, err := condition.ParseOperator(block.Operator)
		if err != nil {
			continue
		}
		for _, key := range block.Keys {
			if !refCondition(op, key, &req.Context, vars && op.Family.SupportsVariables()) {
				return false
			}
		}
	}
	return true
}

func refPrincipalListed(p *policy.Principal, who *Principal) bool {
	if who == nil {
		return false
	}
	if p.Wildcard {
		return true
	}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			if e.Type == policy.PrincipalAWS && v == "*" {
				return true
			}
			if e.Type != who.Type {
				continue
			}
			switch e.Type {
			case policy.PrincipalAWS:
				account := v
				if a, err := arn.Parse(v); err == nil && a.Service == "iam" && a.Resource == "root" {
					account = a.AccountID
				}
				if who.Account != "" && account == who.Account {
					return true
				}
				if who.ARN != "" && v == who.ARN || who.RoleARN != "" && v == who.RoleARN {
					return true
				}
			default:
				if who.ID != "" && v == who.ID {
					return true
				}
			}
		}
	}
	return false
}

// refGlob matches s against a '*'/'?' pattern with a regular expression.
func refGlob(pattern, s string, fold bool) bool {
	var b strings.Builder
	if fold {
		b.WriteString("(?i)")
	}
	b.WriteString("^")
	for _, c := range pattern {
		switch c {
		case '*':
			b.WriteString("(?s:.*)")
		case '?':
			b.WriteString("(?s:.)")
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	return refRegexp(b.String()).MatchString(s)
}

// refCache keeps compiled expressions: the reference is slow by design, but
// the property test runs it hundreds of thousands of times.
var refCache sync.Map

func refRegexp(expr string) *regexp.Regexp {
	if re, ok := refCache.Load(expr); ok {
		return re.(*regexp.Regexp)
	}
	re := regexp.MustCompile(expr)
	refCache.Store(expr, re)
	return re
}

// refVariable matches ${key} and ${key, 'default'}; escapes are handled
// separately.
var refVariable = regexp.MustCompile(`^\$\{\s*([^,'}\s${]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?\}`)

// refSubstitute walks a policy value and calls emit for each piece: literal
// text (with wildcard characters in it, when wild) or a substituted variable
// (always literal). It reports false when a variable cannot be resolved.
func refSubstitute(v string, ctx *Context, vars bool, emit func(text string, fromVar bool, rest string)) bool {
	for len(v) > 0 {
		if vars && strings.HasPrefix(v, "${") {
			switch {
			case strings.HasPrefix(v, "${*}"), strings.HasPrefix(v, "${?}"), strings.HasPrefix(v, "${$}"):
				emit(v[2:3], true, v[4:])
				v = v[4:]
				continue
			}
			if m := refVariable.FindStringSubmatchIndex(v); m != nil {
				key := strings.ToLower(v[m[2]:m[3]])
				vals, ok := ctx.Get(key)
				switch {
				case ok && len(vals) == 1:
					emit(vals[0], true, v[m[1]:])
				case m[4] >= 0:
					emit(strings.ReplaceAll(v[m[4]:m[5]], "''", "'"), true, v[m[1]:])
				default:
					return false
				}
				v = v[m[1]:]
				continue
			}
		}
		emit(v[:1], false, v[1:])
		v = v[1:]
	}
	return true
}

// refARNRegexp turns a Resource or Arn-operator value into a regular
// expression following AWS's rule: wildcards stay within one
// colon-separated segment, except a '*' that ends a segment.
func refARNRegexp(v string, ctx *Context, vars bool) (*regexp.Regexp, bool) {
	type piece struct {
		text    string
		fromVar bool
		rest    string // the policy text after this piece
	}
	var pieces []piece
	if !refSubstitute(v, ctx, vars, func(t string, fromVar bool, rest string) { pieces = append(pieces, piece{t, fromVar, rest}) }) {
		return nil, false
	}
	var b strings.Builder
	b.WriteString("^")
	for _, p := range pieces {
		switch {
		case p.fromVar:
			b.WriteString(regexp.QuoteMeta(p.text))
		case p.text == "*":
			// The policy's next character decides: a '*' that ends a
			// segment (before ':' or at the end) may cross colons.
			if p.rest == "" || p.rest[0] == ':' {
				b.WriteString("(?s:.*)")
			} else {
				b.WriteString("[^:]*")
			}
		case p.text == "?":
			b.WriteString("[^:]")
		default:
			b.WriteString(regexp.QuoteMeta(p.text))
		}
	}
	b.WriteString("$")
	return refRegexp(b.String()), true
}

// refMatchValue reports whether one request value matches one policy value
// under the operator's positive test.
func refMatchValue(op condition.Operator, policyValue, requestValue string, ctx *Context, vars bool) bool {
	switch op.Family {
	case condition.FamilyString:
		var b strings.Builder
		if op.Test == condition.TestEqualsIgnoreCase {
			b.WriteString("(?i)")
		}
		b.WriteString("^")
		ok := refSubstitute(policyValue, ctx, vars, func(t string, fromVar bool, _ string) {
			switch {
			case !fromVar && op.Test == condition.TestLike && t == "*":
				b.WriteString("(?s:.*)")
			case !fromVar && op.Test == condition.TestLike && t == "?":
				b.WriteString("(?s:.)")
			default:
				b.WriteString(regexp.QuoteMeta(t))
			}
		})
		if !ok {
			return false
		}
		b.WriteString("$")
		return refRegexp(b.String()).MatchString(requestValue)
	case condition.FamilyARN:
		re, ok := refARNRegexp(policyValue, ctx, vars)
		return ok && re.MatchString(requestValue)
	case condition.FamilyNumeric:
		x, ok1 := condition.ParseNumber(requestValue)
		p, ok2 := condition.ParseNumber(policyValue)
		return ok1 && ok2 && refCompare(op.Test, x < p, x == p)
	case condition.FamilyDate:
		x, ok1 := condition.ParseDate(requestValue)
		p, ok2 := condition.ParseDate(policyValue)
		return ok1 && ok2 && refCompare(op.Test, x.Before(p), x.Equal(p))
	case condition.FamilyBool:
		var b strings.Builder
		if !refSubstitute(policyValue, ctx, vars, func(t string, _ bool, _ string) { b.WriteString(t) }) {
			return false
		}
		x, ok1 := condition.ParseBool(requestValue)
		p, ok2 := condition.ParseBool(b.String())
		return ok1 && ok2 && x == p
	case condition.FamilyBinary:
		return policyValue == requestValue
	case condition.FamilyIP:
		p, ok := condition.ParseCIDR(policyValue)
		if !ok {
			return false
		}
		a, ok := condition.ParseCIDR(requestValue)
		return ok && a.Bits() == a.Addr().BitLen() && p.Contains(a.Addr())
	}
	return false
}

func refCompare(t condition.Test, less, equal bool) bool {
	switch t {
	case condition.TestEquals:
		return equal
	case condition.TestLessThan:
		return less
	case condition.TestLessThanEquals:
		return less || equal
	case condition.TestGreaterThan:
		return !less && !equal
	case condition.TestGreaterThanEquals:
		return !less
	}
	return false
}

// refCondition evaluates one key of a condition block as the documentation
// describes it, spelled out case by case.
func refCondition(op condition.Operator, key policy.ConditionKey, ctx *Context, vars bool) bool {
	vals, present := ctx.Get(key.Key)
	if op.Family == condition.FamilyNull {
		for _, v := range key.Values {
			if b, ok := condition.ParseBool(v); ok && b == !present {
				return true
			}
		}
		return false
	}
	// pass says whether one request value satisfies the operator: matches
	// some policy value, or for a negated operator matches none (NOR).
	pass := func(rv string) bool {
		matched := false
		for _, pv := range key.Values {
			if refMatchValue(op, pv, rv, ctx, vars) {
				matched = true
			}
		}
		return matched != op.Negated
	}
	if !present {
		if op.IfExists {
			return true
		}
		switch op.Set {
		case condition.SetForAllValues:
			return true // vacuously: no value fails
		case condition.SetForAnyValue:
			return false // no value passes
		}
		return op.Negated // "not equal to any" holds for a missing key
	}
	switch op.Set {
	case condition.SetForAllValues:
		for _, rv := range vals {
			if !pass(rv) {
				return false
			}
		}
		return true
	case condition.SetForAnyValue:
		for _, rv := range vals {
			if pass(rv) {
				return true
			}
		}
		return false
	}
	if op.Negated {
		for _, rv := range vals {
			if !pass(rv) {
				return false
			}
		}
		return true
	}
	for _, rv := range vals {
		if pass(rv) {
			return true
		}
	}
	return false
}
