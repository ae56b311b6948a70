package eval

import (
	"sort"
	"strings"

	"github.com/iamd/iamd/policy/internal/pattern"
)

// actionIndex finds the statements whose Action matches a request's action
// without testing every pattern. Patterns are grouped by service prefix; in
// each service, exact names are hashed, "Prefix*" patterns kept as sorted
// literal prefixes, and other wildcards tested one by one. Patterns whose
// service part has a wildcard, and NotAction statements, are checked for
// every request.
type actionIndex struct {
	services  foldTable // service prefix -> index into svc
	svc       []serviceIndex
	matchAll  []int32     // statements with Action "*" (or "*:*")
	wild      []globEntry // patterns with a wildcard in the service part
	notAction []int32     // NotAction statements
}

type serviceIndex struct {
	all      []int32     // "svc:*"
	exact    foldTable   // action name -> index into lists
	lists    [][]int32   // statement lists for exact names
	prefixes []prefixEnt // "svc:Prefix*", sorted by prefix
	globs    []globEntry // other wildcard patterns of the service
}

type prefixEnt struct {
	prefix string // lower-case action-name prefix
	stmts  []int32
}

type globEntry struct {
	pat   pattern.Pattern // lower-case, matched with case folding
	stmts []int32
}

// indexBuilder collects patterns, merging identical ones so that each is
// tested once per request however many statements use it.
type indexBuilder struct {
	idx      actionIndex
	prefixes []map[string][]int32
	globs    []map[string][]int32
	wild     map[string][]int32
}

func newIndexBuilder() *indexBuilder {
	return &indexBuilder{wild: map[string][]int32{}}
}

func (b *indexBuilder) addNotAction(id int32) {
	b.idx.notAction = append(b.idx.notAction, id)
}

// addAction indexes one lower-cased Action pattern of statement id.
func (b *indexBuilder) addAction(a string, id int32) {
	if a == "*" || a == "*:*" {
		b.idx.matchAll = appendOnce(b.idx.matchAll, id)
		return
	}
	service, name, found := strings.Cut(a, ":")
	if !found || strings.ContainsAny(service, "*?") {
		b.wild[a] = appendOnce(b.wild[a], id)
		return
	}
	si := b.idx.services.put(service, func() int32 {
		b.idx.svc = append(b.idx.svc, serviceIndex{})
		b.prefixes = append(b.prefixes, map[string][]int32{})
		b.globs = append(b.globs, map[string][]int32{})
		return int32(len(b.idx.svc) - 1)
	})
	sv := &b.idx.svc[si]
	wildAt := strings.IndexAny(name, "*?")
	switch {
	case name == "*":
		sv.all = appendOnce(sv.all, id)
	case wildAt < 0:
		li := sv.exact.put(name, func() int32 {
			sv.lists = append(sv.lists, nil)
			return int32(len(sv.lists) - 1)
		})
		sv.lists[li] = appendOnce(sv.lists[li], id)
	case wildAt == len(name)-1 && name[wildAt] == '*':
		p := name[:wildAt]
		b.prefixes[si][p] = appendOnce(b.prefixes[si][p], id)
	default:
		b.globs[si][name] = appendOnce(b.globs[si][name], id)
	}
}

func appendOnce(list []int32, id int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == id {
		return list
	}
	return append(list, id)
}

func (b *indexBuilder) build() actionIndex {
	for si := range b.idx.svc {
		sv := &b.idx.svc[si]
		for p, ids := range b.prefixes[si] {
			sv.prefixes = append(sv.prefixes, prefixEnt{prefix: p, stmts: ids})
		}
		sort.Slice(sv.prefixes, func(i, j int) bool { return sv.prefixes[i].prefix < sv.prefixes[j].prefix })
		for g, ids := range b.globs[si] {
			sv.globs = append(sv.globs, globEntry{pat: pattern.Compile(g, pattern.Glob, false), stmts: ids})
		}
		sort.Slice(sv.globs, func(i, j int) bool { return sv.globs[i].pat.String() < sv.globs[j].pat.String() })
	}
	for a, ids := range b.wild {
		b.idx.wild = append(b.idx.wild, globEntry{pat: pattern.Compile(a, pattern.Glob, false), stmts: ids})
	}
	sort.Slice(b.idx.wild, func(i, j int) bool { return b.idx.wild[i].pat.String() < b.idx.wild[j].pat.String() })
	return b.idx
}

// candidates calls visit for each statement whose Action matches the
// action; a statement may be visited more than once. NotAction statements
// are visited when none of their patterns match. visit returns false to
// stop early.
func (x *actionIndex) candidates(action string, s *Set, visit func(id int32) bool) bool {
	for _, id := range x.matchAll {
		if !visit(id) {
			return false
		}
	}
	if colon := strings.IndexByte(action, ':'); colon > 0 {
		if si, ok := x.services.get(action[:colon]); ok {
			if !x.svc[si].candidates(action[colon+1:], visit) {
				return false
			}
		}
	}
	for i := range x.wild {
		if x.wild[i].pat.Match(action, nil, true) {
			for _, id := range x.wild[i].stmts {
				if !visit(id) {
					return false
				}
			}
		}
	}
	for _, id := range x.notAction {
		if !notActionMatches(s.stmts[id].notAction, action) {
			if !visit(id) {
				return false
			}
		}
	}
	return true
}

func (sv *serviceIndex) candidates(name string, visit func(id int32) bool) bool {
	for _, id := range sv.all {
		if !visit(id) {
			return false
		}
	}
	if li, ok := sv.exact.get(name); ok {
		for _, id := range sv.lists[li] {
			if !visit(id) {
				return false
			}
		}
	}
	for i := range sv.prefixes {
		p := &sv.prefixes[i]
		if hasPrefixFoldASCII(name, p.prefix) {
			for _, id := range p.stmts {
				if !visit(id) {
					return false
				}
			}
		}
	}
	for i := range sv.globs {
		if sv.globs[i].pat.Match(name, nil, true) {
			for _, id := range sv.globs[i].stmts {
				if !visit(id) {
					return false
				}
			}
		}
	}
	return true
}

func notActionMatches(pats []pattern.Pattern, action string) bool {
	for i := range pats {
		if pats[i].Match(action, nil, true) {
			return true
		}
	}
	return false
}
