package eval

import (
	"sort"
	"strings"
)

// minResourceIndexed is the size from which a group of statements is
// indexed by resource: below it, testing each statement's resources costs
// less than the lookup.
const minResourceIndexed = 4

// group is the statements found under one action pattern, split by
// resource so that a request visits only those whose Resource could match
// its resource. A resource pattern can only match ARNs that start with its
// literal prefix (the text before its first wildcard or variable, compared
// exactly), so statements are filed under those prefixes; statements with
// Resource "*", NotResource, no Resource, or a pattern that starts with a
// wildcard or variable are visited for every request.
type group struct {
	always   []int32
	byPrefix *prefixIndex // nil when no statement is filed by prefix
}

// prefixIndex files statements under the literal prefixes of their
// resource patterns. Finding every prefix of a resource takes one binary
// search: the prefixes of r are all prefixes of the greatest prefix p <= r
// (anything between a prefix q of r and r starts with q), so they are the
// ancestors of p, in the chain of longest proper prefixes, that are no
// longer than the common prefix of p and r.
type prefixIndex struct {
	prefixes []string // sorted and distinct
	parent   []int32  // index of the longest proper prefix of prefixes[i] in prefixes, or -1
	start    []int32  // statements of prefixes[i] are ids[start[i]:start[i+1]]
	ids      []int32
}

// newGroup splits the statement ids (ascending) of one action pattern.
func newGroup(ids []int32, stmts []stmt) group {
	if len(ids) < minResourceIndexed {
		return group{always: ids}
	}
	var g group
	filed := map[string][]int32{}
	for _, id := range ids {
		prefixes, ok := resourcePrefixes(&stmts[id])
		if !ok {
			g.always = append(g.always, id)
			continue
		}
		for _, p := range prefixes {
			filed[p] = appendOnce(filed[p], id)
		}
	}
	if len(filed) == 0 {
		return group{always: ids}
	}
	x := &prefixIndex{}
	for p := range filed {
		x.prefixes = append(x.prefixes, p)
	}
	sort.Strings(x.prefixes)
	var chain []int32 // the current prefix's ancestors, innermost last
	for i, p := range x.prefixes {
		for len(chain) > 0 && !strings.HasPrefix(p, x.prefixes[chain[len(chain)-1]]) {
			chain = chain[:len(chain)-1]
		}
		parent := int32(-1)
		if len(chain) > 0 {
			parent = chain[len(chain)-1]
		}
		x.parent = append(x.parent, parent)
		chain = append(chain, int32(i))
		x.start = append(x.start, int32(len(x.ids)))
		x.ids = append(x.ids, filed[p]...)
	}
	x.start = append(x.start, int32(len(x.ids)))
	g.byPrefix = x
	return g
}

// resourcePrefixes returns the distinct literal prefixes of a statement's
// Resource patterns, or false when the statement must be checked whatever
// the resource.
func resourcePrefixes(st *stmt) ([]string, bool) {
	if st.anyResource || st.notResource || len(st.resources) == 0 {
		return nil, false
	}
	var out []string
	for i := range st.resources {
		p := st.resources[i].LiteralPrefix()
		if p == "" {
			return nil, false
		}
		if !containsString(out, p) {
			out = append(out, p)
		}
	}
	return out, true
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// visit calls fn for the statements that may match resource: those always
// visited, then those filed under a prefix of resource, longest prefix
// first. It returns false when fn stops the walk.
func (g *group) visit(resource string, fn func(id int32) bool) bool {
	for _, id := range g.always {
		if !fn(id) {
			return false
		}
	}
	if g.byPrefix == nil {
		return true
	}
	return g.byPrefix.visit(resource, fn)
}

func (x *prefixIndex) visit(resource string, fn func(id int32) bool) bool {
	// i = the greatest prefix <= resource.
	lo, hi := 0, len(x.prefixes)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if x.prefixes[m] <= resource {
			lo = m + 1
		} else {
			hi = m
		}
	}
	i := int32(lo - 1)
	if i < 0 {
		return true
	}
	common := commonPrefixLen(x.prefixes[i], resource)
	for i >= 0 && len(x.prefixes[i]) > common {
		i = x.parent[i]
	}
	for ; i >= 0; i = x.parent[i] {
		for _, id := range x.ids[x.start[i]:x.start[i+1]] {
			if !fn(id) {
				return false
			}
		}
	}
	return true
}

func commonPrefixLen(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

// each calls fn for every statement of the group with the prefix it is
// filed under ("" for those always visited), for the compile-time analysis
// of which statements can be reached twice.
func (g *group) each(fn func(id int32, prefix string)) {
	for _, id := range g.always {
		fn(id, "")
	}
	if x := g.byPrefix; x != nil {
		for i, p := range x.prefixes {
			for _, id := range x.ids[x.start[i]:x.start[i+1]] {
				fn(id, p)
			}
		}
	}
}
