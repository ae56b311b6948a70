package console

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

// seedAccount answers the account settings page's reads: a policy, an
// alias, and outbound federation on.
func seedAccount(b *fakeBackend) {
	yes, no, twelve, ninety := true, false, int32(12), int32(90)
	b.on("iam:GetAccountPasswordPolicy", replyWith(&iam.GetAccountPasswordPolicyResponse{PasswordPolicy: iam.PasswordPolicy{
		MinimumPasswordLength: &twelve, RequireSymbols: &yes, RequireNumbers: &no, RequireUppercaseCharacters: &yes,
		RequireLowercaseCharacters: &yes, AllowUsersToChangePassword: &yes, MaxPasswordAge: &ninety, HardExpiry: &no,
	}}))
	b.on("iam:ListAccountAliases", replyWith(&iam.ListAccountAliasesResponse{AccountAliases: []string{"example-corp"}}))
	b.on("iam:GetOutboundWebIdentityFederationInfo", replyWith(&iam.GetOutboundWebIdentityFederationInfoResponse{
		IssuerIdentifier: "http://127.0.0.1:8686/oidc/0b5c2f4e-3a7e-4c1d-9f55-6a2f0c7b9e11", JwtVendingEnabled: &yes}))
}

func TestAccountPage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		seed       func(*fakeBackend)
		wantStatus int
		want       []string
	}{
		{name: "everything set", seed: seedAccount, wantStatus: 200,
			want: []string{`id="pp-min" name="minimum_length" value="12"`, `id="pp-upper" name="uppercase" value="1" checked`,
				`id="pp-age" name="max_age" value="90"`, `id="pp-reuse" name="reuse_prevention" value=""`, `data-testid="pp-delete"`,
				`id="alias-value" name="alias" value="example-corp"`, "Delete alias example-corp",
				`data-testid="outbound-issuer">http://127.0.0.1:8686/oidc/0b5c2f4e-3a7e-4c1d-9f55-6a2f0c7b9e11`, "Turn off"}},
		{name: "nothing set", wantStatus: 200,
			seed: func(b *fakeBackend) {
				b.on("iam:GetAccountPasswordPolicy", func(_ *principal.Principal, _ any) (any, error) {
					return nil, awserr.New("NoSuchEntity", 404, "The Password Policy with domain name 123456789012 cannot be found.")
				})
				b.on("iam:ListAccountAliases", replyWith(&iam.ListAccountAliasesResponse{}))
				b.on("iam:GetOutboundWebIdentityFederationInfo", func(_ *principal.Principal, _ any) (any, error) {
					return nil, awserr.New("FeatureDisabled", 404, "Outbound identity federation is disabled for account 123456789012")
				})
			},
			// AWS's console starts a new policy from its defaults; being
			// off is a state, not an error.
			want: []string{"The account has no password policy", `id="pp-min" name="minimum_length" value="8"`,
				`id="pp-allow" name="allow_change" value="1" checked`, "Create alias", `name="enable" value="1"`, "Turn on"}},
		{name: "reads refused", seed: func(*fakeBackend) {}, wantStatus: 200,
			want: []string{`data-testid="error-policy"`, "not authorized to perform: iam:GetAccountPasswordPolicy",
				`data-testid="error-alias"`, `data-testid="error-outbound"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tt.seed(tc.backend)
			status, body := tc.get(tc.aliceClient(), accountPath)
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			wantInBody(t, body, tt.want...)
		})
	}
}

func TestAccountActions(t *testing.T) {
	t.Parallel()
	yes, no, sixteen, thirty := true, false, int32(16), int32(30)
	tests := []actionCase{
		{"save the password policy", accountPath + "/password-policy",
			url.Values{"minimum_length": {" 16 "}, "max_age": {"30"}, "reuse_prevention": {""}, "uppercase": {"1"}, "symbols": {"1"}, "allow_change": {"1"}},
			"iam:UpdateAccountPasswordPolicy", &iam.UpdateAccountPasswordPolicyRequest{
				MinimumPasswordLength: &sixteen, MaxPasswordAge: &thirty, RequireUppercaseCharacters: &yes, RequireLowercaseCharacters: &no,
				RequireNumbers: &no, RequireSymbols: &yes, AllowUsersToChangePassword: &yes, HardExpiry: &no,
			}, accountPath + "?notice=password-policy-set", "policy-form"},
		{"delete the password policy", accountPath + "/password-policy/delete", nil,
			"iam:DeleteAccountPasswordPolicy", nil, accountPath + "?notice=password-policy-deleted", "policy-form"},
		{"set the alias", accountPath + "/alias", url.Values{"alias": {" new-corp "}},
			"iam:CreateAccountAlias", &iam.CreateAccountAliasRequest{AccountAlias: "new-corp"}, accountPath + "?notice=alias-set", "alias-form"},
		{"delete the alias", accountPath + "/alias/delete", url.Values{"alias": {"example-corp"}},
			"iam:DeleteAccountAlias", &iam.DeleteAccountAliasRequest{AccountAlias: "example-corp"}, accountPath + "?notice=alias-deleted", "alias-form"},
		{"turn outbound federation on", accountPath + "/outbound-federation", url.Values{"enable": {"1"}},
			"iam:EnableOutboundWebIdentityFederation", nil, accountPath + "?notice=outbound-enabled", "outbound-state"},
		{"turn outbound federation off", accountPath + "/outbound-federation", nil,
			"iam:DisableOutboundWebIdentityFederation", nil, accountPath + "?notice=outbound-disabled", "outbound-state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			runAction(t, seedAccount, tt)
		})
	}
}

// TestPasswordPolicyNotANumber: text that is no number is refused on the
// page, as typed, and nothing is called.
func TestPasswordPolicyNotANumber(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	seedAccount(tc.backend)
	client, s := tc.signedInClient(alice)
	status, _, body := tc.post(client, s, accountPath+"/password-policy", url.Values{"minimum_length": {"twelve"}, "uppercase": {"1"}})
	if status != http.StatusBadRequest {
		t.Errorf("status %d, want 400", status)
	}
	wantInBody(t, body, "<strong>ValidationError</strong>: Minimum password length must be a whole number.",
		`id="pp-min" name="minimum_length" value="twelve"`, `id="pp-upper" name="uppercase" value="1" checked`)
	if calls := tc.backend.called("iam:UpdateAccountPasswordPolicy"); len(calls) != 0 {
		t.Errorf("UpdateAccountPasswordPolicy called %d times", len(calls))
	}
}
