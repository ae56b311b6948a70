package eval

import "strings"

// A statement is filed once per Action pattern and once per resource
// prefix, so one request may reach it more than once: "s3:*" and
// "s3:Get*" both match s3:GetObject. Evaluation must then not count it
// twice (EvaluateAll's evidence) nor test it twice (time). Most statements
// cannot be reached twice, since their patterns exclude one another
// ("s3:Get*" and "s3:List*", bucket-a/* and bucket-b/*); markRevisits
// finds those at compile time so that evaluation deduplicates only the
// others.

// slot is one place where the index files a statement.
type slot struct {
	service string // "" for patterns that may match any service
	kind    slotKind
	name    string // the exact name or the prefix, lower-case
	prefix  string // resource prefix; "" when visited for every resource
}

type slotKind uint8

const (
	slotAnyAction slotKind = iota // "*", a wildcard service, or NotAction
	slotService                   // "svc:*"
	slotExact                     // "svc:Name"
	slotPrefix                    // "svc:Name*", or a glob's literal prefix
)

// maxSlotsAnalysed bounds the pairwise analysis; a statement filed more
// often than this (ReadOnlyAccess names 2,744 actions) is simply assumed
// reachable twice.
const maxSlotsAnalysed = 16

// markRevisits sets stmt.revisit for each statement two of whose slots may
// both be reached by one request.
func markRevisits(x *actionIndex, stmts []stmt) {
	// Most statements are filed once: count first, and keep the slots of
	// the others only.
	counts := make([]int32, len(stmts))
	walkSlots(x, func(id int32, _ slot) { counts[id]++ })
	slots := map[int32][]slot{}
	walkSlots(x, func(id int32, s slot) {
		if n := counts[id]; n > 1 && n <= maxSlotsAnalysed {
			slots[id] = append(slots[id], s)
		}
	})
	for id, n := range counts {
		stmts[id].revisit = n > maxSlotsAnalysed || n > 1 && anyOverlap(slots[int32(id)])
	}
}

// walkSlots calls fn for every place where the index files a statement.
func walkSlots(x *actionIndex, fn func(id int32, s slot)) {
	walk := func(g *group, s slot) {
		g.each(func(id int32, prefix string) {
			s.prefix = prefix
			fn(id, s)
		})
	}
	walk(&x.matchAll, slot{kind: slotAnyAction})
	for i := range x.wild {
		walk(&x.wild[i].stmts, slot{kind: slotAnyAction})
	}
	for _, id := range x.notAction {
		fn(id, slot{kind: slotAnyAction})
	}
	x.services.each(func(service string, si int32) {
		sv := &x.svc[si]
		walk(&sv.all, slot{service: service, kind: slotService})
		sv.exact.each(func(name string, li int32) {
			walk(&sv.lists[li], slot{service: service, kind: slotExact, name: name})
		})
		for i := range sv.prefixes {
			walk(&sv.prefixes[i].stmts, slot{service: service, kind: slotPrefix, name: sv.prefixes[i].prefix})
		}
		for i := range sv.globs {
			// Whatever a glob matches starts with its literal prefix.
			walk(&sv.globs[i].stmts, slot{service: service, kind: slotPrefix, name: sv.globs[i].pat.LiteralPrefix()})
		}
	})
}

func anyOverlap(list []slot) bool {
	for i := range list {
		for j := i + 1; j < len(list); j++ {
			if list[i].overlaps(&list[j]) {
				return true
			}
		}
	}
	return false
}

// overlaps reports whether one request may reach both slots.
func (a *slot) overlaps(b *slot) bool {
	return a.actionsOverlap(b) && prefixesOverlap(a.prefix, b.prefix)
}

func (a *slot) actionsOverlap(b *slot) bool {
	switch {
	case a.kind == slotAnyAction || b.kind == slotAnyAction:
		return true
	case a.service != b.service:
		return false
	case a.kind == slotService || b.kind == slotService:
		return true
	case a.kind == slotExact && b.kind == slotExact:
		return a.name == b.name
	case a.kind == slotExact:
		return strings.HasPrefix(a.name, b.name)
	case b.kind == slotExact:
		return strings.HasPrefix(b.name, a.name)
	}
	return prefixesOverlap(a.name, b.name)
}

// prefixesOverlap reports whether some string starts with both prefixes.
func prefixesOverlap(a, b string) bool {
	return strings.HasPrefix(a, b) || strings.HasPrefix(b, a)
}
