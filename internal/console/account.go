package console

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
)

// accountPath is the "Account settings" page: the password policy, the
// account alias (the custom sign-in link) and outbound identity
// federation, each changed by the IAM call the AWS console makes.
const accountPath = "/console/account"

func (c *Console) accountRoutes() {
	c.mux.HandleFunc("GET "+accountPath, c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		c.accountPage(w, r, s, nil, nil)
	}))
	c.mux.HandleFunc("POST "+accountPath+"/password-policy", c.signedIn(c.passwordPolicySave))
	c.mux.HandleFunc("POST "+accountPath+"/password-policy/delete", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		// The operation's input is the model's empty structure: nil.
		c.act(w, r, s, "DeleteAccountPasswordPolicy", nil, accountPath, "password-policy-deleted", func(err error) { c.accountPage(w, r, s, nil, err) })
	}))
	c.mux.HandleFunc("POST "+accountPath+"/alias", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		alias := strings.TrimSpace(r.PostFormValue("alias"))
		c.act(w, r, s, "CreateAccountAlias", &iam.CreateAccountAliasRequest{AccountAlias: alias}, accountPath, "alias-set",
			func(err error) { c.accountPage(w, r, s, nil, err) })
	}))
	c.mux.HandleFunc("POST "+accountPath+"/alias/delete", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		c.act(w, r, s, "DeleteAccountAlias", &iam.DeleteAccountAliasRequest{AccountAlias: r.PostFormValue("alias")}, accountPath, "alias-deleted",
			func(err error) { c.accountPage(w, r, s, nil, err) })
	}))
	c.mux.HandleFunc("POST "+accountPath+"/outbound-federation", c.signedIn(func(w http.ResponseWriter, r *http.Request, s *Session) {
		op, notice := "EnableOutboundWebIdentityFederation", "outbound-enabled"
		if r.PostFormValue("enable") != "1" {
			op, notice = "DisableOutboundWebIdentityFederation", "outbound-disabled"
		}
		c.act(w, r, s, op, nil, accountPath, notice, func(err error) { c.accountPage(w, r, s, nil, err) })
	}))
}

// passwordPolicyForm is the password policy form's values, as typed.
type passwordPolicyForm struct {
	MinimumLength, MaxAge, ReusePrevention                          string
	Uppercase, Lowercase, Numbers, Symbols, AllowChange, HardExpiry bool
}

// accountData is account.html's data.
type accountData struct {
	// HasPolicy: the account has a password policy; Policy is the form,
	// filled from it or, without one, with AWS's defaults.
	HasPolicy bool
	Policy    passwordPolicyForm
	PolicyErr *PageError
	Alias     string
	AliasErr  *PageError
	// OutboundEnabled and Issuer are outbound identity federation's
	// state; OutboundErr a failure to read it (the feature being off is
	// no failure).
	OutboundEnabled bool
	Issuer          string
	OutboundErr     *PageError
}

// accountPage shows the settings; typed is a password policy form that
// failed, shown as typed; failed is the change that failed.
func (c *Console) accountPage(w http.ResponseWriter, r *http.Request, s *Session, typed *passwordPolicyForm, failed error) {
	var d accountData
	policy, err := call[iam.GetAccountPasswordPolicyResponse](c, r, s, "iam", "GetAccountPasswordPolicy", nil)
	switch {
	case err == nil && policy != nil:
		d.HasPolicy, d.Policy = true, formOfPolicy(&policy.PasswordPolicy)
	case err == nil || awserr.Is(err, "NoSuchEntity"):
		// AWS's console starts from its default rules.
		d.Policy = passwordPolicyForm{MinimumLength: "8", AllowChange: true}
	default:
		d.PolicyErr = c.pageError(r, err)
	}
	if typed != nil {
		d.Policy = *typed
	}
	aliases, err := call[iam.ListAccountAliasesResponse](c, r, s, "iam", "ListAccountAliases", &iam.ListAccountAliasesRequest{})
	d.AliasErr = c.pageError(r, err)
	if aliases != nil && len(aliases.AccountAliases) > 0 {
		d.Alias = aliases.AccountAliases[0]
	}
	// While the feature is off, AWS answers FeatureDisabled rather than a
	// state: that is the "off" state, not an error.
	info, err := call[iam.GetOutboundWebIdentityFederationInfoResponse](c, r, s, "iam", "GetOutboundWebIdentityFederationInfo", nil)
	switch {
	case err == nil && info != nil:
		d.OutboundEnabled, d.Issuer = flagSet(info.JwtVendingEnabled), info.IssuerIdentifier
	case err != nil && !awserr.Is(err, "FeatureDisabled"):
		d.OutboundErr = c.pageError(r, err)
	}
	c.render(w, r, statusOf(failed), "account", s, View{Title: "Account settings", Nav: "account", Notice: noticeOf(r),
		Error: c.pageError(r, failed), Data: d})
}

// formOfPolicy fills the form from a stored policy.
func formOfPolicy(p *iam.PasswordPolicy) passwordPolicyForm {
	number := func(n *int32) string {
		if n == nil || *n == 0 {
			return ""
		}
		return strconv.Itoa(int(*n))
	}
	return passwordPolicyForm{
		MinimumLength: number(p.MinimumPasswordLength), MaxAge: number(p.MaxPasswordAge), ReusePrevention: number(p.PasswordReusePrevention),
		Uppercase: flagSet(p.RequireUppercaseCharacters), Lowercase: flagSet(p.RequireLowercaseCharacters),
		Numbers: flagSet(p.RequireNumbers), Symbols: flagSet(p.RequireSymbols),
		AllowChange: flagSet(p.AllowUsersToChangePassword), HardExpiry: flagSet(p.HardExpiry),
	}
}

// passwordPolicySave sends the form as UpdateAccountPasswordPolicy. An
// empty number is left out, as the CLI leaves out an option not given, so
// the API applies its default; the API's own validation judges the rest.
// Only text that is no whole number at all is refused here, since no
// call could carry it.
func (c *Console) passwordPolicySave(w http.ResponseWriter, r *http.Request, s *Session) {
	form := passwordPolicyForm{
		MinimumLength: strings.TrimSpace(r.PostFormValue("minimum_length")), MaxAge: strings.TrimSpace(r.PostFormValue("max_age")),
		ReusePrevention: strings.TrimSpace(r.PostFormValue("reuse_prevention")),
		Uppercase:       r.PostFormValue("uppercase") == "1", Lowercase: r.PostFormValue("lowercase") == "1",
		Numbers: r.PostFormValue("numbers") == "1", Symbols: r.PostFormValue("symbols") == "1",
		AllowChange: r.PostFormValue("allow_change") == "1", HardExpiry: r.PostFormValue("hard_expiry") == "1",
	}
	in := &iam.UpdateAccountPasswordPolicyRequest{
		RequireUppercaseCharacters: &form.Uppercase, RequireLowercaseCharacters: &form.Lowercase,
		RequireNumbers: &form.Numbers, RequireSymbols: &form.Symbols,
		AllowUsersToChangePassword: &form.AllowChange, HardExpiry: &form.HardExpiry,
	}
	for _, field := range []struct {
		name, value string
		dst         **int32
	}{
		{"Minimum password length", form.MinimumLength, &in.MinimumPasswordLength},
		{"Password expiration", form.MaxAge, &in.MaxPasswordAge},
		{"Password reuse prevention", form.ReusePrevention, &in.PasswordReusePrevention},
	} {
		if field.value == "" {
			continue
		}
		n, err := strconv.ParseInt(field.value, 10, 32)
		if err != nil {
			c.accountPage(w, r, s, &form, awserr.ValidationError(field.name+" must be a whole number."))
			return
		}
		v := int32(n)
		*field.dst = &v
	}
	c.act(w, r, s, "UpdateAccountPasswordPolicy", in, accountPath, "password-policy-set", func(err error) { c.accountPage(w, r, s, &form, err) })
}
