// Package eval compiles policy documents into programs and evaluates
// requests against them, returning a Decision with the statements that
// produced it.
//
// Compile once, when a policy is stored or loaded; evaluate per request. A
// Set is immutable and safe for concurrent use; Evaluate does not allocate.
//
// A Set holds the policies of one kind that apply to one request (the
// identity policies of a principal, say). Combining kinds (SCPs, boundaries,
// session policies, resource policies) is the caller's job: each kind is one
// Set and one Decision.
package eval

import (
	"fmt"
	"strings"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/condition"
	"github.com/iamd/iamd/policy/internal/pattern"
)

// PolicyInput is one policy to compile into a Set.
type PolicyInput struct {
	Kind policy.Kind
	// Ref identifies the policy in evidence: its ARN and version, or the
	// name of an inline policy.
	Ref string
	Doc *policy.Document
}

// Set is a compiled set of policies.
type Set struct {
	inputs   []PolicyInput
	stmts    []stmt
	index    actionIndex
	problems []error
}

// stmt is one compiled statement.
type stmt struct {
	policy, index int32
	deny          bool
	sid           string
	span          policy.Span

	notAction []pattern.Pattern // for NotAction statements

	anyResource bool // Resource "*" (or absent, in trust policies)
	notResource bool
	resources   []pattern.Pattern

	principal *principalMatcher // nil when the statement has none

	conditions []*condition.Condition
	invalid    bool // some condition has values its operator cannot read

	revisit bool // one request may reach the statement twice (revisit.go)
}

// Compile compiles policies into a Set. Documents should have passed
// policy.Validate; Compile itself rejects only what it cannot evaluate
// (an unknown condition operator, an empty condition key).
func Compile(inputs ...PolicyInput) (*Set, error) {
	s := &Set{inputs: inputs}
	n := 0
	for _, in := range inputs {
		if in.Doc != nil {
			n += len(in.Doc.Statements)
		}
	}
	s.stmts = make([]stmt, 0, n)
	b := newIndexBuilder()
	for pi, in := range inputs {
		if in.Doc == nil {
			return nil, fmt.Errorf("eval: policy %d (%s) has no document", pi, in.Ref)
		}
		vars := in.Doc.SupportsVariables()
		for si := range in.Doc.Statements {
			st, err := s.compileStatement(pi, si, &in.Doc.Statements[si], vars)
			if err != nil {
				return nil, fmt.Errorf("eval: policy %s statement %d: %w", in.Ref, si, err)
			}
			id := int32(len(s.stmts))
			s.stmts = append(s.stmts, st)
			src := &in.Doc.Statements[si]
			if src.NotAction.Present {
				b.addNotAction(id)
				continue
			}
			for _, a := range src.Action.Values {
				b.addAction(a, id)
			}
		}
	}
	s.index = b.build(s.stmts)
	return s, nil
}

// Problems lists condition values that their operators cannot interpret
// (they never match), found while compiling.
func (s *Set) Problems() []error { return s.problems }

// Len returns the number of compiled statements.
func (s *Set) Len() int { return len(s.stmts) }

func (s *Set) compileStatement(pi, si int, src *policy.Statement, vars bool) (stmt, error) {
	st := stmt{
		policy: int32(pi), index: int32(si),
		deny: src.Effect == policy.EffectDeny,
		sid:  src.Sid, span: src.Span,
	}
	if len(src.NotAction.Values) > 0 {
		st.notAction = make([]pattern.Pattern, 0, len(src.NotAction.Values))
	}
	for _, a := range src.NotAction.Values {
		st.notAction = append(st.notAction, pattern.Compile(strings.ToLower(a), pattern.Glob, false))
	}
	res := src.Resource
	if src.NotResource.Present {
		res, st.notResource = src.NotResource, true
	}
	if !res.Present {
		// Trust policies have no Resource: the role itself is the resource.
		st.anyResource = true
	}
	if len(res.Values) > 0 {
		st.resources = make([]pattern.Pattern, len(res.Values))
	}
	for i, r := range res.Values {
		st.resources[i] = pattern.Compile(r, pattern.ARN, vars)
		if st.resources[i].IsAny() && !st.notResource {
			st.anyResource = true
		}
	}
	if src.Principal != nil {
		st.principal = compilePrincipal(src.Principal, false)
	} else if src.NotPrincipal != nil {
		st.principal = compilePrincipal(src.NotPrincipal, true)
	}
	for _, block := range src.Condition {
		op, err := condition.ParseOperator(block.Operator)
		if err != nil {
			if len(block.Keys) == 0 {
				continue // IAM accepts an unknown operator with no keys
			}
			return stmt{}, err
		}
		for _, key := range block.Keys {
			c, err := condition.Compile(op, key.Key, key.Values, vars)
			if err != nil {
				return stmt{}, err
			}
			if bad := c.Invalid(); len(bad) > 0 {
				st.invalid = true
				s.problems = append(s.problems, fmt.Errorf("eval: policy %d statement %d: %s %s: values %q cannot be read",
					pi, si, op.Name, key.Key, bad))
			}
			st.conditions = append(st.conditions, c)
		}
	}
	return st, nil
}

// principalMatcher is a compiled Principal or NotPrincipal element.
type principalMatcher struct {
	not       bool
	any       bool
	accounts  []string
	arns      []string
	services  []string
	federated []string
	canonical []string
}

func compilePrincipal(p *policy.Principal, not bool) *principalMatcher {
	m := &principalMatcher{not: not, any: p.Wildcard}
	for _, e := range p.Entries {
		for _, v := range e.Values {
			switch e.Type {
			case policy.PrincipalAWS:
				switch {
				case v == "*":
					m.any = true
				case arn.IsAccountID(v):
					m.accounts = append(m.accounts, v)
				default:
					if a, err := arn.Parse(v); err == nil && a.Service == "iam" && a.Resource == "root" {
						m.accounts = append(m.accounts, a.AccountID)
					} else {
						m.arns = append(m.arns, v)
					}
				}
			case policy.PrincipalService:
				m.services = append(m.services, v)
			case policy.PrincipalFederated:
				m.federated = append(m.federated, v)
			case policy.PrincipalCanonicalUser:
				m.canonical = append(m.canonical, v)
			}
		}
	}
	return m
}

// matches reports whether the statement applies to p: p is listed for a
// Principal element, or not listed for a NotPrincipal element.
func (m *principalMatcher) matches(p *Principal) bool {
	if p == nil {
		return false
	}
	return m.lists(p) != m.not
}

func (m *principalMatcher) lists(p *Principal) bool {
	if m.any {
		return true
	}
	switch p.Type {
	case policy.PrincipalAWS:
		return contains(m.accounts, p.Account) || contains(m.arns, p.ARN) ||
			(p.RoleARN != "" && contains(m.arns, p.RoleARN))
	case policy.PrincipalService:
		return contains(m.services, p.ID)
	case policy.PrincipalFederated:
		return contains(m.federated, p.ID)
	case policy.PrincipalCanonicalUser:
		return contains(m.canonical, p.ID)
	}
	return false
}

func contains(list []string, s string) bool {
	if s == "" {
		return false
	}
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
