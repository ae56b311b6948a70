package condition

import "github.com/iamd/iamd/policy/internal/pattern"

// stringMatcher serves StringEquals, StringEqualsIgnoreCase and StringLike
// and their negations. Values may hold policy variables; StringLike values
// may hold '*' and '?' wildcards, which match across any character.
type stringMatcher struct {
	pats []pattern.Pattern
	fold bool
}

func compileString(t Test, values []string, vars bool) matcher {
	d := pattern.Literal
	if t == TestLike {
		d = pattern.Glob
	}
	return &stringMatcher{pats: compileValues(values, d, vars), fold: t == TestEqualsIgnoreCase}
}

func (m *stringMatcher) matchAny(v string, ctx *Context) bool {
	for i := range m.pats {
		if m.pats[i].Match(v, ctx, m.fold) {
			return true
		}
	}
	return false
}
