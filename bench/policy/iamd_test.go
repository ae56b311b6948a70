package policybench

import (
	"fmt"

	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// iamdEngine is iamd's own evaluator: policy.Parse, eval.Compile and
// Set.Evaluate.
type iamdEngine struct{}

func (iamdEngine) name() string       { return "iamd" }
func (iamdEngine) explicitDeny() bool { return true }

func (iamdEngine) prepare(w workload) (prepared, error) {
	set, err := compileIAMD(w.docs)
	if err != nil {
		return nil, err
	}
	return iamdPrepared{set}, nil
}

// compileIAMD parses and compiles documents into one Set, as iamd does
// when it loads a principal's policies.
func compileIAMD(docs []string) (*eval.Set, error) {
	inputs := make([]eval.PolicyInput, 0, len(docs))
	for i, d := range docs {
		doc, err := policy.Parse([]byte(d))
		if err != nil {
			return nil, fmt.Errorf("iamd: parse policy %d: %w", i, err)
		}
		inputs = append(inputs, eval.PolicyInput{Kind: policy.KindIdentity, Ref: fmt.Sprintf("p%d", i), Doc: doc})
	}
	return eval.Compile(inputs...)
}

type iamdPrepared struct{ set *eval.Set }

func (p iamdPrepared) query(r request) (decider, error) {
	req := &eval.Request{Action: r.action, Resource: r.resource}
	if r.username != "" {
		req.Context.Set("aws:username", r.username)
	}
	if r.sourceIP != "" {
		req.Context.Set("aws:SourceIp", r.sourceIP)
	}
	return iamdQuery{set: p.set, req: req}, nil
}

type iamdQuery struct {
	set *eval.Set
	req *eval.Request
}

func (q iamdQuery) decide() (eval.Decision, error) { return q.set.Evaluate(q.req).Decision, nil }
