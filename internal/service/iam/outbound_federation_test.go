package iam

import (
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/issuers"
)

func TestOutboundFederationSwitches(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.svc.outbound = issuers.New(issuers.Config{Store: f.st, Sealer: f.keys,
		BaseURL: func() string { return "http://127.0.0.1:8686" }, Now: func() time.Time { return f.now }})
	ctx := f.rootA
	info := func() (*GetOutboundWebIdentityFederationInfoResponse, error) {
		return f.svc.GetOutboundWebIdentityFederationInfo(ctx, &emptyAccountInput{})
	}
	disabled := "Outbound identity federation is disabled for account " + accountA

	_, err := info()
	wantAWSError(t, err, "FeatureDisabled", disabled)
	_, err = f.svc.DisableOutboundWebIdentityFederation(ctx, &emptyAccountInput{})
	wantAWSError(t, err, "FeatureDisabled", "Outbound identity federation is already disabled for account "+accountA)

	on, err := f.svc.EnableOutboundWebIdentityFederation(ctx, &emptyAccountInput{})
	mustOK(t, err)
	if !strings.HasPrefix(on.IssuerIdentifier, "http://127.0.0.1:8686/oidc/") {
		t.Fatalf("issuer %q", on.IssuerIdentifier)
	}
	_, err = f.svc.EnableOutboundWebIdentityFederation(ctx, &emptyAccountInput{})
	wantAWSError(t, err, "FeatureEnabled", "Outbound identity federation is already enabled for account "+accountA)
	got, err := info()
	mustOK(t, err)
	if got.IssuerIdentifier != on.IssuerIdentifier || got.JwtVendingEnabled == nil || !*got.JwtVendingEnabled {
		t.Fatalf("info %+v", got)
	}
	// Another account is untouched.
	_, err = f.svc.GetOutboundWebIdentityFederationInfo(f.rootB, &emptyAccountInput{})
	wantAWSError(t, err, "FeatureDisabled", "Outbound identity federation is disabled for account "+accountB)

	_, err = f.svc.DisableOutboundWebIdentityFederation(ctx, &emptyAccountInput{})
	mustOK(t, err)
	_, err = info()
	wantAWSError(t, err, "FeatureDisabled", disabled)
	again, err := f.svc.EnableOutboundWebIdentityFederation(ctx, &emptyAccountInput{})
	mustOK(t, err)
	if again.IssuerIdentifier != on.IssuerIdentifier {
		t.Fatalf("issuer after re-enabling %q, want %q", again.IssuerIdentifier, on.IssuerIdentifier)
	}
}
