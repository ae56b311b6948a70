package policybench

import (
	"context"
	_ "embed" // for iam.rego
	"fmt"
	"strings"

	"github.com/iamd/iamd/policy/eval"
	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"
)

// iamRego is a generic IAM evaluator written in Rego: the IAM JSON
// policies are data, and every decision walks their statements.
//
//go:embed testdata/iam.rego
var iamRego string

// opaEngine is OPA with the generic evaluator. The policies are stored as
// AST values (no conversion on read) and the query is prepared once.
type opaEngine struct{}

func (opaEngine) name() string       { return "opa" }
func (opaEngine) explicitDeny() bool { return true }

func (opaEngine) prepare(w workload) (prepared, error) {
	pq, err := prepareOPA(w.docs)
	if err != nil {
		return nil, err
	}
	return opaPrepared{pq}, nil
}

// prepareOPA loads documents as data.policies and prepares the query.
func prepareOPA(docs []string) (rego.PreparedEvalQuery, error) {
	policies := make([]any, 0, len(docs))
	for i, d := range docs {
		var v any
		if err := util.UnmarshalJSON([]byte(d), &v); err != nil {
			return rego.PreparedEvalQuery{}, fmt.Errorf("opa: policy %d: %w", i, err)
		}
		policies = append(policies, v)
	}
	store := inmem.NewFromObjectWithOpts(map[string]any{"policies": policies}, inmem.OptReturnASTValuesOnRead(true))
	pq, err := rego.New(
		rego.Query("data.iam.decision"),
		rego.Module("iam.rego", iamRego),
		rego.Store(store),
	).PrepareForEval(context.Background())
	if err != nil {
		return rego.PreparedEvalQuery{}, fmt.Errorf("opa: prepare: %w", err)
	}
	return pq, nil
}

type opaPrepared struct{ pq rego.PreparedEvalQuery }

func (p opaPrepared) query(r request) (decider, error) {
	ctx := map[string]any{}
	if r.username != "" {
		ctx["aws:username"] = r.username
	}
	if r.sourceIP != "" {
		ctx["aws:sourceip"] = r.sourceIP
	}
	input, err := ast.InterfaceToValue(map[string]any{"action": r.action, "resource": r.resource, "context": ctx})
	if err != nil {
		return nil, fmt.Errorf("opa: input: %w", err)
	}
	return opaQuery{pq: p.pq, input: input}, nil
}

type opaQuery struct {
	pq    rego.PreparedEvalQuery
	input ast.Value
}

func (q opaQuery) decide() (eval.Decision, error) {
	rs, err := q.pq.Eval(context.Background(), rego.EvalParsedInput(q.input))
	if err != nil {
		return eval.ImplicitDeny, fmt.Errorf("opa: eval: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return eval.ImplicitDeny, fmt.Errorf("opa: unexpected result %v", rs)
	}
	switch s, _ := rs[0].Expressions[0].Value.(string); strings.ToLower(s) {
	case "allowed":
		return eval.Allow, nil
	case "explicitdeny":
		return eval.ExplicitDeny, nil
	case "implicitdeny":
		return eval.ImplicitDeny, nil
	}
	return eval.ImplicitDeny, fmt.Errorf("opa: unexpected decision %v", rs[0].Expressions[0].Value)
}
