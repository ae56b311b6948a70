// Package condition implements the IAM condition operators: one file per
// family (string, numeric, date, bool, binary, ipaddr, arn, null), with the
// ...IfExists, ForAllValues and ForAnyValue modifiers applied in one place,
// modifiers.go.
//
// A Condition is compiled once, from an operator name, a key and the policy's
// values, into a value whose Evaluate method runs without allocating.
package condition

import (
	"errors"
	"strings"
)

// Family is a group of operators that compare the same kind of value.
type Family uint8

// The operator families, as AWS's documentation groups them.
const (
	FamilyString Family = iota + 1
	FamilyNumeric
	FamilyDate
	FamilyBool
	FamilyBinary
	FamilyIP
	FamilyARN
	FamilyNull
)

// Test is the comparison an operator makes, before negation.
type Test uint8

// The comparisons. Negated operators (StringNotEquals, NotIpAddress, ...)
// use the test of their positive twin with Operator.Negated set.
const (
	TestEquals Test = iota + 1
	TestEqualsIgnoreCase
	TestLike
	TestLessThan
	TestLessThanEquals
	TestGreaterThan
	TestGreaterThanEquals
	TestIPAddress
	TestNull
)

// SetModifier is the ForAllValues: or ForAnyValue: prefix, if any.
type SetModifier uint8

// The set modifiers.
const (
	SetNone SetModifier = iota
	SetForAllValues
	SetForAnyValue
)

// Operator is a parsed condition operator name such as
// "ForAnyValue:StringNotLikeIfExists".
type Operator struct {
	Name     string // as written in the policy
	Base     string // without modifiers, e.g. "StringNotLike"
	Family   Family
	Test     Test
	Negated  bool
	IfExists bool
	Set      SetModifier
}

// ErrUnknownOperator is wrapped by ParseOperator's errors.
var ErrUnknownOperator = errors.New("unknown condition operator")

type opSpec struct {
	family  Family
	test    Test
	negated bool
}

// operators maps every base operator name to its meaning. The names are
// case-sensitive, as in AWS's grammar.
var operators = map[string]opSpec{
	"StringEquals":              {FamilyString, TestEquals, false},
	"StringNotEquals":           {FamilyString, TestEquals, true},
	"StringEqualsIgnoreCase":    {FamilyString, TestEqualsIgnoreCase, false},
	"StringNotEqualsIgnoreCase": {FamilyString, TestEqualsIgnoreCase, true},
	"StringLike":                {FamilyString, TestLike, false},
	"StringNotLike":             {FamilyString, TestLike, true},
	"NumericEquals":             {FamilyNumeric, TestEquals, false},
	"NumericNotEquals":          {FamilyNumeric, TestEquals, true},
	"NumericLessThan":           {FamilyNumeric, TestLessThan, false},
	"NumericLessThanEquals":     {FamilyNumeric, TestLessThanEquals, false},
	"NumericGreaterThan":        {FamilyNumeric, TestGreaterThan, false},
	"NumericGreaterThanEquals":  {FamilyNumeric, TestGreaterThanEquals, false},
	"DateEquals":                {FamilyDate, TestEquals, false},
	"DateNotEquals":             {FamilyDate, TestEquals, true},
	"DateLessThan":              {FamilyDate, TestLessThan, false},
	"DateLessThanEquals":        {FamilyDate, TestLessThanEquals, false},
	"DateGreaterThan":           {FamilyDate, TestGreaterThan, false},
	"DateGreaterThanEquals":     {FamilyDate, TestGreaterThanEquals, false},
	"Bool":                      {FamilyBool, TestEquals, false},
	"BinaryEquals":              {FamilyBinary, TestEquals, false},
	"IpAddress":                 {FamilyIP, TestIPAddress, false},
	"NotIpAddress":              {FamilyIP, TestIPAddress, true},
	"ArnEquals":                 {FamilyARN, TestLike, false},
	"ArnLike":                   {FamilyARN, TestLike, false},
	"ArnNotEquals":              {FamilyARN, TestLike, true},
	"ArnNotLike":                {FamilyARN, TestLike, true},
	"Null":                      {FamilyNull, TestNull, false},
}

// ParseOperator parses an operator name with its optional set prefix and
// IfExists suffix.
func ParseOperator(name string) (Operator, error) {
	op := Operator{Name: name}
	base := name
	if rest, ok := strings.CutPrefix(base, "ForAllValues:"); ok {
		op.Set, base = SetForAllValues, rest
	} else if rest, ok := strings.CutPrefix(base, "ForAnyValue:"); ok {
		op.Set, base = SetForAnyValue, rest
	}
	spec, ok := operators[base]
	if !ok {
		if trimmed, cut := strings.CutSuffix(base, "IfExists"); cut && trimmed != "Null" {
			spec, ok = operators[trimmed]
			op.IfExists, base = ok, trimmed
		}
	}
	if !ok {
		return Operator{}, &operatorError{name}
	}
	op.Base, op.Family, op.Test, op.Negated = base, spec.family, spec.test, spec.negated
	return op, nil
}

type operatorError struct{ name string }

func (e *operatorError) Error() string { return "condition: unknown operator " + quote(e.name) }
func (e *operatorError) Unwrap() error { return ErrUnknownOperator }

func quote(s string) string {
	if len(s) > 100 {
		s = s[:100] + "..."
	}
	return `"` + s + `"`
}

// SupportsVariables reports whether policy variables are substituted in the
// operator's values. AWS documents them for the String, Bool and ARN
// operators only; elsewhere "${...}" is literal text.
func (f Family) SupportsVariables() bool {
	return f == FamilyString || f == FamilyBool || f == FamilyARN
}

// String names the family.
func (f Family) String() string {
	switch f {
	case FamilyString:
		return "String"
	case FamilyNumeric:
		return "Numeric"
	case FamilyDate:
		return "Date"
	case FamilyBool:
		return "Bool"
	case FamilyBinary:
		return "Binary"
	case FamilyIP:
		return "IpAddress"
	case FamilyARN:
		return "Arn"
	case FamilyNull:
		return "Null"
	}
	return "Unknown"
}
