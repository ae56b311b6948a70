package console

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

// opReturns answers an operation with out; opFails with err.
func opReturns(out any) func(*principal.Principal, any) (any, error) {
	return func(*principal.Principal, any) (any, error) { return out, nil }
}

func opFails(err error) func(*principal.Principal, any) (any, error) {
	return func(*principal.Principal, any) (any, error) { return nil, err }
}

func noSuchEntity(msg string) error { return awserr.New("NoSuchEntity", 404, msg) }

// checkClass is the class of the dashboard item check-id, "" if absent.
func checkClass(body, id string) string {
	m := regexp.MustCompile(`<li class="(\w+)" data-testid="check-` + regexp.QuoteMeta(id) + `"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return m[1]
}

func TestDashboard(t *testing.T) {
	t.Parallel()
	bad := map[string]int32{"AccountMFAEnabled": 0, "AccountAccessKeysPresent": 1, "Users": 0, "Groups": 0}
	good := map[string]int32{"AccountMFAEnabled": 1, "AccountAccessKeysPresent": 0, "Users": 3, "Groups": 2, "Roles": 4}
	policy := &iam.GetAccountPasswordPolicyResponse{}
	tests := []struct {
		name       string
		summary    map[string]int32 // nil: GetAccountSummary refused
		policy     func(*principal.Principal, any) (any, error)
		aliases    []string // nil: ListAccountAliases refused
		wantStatus int
		wantClass  map[string]string
		want       []string
	}{
		{
			name: "new account: everything red", summary: bad, policy: opFails(noSuchEntity("The Password Policy with domain name 123456789012 cannot be found.")),
			aliases: []string{}, wantStatus: http.StatusOK,
			wantClass: map[string]string{"root-mfa": "bad", "root-keys": "bad", "users": "bad", "groups": "bad", "password-policy": "bad"},
			want:      []string{`/signin/123456789012`, `href="/console/users/new"`, `href="/console/mfa"`, `href="/console/groups"`, `href="/console/account#policy-heading"`, `href="/console/account#alias-heading"`, `href="/console/mfa#access-keys-heading"`},
		},
		{
			name: "best practices followed: everything green", summary: good, policy: opReturns(policy),
			aliases: []string{"example-corp"}, wantStatus: http.StatusOK,
			wantClass: map[string]string{"root-mfa": "good", "root-keys": "good", "users": "good", "groups": "good", "password-policy": "good"},
			want:      []string{`/signin/example-corp`, `data-testid="account-alias">example-corp`, "<dd>3</dd>"},
		},
		{
			name: "summary refused: its checks unknown, the rest still shown", summary: nil, policy: opReturns(policy),
			aliases: []string{"example-corp"}, wantStatus: http.StatusForbidden,
			wantClass: map[string]string{"root-mfa": "unknown", "users": "unknown", "password-policy": "good"},
			want:      []string{"<strong>AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:GetAccountSummary", "/signin/example-corp"},
		},
		{
			name: "password policy and aliases refused", summary: good, policy: nil,
			aliases: nil, wantStatus: http.StatusForbidden,
			wantClass: map[string]string{"users": "good", "password-policy": "unknown"},
			want:      []string{"iam:GetAccountPasswordPolicy", `data-testid="error-aliases"`, "/signin/123456789012"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			if tt.summary != nil {
				tc.backend.on("iam:GetAccountSummary", opReturns(&iam.GetAccountSummaryResponse{SummaryMap: tt.summary}))
			}
			if tt.policy != nil {
				tc.backend.on("iam:GetAccountPasswordPolicy", tt.policy)
			}
			if tt.aliases != nil {
				tc.backend.on("iam:ListAccountAliases", opReturns(&iam.ListAccountAliasesResponse{AccountAliases: tt.aliases}))
			}
			client, _ := tc.signedInClient(alice)
			status, body := tc.get(client, "/console/")
			if status != tt.wantStatus {
				t.Fatalf("status %d, want %d\n%s", status, tt.wantStatus, body)
			}
			for id, class := range tt.wantClass {
				if got := checkClass(body, id); got != class {
					t.Errorf("check-%s class %q, want %q", id, got, class)
				}
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if !strings.Contains(body, `aria-current="page">Dashboard`) {
				t.Error("Dashboard is not the current navigation entry")
			}
			if calls := tc.backend.called("iam:GetAccountSummary"); len(calls) != 1 || calls[0].Principal.ARN != alice.ARN {
				t.Errorf("GetAccountSummary calls %+v, want one as alice", calls)
			}
		})
	}
}

func TestDashboardSignedOut(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	client, _ := tc.signedInClient(alice)
	client.Jar = nil
	res, err := client.Get(tc.server.URL + "/console/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("got %d to %q, want 303 to /signin", res.StatusCode, res.Header.Get("Location"))
	}
	// Only /console/ itself is the dashboard, not every unknown path.
	status, _ := tc.get(tc.aliceClient(), "/console/no-such-page")
	if status != http.StatusNotFound {
		t.Errorf("unknown page: status %d, want 404", status)
	}
}

// aliceClient is a signed-in client of alice.
func (tc *testConsole) aliceClient() *http.Client {
	c, _ := tc.signedInClient(alice)
	return c
}
