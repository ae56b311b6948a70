package policybench

import (
	"errors"
	"fmt"
	"testing"

	"github.com/iamd/iamd/policy/eval"
)

// The TestAgree functions check, before any benchmark is trusted, that every
// engine gives iamd's decision on every request of every workload, and that
// iamd gives the decision the workload was written to produce.

func TestAgreeSmall(t *testing.T)       { t.Parallel(); testAgree(t, smallWorkload()) }
func TestAgreeHundred(t *testing.T)     { t.Parallel(); testAgree(t, hundredWorkload()) }
func TestAgreeHundredDeny(t *testing.T) { t.Parallel(); testAgree(t, hundredDenyWorkload()) }
func TestAgreeNoMatch(t *testing.T)     { t.Parallel(); testAgree(t, noMatchWorkload()) }

func TestAgreeReadOnlyAccess(t *testing.T) {
	t.Parallel()
	for _, w := range readOnlyWorkloads(t) {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			testAgree(t, w)
		})
	}
}

func testAgree(t *testing.T, w workload) {
	t.Helper()
	reference, err := iamdEngine{}.prepare(w)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range decisionEngines {
		t.Run(e.name(), func(t *testing.T) {
			t.Parallel()
			p, err := e.prepare(w)
			if errors.Is(err, errSkip) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range w.requests {
				if err := checkAgreement(e, reference, p, r); err != nil {
					t.Errorf("%s: %v", r.name, err)
				}
			}
		})
	}
}

// checkAgreement asks iamd and engine e the same request. iamd must give
// the workload's intended decision and e must give iamd's, except that an
// engine which cannot tell an explicit deny from an implicit one (minio)
// only has to refuse.
func checkAgreement(e engine, reference, p prepared, r request) error {
	iamdDecision, err := decideOnce(reference, r)
	if err != nil {
		return err
	}
	if iamdDecision != r.want {
		return fmt.Errorf("iamd decided %v, the workload expects %v", iamdDecision, r.want)
	}
	got, err := decideOnce(p, r)
	if err != nil {
		return fmt.Errorf("%s: %w", e.name(), err)
	}
	if !e.explicitDeny() && iamdDecision == eval.ExplicitDeny {
		iamdDecision = eval.ImplicitDeny
	}
	if got != iamdDecision {
		return fmt.Errorf("%s decided %v, iamd %v", e.name(), got, iamdDecision)
	}
	return nil
}

func decideOnce(p prepared, r request) (eval.Decision, error) {
	q, err := p.query(r)
	if err != nil {
		return eval.ImplicitDeny, err
	}
	return q.decide()
}
