package condition

import "github.com/iamd/iamd/policy/internal/pattern"

// arnMatcher serves ArnEquals, ArnLike, ArnNotEquals and ArnNotLike, which AWS
// defines identically: a case-sensitive match in which each colon-separated
// part may hold '*' and '?' wildcards.
type arnMatcher struct {
	pats []pattern.Pattern
}

func compileARN(values []string, vars bool) matcher {
	return &arnMatcher{pats: compileValues(values, pattern.ARN, vars)}
}

func (m *arnMatcher) matchAny(v string, ctx *Context) bool {
	for i := range m.pats {
		if m.pats[i].Match(v, ctx, false) {
			return true
		}
	}
	return false
}
