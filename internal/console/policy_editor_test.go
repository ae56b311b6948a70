package console

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/policy"
)

// replyWith answers an operation with out; replyErr with err.
func replyWith(out any) func(*principal.Principal, any) (any, error) {
	return func(*principal.Principal, any) (any, error) { return out, nil }
}

func replyErr(err error) func(*principal.Principal, any) (any, error) {
	return func(*principal.Principal, any) (any, error) { return nil, err }
}

// wantInBody reports each of wants missing from a page.
func wantInBody(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", body)
	}
}

// actionCase is a form that makes one API call and redirects.
type actionCase struct {
	name     string
	path     string
	form     url.Values
	op       string
	wantIn   any
	location string
	// page is a data-testid of the page a refusal re-renders.
	page string
}

// runAction checks an action: refused, AWS's reason with 403 on the page
// named by tt.page; allowed, the operation with the form's input and a
// redirect; with a forged CSRF token or signed out, nothing is called.
func runAction(t *testing.T, seed func(*fakeBackend), tt actionCase) {
	t.Helper()
	tc := newTestConsole(t)
	seed(tc.backend)
	client, s := tc.signedInClient(alice)

	status, _, body := tc.post(client, s, tt.path, tt.form)
	if status != http.StatusForbidden || !strings.Contains(body, "<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "+tt.op) {
		t.Errorf("refused: status %d, want 403 with AccessDenied\n%s", status, body)
	}
	if !strings.Contains(body, `data-testid="`+tt.page+`"`) {
		t.Errorf("refused: page %s is not shown\n%s", tt.page, body)
	}

	tc.backend.on(tt.op, replyWith(nil))
	status, location, body := tc.post(client, s, tt.path, tt.form)
	if status != http.StatusSeeOther || location != tt.location {
		t.Errorf("allowed: %d to %q, want 303 to %q\n%s", status, location, tt.location, body)
	}
	calls := tc.backend.called(tt.op)
	if len(calls) != 2 || !reflect.DeepEqual(calls[1].In, tt.wantIn) {
		t.Errorf("calls of %s: %d, last %#v; want %#v", tt.op, len(calls), calls[len(calls)-1].In, tt.wantIn)
	}

	status, _, _ = tc.post(client, s, tt.path, url.Values{"csrf": {"forged"}})
	if status != http.StatusForbidden || len(tc.backend.called(tt.op)) != 2 {
		t.Errorf("forged CSRF: status %d, calls %d", status, len(tc.backend.called(tt.op)))
	}

	res, err := (&http.Client{CheckRedirect: client.CheckRedirect}).PostForm(tc.server.URL+tt.path, url.Values{"csrf": {s.CSRF}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("signed out: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

// engineMessage is what the policy package says of a document, as AWS
// words it.
func engineMessage(t *testing.T, doc string, k policy.Kind) string {
	t.Helper()
	_, err := policy.ParseAndValidate([]byte(doc), k)
	var perr *policy.Error
	if !errors.As(err, &perr) {
		t.Fatalf("the engine accepts %s: %v", doc, err)
	}
	return "MalformedPolicyDocument: " + perr.Message
}

func TestValidateEndpoint(t *testing.T) {
	t.Parallel()
	const valid = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	const badJSON = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}"
	const badEffect = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Permit\", \"Action\": \"s3:*\", \"Resource\": \"*\"}\n  ]\n}"
	const lowerEffect = `{"Version":"2012-10-17","Statement":{"Effect":"allow","Action":"s3:*","Resource":"*"}}`
	const trust = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`
	const old = `{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`
	big := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":[` +
		strings.Repeat(`"arn:aws:s3:::bucket/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",`, 130) + `"*"]}]}`
	tests := []struct {
		name, kind, doc string
		wantStatus      int
		want            validation
	}{
		{"valid identity policy", "identity", valid, 200, validation{Valid: true}},
		{"malformed JSON, with where", "identity", badJSON, 200, validation{Message: engineMessage(t, badJSON, policy.KindIdentity) + " (line 4, column 24)"}},
		{"an Effect that is neither Allow nor Deny", "identity", badEffect, 200, validation{Message: engineMessage(t, badEffect, policy.KindIdentity) + " (statement 1, line 4)"}},
		{"an Effect in the wrong case", "managed", lowerEffect, 200, validation{Message: engineMessage(t, lowerEffect, policy.KindManaged) + " (statement 1, line 1)"}},
		{"a trust policy is not an identity policy", "identity", trust, 200, validation{Message: engineMessage(t, trust, policy.KindIdentity) + " (statement 1, line 1)"}},
		{"a trust policy as a trust policy", "trust", trust, 200, validation{Valid: true}},
		{"an identity policy as a trust policy", "trust", valid, 200, validation{Message: engineMessage(t, valid, policy.KindTrust) + " (statement 1, line 1)"}},
		{"a managed policy needs the 2012 version", "managed", old, 200, validation{Message: engineMessage(t, old, policy.KindManaged)}},
		{"an inline policy may be 2008", "identity", old, 200, validation{Valid: true}},
		{"a managed policy over its quota", "managed", big, 200, validation{Message: "LimitExceeded: " + policy.ManagedPolicySizeMessage()}},
		{"empty", "identity", "", 200, validation{Message: "MalformedPolicyDocument: Syntax errors in policy. (line 1, column 1)"}},
		{"unknown kind", "bucket", valid, 400, validation{Message: "Unknown policy kind."}},
	}
	tc := newTestConsole(t)
	client, s := tc.signedInClient(alice)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			form := url.Values{"document": {tt.doc}, "kind": {tt.kind}}
			req, _ := http.NewRequest(http.MethodPost, tc.server.URL+"/console/policies/validate", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-CSRF-Token", s.CSRF)
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var got validation
			if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tt.wantStatus || got != tt.want {
				t.Errorf("%d %+v\nwant %d %+v", res.StatusCode, got, tt.wantStatus, tt.want)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type %q", ct)
			}
		})
	}
	t.Cleanup(func() {
		if len(tc.backend.calls) != 0 {
			t.Errorf("validation called the API: %+v", tc.backend.calls)
		}
	})
}

func TestValidateEndpointGuards(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	client, s := tc.signedInClient(alice)
	form := url.Values{"document": {"{}"}, "kind": {"identity"}}

	// No token, neither in the form nor in the header.
	req, _ := http.NewRequest(http.MethodPost, tc.server.URL+"/console/policies/validate", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF: %d", res.StatusCode)
	}

	// The form's token does as well as the header.
	status, _, body := tc.post(client, s, "/console/policies/validate", form)
	if status != http.StatusOK || !strings.Contains(body, `"valid":false`) {
		t.Errorf("form token: %d %s", status, body)
	}

	// Signed out: to the sign-in page.
	res, err = (&http.Client{CheckRedirect: client.CheckRedirect}).PostForm(tc.server.URL+"/console/policies/validate", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("signed out: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestLineCol(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s         string
		offset    int
		line, col int
	}{
		{s: "", offset: 0, line: 1, col: 1},
		{s: "abc", offset: 2, line: 1, col: 3},
		{s: "ab\ncd", offset: 2, line: 1, col: 3},
		{s: "ab\ncd", offset: 3, line: 2, col: 1},
		{s: "ab\ncd", offset: 4, line: 2, col: 2},
		{s: "ab\ncd", offset: 99, line: 2, col: 3},
		{s: "ab", offset: -4, line: 1, col: 1},
	}
	for _, tt := range tests {
		if line, col := lineCol(tt.s, tt.offset); line != tt.line || col != tt.col {
			t.Errorf("lineCol(%q, %d) = %d, %d; want %d, %d", tt.s, tt.offset, line, col, tt.line, tt.col)
		}
	}
}

func TestNoticesAreFixedTexts(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	tc.backend.on("iam:ListGroups", replyWith(nil))
	client, _ := tc.signedInClient(alice)
	_, body := tc.get(client, "/console/groups?notice=group-deleted")
	wantInBody(t, body, `data-testid="notice">The group was deleted.</div>`)
	_, body = tc.get(client, "/console/groups?notice=%3Cb%3Ehello")
	if strings.Contains(body, `data-testid="notice"`) || strings.Contains(body, "hello") {
		t.Errorf("an unknown notice code is shown:\n%s", body)
	}
}
