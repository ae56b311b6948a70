package condition

import (
	"strings"

	"github.com/iamd/iamd/policy/internal/pattern"
)

// boolMatcher serves Bool. Values are "true" or "false" in any letter case;
// they may be policy variables, resolved per request.
type boolMatcher struct {
	fixed []bool            // values without variables
	vars  []pattern.Pattern // values with variables
}

// ParseBool reads "true" or "false" in any letter case.
func ParseBool(s string) (value, ok bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

func compileBool(values []string, vars bool) (matcher, []string) {
	m := &boolMatcher{}
	var invalid []string
	for _, v := range values {
		p := pattern.Compile(v, pattern.Literal, vars)
		if p.HasVariables() {
			m.vars = append(m.vars, p)
			continue
		}
		b, ok := ParseBool(v)
		if !ok {
			invalid = append(invalid, v)
			continue
		}
		m.fixed = append(m.fixed, b)
	}
	return m, invalid
}

func (m *boolMatcher) matchAny(v string, ctx *Context) bool {
	x, ok := ParseBool(v)
	if !ok {
		return false
	}
	for _, b := range m.fixed {
		if b == x {
			return true
		}
	}
	for i := range m.vars {
		s, ok := m.vars[i].Expand(ctx)
		if !ok {
			continue
		}
		if b, ok := ParseBool(s); ok && b == x {
			return true
		}
	}
	return false
}
