package condition

import (
	"fmt"

	"github.com/iamd/iamd/policy/internal/pattern"
)

// Condition is one compiled key test of a Condition block: an operator, one
// context key and the policy's values for it.
type Condition struct {
	Op     Operator
	Key    string   // as written in the policy
	Values []string // as written in the policy

	key     string // lower-case, for Context.Lookup
	match   matcher
	null    nullMatcher
	invalid []string
}

// matcher is implemented once per family. matchAny reports whether one
// request value matches at least one of the policy's values under the
// operator's positive test; negation and the set modifiers are applied by
// Condition.Evaluate.
type matcher interface {
	matchAny(v string, ctx *Context) bool
}

// Compile builds a condition. variables says whether the policy language
// version substitutes policy variables (2012-10-17 does, 2008-10-17 does
// not); they are honoured only for the families that support them.
//
// Values that cannot be read for the operator's family (a Numeric value that
// is not a number, say) never match; Invalid lists them so that a caller
// can report them.
func Compile(op Operator, key string, values []string, variables bool) (*Condition, error) {
	if key == "" {
		return nil, fmt.Errorf("condition: %s has an empty key", op.Name)
	}
	c := &Condition{Op: op, Key: key, Values: values, key: lowerASCII(key)}
	vars := variables && op.Family.SupportsVariables()
	switch op.Family {
	case FamilyString:
		c.match = compileString(op.Test, values, vars)
	case FamilyNumeric:
		c.match, c.invalid = compileNumeric(op.Test, values)
	case FamilyDate:
		c.match, c.invalid = compileDate(op.Test, values)
	case FamilyBool:
		c.match, c.invalid = compileBool(values, vars)
	case FamilyBinary:
		c.match = compileBinary(values)
	case FamilyIP:
		c.match, c.invalid = compileIP(values)
	case FamilyARN:
		c.match = compileARN(values, vars)
	case FamilyNull:
		c.null, c.invalid = compileNull(values)
	default:
		return nil, fmt.Errorf("condition: operator %q has no family", op.Name)
	}
	return c, nil
}

// Invalid returns the policy values that the operator cannot interpret.
func (c *Condition) Invalid() []string { return c.invalid }

// LowerKey returns the lower-cased context key the condition reads.
func (c *Condition) LowerKey() string { return c.key }

// compileValues turns policy values into patterns of one dialect.
func compileValues(values []string, d pattern.Dialect, vars bool) []pattern.Pattern {
	out := make([]pattern.Pattern, len(values))
	for i, v := range values {
		out[i] = pattern.Compile(v, d, vars)
	}
	return out
}
