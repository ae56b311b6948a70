package console

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/iamd/iamd/arn"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/policy"
)

func (c *Console) policyRoutes() {
	c.mux.HandleFunc("GET /console/policies", c.signedIn(c.policyList))
	c.mux.HandleFunc("POST /console/policies", c.signedIn(c.policyCreate))
	c.mux.HandleFunc("GET /console/policies/new", c.signedIn(c.policyNew))
	c.mux.HandleFunc("GET /console/policies/view", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		c.policyPage(w, r, s, r.URL.Query().Get("arn"), nil)
	}))
	c.mux.HandleFunc("GET /console/policies/edit", c.signedIn(c.policyEditForm))
	c.mux.HandleFunc("POST /console/policies/edit", c.signedIn(c.policyNewVersion))
	c.mux.HandleFunc("POST /console/policies/default", c.signedIn(c.policySetDefault))
	c.mux.HandleFunc("POST /console/policies/versions/delete", c.signedIn(c.policyDeleteVersion))
	c.mux.HandleFunc("POST /console/policies/delete", c.signedIn(c.policyDelete))
	c.mux.HandleFunc("GET /console/policies/diff", c.signedIn(c.policyDiff))
	c.mux.HandleFunc("POST /console/policies/validate", c.signedIn(c.validatePolicy))
}

// policyListCap is how many policies the list shows; the filter narrows
// the rest (AWS manages about 1,500).
const policyListCap = 200

// policyListPage is the data of policies.html.
type policyListPage struct {
	// AWS: AWS managed policies are listed instead of the account's own.
	AWS      bool
	Query    string
	Policies []iam.Policy
	// Matches counts every match; only policyListCap are shown.
	Matches int
	Capped  bool
}

func (c *Console) policyList(w http.ResponseWriter, r *http.Request, s *Session) {
	q := r.URL.Query()
	data := policyListPage{AWS: q.Get("scope") == "aws", Query: strings.TrimSpace(q.Get("q"))}
	in := &iam.ListPoliciesRequest{Scope: "Local", MaxItems: pageOfThousand()}
	if data.AWS {
		in.Scope = "AWS"
	}
	needle := strings.ToLower(data.Query)
	var err error
	// Ten pages of a thousand hold every policy an account may have and
	// all of AWS's; the bound keeps a misbehaving marker from looping.
	for range 10 {
		var out *iam.ListPoliciesResponse
		out, err = call[iam.ListPoliciesResponse](c, r, s, "iam", "ListPolicies", in)
		if err != nil || out == nil {
			break
		}
		for _, p := range out.Policies {
			if needle != "" && !strings.Contains(strings.ToLower(p.PolicyName), needle) {
				continue
			}
			data.Matches++
			if len(data.Policies) < policyListCap {
				data.Policies = append(data.Policies, p)
			}
		}
		if !flagSet(out.IsTruncated) || out.Marker == "" {
			break
		}
		in.Marker = out.Marker
	}
	data.Capped = data.Matches > len(data.Policies)
	status := statusOf(err)
	c.render(w, r, status, "policies", s, View{Title: "Policies", Nav: "policies", Notice: noticeOf(r), Error: c.pageError(r, err), Data: data})
}

// newPolicyEditor is the create-policy form.
func newPolicyEditor(name, description, path, doc string) editorPage {
	return editorPage{
		Action: "/console/policies", Back: "/console/policies", Kind: policy.KindManaged.String(), Document: doc,
		Fields: []editorField{
			{Name: "name", Label: "Policy name", Hint: "letters, digits and +=,.@_- (up to 128)", Type: "text", Required: true, Value: name},
			{Name: "description", Label: "Description", Hint: "optional; it cannot be changed later", Type: "text", Value: description},
			{Name: "path", Label: "Path", Hint: "optional, for example /engineering/", Type: "text", Value: path},
		},
		Submit: "Create policy", SubmitID: "create-policy-submit",
	}
}

func (c *Console) policyNew(w http.ResponseWriter, r *http.Request, s *Session) {
	doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
	c.renderEditor(w, r, s, "Create policy", "policies", newPolicyEditor("", "", "", doc), nil)
}

func (c *Console) policyCreate(w http.ResponseWriter, r *http.Request, s *Session) {
	name, path := strings.TrimSpace(r.PostFormValue("name")), strings.TrimSpace(r.PostFormValue("path"))
	description, doc := r.PostFormValue("description"), r.PostFormValue("document")
	out, err := call[iam.CreatePolicyResponse](c, r, s, "iam", "CreatePolicy", &iam.CreatePolicyRequest{PolicyName: name, Path: path, Description: description, PolicyDocument: doc})
	if err == nil && (out == nil || out.Policy == nil) {
		err = awserr.InternalFailure()
	}
	if err != nil {
		c.renderEditor(w, r, s, "Create policy", "policies", newPolicyEditor(name, description, path, doc), err)
		return
	}
	goWithNotice(w, r, viewPolicyPath(out.Policy.Arn), "policy-created")
}

// viewPolicyPath is a policy's page.
func viewPolicyPath(policyARN string) string {
	return "/console/policies/view?arn=" + url.QueryEscape(policyARN)
}

// awsManaged reports whether an ARN names an AWS managed policy, which
// nobody may change.
func awsManaged(policyARN string) bool {
	a, err := arn.Parse(policyARN)
	return err == nil && a.AccountID == "aws"
}

// policyName is the name at the end of a policy ARN, for titles.
func policyName(policyARN string) string {
	return policyARN[strings.LastIndexByte(policyARN, '/')+1:]
}

// policyViewPage is the data of policy.html: a policy with its versions,
// one version's document and what the policy is attached to, or (Diff
// set) a comparison of two of its versions.
type policyViewPage struct {
	Arn        string
	Policy     *iam.Policy
	AWSManaged bool
	Versions   []iam.PolicyVersion
	// Shown is the version whose Document (indented) the page shows.
	Shown, Document string
	Groups          []iam.PolicyGroup
	Users           []iam.PolicyUser
	Roles           []iam.PolicyRole
	Truncated       bool
	// From and To preselect the comparison form.
	From, To string
	// Comparing: the page compares From and To; Diff is the result, nil
	// when there was nothing to compare.
	Comparing bool
	Diff      *policyDiffView
}

// policyDiffView is a side-by-side comparison of two versions.
type policyDiffView struct {
	Rows []diffRow
	// Same: the two documents are identical once indented.
	Same bool
}

// policyPage shows a policy; failed is an action on it that failed, shown
// in place of any error reading it.
func (c *Console) policyPage(w http.ResponseWriter, r *http.Request, s *Session, policyARN string, failed error) {
	data := policyViewPage{Arn: policyARN, AWSManaged: awsManaged(policyARN)}
	p, err := call[iam.GetPolicyResponse](c, r, s, "iam", "GetPolicy", &iam.GetPolicyRequest{PolicyArn: policyARN})
	if p != nil && p.Policy != nil {
		data.Policy, data.Shown = p.Policy, p.Policy.DefaultVersionId
	}
	if err == nil {
		err = c.loadVersions(r, s, &data)
	}
	if v := r.URL.Query().Get("version"); v != "" {
		data.Shown = v
	}
	if err == nil && data.Shown != "" {
		var doc string
		doc, err = c.versionDocument(r, s, policyARN, data.Shown)
		data.Document = prettyPolicy(doc)
	}
	if err == nil {
		var e *iam.ListEntitiesForPolicyResponse
		e, err = call[iam.ListEntitiesForPolicyResponse](c, r, s, "iam", "ListEntitiesForPolicy", &iam.ListEntitiesForPolicyRequest{PolicyArn: policyARN, MaxItems: pageOfThousand()})
		if e != nil {
			data.Groups, data.Users, data.Roles, data.Truncated = e.PolicyGroups, e.PolicyUsers, e.PolicyRoles, flagSet(e.IsTruncated)
		}
	}
	if failed != nil {
		err = failed
	}
	c.renderPolicy(w, r, s, "Policy "+policyName(policyARN), data, err)
}

func (c *Console) renderPolicy(w http.ResponseWriter, r *http.Request, s *Session, title string, data policyViewPage, err error) {
	status := statusOf(err)
	c.render(w, r, status, "policy", s, View{Title: title, Nav: "policies", Notice: noticeOf(r), Error: c.pageError(r, err), Data: data})
}

// loadVersions lists a policy's versions and preselects the comparison:
// the default version against the newest other one.
func (c *Console) loadVersions(r *http.Request, s *Session, data *policyViewPage) error {
	out, err := call[iam.ListPolicyVersionsResponse](c, r, s, "iam", "ListPolicyVersions", &iam.ListPolicyVersionsRequest{PolicyArn: data.Arn})
	if err != nil || out == nil {
		return err
	}
	data.Versions = out.Versions
	for _, v := range out.Versions {
		if flagSet(v.IsDefaultVersion) {
			data.To = v.VersionId
		}
	}
	for _, v := range out.Versions {
		if v.VersionId != data.To && (data.From == "" || newerVersion(v, data.From, out.Versions)) {
			data.From = v.VersionId
		}
	}
	return nil
}

// newerVersion reports whether v was created after the version named id.
func newerVersion(v iam.PolicyVersion, id string, all []iam.PolicyVersion) bool {
	for _, o := range all {
		if o.VersionId == id && o.CreateDate != nil && v.CreateDate != nil {
			return v.CreateDate.After(*o.CreateDate)
		}
	}
	return false
}

// versionDocument reads one version's document.
func (c *Console) versionDocument(r *http.Request, s *Session, policyARN, version string) (string, error) {
	out, err := call[iam.GetPolicyVersionResponse](c, r, s, "iam", "GetPolicyVersion", &iam.GetPolicyVersionRequest{PolicyArn: policyARN, VersionId: version})
	if err != nil || out == nil || out.PolicyVersion == nil {
		return "", err
	}
	return out.PolicyVersion.Document, nil
}

// versionEditor is the new-version form of a managed policy.
func versionEditor(policyARN, doc string, setDefault bool, choices []versionChoice) editorPage {
	return editorPage{
		Action: "/console/policies/edit", Back: viewPolicyPath(policyARN), Kind: policy.KindManaged.String(),
		Intro:    "Saving creates a new version of " + policyARN + "; earlier versions are kept (up to five).",
		Hidden:   []editorHidden{{Name: "arn", Value: policyARN}},
		Document: doc, ShowDefault: true, SetDefault: setDefault, DeleteChoices: choices,
		Submit: "Save as new version", SubmitID: "policy-version-submit",
	}
}

func (c *Console) policyEditForm(w http.ResponseWriter, r *http.Request, s *Session) {
	policyARN := r.URL.Query().Get("arn")
	doc := ""
	p, err := call[iam.GetPolicyResponse](c, r, s, "iam", "GetPolicy", &iam.GetPolicyRequest{PolicyArn: policyARN})
	if err == nil && p != nil && p.Policy != nil {
		doc, err = c.versionDocument(r, s, policyARN, p.Policy.DefaultVersionId)
	}
	c.renderEditor(w, r, s, "Edit policy "+policyName(policyARN), "policies", versionEditor(policyARN, prettyPolicy(doc), true, nil), err)
}

// policyNewVersion saves an edit as a new version. When the policy has
// as many versions as AWS allows, AWS answers LimitExceeded; the form then
// offers the non-default versions, and a second submit deletes the chosen
// one before saving.
func (c *Console) policyNewVersion(w http.ResponseWriter, r *http.Request, s *Session) {
	policyARN, doc := r.PostFormValue("arn"), r.PostFormValue("document")
	setDefault, drop := r.PostFormValue("default") != "", r.PostFormValue("delete_version")
	title := "Edit policy " + policyName(policyARN)
	notice := "version-created"
	if drop != "" {
		if err := c.do(r, s, "iam", "DeletePolicyVersion", &iam.DeletePolicyVersionRequest{PolicyArn: policyARN, VersionId: drop}); err != nil {
			c.renderEditor(w, r, s, title, "policies", versionEditor(policyARN, doc, setDefault, c.deletableVersions(r, s, policyARN)), err)
			return
		}
		notice = "version-replaced"
	}
	err := c.do(r, s, "iam", "CreatePolicyVersion", &iam.CreatePolicyVersionRequest{PolicyArn: policyARN, PolicyDocument: doc, SetAsDefault: &setDefault})
	if err != nil {
		var choices []versionChoice
		if e := awserr.As(err); e != nil && e.Code == "LimitExceeded" && strings.Contains(e.Message, "versions") {
			choices = c.deletableVersions(r, s, policyARN)
		}
		c.renderEditor(w, r, s, title, "policies", versionEditor(policyARN, doc, setDefault, choices), err)
		return
	}
	goWithNotice(w, r, viewPolicyPath(policyARN), notice)
}

// deletableVersions lists the versions other than the default, which AWS
// refuses to delete. A failure to list leaves the person with AWS's error
// alone, which still says what to do.
func (c *Console) deletableVersions(r *http.Request, s *Session, policyARN string) []versionChoice {
	out, err := call[iam.ListPolicyVersionsResponse](c, r, s, "iam", "ListPolicyVersions", &iam.ListPolicyVersionsRequest{PolicyArn: policyARN})
	if err != nil || out == nil {
		return nil
	}
	var choices []versionChoice
	for _, v := range out.Versions {
		if !flagSet(v.IsDefaultVersion) {
			choices = append(choices, versionChoice{ID: v.VersionId, Created: versionDate(v.CreateDate)})
		}
	}
	return choices
}

// versionDate is when a version was created, as the pages show dates.
func versionDate(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// policyAction runs one change to a policy from a form and returns to
// its page with a notice, or shows the API's error there.
func (c *Console) policyAction(w http.ResponseWriter, r *http.Request, s *Session, op string, in any, notice string) {
	policyARN := r.PostFormValue("arn")
	c.act(w, r, s, op, in, viewPolicyPath(policyARN), notice, func(err error) { c.policyPage(w, r, s, policyARN, err) })
}

func (c *Console) policySetDefault(w http.ResponseWriter, r *http.Request, s *Session) {
	c.policyAction(w, r, s, "SetDefaultPolicyVersion", &iam.SetDefaultPolicyVersionRequest{PolicyArn: r.PostFormValue("arn"), VersionId: r.PostFormValue("version")}, "version-default")
}

func (c *Console) policyDeleteVersion(w http.ResponseWriter, r *http.Request, s *Session) {
	c.policyAction(w, r, s, "DeletePolicyVersion", &iam.DeletePolicyVersionRequest{PolicyArn: r.PostFormValue("arn"), VersionId: r.PostFormValue("version")}, "version-deleted")
}

func (c *Console) policyDelete(w http.ResponseWriter, r *http.Request, s *Session) {
	policyARN := r.PostFormValue("arn")
	if err := c.do(r, s, "iam", "DeletePolicy", &iam.DeletePolicyRequest{PolicyArn: policyARN}); err != nil {
		c.policyPage(w, r, s, policyARN, err)
		return
	}
	goWithNotice(w, r, "/console/policies", "policy-deleted")
}

// policyDiff compares two versions side by side, each indented the same
// way so that only real changes show.
func (c *Console) policyDiff(w http.ResponseWriter, r *http.Request, s *Session) {
	q := r.URL.Query()
	data := policyViewPage{Arn: q.Get("arn"), AWSManaged: awsManaged(q.Get("arn")), Comparing: true}
	title := "Compare versions of " + policyName(data.Arn)
	err := c.loadVersions(r, s, &data)
	if f := q.Get("from"); f != "" {
		data.From = f
	}
	if t := q.Get("to"); t != "" {
		data.To = t
	}
	// A policy with one version has nothing to compare; the page says so.
	ready := err == nil && data.From != "" && data.To != ""
	var from, to string
	if ready {
		from, err = c.versionDocument(r, s, data.Arn, data.From)
	}
	if ready && err == nil {
		to, err = c.versionDocument(r, s, data.Arn, data.To)
	}
	if ready && err == nil {
		a, b := prettyPolicy(from), prettyPolicy(to)
		data.Diff = &policyDiffView{Rows: sideBySide(lineDiff(splitLines(a), splitLines(b))), Same: a == b}
	}
	c.renderPolicy(w, r, s, title, data, err)
}
