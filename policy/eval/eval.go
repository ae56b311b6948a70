package eval

import (
	"fmt"

	"github.com/iamd/iamd/policy"
)

// Decision is the outcome of evaluating one Set.
type Decision uint8

// The decisions. ImplicitDeny covers AWS's "not applicable": no statement
// allowed the request and none denied it.
const (
	ImplicitDeny Decision = iota
	Allow
	ExplicitDeny
)

// String names the decision as AWS's policy simulator does.
func (d Decision) String() string {
	switch d {
	case Allow:
		return "allowed"
	case ExplicitDeny:
		return "explicitDeny"
	}
	return "implicitDeny"
}

// Match identifies a statement that matched a request.
type Match struct {
	Policy    int    // index of the policy in the Set's inputs
	Ref       string // the policy's Ref
	Kind      policy.Kind
	Statement int    // index of the statement in its policy
	Sid       string // the statement's Sid, if any
	Effect    string // "Allow" or "Deny"
	Span      policy.Span
}

// Result is a decision and the statement that made it: the first matching
// Deny for ExplicitDeny, the first matching Allow for Allow. Deciding is the
// zero Match (Policy -1) for ImplicitDeny.
type Result struct {
	Decision Decision
	Deciding Match
}

// Evidence collects everything EvaluateAll finds. Reuse one across requests
// to avoid allocating: EvaluateAll resets it.
type Evidence struct {
	Matches []Match // every matching statement, Deny and Allow
	Errors  []error // conditions whose policy values could not be read
}

// Evaluate decides a request. It stops at the first matching Deny and
// does not allocate.
func (s *Set) Evaluate(req *Request) Result {
	var seen bitset
	seen.init(len(s.stmts))
	res := Result{Deciding: Match{Policy: -1}}
	s.index.candidates(req, s, func(id int32) bool {
		st := &s.stmts[id]
		if res.Decision == Allow && !st.deny {
			return true // another Allow cannot change the outcome
		}
		if st.revisit && !seen.first(id) {
			return true
		}
		if !st.applies(req) {
			return true
		}
		if st.deny {
			res = Result{Decision: ExplicitDeny, Deciding: s.match(id)}
			return false
		}
		res = Result{Decision: Allow, Deciding: s.match(id)}
		return true
	})
	return res
}

// EvaluateAll decides a request and records every matching statement in
// ev, in the order of the policies and of their statements.
func (s *Set) EvaluateAll(req *Request, ev *Evidence) Decision {
	ev.Matches, ev.Errors = ev.Matches[:0], ev.Errors[:0]
	var seen bitset
	seen.init(len(s.stmts))
	decision := ImplicitDeny
	s.index.candidates(req, s, func(id int32) bool {
		st := &s.stmts[id]
		if st.revisit && (!seen.first(id) || !seen.on && ev.has(st)) {
			return true
		}
		if !st.applies(req) {
			return true
		}
		if st.invalid {
			ev.Errors = append(ev.Errors, fmt.Errorf("eval: policy %s statement %d has condition values that cannot be read",
				s.inputs[st.policy].Ref, st.index))
		}
		ev.Matches = append(ev.Matches, s.match(id))
		switch {
		case st.deny:
			decision = ExplicitDeny
		case decision == ImplicitDeny:
			decision = Allow
		}
		return true
	})
	ev.sortMatches()
	return decision
}

// has reports whether st is already among the matches; it deduplicates
// sets too large for the bitset.
func (ev *Evidence) has(st *stmt) bool {
	for i := range ev.Matches {
		if m := &ev.Matches[i]; m.Policy == int(st.policy) && m.Statement == int(st.index) {
			return true
		}
	}
	return false
}

// sortMatches puts the matches in policy and statement order, whatever
// order the index found them in. Matches are few: an insertion sort, which
// does not allocate, suffices.
func (ev *Evidence) sortMatches() {
	m := ev.Matches
	for i := 1; i < len(m); i++ {
		for j := i; j > 0 && m[j].before(&m[j-1]); j-- {
			m[j], m[j-1] = m[j-1], m[j]
		}
	}
}

func (m *Match) before(o *Match) bool {
	return m.Policy < o.Policy || m.Policy == o.Policy && m.Statement < o.Statement
}

func (s *Set) match(id int32) Match {
	st := &s.stmts[id]
	effect := policy.EffectAllow
	if st.deny {
		effect = policy.EffectDeny
	}
	in := &s.inputs[st.policy]
	return Match{
		Policy: int(st.policy), Ref: in.Ref, Kind: in.Kind, Statement: int(st.index),
		Sid: st.sid, Effect: effect, Span: st.span,
	}
}

// applies checks everything but the action, which the index has matched:
// principal, resource and conditions, cheapest first.
func (st *stmt) applies(req *Request) bool {
	if st.principal != nil && !st.principal.matches(req.Principal) {
		return false
	}
	if !st.resourceMatches(req) {
		return false
	}
	for _, c := range st.conditions {
		if !c.Evaluate(&req.Context) {
			return false
		}
	}
	return true
}

func (st *stmt) resourceMatches(req *Request) bool {
	if st.anyResource {
		return true
	}
	for i := range st.resources {
		if st.resources[i].Match(req.Resource, &req.Context, false) {
			return !st.notResource
		}
	}
	return st.notResource
}

// bitset marks visited statements. Sets of up to 512 statements use the
// stack; larger sets skip it (off), deduplicating by other means.
type bitset struct {
	words [8]uint64
	on    bool
}

func (b *bitset) init(n int) { b.on = n <= len(b.words)*64 }

// first reports whether id is seen for the first time, and marks it.
func (b *bitset) first(id int32) bool {
	if !b.on {
		return true
	}
	w, bit := id>>6, uint64(1)<<(id&63)
	if b.words[w]&bit != 0 {
		return false
	}
	b.words[w] |= bit
	return true
}
