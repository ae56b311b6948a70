package console

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/iamd/iamd/internal/service/iam"
)

// The policy simulator page runs IAM's own simulator operations as the
// signed-in person, so what it shows is exactly what
// SimulatePrincipalPolicy or SimulateCustomPolicy answer to the CLI.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html

func (c *Console) simulatorRoutes() {
	c.mux.HandleFunc("GET /console/simulator", c.signedIn(c.simulatorPage))
	// The POST only reads, but it carries policies too large for a URL,
	// and the CSRF check keeps other sites from running it as the person.
	c.mux.HandleFunc("POST /console/simulator", c.signedIn(c.simulatorRun))
}

// contextKeyTypes are the model's ContextKeyTypeEnum values, in its order.
var contextKeyTypes = []string{
	"string", "stringList", "numeric", "numericList", "boolean", "booleanList",
	"ip", "ipList", "binary", "binaryList", "date", "dateList",
}

// Limits of the form: enough fields to fill without JavaScript, and a
// bound on how much one submission makes the server render.
const (
	minPolicyFields  = 2
	maxPolicyFields  = 10
	minContextRows   = 3
	maxContextRows   = 50
	maxSimResults    = 1000
	maxListedEntries = 1000
)

// Simulation modes: a principal's own policies, or pasted ones.
const (
	modePrincipal = "principal"
	modeCustom    = "custom"
)

// simForm is the simulator form as submitted, shown again with the results.
type simForm struct {
	Mode           string
	Principal      string
	Policies       []string
	Boundary       string
	ResourcePolicy string
	CallerArn      string
	Actions        string
	Resources      string
	Context        []contextRow
}

// contextRow is one context value: a key, its type, and its value (values,
// comma-separated, for a list type).
type contextRow struct{ Key, Type, Value string }

func (row contextRow) blank() bool { return row.Key == "" && strings.TrimSpace(row.Value) == "" }

// policyField and contextField are numbered fields of the form.
type policyField struct {
	N    int
	Text string
}

type contextField struct {
	N int
	contextRow
}

// principalOption is a user or role offered in the principal select.
type principalOption struct{ Name, ARN string }

// simulatorData is the simulator template's data.
type simulatorData struct {
	Form simForm
	// PolicyFields and ContextFields are the form's fields to show,
	// numbered from 1 for their labels.
	PolicyFields  []policyField
	ContextFields []contextField
	Users, Roles  []principalOption
	// ListError says why the principals could not be listed; the pasted
	// policies still work without them.
	ListError    *PageError
	ContextTypes []string
	// Ran is true once a simulation answered; Results may then be empty.
	Ran       bool
	Results   []simResult
	Truncated bool
}

// simResult is one evaluation result as the page shows it.
type simResult struct {
	Action, Resource, Decision string
	Allowed                    bool
	Statements                 []simStatement
	Missing                    []string
	// Boundary is "allowed" or "denied" when a permissions boundary took
	// part, "" otherwise.
	Boundary string
}

// simStatement is a matched statement: which policy, and where in it.
type simStatement struct {
	PolicyID, PolicyType string
	Start, End           string
}

func (c *Console) simulatorPage(w http.ResponseWriter, r *http.Request, s *Session) {
	form := simForm{Mode: modePrincipal, Resources: "*"}
	c.renderSimulator(w, r, s, http.StatusOK, form, nil, nil)
}

func (c *Console) simulatorRun(w http.ResponseWriter, r *http.Request, s *Session) {
	form := readSimForm(r)
	results, truncated, err := c.simulate(r, s, &form)
	if err != nil {
		c.renderSimulator(w, r, s, errorStatus(err), form, nil, err)
		return
	}
	data := &simulatorData{Ran: true, Results: results, Truncated: truncated}
	c.renderSimulator(w, r, s, http.StatusOK, form, data, nil)
}

// renderSimulator shows the form (with the principals the person may
// list), and the results or the error of a run.
func (c *Console) renderSimulator(w http.ResponseWriter, r *http.Request, s *Session, status int, form simForm, data *simulatorData, runErr error) {
	if data == nil {
		data = &simulatorData{}
	}
	data.Form = form
	data.PolicyFields, data.ContextFields = padSimForm(form)
	data.ContextTypes = contextKeyTypes
	var listErr error
	data.Users, data.Roles, listErr = c.listPrincipals(r, s)
	data.ListError = c.pageError(r, listErr)
	c.render(w, r, status, "simulator", s, View{
		Title: "Policy simulator", Nav: "simulator", Data: data, Error: c.pageError(r, runErr),
	})
}

// listPrincipals lists the account's users and roles for the select. It
// stops at maxListedEntries of each: past that, a select is no help.
func (c *Console) listPrincipals(r *http.Request, s *Session) (users, roles []principalOption, err error) {
	marker := ""
	for len(users) < maxListedEntries {
		out, err := call[iam.ListUsersResponse](c, r, s, "iam", "ListUsers", &iam.ListUsersRequest{Marker: marker})
		if err != nil {
			return users, roles, fmt.Errorf("list users: %w", err)
		}
		if out == nil {
			break
		}
		for _, u := range out.Users {
			users = append(users, principalOption{Name: u.UserName, ARN: u.Arn})
		}
		if out.IsTruncated == nil || !*out.IsTruncated || out.Marker == "" {
			break
		}
		marker = out.Marker
	}
	marker = ""
	for len(roles) < maxListedEntries {
		out, err := call[iam.ListRolesResponse](c, r, s, "iam", "ListRoles", &iam.ListRolesRequest{Marker: marker})
		if err != nil {
			return users, roles, fmt.Errorf("list roles: %w", err)
		}
		if out == nil {
			break
		}
		for _, role := range out.Roles {
			roles = append(roles, principalOption{Name: role.RoleName, ARN: role.Arn})
		}
		if out.IsTruncated == nil || !*out.IsTruncated || out.Marker == "" {
			break
		}
		marker = out.Marker
	}
	return users, roles, nil
}

// readSimForm reads the submitted form. Rows are kept as typed so the page
// shows them again; what goes to the API is decided by the requests below.
func readSimForm(r *http.Request) simForm {
	f := simForm{
		Mode:           r.PostFormValue("mode"),
		Principal:      strings.TrimSpace(r.PostFormValue("principal")),
		Boundary:       r.PostFormValue("boundary"),
		ResourcePolicy: r.PostFormValue("resource_policy"),
		CallerArn:      strings.TrimSpace(r.PostFormValue("caller_arn")),
		Actions:        r.PostFormValue("actions"),
		Resources:      r.PostFormValue("resources"),
	}
	if f.Mode != modeCustom {
		f.Mode = modePrincipal
	}
	for _, p := range r.PostForm["policy"] {
		if strings.TrimSpace(p) != "" && len(f.Policies) < maxPolicyFields {
			f.Policies = append(f.Policies, p)
		}
	}
	keys, types, values := r.PostForm["ctx_key"], r.PostForm["ctx_type"], r.PostForm["ctx_value"]
	for i := range min(len(keys), maxContextRows) {
		row := contextRow{Key: strings.TrimSpace(keys[i])}
		if i < len(types) {
			row.Type = types[i]
		}
		if i < len(values) {
			row.Value = values[i]
		}
		if row.blank() {
			continue
		}
		f.Context = append(f.Context, row)
	}
	return f
}

// padSimForm numbers the form's policies and context rows for the page,
// adding empty ones to fill in.
func padSimForm(f simForm) (policies []policyField, rows []contextField) {
	for i, p := range f.Policies {
		policies = append(policies, policyField{N: i + 1, Text: p})
	}
	for len(policies) < maxPolicyFields && (len(policies) < minPolicyFields || strings.TrimSpace(policies[len(policies)-1].Text) != "") {
		policies = append(policies, policyField{N: len(policies) + 1})
	}
	for i, row := range f.Context {
		rows = append(rows, contextField{N: i + 1, contextRow: row})
	}
	for len(rows) < maxContextRows && (len(rows) < minContextRows || !rows[len(rows)-1].blank()) {
		rows = append(rows, contextField{N: len(rows) + 1, contextRow: contextRow{Type: "string"}})
	}
	return policies, rows
}

// lines splits a textarea into its non-blank lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// contextEntries types the form's context rows. A list type takes
// comma-separated values; any other type takes the whole field as its one
// value (a string may contain commas). The API checks the values.
func contextEntries(rows []contextRow) []iam.ContextEntry {
	var out []iam.ContextEntry
	for _, row := range rows {
		e := iam.ContextEntry{ContextKeyName: row.Key, ContextKeyType: row.Type}
		if strings.HasSuffix(row.Type, "List") {
			e.ContextKeyValues = []string{}
			for _, v := range strings.Split(row.Value, ",") {
				if v = strings.TrimSpace(v); v != "" {
					e.ContextKeyValues = append(e.ContextKeyValues, v)
				}
			}
		} else {
			e.ContextKeyValues = []string{strings.TrimSpace(row.Value)}
		}
		out = append(out, e)
	}
	return out
}

// simulate runs the form's simulation, following the API's pages up to
// maxSimResults results; truncated says results were left out.
func (c *Console) simulate(r *http.Request, s *Session, f *simForm) (results []simResult, truncated bool, err error) {
	op, in := simRequest(f)
	for {
		out, err := call[iam.SimulatePolicyResponse](c, r, s, "iam", op, in)
		if err != nil {
			return nil, false, err
		}
		if out == nil {
			return results, false, nil
		}
		for i := range out.EvaluationResults {
			results = append(results, toSimResult(&out.EvaluationResults[i]))
		}
		more := out.IsTruncated != nil && *out.IsTruncated && out.Marker != ""
		if !more {
			return results, false, nil
		}
		if len(results) >= maxSimResults {
			return results, true, nil
		}
		setSimMarker(in, out.Marker)
	}
}

// simRequest is the operation and input the form asks for.
func simRequest(f *simForm) (string, any) {
	actions, resources, ctx := lines(f.Actions), lines(f.Resources), contextEntries(f.Context)
	if f.Mode == modePrincipal {
		return "SimulatePrincipalPolicy", &iam.SimulatePrincipalPolicyRequest{
			PolicySourceArn: f.Principal, ActionNames: actions, ResourceArns: resources, ContextEntries: ctx,
		}
	}
	in := &iam.SimulateCustomPolicyRequest{
		PolicyInputList: f.Policies, ActionNames: actions, ResourceArns: resources, ContextEntries: ctx,
		CallerArn: f.CallerArn,
	}
	if strings.TrimSpace(f.Boundary) != "" {
		in.PermissionsBoundaryPolicyInputList = []string{f.Boundary}
	}
	if strings.TrimSpace(f.ResourcePolicy) != "" {
		in.ResourcePolicy = f.ResourcePolicy
	}
	return "SimulateCustomPolicy", in
}

func setSimMarker(in any, marker string) {
	switch v := in.(type) {
	case *iam.SimulatePrincipalPolicyRequest:
		v.Marker = marker
	case *iam.SimulateCustomPolicyRequest:
		v.Marker = marker
	}
}

// toSimResult shows an evaluation result as the API gave it. Missing
// context values are the result's own and those reported per resource
// (AWS reports them there when named resources were given).
func toSimResult(e *iam.EvaluationResult) simResult {
	out := simResult{
		Action: e.EvalActionName, Resource: e.EvalResourceName, Decision: e.EvalDecision,
		Allowed: e.EvalDecision == "allowed",
	}
	for _, st := range e.MatchedStatements {
		out.Statements = append(out.Statements, simStatement{
			PolicyID: st.SourcePolicyId, PolicyType: st.SourcePolicyType,
			Start: position(st.StartPosition), End: position(st.EndPosition),
		})
	}
	out.Missing = append(out.Missing, e.MissingContextValues...)
	for _, rs := range e.ResourceSpecificResults {
		for _, k := range rs.MissingContextValues {
			if !slices.Contains(out.Missing, k) {
				out.Missing = append(out.Missing, k)
			}
		}
	}
	if d := e.PermissionsBoundaryDecisionDetail; d != nil && d.AllowedByPermissionsBoundary != nil {
		out.Boundary = "denied"
		if *d.AllowedByPermissionsBoundary {
			out.Boundary = "allowed"
		}
	}
	return out
}

// position is line:column, "" when the API gave none.
func position(p *iam.Position) string {
	if p == nil || p.Line == nil || p.Column == nil {
		return ""
	}
	return fmt.Sprintf("%d:%d", *p.Line, *p.Column)
}
