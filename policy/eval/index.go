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
// every request. The statements under each pattern form a group, indexed in
// turn by resource (resindex.go).
type actionIndex struct {
	services  foldTable // service prefix -> index into svc
	svc       []serviceIndex
	matchAll  group       // statements with Action "*" (or "*:*")
	wild      []globEntry // patterns with a wildcard in, or no, service part
	notAction []int32     // NotAction statements
}

type serviceIndex struct {
	all      group       // "svc:*"
	exact    foldTable   // action name -> index into lists
	lists    []group     // statement groups for exact names
	prefixes []prefixEnt // "svc:Prefix*", sorted by prefix
	globs    []globEntry // other wildcard patterns of the service
}

type prefixEnt struct {
	prefix string // lower-case action-name prefix
	stmts  group
}

type globEntry struct {
	pat   pattern.Pattern // lower-case, matched with case folding
	stmts group
}

// indexBuilder collects patterns, merging identical ones so that each is
// tested once per request however many statements use it. Patterns are
// keyed in fold tables, so that only a pattern seen for the first time
// costs a lower-cased copy.
type indexBuilder struct {
	idx      actionIndex
	matchAll []int32
	svc      []serviceLists
	wild     keyedLists // whole patterns with a wildcard in, or no, service part
}

// serviceLists are one service's statement lists before they become groups.
type serviceLists struct {
	all      []int32
	exact    [][]int32   // indexed by the values of serviceIndex.exact
	prefixes *keyedLists // nil until the service has one
	globs    *keyedLists
}

// keyedLists are statement lists keyed by a lower-case pattern.
type keyedLists struct {
	keys  foldTable
	lists [][]int32
}

// addKeyed adds id to the list of key in *k, which it creates if nil.
func addKeyed(k **keyedLists, key string, id int32) {
	if *k == nil {
		*k = &keyedLists{}
	}
	(*k).add(key, id)
}

func (k *keyedLists) add(key string, id int32) {
	i := k.keys.put(key, func() int32 {
		k.lists = append(k.lists, nil)
		return int32(len(k.lists) - 1)
	})
	k.lists[i] = appendOnce(k.lists[i], id)
}

func newIndexBuilder() *indexBuilder {
	return &indexBuilder{}
}

func (b *indexBuilder) addNotAction(id int32) {
	b.idx.notAction = append(b.idx.notAction, id)
}

// addAction indexes one Action pattern of statement id, in any letter case.
func (b *indexBuilder) addAction(a string, id int32) {
	if !isASCII(a) {
		a = strings.ToLower(a) // fold tables fold ASCII letters only
	}
	if a == "*" || a == "*:*" {
		b.matchAll = appendOnce(b.matchAll, id)
		return
	}
	service, name, found := strings.Cut(a, ":")
	if !found || service == "" || name == "" || strings.ContainsAny(service, "*?") {
		b.wild.add(a, id)
		return
	}
	si := b.idx.services.put(service, func() int32 {
		b.svc = append(b.svc, serviceLists{})
		b.idx.svc = append(b.idx.svc, serviceIndex{})
		return int32(len(b.svc) - 1)
	})
	sv := &b.svc[si]
	wildAt := strings.IndexAny(name, "*?")
	switch {
	case name == "*":
		sv.all = appendOnce(sv.all, id)
	case wildAt < 0:
		li := b.idx.svc[si].exact.put(name, func() int32 {
			sv.exact = append(sv.exact, nil)
			return int32(len(sv.exact) - 1)
		})
		sv.exact[li] = appendOnce(sv.exact[li], id)
	case wildAt == len(name)-1 && name[wildAt] == '*':
		addKeyed(&sv.prefixes, name[:wildAt], id)
	default:
		addKeyed(&sv.globs, name, id)
	}
}

func appendOnce(list []int32, id int32) []int32 {
	if n := len(list); n > 0 && list[n-1] == id {
		return list
	}
	return append(list, id)
}

// build turns the lists into groups indexed by resource, and marks the
// statements that a request may reach more than once.
func (b *indexBuilder) build(stmts []stmt) actionIndex {
	x := &b.idx
	x.matchAll = newGroup(b.matchAll, stmts)
	for si := range b.svc {
		lists, sv := &b.svc[si], &x.svc[si]
		sv.all = newGroup(lists.all, stmts)
		sv.lists = make([]group, len(lists.exact))
		for i, ids := range lists.exact {
			sv.lists[i] = newGroup(ids, stmts)
		}
		if k := lists.prefixes; k != nil {
			sv.prefixes = make([]prefixEnt, 0, k.keys.n)
			k.keys.each(func(p string, i int32) {
				sv.prefixes = append(sv.prefixes, prefixEnt{prefix: p, stmts: newGroup(k.lists[i], stmts)})
			})
			sort.Slice(sv.prefixes, func(i, j int) bool { return sv.prefixes[i].prefix < sv.prefixes[j].prefix })
		}
		if k := lists.globs; k != nil {
			sv.globs = make([]globEntry, 0, k.keys.n)
			k.keys.each(func(g string, i int32) {
				sv.globs = append(sv.globs, globEntry{pat: pattern.Compile(g, pattern.Glob, false), stmts: newGroup(k.lists[i], stmts)})
			})
			sort.Slice(sv.globs, func(i, j int) bool { return sv.globs[i].pat.String() < sv.globs[j].pat.String() })
		}
	}
	b.wild.keys.each(func(a string, i int32) {
		x.wild = append(x.wild, globEntry{pat: pattern.Compile(a, pattern.Glob, false), stmts: newGroup(b.wild.lists[i], stmts)})
	})
	sort.Slice(x.wild, func(i, j int) bool { return x.wild[i].pat.String() < x.wild[j].pat.String() })
	markRevisits(x, stmts)
	return *x
}

// candidates calls visit for each statement whose Action matches the
// request's action and whose Resource may match its resource; a statement
// may be visited more than once (see markRevisits). NotAction statements
// are visited when none of their patterns match. visit returns false to
// stop early.
func (x *actionIndex) candidates(req *Request, s *Set, visit func(id int32) bool) bool {
	action, resource := req.Action, req.Resource
	if !x.matchAll.visit(resource, visit) {
		return false
	}
	if colon := strings.IndexByte(action, ':'); colon > 0 {
		if si, ok := x.services.get(action[:colon]); ok {
			if !x.svc[si].candidates(action[colon+1:], resource, visit) {
				return false
			}
		}
	}
	for i := range x.wild {
		if x.wild[i].pat.Match(action, nil, true) && !x.wild[i].stmts.visit(resource, visit) {
			return false
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

func (sv *serviceIndex) candidates(name, resource string, visit func(id int32) bool) bool {
	if !sv.all.visit(resource, visit) {
		return false
	}
	if li, ok := sv.exact.get(name); ok && !sv.lists[li].visit(resource, visit) {
		return false
	}
	for i := range sv.prefixes {
		p := &sv.prefixes[i]
		if hasPrefixFoldASCII(name, p.prefix) && !p.stmts.visit(resource, visit) {
			return false
		}
	}
	for i := range sv.globs {
		if sv.globs[i].pat.Match(name, nil, true) && !sv.globs[i].stmts.visit(resource, visit) {
			return false
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
