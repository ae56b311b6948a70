package authz

import "github.com/iamd/iamd/policy/eval"

// Evidence holds every matching statement of every policy type, for the
// policy simulator and the audit log. Reuse one across requests: each call
// of DecideVerbose resets it.
type Evidence struct {
	Identity eval.Evidence
	Boundary eval.Evidence
	Session  eval.Evidence
	Resource eval.Evidence
	SCPs     []eval.Evidence // one per level, as in Input.SCPs
	RCPs     []eval.Evidence // one per level, as in Input.RCPs
}

// DecideVerbose decides as Decide does and records in ev every statement
// that matched, per policy type, whether or not that type applied to the
// decision.
func DecideVerbose(in *Input, ev *Evidence) Decision {
	reset := func(e *eval.Evidence) { e.Matches, e.Errors = e.Matches[:0], e.Errors[:0] }
	reset(&ev.Identity)
	reset(&ev.Boundary)
	reset(&ev.Session)
	reset(&ev.Resource)
	ev.SCPs = levelsEvidence(ev.SCPs, in.SCPs, in.Request)
	ev.RCPs = levelsEvidence(ev.RCPs, in.RCPs, in.Request)
	if in.Request != nil {
		for _, p := range []struct {
			s  *eval.Set
			ev *eval.Evidence
		}{{in.Identity, &ev.Identity}, {in.Boundary, &ev.Boundary}, {in.Session, &ev.Session}, {in.Resource, &ev.Resource}} {
			if p.s != nil {
				p.s.EvaluateAll(in.Request, p.ev)
			}
		}
	}
	return Decide(in)
}

func levelsEvidence(evs []eval.Evidence, levels []*eval.Set, req *eval.Request) []eval.Evidence {
	for len(evs) < len(levels) {
		evs = append(evs, eval.Evidence{})
	}
	evs = evs[:len(levels)]
	for i, s := range levels {
		evs[i].Matches, evs[i].Errors = evs[i].Matches[:0], evs[i].Errors[:0]
		if s != nil && req != nil {
			s.EvaluateAll(req, &evs[i])
		}
	}
	return evs
}
