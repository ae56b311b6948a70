package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/policy"
)

// roleOwner edits roles' inline policies.
var roleOwner = &inlineOwner{
	noun: "role", nav: "roles", base: "/console/roles/",
	get: func(c *Console, r *http.Request, s *Session, owner, name string) (string, error) {
		out, err := call[iam.GetRolePolicyResponse](c, r, s, "iam", "GetRolePolicy", &iam.GetRolePolicyRequest{RoleName: owner, PolicyName: name})
		if err != nil || out == nil {
			return "", err
		}
		return out.PolicyDocument, nil
	},
	put: func(c *Console, r *http.Request, s *Session, owner, name, doc string) error {
		return c.do(r, s, "iam", "PutRolePolicy", &iam.PutRolePolicyRequest{RoleName: owner, PolicyName: name, PolicyDocument: doc})
	},
	del: func(c *Console, r *http.Request, s *Session, owner, name string) error {
		return c.do(r, s, "iam", "DeleteRolePolicy", &iam.DeleteRolePolicyRequest{RoleName: owner, PolicyName: name})
	},
	page: (*Console).rolePage,
}

// The create form is not under /console/roles/ so that no role name (a
// role may be called "new") is shadowed by it.
const roleCreatePath = "/console/create-role"

func (c *Console) roleRoutes() {
	c.mux.HandleFunc("GET /console/roles", c.signedIn(c.roleList))
	c.mux.HandleFunc("GET "+roleCreatePath, c.signedIn(c.roleCreateForm))
	c.mux.HandleFunc("POST "+roleCreatePath, c.signedIn(c.roleCreate))
	c.mux.HandleFunc("GET /console/roles/{name}", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		c.rolePage(w, r, s, r.PathValue("name"), nil)
	}))
	c.mux.HandleFunc("POST /console/roles/{name}/session", c.signedIn(c.roleSession))
	c.mux.HandleFunc("GET /console/roles/{name}/trust", c.signedIn(c.roleTrustForm))
	c.mux.HandleFunc("POST /console/roles/{name}/trust", c.signedIn(c.roleTrustSave))
	c.mux.HandleFunc("POST /console/roles/{name}/policies/attach", c.signedIn(c.roleAttach))
	c.mux.HandleFunc("POST /console/roles/{name}/policies/detach", c.signedIn(c.roleDetach))
	c.mux.HandleFunc("POST /console/roles/{name}/delete", c.signedIn(c.roleDelete))
	c.inlineRoutes(roleOwner)
}

// roleListPage is the data of roles.html.
type roleListPage struct {
	Roles     []roleRow
	Truncated bool
}

// roleRow is a role of the list with its session duration in words.
type roleRow struct {
	iam.Role
	Session string
}

func (c *Console) roleList(w http.ResponseWriter, r *http.Request, s *Session) {
	var data roleListPage
	out, err := call[iam.ListRolesResponse](c, r, s, "iam", "ListRoles", &iam.ListRolesRequest{MaxItems: pageOfThousand()})
	if out != nil {
		for _, role := range out.Roles {
			data.Roles = append(data.Roles, roleRow{Role: role, Session: sessionText(role.MaxSessionDuration)})
		}
		data.Truncated = flagSet(out.IsTruncated)
	}
	status := statusOf(err)
	c.render(w, r, status, "roles", s, View{Title: "Roles", Nav: "roles", Notice: noticeOf(r), Error: c.pageError(r, err), Data: data})
}

// roleCreateEditor is the create-role form in the policy editor.
func roleCreateEditor(name, description, maxSession, doc string) editorPage {
	return editorPage{
		Action: roleCreatePath, Back: "/console/roles", Kind: policy.KindTrust.String(), Document: doc,
		Intro: "The trust policy says who may assume the role; attach permissions to it once it exists.",
		Fields: []editorField{
			{Name: "name", Label: "Role name", Hint: "letters, digits and +=,.@_- (up to 64)", Type: "text", Required: true, Value: name},
			{Name: "description", Label: "Description", Hint: "optional", Type: "text", Value: description},
			{Name: "max_session", Label: "Maximum session duration (seconds)", Hint: "3600 (1 hour) to 43200 (12 hours)", Type: "number", Min: "3600", Max: "43200", Value: maxSession},
		},
		Submit: "Create role", SubmitID: "create-role-submit",
	}
}

func (c *Console) roleCreateForm(w http.ResponseWriter, r *http.Request, s *Session) {
	// The starting trust policy lets the account's own principals assume
	// the role, as AWS's console suggests for "AWS account".
	doc := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"AWS": "` + arn.RootARN("aws", s.Identity.AccountID) + `"},
      "Action": "sts:AssumeRole"
    }
  ]
}`
	c.renderEditor(w, r, s, "Create role", "roles", roleCreateEditor("", "", "3600", doc), nil)
}

func (c *Console) roleCreate(w http.ResponseWriter, r *http.Request, s *Session) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	description, maxText, doc := r.PostFormValue("description"), strings.TrimSpace(r.PostFormValue("max_session")), r.PostFormValue("document")
	in := &iam.CreateRoleRequest{RoleName: name, Description: description, AssumeRolePolicyDocument: doc}
	var err error
	if maxText != "" {
		in.MaxSessionDuration, err = sessionSeconds(maxText)
	}
	if err == nil {
		err = c.do(r, s, "iam", "CreateRole", in)
	}
	if err != nil {
		c.renderEditor(w, r, s, "Create role", "roles", roleCreateEditor(name, description, maxText, doc), err)
		return
	}
	goWithNotice(w, r, "/console/roles/"+url.PathEscape(name), "role-created")
}

// sessionSeconds reads a maximum session duration. Only a number is
// checked here; its range is the API's to enforce.
func sessionSeconds(text string) (*int32, error) {
	n, err := strconv.ParseInt(text, 10, 32)
	if err != nil {
		return nil, awserr.ValidationError("The maximum session duration must be a whole number of seconds, from 3600 to 43200.")
	}
	v := int32(n)
	return &v, nil
}

// sessionText says a maximum session duration in hours and minutes;
// absent is AWS's default of one hour.
func sessionText(seconds *int32) string {
	n := int32(3600)
	if seconds != nil {
		n = *seconds
	}
	h, m := n/3600, n%3600/60
	var parts []string
	switch {
	case h == 1:
		parts = append(parts, "1 hour")
	case h > 1:
		parts = append(parts, strconv.Itoa(int(h))+" hours")
	}
	switch {
	case m == 1:
		parts = append(parts, "1 minute")
	case m > 1 || len(parts) == 0:
		parts = append(parts, strconv.Itoa(int(m))+" minutes")
	}
	return strings.Join(parts, " ")
}

// roleDetailPage is the data of role.html.
type roleDetailPage struct {
	Name string
	Role *iam.Role
	// Trust is the trust policy, indented; Assumers says who it lets
	// assume the role. TrustUnreadable: the document did not parse.
	Trust           string
	Assumers        []trustGrant
	Denies          int
	TrustUnreadable bool
	MaxSession      int32
	SessionText     string
	Attached        []iam.AttachedPolicy
	Inline          []string
	Truncated       bool
}

// rolePage shows a role; failed is an action on it that failed, shown in
// place of any error reading the role.
func (c *Console) rolePage(w http.ResponseWriter, r *http.Request, s *Session, name string, failed error) {
	data := roleDetailPage{Name: name, MaxSession: 3600}
	g, err := call[iam.GetRoleResponse](c, r, s, "iam", "GetRole", &iam.GetRoleRequest{RoleName: name})
	if g != nil {
		data.Role = &g.Role
		// The generated shape holds the trust policy decoded: the Query
		// codec percent-decodes on the wire, never for a Go caller.
		data.Trust = prettyPolicy(g.Role.AssumeRolePolicyDocument)
		data.Assumers, data.Denies, data.TrustUnreadable = whoMayAssume(g.Role.AssumeRolePolicyDocument)
		if g.Role.MaxSessionDuration != nil {
			data.MaxSession = *g.Role.MaxSessionDuration
		}
		data.SessionText = sessionText(g.Role.MaxSessionDuration)
	}
	if err == nil {
		var att *iam.ListAttachedRolePoliciesResponse
		att, err = call[iam.ListAttachedRolePoliciesResponse](c, r, s, "iam", "ListAttachedRolePolicies", &iam.ListAttachedRolePoliciesRequest{RoleName: name, MaxItems: pageOfThousand()})
		if att != nil {
			data.Attached, data.Truncated = att.AttachedPolicies, flagSet(att.IsTruncated)
		}
	}
	if err == nil {
		var in *iam.ListRolePoliciesResponse
		in, err = call[iam.ListRolePoliciesResponse](c, r, s, "iam", "ListRolePolicies", &iam.ListRolePoliciesRequest{RoleName: name, MaxItems: pageOfThousand()})
		if in != nil {
			data.Inline, data.Truncated = in.PolicyNames, data.Truncated || flagSet(in.IsTruncated)
		}
	}
	if failed != nil {
		err = failed
	}
	status := statusOf(err)
	c.render(w, r, status, "role", s, View{Title: "Role " + name, Nav: "roles", Notice: noticeOf(r), Error: c.pageError(r, err), Data: data})
}

// roleAction runs one change to a role and returns to its page with a
// notice, or shows the API's error there.
func (c *Console) roleAction(w http.ResponseWriter, r *http.Request, s *Session, op string, in any, notice string) {
	name := r.PathValue("name")
	c.act(w, r, s, op, in, "/console/roles/"+url.PathEscape(name), notice, func(err error) { c.rolePage(w, r, s, name, err) })
}

func (c *Console) roleSession(w http.ResponseWriter, r *http.Request, s *Session) {
	seconds, err := sessionSeconds(strings.TrimSpace(r.PostFormValue("max_session")))
	if err != nil {
		c.rolePage(w, r, s, r.PathValue("name"), err)
		return
	}
	c.roleAction(w, r, s, "UpdateRole", &iam.UpdateRoleRequest{RoleName: r.PathValue("name"), MaxSessionDuration: seconds}, "role-updated")
}

func (c *Console) roleAttach(w http.ResponseWriter, r *http.Request, s *Session) {
	c.roleAction(w, r, s, "AttachRolePolicy", &iam.AttachRolePolicyRequest{RoleName: r.PathValue("name"), PolicyArn: strings.TrimSpace(r.PostFormValue("arn"))}, "policy-attached")
}

func (c *Console) roleDetach(w http.ResponseWriter, r *http.Request, s *Session) {
	c.roleAction(w, r, s, "DetachRolePolicy", &iam.DetachRolePolicyRequest{RoleName: r.PathValue("name"), PolicyArn: strings.TrimSpace(r.PostFormValue("arn"))}, "policy-detached")
}

func (c *Console) roleDelete(w http.ResponseWriter, r *http.Request, s *Session) {
	name := r.PathValue("name")
	if err := c.do(r, s, "iam", "DeleteRole", &iam.DeleteRoleRequest{RoleName: name}); err != nil {
		c.rolePage(w, r, s, name, err)
		return
	}
	goWithNotice(w, r, "/console/roles", "role-deleted")
}

// trustEditor is the trust-policy form of a role.
func trustEditor(name, doc string) editorPage {
	return editorPage{
		Action: "/console/roles/" + url.PathEscape(name) + "/trust", Back: "/console/roles/" + url.PathEscape(name),
		Kind: policy.KindTrust.String(), Document: doc,
		Intro:  "The trust policy says which principals may assume role " + name + ".",
		Submit: "Update trust policy", SubmitID: "trust-policy-submit",
	}
}

func (c *Console) roleTrustForm(w http.ResponseWriter, r *http.Request, s *Session) {
	name := r.PathValue("name")
	doc := ""
	g, err := call[iam.GetRoleResponse](c, r, s, "iam", "GetRole", &iam.GetRoleRequest{RoleName: name})
	if g != nil {
		doc = prettyPolicy(g.Role.AssumeRolePolicyDocument)
	}
	c.renderEditor(w, r, s, "Trust policy of role "+name, "roles", trustEditor(name, doc), err)
}

func (c *Console) roleTrustSave(w http.ResponseWriter, r *http.Request, s *Session) {
	name, doc := r.PathValue("name"), r.PostFormValue("document")
	if err := c.do(r, s, "iam", "UpdateAssumeRolePolicy", &iam.UpdateAssumeRolePolicyRequest{RoleName: name, PolicyDocument: doc}); err != nil {
		c.renderEditor(w, r, s, "Trust policy of role "+name, "roles", trustEditor(name, doc), err)
		return
	}
	goWithNotice(w, r, "/console/roles/"+url.PathEscape(name), "trust-updated")
}

// trustGrant is one Allow statement of a trust policy, in plain words:
// which principals may assume the role, how, and under what conditions.
type trustGrant struct {
	Sid        string
	Actions    []string
	Principals []trustPrincipal
	// Except is true for a NotPrincipal statement: everyone but Principals.
	Except     bool
	Conditions []string
}

// trustPrincipal is one principal of a trust policy: Kind in words
// ("AWS account", "AWS service", ...) and the value as written.
type trustPrincipal struct{ Kind, Value string }

// assumeActions are the STS actions that assume a role.
var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity"}

// whoMayAssume reads a trust policy's Allow statements that grant any of
// assumeActions, and counts the Deny statements that may narrow them.
// unreadable is true when the document does not parse.
func whoMayAssume(doc string) (grants []trustGrant, denies int, unreadable bool) {
	parsed, err := policy.Parse([]byte(doc))
	if err != nil {
		return nil, 0, true
	}
	for i := range parsed.Statements {
		st := &parsed.Statements[i]
		if st.Effect == policy.EffectDeny {
			denies++
		}
		if st.Effect != policy.EffectAllow {
			continue
		}
		g := trustGrant{Sid: st.Sid}
		for _, a := range assumeActions {
			if grantsAction(st, a) {
				g.Actions = append(g.Actions, a)
			}
		}
		if len(g.Actions) == 0 {
			continue
		}
		p := st.Principal
		if st.NotPrincipal != nil {
			p, g.Except = st.NotPrincipal, true
		}
		g.Principals = describePrincipals(p)
		for _, b := range st.Condition {
			for _, k := range b.Keys {
				g.Conditions = append(g.Conditions, b.Operator+" "+k.Key+": "+strings.Join(k.Values, ", "))
			}
		}
		grants = append(grants, g)
	}
	return grants, denies, false
}

// grantsAction reports whether a statement's Action (or NotAction) covers
// action. Action names match case-insensitively, with * and ? wildcards.
func grantsAction(st *policy.Statement, action string) bool {
	if st.NotAction.Present {
		for _, p := range st.NotAction.Values {
			if wildcardMatch(strings.ToLower(p), strings.ToLower(action)) {
				return false
			}
		}
		return true
	}
	for _, p := range st.Action.Values {
		if wildcardMatch(strings.ToLower(p), strings.ToLower(action)) {
			return true
		}
	}
	return false
}

// wildcardMatch matches s against a pattern where * is any run of
// characters and ? any one, backtracking only to the last star.
func wildcardMatch(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p, mark = star+1, mark+1
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// describePrincipals names a Principal element's entries in words.
func describePrincipals(p *policy.Principal) []trustPrincipal {
	if p == nil {
		return nil
	}
	if p.Wildcard {
		return []trustPrincipal{{Kind: "Anyone", Value: "*"}}
	}
	var out []trustPrincipal
	for _, e := range p.Entries {
		for _, v := range e.Values {
			out = append(out, trustPrincipal{Kind: principalKind(e.Type, v), Value: v})
		}
	}
	return out
}

// principalKind says what a principal value names.
func principalKind(typ, v string) string {
	switch typ {
	case policy.PrincipalService:
		return "AWS service"
	case policy.PrincipalCanonicalUser:
		return "Canonical user"
	case policy.PrincipalFederated:
		a, err := arn.Parse(v)
		switch {
		case err != nil:
			return "Web identity provider"
		case strings.HasPrefix(a.Resource, "saml-provider/"):
			return "SAML identity provider"
		case strings.HasPrefix(a.Resource, "oidc-provider/"):
			return "OIDC identity provider"
		}
		return "Federated provider"
	case policy.PrincipalAWS:
		if v == "*" {
			return "Any AWS principal"
		}
		if arn.IsAccountID(v) {
			return "AWS account (principals it allows)"
		}
		a, err := arn.Parse(v)
		if err != nil {
			return "AWS principal"
		}
		switch a.ResourceType() {
		case "":
			if a.Resource == "root" {
				return "AWS account (principals it allows)"
			}
		case "user":
			return "IAM user"
		case "role":
			return "IAM role"
		case "assumed-role":
			return "Role session"
		case "federated-user":
			return "Federated user"
		}
		return "AWS principal"
	}
	return typ
}

// PolicyPanel is the role's policies for the shared panel.
func (d roleDetailPage) PolicyPanel(csrf string) policyPanel {
	return policyPanel{Base: "/console/roles/" + url.PathEscape(d.Name), Kind: "role", Attached: d.Attached, Inline: d.Inline, CSRF: csrf}
}
