package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
)

func TestChangePassword(t *testing.T) {
	t.Parallel()
	good := url.Values{"old_password": {"old-pw"}, "new_password": {"N3w-Passw0rd!"}, "confirm_password": {"N3w-Passw0rd!"}}
	tests := []struct {
		name     string
		id       Identity
		form     url.Values
		noCSRF   bool
		answer   error
		status   int
		location string
		want     []string
		calls    int
		// rootCalls counts the backend's root password changes.
		rootCalls int
	}{
		{name: "changed", id: alice, form: good, status: 303, location: "/console/?notice=password-changed", calls: 1},
		{name: "mismatch", id: alice, form: url.Values{"old_password": {"old-pw"}, "new_password": {"a"}, "confirm_password": {"b"}},
			status: 400, want: []string{msgPasswordMismatch}},
		{name: "policy violation", id: alice, form: good, calls: 1, status: 400,
			answer: awserr.PasswordPolicyViolation("Password should have at least one symbol"),
			want:   []string{"PasswordPolicyViolation", "Password should have at least one symbol"}},
		{name: "access denied", id: alice, form: good, calls: 1, status: 403,
			answer: awserr.AccessDenied("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:ChangePassword"),
			want:   []string{"AccessDenied", "is not authorized to perform: iam:ChangePassword"}},
		{name: "no csrf", id: alice, form: good, noCSRF: true, status: 403},
		// The root's password is no IAM password: the backend changes it,
		// never ChangePassword.
		{name: "root", id: signinRoot, form: url.Values{"old_password": {"root-pw"}, "new_password": {"N3w-Passw0rd!"}, "confirm_password": {"N3w-Passw0rd!"}},
			status: 303, location: "/console/?notice=password-changed", rootCalls: 1},
		{name: "root with a wrong password", id: signinRoot, form: good, status: 401, want: []string{msgBadCredentials}, rootCalls: 1},
		{name: "root with a short password", id: signinRoot,
			form:   url.Values{"old_password": {"root-pw"}, "new_password": {"short"}, "confirm_password": {"short"}},
			status: 400, want: []string{msgRootPasswordLength}, rootCalls: 1},
		{name: "root mismatch", id: signinRoot, form: url.Values{"old_password": {"root-pw"}, "new_password": {"a"}, "confirm_password": {"b"}},
			status: 400, want: []string{msgPasswordMismatch}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tc.backend.on("iam:ChangePassword", func(*principal.Principal, any) (any, error) { return nil, tt.answer })
			client, s := tc.signedInClient(tt.id)
			form := url.Values{}
			for k, v := range tt.form {
				form[k] = v
			}
			if tt.noCSRF {
				form.Set("csrf", "forged")
			}
			status, location, body := tc.post(client, s, "/console/change-password", form)
			if status != tt.status || location != tt.location {
				t.Fatalf("%d %q, want %d %q\n%s", status, location, tt.status, tt.location, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if strings.Contains(body, "N3w-Passw0rd!") {
				t.Error("the password was echoed")
			}
			if n := len(tc.backend.called("iam:ChangePassword")); n != tt.calls {
				t.Errorf("ChangePassword calls %d, want %d", n, tt.calls)
			}
			if n := len(tc.backend.called("root:ChangePassword")); n != tt.rootCalls {
				t.Errorf("root password changes %d, want %d", n, tt.rootCalls)
			}
			if got := tc.sessionOf(client); got == nil || got.Stage != StageActive {
				t.Errorf("session %+v, want still active", got)
			}
		})
	}
}

func TestChangePasswordPage(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	tests := []struct {
		name, want, unwant string
		id                 Identity
	}{
		{name: "user", id: alice, want: `autocomplete="new-password"`, unwant: `data-testid="forced-change"`},
		{name: "root", id: signinRoot, want: `data-testid="root-password-hint"`, unwant: `data-testid="forced-change"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, _ := tc.signedInClient(tt.id)
			status, body := tc.get(client, "/console/change-password")
			if status != http.StatusOK || !strings.Contains(body, tt.want) || strings.Contains(body, tt.unwant) {
				t.Fatalf("status %d; want %q, not %q in\n%s", status, tt.want, tt.unwant, body)
			}
		})
	}
	status, _ := tc.get(signinBrowser(t), "/console/change-password")
	if status != http.StatusSeeOther {
		t.Errorf("not signed in: status %d, want 303", status)
	}
}
