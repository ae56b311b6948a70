package console

import (
	"net/http"
	"net/url"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
)

func (c *Console) dashboardRoutes() {
	// {$}: "/console/" alone; without it the pattern would catch every
	// unknown /console/... path.
	c.mux.HandleFunc("GET /console/{$}", c.signedIn(c.dashboard))
}

// securityCheck is one item of the dashboard's list of IAM best practices.
type securityCheck struct {
	// ID is the short name in data-testid="check-ID".
	ID    string
	Title string
	Good  bool
	// Fix is what to do while the check is bad; FixHref the console page
	// that does it, "" when the console has none.
	Fix     string
	FixHref string
	// Err is the AWS error of the call the check needs: the check's state
	// is then unknown.
	Err *PageError
}

// Class is the item's class: good, bad, or unknown when its call failed.
func (sc securityCheck) Class() string {
	switch {
	case sc.Err != nil:
		return "unknown"
	case sc.Good:
		return "good"
	}
	return "bad"
}

type dashboardData struct {
	Checks []securityCheck
	// Counts are the summary's entity counts (nil when it failed).
	Counts    []entityCount
	SignInURL string
	Alias     string
	AccountID string
	// AliasErr: ListAccountAliases failed; the link uses the account ID.
	AliasErr *PageError
}

type entityCount struct {
	Label string
	N     int32
}

// dashboard shows the account's security status as the IAM best practices
// list it. Each panel stands on its own call, so a person allowed some of
// them still sees those.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html
func (c *Console) dashboard(w http.ResponseWriter, r *http.Request, s *Session) {
	var firstErr error
	note := func(err error) *PageError {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return c.pageError(r, err)
	}
	d := dashboardData{AccountID: s.Identity.AccountID}

	// GetAccountSummary's input is the model's empty structure, which
	// the console cannot name; nil stands for it.
	summary, err := call[iam.GetAccountSummaryResponse](c, r, s, "iam", "GetAccountSummary", nil)
	summaryErr := note(err)
	var m map[string]int32
	if summary != nil {
		m = summary.SummaryMap
		d.Counts = []entityCount{{"Users", m["Users"]}, {"User groups", m["Groups"]}, {"Roles", m["Roles"]}, {"Customer managed policies", m["Policies"]}}
	}
	d.Checks = append(d.Checks,
		securityCheck{ID: "root-mfa", Title: "MFA on the root user", Good: m["AccountMFAEnabled"] == 1,
			Fix: "Sign in as the root user and assign an MFA device under My security credentials.", FixHref: "/console/mfa", Err: summaryErr},
		securityCheck{ID: "root-keys", Title: "No active access keys for the root user", Good: m["AccountAccessKeysPresent"] == 0,
			Fix:     "Sign in as the root user and delete its access keys under My security credentials; use IAM users or roles instead.",
			FixHref: "/console/mfa#access-keys-heading", Err: summaryErr},
		securityCheck{ID: "users", Title: "Individual IAM users", Good: m["Users"] > 0,
			Fix: "Create a user for each person instead of sharing the root user.", FixHref: "/console/users/new", Err: summaryErr},
		securityCheck{ID: "groups", Title: "Groups used to assign permissions", Good: m["Groups"] > 0,
			Fix: "Create user groups, attach policies to them and add users to the groups.", FixHref: "/console/groups", Err: summaryErr},
	)

	// The same holds for GetAccountPasswordPolicy's input.
	_, err = call[iam.GetAccountPasswordPolicyResponse](c, r, s, "iam", "GetAccountPasswordPolicy", nil)
	policy := securityCheck{ID: "password-policy", Title: "A password policy", Good: err == nil,
		Fix: "Set a password policy that requires strong passwords.", FixHref: accountPath + "#policy-heading"}
	if err != nil && !awserr.Is(err, "NoSuchEntity") {
		policy.Err = note(err)
	}
	d.Checks = append(d.Checks, policy)

	aliases, err := call[iam.ListAccountAliasesResponse](c, r, s, "iam", "ListAccountAliases", &iam.ListAccountAliasesRequest{})
	d.AliasErr = note(err)
	if aliases != nil && len(aliases.AccountAliases) > 0 {
		d.Alias = aliases.AccountAliases[0]
	}
	d.SignInURL = accountSignInURL(r, d.AccountID)
	if d.Alias != "" {
		d.SignInURL = accountSignInURL(r, d.Alias)
	}

	status := http.StatusOK
	if firstErr != nil {
		status = errorStatus(firstErr)
	}
	c.render(w, r, status, "dashboard", s, View{Title: "IAM dashboard", Nav: "dashboard", AccountAlias: d.Alias, Data: d})
}

// signInURL is the account's console sign-in link on this server, by
// account ID or alias.
func accountSignInURL(r *http.Request, idOrAlias string) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/signin/" + url.PathEscape(idOrAlias)
}
