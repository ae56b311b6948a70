package condition

import "strconv"

// numericMatcher serves the Numeric operators. Values are parsed once; a
// request value that is not a number matches nothing.
type numericMatcher struct {
	test Test
	nums []float64
}

// ParseNumber reads a condition value as AWS's Numeric operators do: an
// integer or a decimal number.
func ParseNumber(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f { // NaN never compares
		return 0, false
	}
	return f, true
}

func compileNumeric(t Test, values []string) (matcher, []string) {
	m := &numericMatcher{test: t}
	var invalid []string
	for _, v := range values {
		f, ok := ParseNumber(v)
		if !ok {
			invalid = append(invalid, v)
			continue
		}
		m.nums = append(m.nums, f)
	}
	return m, invalid
}

func (m *numericMatcher) matchAny(v string, _ *Context) bool {
	x, ok := ParseNumber(v)
	if !ok {
		return false
	}
	for _, p := range m.nums {
		if compareOrdered(m.test, cmpFloat(x, p)) {
			return true
		}
	}
	return false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// compareOrdered turns a three-way comparison of request value against policy
// value into the operator's answer.
func compareOrdered(t Test, c int) bool {
	switch t {
	case TestEquals:
		return c == 0
	case TestLessThan:
		return c < 0
	case TestLessThanEquals:
		return c <= 0
	case TestGreaterThan:
		return c > 0
	case TestGreaterThanEquals:
		return c >= 0
	}
	return false
}
