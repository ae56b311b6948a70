package console

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
)

// page is one page's template: the layout, the shared partials and the
// page's own file, which defines "title" and "content".
type page struct{ t *template.Template }

// sharedTemplates are parsed into every page.
var sharedTemplates = []string{"templates/layout.html", "templates/partials.html"}

func parsePages() (map[string]*page, error) {
	base, err := template.New("").Funcs(funcs).ParseFS(templateFiles, sharedTemplates...)
	if err != nil {
		return nil, fmt.Errorf("console: templates: %w", err)
	}
	names, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*page{}
	for _, name := range names {
		if isShared(name) {
			continue
		}
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFiles, name); err != nil {
			return nil, fmt.Errorf("console: template %s: %w", name, err)
		}
		pages[strings.TrimSuffix(path.Base(name), ".html")] = &page{t}
	}
	return pages, nil
}

func isShared(name string) bool {
	for _, s := range sharedTemplates {
		if s == name {
			return true
		}
	}
	return false
}

var funcs = template.FuncMap{
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			if v.IsZero() {
				return "—"
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		case *time.Time:
			if v == nil || v.IsZero() {
				return "—"
			}
			return v.UTC().Format("2006-01-02 15:04 UTC")
		}
		return "—"
	},
	"deref": func(v any) any {
		switch p := v.(type) {
		case *string:
			if p == nil {
				return ""
			}
			return *p
		case *bool:
			return p != nil && *p
		case *int32:
			if p == nil {
				return int32(0)
			}
			return *p
		}
		return v
	},
}

// View is what every page's template receives.
type View struct {
	// Title names the page (and the browser tab).
	Title string
	// Nav is the navigation entry to highlight ("users").
	Nav string
	// Session is the signed-in session; nil on sign-in pages.
	Session *Session
	// AccountAlias is the account's alias, "" when it has none.
	AccountAlias string
	// CSRF is the token forms carry in their hidden "csrf" field.
	CSRF string
	// Notice is a success message; Error a failure, shown with AWS's code
	// and message when it came from an API call.
	Notice string
	Error  *PageError
	// Data is the page's own data.
	Data any
}

// PageError is an error shown on a page.
type PageError struct {
	Code    string
	Message string
}

// pageError turns err into what a page shows: AWS's code and message for
// an API error (an AccessDenied names the missing permission), a generic
// text otherwise (the cause is logged, never shown).
func (c *Console) pageError(r *http.Request, err error) *PageError {
	if err == nil {
		return nil
	}
	var awsErr *awserr.Error
	if errors.As(err, &awsErr) {
		return &PageError{Code: awsErr.Code, Message: awsErr.Message}
	}
	c.cfg.Logger.ErrorContext(r.Context(), "console", "path", r.URL.Path, "err", err)
	return &PageError{Code: "InternalFailure", Message: "The request failed because of an internal error. Try again later."}
}

// render writes a page. v.Session and v.CSRF are filled from s.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, name string, s *Session, v View) {
	p, ok := c.pages[name]
	if !ok {
		c.internalError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	if s != nil {
		v.Session, v.CSRF = s, s.CSRF
		if v.AccountAlias == "" {
			v.AccountAlias = c.signInAlias(r, s.Identity.AccountID)
		}
	}
	if v.Notice == "" && v.Error == nil {
		v.Notice = noticeOf(r)
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, "layout", v); err != nil {
		c.internalError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// internalError logs err and answers without detail.
func (c *Console) internalError(w http.ResponseWriter, r *http.Request, err error) {
	c.cfg.Logger.ErrorContext(r.Context(), "console", "path", r.URL.Path, "err", err)
	http.Error(w, "The console failed because of an internal error. Try again later.", http.StatusInternalServerError)
}

// statusOf is the status of a page that shows err, or 200 without one.
func statusOf(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return errorStatus(err)
}

// errorStatus is the HTTP status of a page that shows err.
func errorStatus(err error) int {
	var awsErr *awserr.Error
	if errors.As(err, &awsErr) && awsErr.Status >= 400 {
		return awsErr.Status
	}
	return http.StatusInternalServerError
}

// act runs one change a form asks for: on success the browser goes to back
// with the notice; on failure showPage renders the page with AWS's error.
func (c *Console) act(w http.ResponseWriter, r *http.Request, s *Session, op string, in any, back, notice string, showPage func(err error)) {
	if err := c.do(r, s, "iam", op, in); err != nil {
		showPage(err)
		return
	}
	goWithNotice(w, r, back, notice)
}

// goWithNotice redirects to path with a notice code.
func goWithNotice(w http.ResponseWriter, r *http.Request, path, code string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, path+sep+"notice="+url.QueryEscape(code), http.StatusSeeOther)
}

// policyPanel is the data of the "policy-panel" partial: the attached and
// inline policies of the group or role at Base.
type policyPanel struct {
	// Base is the entity's page ("/console/groups/admins"); Kind names it
	// in test IDs ("group", "role").
	Base, Kind string
	Attached   []iam.AttachedPolicy
	Inline     []string
	CSRF       string
}
