package policybench

import (
	"fmt"
	"strings"

	"github.com/cedar-policy/cedar-go"
	"github.com/cedar-policy/cedar-go/types"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// cedarEngine is cedar-go. Cedar has no IAM JSON parser: translateToCedar
// writes the equivalent Cedar for what it can express faithfully.
//
// The request's action is both the action entity UID and context.action,
// lower-cased (IAM actions are case-insensitive, Cedar strings are not); the
// resource ARN is context.resource, since Cedar's like applies to strings
// and not to entity UIDs.
type cedarEngine struct{}

func (cedarEngine) name() string       { return "cedar" }
func (cedarEngine) explicitDeny() bool { return true }

func (cedarEngine) prepare(w workload) (prepared, error) {
	var text strings.Builder
	for i, d := range w.docs {
		doc, err := policy.Parse([]byte(d))
		if err != nil {
			return nil, fmt.Errorf("cedar: parse IAM policy %d: %w", i, err)
		}
		c, err := translateToCedar(doc)
		if err != nil {
			return nil, fmt.Errorf("cedar: policy %d: %w", i, err)
		}
		text.WriteString(c)
	}
	ps, err := cedar.NewPolicySetFromBytes(w.name+".cedar", []byte(text.String()))
	if err != nil {
		return nil, fmt.Errorf("cedar: parse translated policies: %w", err)
	}
	return cedarPrepared{ps}, nil
}

type cedarPrepared struct{ set *cedar.PolicySet }

func (p cedarPrepared) query(r request) (decider, error) {
	action := strings.ToLower(r.action)
	ctx := types.RecordMap{
		"action":   types.String(action),
		"resource": types.String(r.resource),
	}
	if r.username != "" {
		ctx["aws:username"] = types.String(r.username)
	}
	if r.sourceIP != "" {
		ip, err := types.ParseIPAddr(r.sourceIP)
		if err != nil {
			return nil, fmt.Errorf("cedar: source IP: %w", err)
		}
		ctx["aws:sourceip"] = ip
	}
	return cedarQuery{set: p.set, req: cedar.Request{
		Principal: types.NewEntityUID("User", "alice"),
		Action:    types.NewEntityUID("Action", types.String(action)),
		Resource:  types.NewEntityUID("Resource", types.String(r.resource)),
		Context:   types.NewRecord(ctx),
	}}, nil
}

type cedarQuery struct {
	set *cedar.PolicySet
	req cedar.Request
}

// decide maps Cedar's answer onto IAM's three: a Deny with reasons was
// decided by a forbid policy, an explicit deny.
func (q cedarQuery) decide() (eval.Decision, error) {
	d, diag := cedar.Authorize(q.set, nil, q.req)
	if len(diag.Errors) > 0 {
		return eval.ImplicitDeny, fmt.Errorf("cedar: %s", diag.Errors[0].Message)
	}
	switch {
	case d == cedar.Allow:
		return eval.Allow, nil
	case len(diag.Reasons) > 0:
		return eval.ExplicitDeny, nil
	}
	return eval.ImplicitDeny, nil
}

// translateToCedar writes one Cedar policy per IAM statement. It refuses
// (with errSkip) what has no faithful Cedar equivalent: Principal elements,
// policy variables, the single-character wildcard "?", and condition
// operators other than StringEquals, StringLike and IpAddress.
func translateToCedar(doc *policy.Document) (string, error) {
	var b strings.Builder
	for i := range doc.Statements {
		st := &doc.Statements[i]
		if st.Principal != nil || st.NotPrincipal != nil {
			return "", fmt.Errorf("statement %d has a principal: %w", i, errSkip)
		}
		effect := "permit"
		if st.Effect == policy.EffectDeny {
			effect = "forbid"
		}
		var when []string
		scope := "action"
		switch {
		case st.NotAction.Present:
			c, err := cedarAnyLike("context.action", lowerAll(st.NotAction.Values))
			if err != nil {
				return "", fmt.Errorf("statement %d: %w", i, err)
			}
			when = append(when, "!"+c)
		case !hasWildcard(st.Action.Values):
			uids := make([]string, len(st.Action.Values))
			for j, a := range st.Action.Values {
				uids[j] = "Action::" + cedarString(strings.ToLower(a))
			}
			scope = "action in [" + strings.Join(uids, ", ") + "]"
		default:
			c, err := cedarAnyLike("context.action", lowerAll(st.Action.Values))
			if err != nil {
				return "", fmt.Errorf("statement %d: %w", i, err)
			}
			when = append(when, c)
		}
		res, not := st.Resource, false
		if st.NotResource.Present {
			res, not = st.NotResource, true
		}
		if !contains(res.Values, "*") || not {
			c, err := cedarAnyLike("context.resource", res.Values)
			if err != nil {
				return "", fmt.Errorf("statement %d: %w", i, err)
			}
			if not {
				c = "!" + c
			}
			when = append(when, c)
		}
		conds, err := cedarConditions(st.Condition)
		if err != nil {
			return "", fmt.Errorf("statement %d: %w", i, err)
		}
		when = append(when, conds...)
		fmt.Fprintf(&b, "%s (principal, %s, resource)", effect, scope)
		if len(when) > 0 {
			fmt.Fprintf(&b, "\nwhen {\n  %s\n}", strings.Join(when, " &&\n  "))
		}
		b.WriteString(";\n\n")
	}
	return b.String(), nil
}

func cedarConditions(blocks []policy.ConditionBlock) ([]string, error) {
	var out []string
	for _, block := range blocks {
		for _, k := range block.Keys {
			key := cedarString(strings.ToLower(k.Key))
			var alts []string
			for _, v := range k.Values {
				if strings.Contains(v, "${") {
					return nil, fmt.Errorf("condition value %q uses a policy variable: %w", v, errSkip)
				}
				switch block.Operator {
				case "StringEquals":
					alts = append(alts, fmt.Sprintf("context[%s] == %s", key, cedarString(v)))
				case "StringLike":
					p, err := cedarPattern(v)
					if err != nil {
						return nil, err
					}
					alts = append(alts, fmt.Sprintf("context[%s] like %s", key, p))
				case "IpAddress":
					alts = append(alts, fmt.Sprintf("context[%s].isInRange(ip(%s))", key, cedarString(v)))
				default:
					return nil, fmt.Errorf("condition operator %s: %w", block.Operator, errSkip)
				}
			}
			out = append(out, fmt.Sprintf("(context has %s && (%s))", key, strings.Join(alts, " || ")))
		}
	}
	return out, nil
}

// cedarAnyLike matches expr against any of the IAM patterns.
func cedarAnyLike(expr string, patterns []string) (string, error) {
	alts := make([]string, 0, len(patterns))
	for _, p := range patterns {
		if !strings.Contains(p, "*") {
			if strings.Contains(p, "?") || strings.Contains(p, "${") {
				return "", fmt.Errorf("pattern %q: %w", p, errSkip)
			}
			alts = append(alts, expr+" == "+cedarString(p))
			continue
		}
		c, err := cedarPattern(p)
		if err != nil {
			return "", err
		}
		alts = append(alts, expr+" like "+c)
	}
	return "(" + strings.Join(alts, " || ") + ")", nil
}

// cedarPattern turns an IAM glob into a Cedar like pattern: "*" means the
// same; "?" has no equivalent.
func cedarPattern(p string) (string, error) {
	if strings.Contains(p, "?") || strings.Contains(p, "${") {
		return "", fmt.Errorf("pattern %q: %w", p, errSkip)
	}
	return cedarString(p), nil
}

// cedarString quotes s as a Cedar string literal.
func cedarString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return `"` + r.Replace(s) + `"`
}

func hasWildcard(values []string) bool {
	for _, v := range values {
		if strings.ContainsAny(v, "*?") {
			return true
		}
	}
	return false
}

func lowerAll(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = strings.ToLower(v)
	}
	return out
}

func contains(values []string, s string) bool {
	for _, v := range values {
		if v == s {
			return true
		}
	}
	return false
}
