package iam

import (
	"errors"
	"strconv"
	"strings"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// The SourcePolicyId and SourcePolicyType values of policies passed to the
// simulator as strings. AWS's model lists user, group, role, aws-managed,
// user-managed, resource and none, but its responses name inputs this way
// ("PolicyInputList.1" with "IAM Policy", "ResourcePolicy" with "Resource
// Policy"), as captured SimulateCustomPolicy responses show.
const (
	sourceTypeInput      = "IAM Policy"
	sourceTypeResource   = "Resource Policy"
	sourceIDInputList    = "PolicyInputList."
	sourceIDBoundaryList = "PermissionsBoundaryPolicyInputList."
	sourceIDResource     = "ResourcePolicy"
)

// The simulator's decisions (EvalDecision, EvalResourceDecision).
const (
	decisionAllowed      = "allowed"
	decisionExplicitDeny = "explicitDeny"
	decisionImplicitDeny = "implicitDeny"
)

// simSource is one policy of a simulation: where it came from, as the
// response names it, and its parsed document.
type simSource struct {
	id, typ string
	doc     *policy.Document
}

// simSet is one policy type of a simulation: the compiled policies, and a
// copy compiled without conditions that finds the statements whose
// condition keys the request context must supply.
type simSet struct {
	sources []simSource
	set     *eval.Set
	bare    *eval.Set
}

// compileSimSet compiles sources; nil for none.
func compileSimSet(kind policy.Kind, sources []simSource) (*simSet, error) {
	if len(sources) == 0 {
		return nil, nil
	}
	inputs := make([]eval.PolicyInput, len(sources))
	bare := make([]eval.PolicyInput, len(sources))
	for i, src := range sources {
		inputs[i] = eval.PolicyInput{Kind: kind, Ref: src.id, Doc: src.doc}
		bare[i] = eval.PolicyInput{Kind: kind, Ref: src.id, Doc: withoutConditions(src.doc)}
	}
	s := &simSet{sources: sources}
	var err error
	if s.set, err = eval.Compile(inputs...); err != nil {
		return nil, policyEvaluationError(err)
	}
	if s.bare, err = eval.Compile(bare...); err != nil {
		return nil, policyEvaluationError(err)
	}
	return s, nil
}

// withoutConditions copies a document with every Condition removed.
func withoutConditions(doc *policy.Document) *policy.Document {
	out := *doc
	out.Statements = make([]policy.Statement, len(doc.Statements))
	for i, st := range doc.Statements {
		st.Condition, st.HasCondition = nil, false
		out.Statements[i] = st
	}
	return &out
}

// compiled returns the set to evaluate, nil-safe.
func (s *simSet) compiled() *eval.Set {
	if s == nil {
		return nil
	}
	return s.set
}

// simulation is everything one SimulateCustomPolicy or
// SimulatePrincipalPolicy call evaluates, compiled once for every action
// and resource.
type simulation struct {
	identity, boundary, resource *simSet
	// callerARN is the simulated caller (CallerArn, or the user of
	// PolicySourceArn); callerAccount its account.
	callerARN, callerAccount string
	// resourceOwner owns resources whose ARN names no account
	// (ResourceOwner, or the caller's account).
	resourceOwner string
	context       []ContextEntry
}

// simPair is one action on one resource; explicit marks a resource the
// caller named in ResourceArns (rather than the default "*").
type simPair struct {
	action, resource string
	explicit         bool
}

// pairs lists every action on every resource, actions outermost, as the
// results are paged.
func pairs(actions, resources []string) []simPair {
	explicit := len(resources) > 0
	if !explicit {
		resources = []string{"*"}
	}
	out := make([]simPair, 0, len(actions)*len(resources))
	for _, a := range actions {
		for _, r := range resources {
			out = append(out, simPair{action: a, resource: r, explicit: explicit && r != "*"})
		}
	}
	return out
}

// ownerOf returns the account that owns a resource: the account its ARN
// names, or the simulation's resource owner for ARNs without one (S3).
func (sim *simulation) ownerOf(resource string) string {
	if a, err := arn.Parse(resource); err == nil && arn.IsAccountID(a.AccountID) {
		return a.AccountID
	}
	return sim.resourceOwner
}

// input builds the evaluation input of one action on one resource.
func (sim *simulation) input(p simPair) *authz.Input {
	req := &eval.Request{
		Action: p.action, Resource: p.resource,
		Principal: &eval.Principal{Type: policy.PrincipalAWS, ARN: sim.callerARN, Account: sim.callerAccount},
	}
	fillSimContext(&req.Context, sim.context)
	return &authz.Input{
		PrincipalKind:    authz.User,
		PrincipalARN:     sim.callerARN,
		PrincipalAccount: sim.callerAccount,
		Identity:         sim.identity.compiled(),
		Boundary:         sim.boundary.compiled(),
		Resource:         sim.resource.compiled(),
		ResourceAccount:  sim.ownerOf(p.resource),
		Request:          req,
	}
}

// evaluate simulates one action on one resource.
func (sim *simulation) evaluate(p simPair) EvaluationResult {
	in := sim.input(p)
	var ev authz.Evidence
	d := authz.DecideVerbose(in, &ev)
	decision := decisionName(d)
	matched := sim.matchedStatements(d, &ev)
	missing := sim.missingContext(in.Request)
	var boundary *PermissionsBoundaryDecisionDetail
	if sim.boundary != nil {
		allowed := evidenceAllows(&ev.Boundary)
		boundary = &PermissionsBoundaryDecisionDetail{AllowedByPermissionsBoundary: &allowed}
	}
	var details map[string]string
	if !in.SameAccount() {
		details = crossAccountDetails(&ev, sim.resource != nil)
	}
	out := EvaluationResult{
		EvalActionName:                    p.action,
		EvalResourceName:                  p.resource,
		EvalDecision:                      decision,
		MatchedStatements:                 matched,
		PermissionsBoundaryDecisionDetail: boundary,
		EvalDecisionDetails:               details,
	}
	if !p.explicit {
		// For "*" the missing keys are the result's own; for named
		// resources AWS reports them per resource.
		out.MissingContextValues = missing
		return out
	}
	out.ResourceSpecificResults = []ResourceSpecificResult{{
		EvalResourceName:                  p.resource,
		EvalResourceDecision:              decision,
		MatchedStatements:                 matched,
		MissingContextValues:              missing,
		EvalDecisionDetails:               details,
		PermissionsBoundaryDecisionDetail: boundary,
	}}
	return out
}

// decisionName is the simulator's word for a decision.
func decisionName(d authz.Decision) string {
	switch {
	case d.Allowed:
		return decisionAllowed
	case d.Reason == authz.ExplicitDeny:
		return decisionExplicitDeny
	}
	return decisionImplicitDeny
}

// evidenceAllows reports whether one policy type's evidence allows: an
// Allow matched and no Deny did.
func evidenceAllows(ev *eval.Evidence) bool {
	allowed := false
	for _, m := range ev.Matches {
		if m.Effect == policy.EffectDeny {
			return false
		}
		allowed = true
	}
	return allowed
}

// evidenceDecision is one policy type's own decision.
func evidenceDecision(ev *eval.Evidence) string {
	for _, m := range ev.Matches {
		if m.Effect == policy.EffectDeny {
			return decisionExplicitDeny
		}
	}
	if len(ev.Matches) > 0 {
		return decisionAllowed
	}
	return decisionImplicitDeny
}

// crossAccountDetails says how each side of a cross-account request
// decided: both the caller's IAM policies and the resource-based policy
// must allow. AWS documents the map's values but not its keys; iamd uses
// the SourcePolicyType names of the two sides.
func crossAccountDetails(ev *authz.Evidence, hasResourcePolicy bool) map[string]string {
	details := map[string]string{sourceTypeInput: evidenceDecision(&ev.Identity)}
	if hasResourcePolicy {
		details[sourceTypeResource] = evidenceDecision(&ev.Resource)
	}
	return details
}

// matchedStatements lists every statement that matched, the deciding one
// first. AWS's reference says an explicit deny is listed alone, but its
// responses list the other matching statements too (a resource policy's
// Deny followed by the identity policy's Allow), as iamd does.
func (sim *simulation) matchedStatements(d authz.Decision, ev *authz.Evidence) []Statement {
	type group struct {
		t   authz.PolicyType
		set *simSet
		ev  *eval.Evidence
	}
	groups := []group{
		{authz.PolicyTypeResource, sim.resource, &ev.Resource},
		{authz.PolicyTypeIdentity, sim.identity, &ev.Identity},
		{authz.PolicyTypeBoundary, sim.boundary, &ev.Boundary},
	}
	var out []Statement
	for _, g := range groups {
		if g.t == d.PolicyType && g.set != nil && d.Deciding.Policy >= 0 {
			out = append(out, g.set.statement(d.Deciding))
		}
	}
	for _, g := range groups {
		if g.set == nil {
			continue
		}
		for _, m := range g.ev.Matches {
			if g.t == d.PolicyType && m.Policy == d.Deciding.Policy && m.Statement == d.Deciding.Statement {
				continue
			}
			out = append(out, g.set.statement(m))
		}
	}
	return out
}

// statement is the wire Statement of a match: its source and its place in
// the document as AWS counts, from 1, with the end just past the closing
// brace.
func (s *simSet) statement(m eval.Match) Statement {
	st := Statement{StartPosition: position(m.Span.Start), EndPosition: position(m.Span.End)}
	if m.Policy >= 0 && m.Policy < len(s.sources) {
		st.SourcePolicyId, st.SourcePolicyType = s.sources[m.Policy].id, s.sources[m.Policy].typ
	}
	return st
}

func position(p policy.Position) *Position {
	line, col := int32(p.Line), int32(p.Column)
	return &Position{Line: &line, Column: &col}
}

// parseSimPolicies parses and validates policies passed as strings; id
// names each in the response. A document IAM would reject is InvalidInput
// with the policy language's message: the simulator's model lists only
// InvalidInput and PolicyEvaluation among its errors.
func parseSimPolicies(docs []string, kind policy.Kind, id func(i int) string, typ string) ([]simSource, error) {
	out := make([]simSource, 0, len(docs))
	for i, text := range docs {
		doc, err := policy.ParseAndValidate([]byte(text), kind)
		if err != nil {
			return nil, invalidPolicy(err)
		}
		out = append(out, simSource{id: id(i), typ: typ, doc: doc})
	}
	return out, nil
}

func inputID(prefix string) func(i int) string {
	return func(i int) string { return prefix + strconv.Itoa(i+1) }
}

// invalidPolicy reports a policy that does not parse or validate.
func invalidPolicy(err error) error {
	var perr *policy.Error
	if errors.As(err, &perr) {
		return awserr.InvalidInput("%s", perr.Message)
	}
	return awserr.InvalidInput("%s", policy.MsgSyntax)
}

// policyEvaluationError reports a policy that validated but cannot be
// evaluated (an unknown condition operator): AWS's PolicyEvaluation.
func policyEvaluationError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, ": "); i >= 0 && strings.HasPrefix(msg, "eval") {
		msg = msg[i+2:]
	}
	return awserr.PolicyEvaluation("%s", msg)
}
