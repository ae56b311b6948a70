package console

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/iamd/iamd/policy"
)

// The policy editor is one page (policy_edit.html) shared by every place a
// person writes a policy document: a group's or role's inline policy, a
// role's trust policy, a new role, a new managed policy or a new version of
// one. The textarea asks POST /console/policies/validate as the person
// types (assets/console.js); the submit still goes through the API, which
// validates again and whose error the page shows.

// editorPage is the data of the editor page.
type editorPage struct {
	// Action is where the form posts; Back the page a cancel returns to.
	Action, Back string
	// Intro is a fixed sentence above the form.
	Intro string
	// Kind is the validation kind of the document: identity, managed,
	// trust (policy.Kind's names).
	Kind     string
	Fields   []editorField
	Hidden   []editorHidden
	Document string
	// ShowDefault offers "set as the default version" (managed policies);
	// SetDefault is its state.
	ShowDefault, SetDefault bool
	// DeleteChoices are versions the person may delete to make room when
	// the policy already has as many versions as AWS allows.
	DeleteChoices []versionChoice
	// Submit labels the submit button; SubmitID is its data-testid.
	Submit, SubmitID string
}

// editorField is a text or number input beside the document.
type editorField struct {
	Name, Label, Hint, Value string
	// Type is the input type: "text" or "number".
	Type     string
	Required bool
	// Min and Max bound a number input; "" for none.
	Min, Max string
}

// editorHidden is a value the form carries back unchanged.
type editorHidden struct{ Name, Value string }

// versionChoice is a policy version offered for deletion.
type versionChoice struct{ ID, Created string }

// renderEditor shows the editor page; err, when set, is the API's answer
// to the last submit and decides the status.
func (c *Console) renderEditor(w http.ResponseWriter, r *http.Request, s *Session, title, nav string, e editorPage, err error) {
	status := statusOf(err)
	c.render(w, r, status, "policy_edit", s, View{Title: title, Nav: nav, Error: c.pageError(r, err), Data: e})
}

// editorKinds maps the kind a form names to the policy language's kind.
var editorKinds = map[string]policy.Kind{}

func init() {
	for k := policy.KindIdentity; k <= policy.KindSession; k++ {
		editorKinds[k.String()] = k
	}
}

// validation is the validate endpoint's answer, as console.js reads it.
type validation struct {
	Valid   bool   `json:"valid"`
	Message string `json:"message"`
}

// validatePolicy answers POST /console/policies/validate with the policy
// engine's verdict on a document. It calls no API: validating reads
// nothing and changes nothing, so it needs no permission.
func (c *Console) validatePolicy(w http.ResponseWriter, r *http.Request, _ *Session) {
	w.Header().Set("Content-Type", "application/json")
	kind, ok := editorKinds[r.PostFormValue("kind")]
	status, res := http.StatusOK, validation{}
	if ok {
		res = validateDocument(r.PostFormValue("document"), kind)
	} else {
		status, res = http.StatusBadRequest, validation{Message: "Unknown policy kind."}
	}
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(res); err != nil {
		c.cfg.Logger.DebugContext(r.Context(), "console: validate response", "err", err)
	}
}

// validateDocument validates doc as IAM would for a policy of kind k: the
// engine's MalformedPolicyDocument message, then the size quota of managed
// and trust policies, which the API checks next. The message says where the
// problem is (statement, line) to help in the editor; the words before that
// are AWS's.
func validateDocument(doc string, k policy.Kind) validation {
	parsed, err := policy.Parse([]byte(doc))
	if err == nil {
		err = policy.Validate(parsed, k)
	}
	if err != nil {
		var perr *policy.Error
		if !errors.As(err, &perr) {
			return validation{Message: policy.CodeMalformedPolicyDocument + ": " + policy.MsgSyntax}
		}
		return validation{Message: policy.CodeMalformedPolicyDocument + ": " + perr.Message + where(doc, parsed, perr)}
	}
	switch {
	case k == policy.KindManaged && policy.Size(doc) > policy.MaxManagedPolicySize:
		return validation{Message: "LimitExceeded: " + policy.ManagedPolicySizeMessage()}
	case k == policy.KindTrust && policy.Size(doc) > policy.MaxTrustPolicySize:
		return validation{Message: "LimitExceeded: " + policy.TrustPolicySizeMessage(policy.MaxTrustPolicySize)}
	}
	return validation{Valid: true}
}

// where locates a validation error for the editor: the JSON syntax error's
// line and column, or the offending statement and its line.
func where(doc string, parsed *policy.Document, perr *policy.Error) string {
	var v any
	var syn *json.SyntaxError
	if err := json.Unmarshal([]byte(doc), &v); errors.As(err, &syn) {
		// Offset counts the bytes read up to and including the bad one.
		line, col := lineCol(doc, int(syn.Offset)-1)
		return fmt.Sprintf(" (line %d, column %d)", line, col)
	}
	if perr.Statement < 0 {
		return ""
	}
	if parsed != nil && perr.Statement < len(parsed.Statements) {
		return fmt.Sprintf(" (statement %d, line %d)", perr.Statement+1, parsed.Statements[perr.Statement].Span.Start.Line)
	}
	return fmt.Sprintf(" (statement %d)", perr.Statement+1)
}

// lineCol is the 1-based line and column of the byte at offset (clamped
// to the text).
func lineCol(s string, offset int) (int, int) {
	offset = min(max(offset, 0), len(s))
	before := s[:offset]
	line := strings.Count(before, "\n") + 1
	return line, offset - strings.LastIndexByte(before, '\n')
}

// inlineOwner is an identity kind (group, role) whose inline policies the
// console edits, with the operations that read and write them.
type inlineOwner struct {
	// noun names the kind in titles; nav highlights its navigation entry;
	// base is its pages' path prefix ("/console/groups/").
	noun, nav, base string
	get             func(c *Console, r *http.Request, s *Session, owner, name string) (string, error)
	put             func(c *Console, r *http.Request, s *Session, owner, name, doc string) error
	del             func(c *Console, r *http.Request, s *Session, owner, name string) error
	// page shows the owner's page with a failed action's error.
	page func(c *Console, w http.ResponseWriter, r *http.Request, s *Session, owner string, failed error)
}

// inlineRoutes registers the inline-policy pages of an owner kind:
// the editor (a new policy without ?policy=), its submit, and delete.
func (c *Console) inlineRoutes(o *inlineOwner) {
	c.mux.HandleFunc("GET "+o.base+"{name}/inline", c.signedIn(o.edit(c)))
	c.mux.HandleFunc("POST "+o.base+"{name}/inline", c.signedIn(o.save(c)))
	c.mux.HandleFunc("POST "+o.base+"{name}/inline/delete", c.signedIn(o.remove(c)))
}

func (o *inlineOwner) editor(owner, name, doc string) editorPage {
	e := editorPage{
		Action: o.base + url.PathEscape(owner) + "/inline", Back: o.base + url.PathEscape(owner),
		Kind: policy.KindIdentity.String(), Document: doc,
		Submit: "Save inline policy", SubmitID: "inline-policy-submit",
	}
	if name == "" {
		e.Fields = []editorField{{Name: "policy", Label: "Policy name", Type: "text", Required: true, Hint: "Letters, digits and +=,.@_-"}}
		e.Document = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n      \"Action\": \"\",\n      \"Resource\": \"*\"\n    }\n  ]\n}"
		if doc != "" {
			e.Document = doc
		}
	} else {
		e.Intro = "Editing inline policy " + name + " of " + o.noun + " " + owner + "."
		e.Hidden = []editorHidden{{Name: "policy", Value: name}, {Name: "existing", Value: "1"}}
	}
	return e
}

func (o *inlineOwner) edit(c *Console) func(http.ResponseWriter, *http.Request, *Session) {
	return func(w http.ResponseWriter, r *http.Request, s *Session) {
		owner, name := r.PathValue("name"), r.URL.Query().Get("policy")
		title := "Inline policy of " + o.noun + " " + owner
		if name == "" {
			c.renderEditor(w, r, s, title, o.nav, o.editor(owner, "", ""), nil)
			return
		}
		doc, err := o.get(c, r, s, owner, name)
		c.renderEditor(w, r, s, title, o.nav, o.editor(owner, name, prettyPolicy(doc)), err)
	}
}

func (o *inlineOwner) save(c *Console) func(http.ResponseWriter, *http.Request, *Session) {
	return func(w http.ResponseWriter, r *http.Request, s *Session) {
		owner := r.PathValue("name")
		name, doc := strings.TrimSpace(r.PostFormValue("policy")), r.PostFormValue("document")
		if err := o.put(c, r, s, owner, name, doc); err != nil {
			e := o.editor(owner, name, doc)
			if r.PostFormValue("existing") == "" {
				e = o.editor(owner, "", doc)
				e.Fields[0].Value = name
			}
			c.renderEditor(w, r, s, "Inline policy of "+o.noun+" "+owner, o.nav, e, err)
			return
		}
		goWithNotice(w, r, o.base+url.PathEscape(owner), "inline-saved")
	}
}

func (o *inlineOwner) remove(c *Console) func(http.ResponseWriter, *http.Request, *Session) {
	return func(w http.ResponseWriter, r *http.Request, s *Session) {
		owner := r.PathValue("name")
		if err := o.del(c, r, s, owner, strings.TrimSpace(r.PostFormValue("policy"))); err != nil {
			o.page(c, w, r, s, owner, err)
			return
		}
		goWithNotice(w, r, o.base+url.PathEscape(owner), "inline-deleted")
	}
}

// goWithNotice redirects after a successful POST. The notice is a code the
// target page maps to a fixed text; nothing the person typed is echoed.
// pageOfThousand is MaxItems for the list calls: AWS's largest page, so a
// page shows what one call returns and says so when there is more.
func pageOfThousand() *int32 {
	n := int32(1000)
	return &n
}
