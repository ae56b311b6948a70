package saml_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

func TestNameQualifier(t *testing.T) {
	t.Parallel()
	// BASE64(SHA1("https://example.com/saml" + "123456789012" + "/MySAMLIdP")),
	// AWS's pseudocode, computed independently with
	// printf %s 'https://example.com/saml123456789012/MySAMLIdP' | openssl sha1 -binary | base64
	const want = "1uAJanUnBc2XeUkHURMht+xam2c="
	if got := saml.NameQualifier("https://example.com/saml", "123456789012", "MySAMLIdP"); got != want {
		t.Fatalf("NameQualifier = %q, want %q", got, want)
	}
}

func TestAuthenticate(t *testing.T) {
	t.Parallel()
	idp, _, md := fixture(t)
	s := spec(idp)
	s.NameIDFormat = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	s.Attributes[0].Values = []string{
		providerARN + "," + roleARN, // AWS accepts either order
		"arn:aws:iam::123456789012:role/Other," + providerARN,
		"garbage",
	}
	s.Attributes = append(s.Attributes,
		samltest.Attribute{Name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.1", Values: []string{"faculty", "staff"}},
		samltest.Attribute{Name: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", Values: []string{"a@example.com", "b@example.com"}},
	)
	resp, err := idp.SignedResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	p := saml.Provider{ARN: providerARN, AccountID: "123456789012", Name: "Corp", Metadata: md}
	opts := saml.OptionsFor(saml.AWSSignInURL)

	fed, err := saml.Authenticate(p, roleARN, providerARN, resp, now, opts)
	if err != nil {
		t.Fatal(err)
	}
	if fed.Role != (saml.RolePair{RoleARN: roleARN, ProviderARN: providerARN}) || fed.SubjectType != "transient" {
		t.Fatalf("federation = %+v", fed)
	}
	nq := saml.NameQualifier(idp.EntityID, "123456789012", "Corp")
	want := []saml.ContextKey{
		{Key: "saml:aud", Values: []string{saml.AWSSignInURL}},
		{Key: "saml:iss", Values: []string{idp.EntityID}},
		{Key: "saml:sub", Values: []string{"alice@example.com"}},
		{Key: "saml:sub_type", Values: []string{"transient"}},
		{Key: "saml:doc", Values: []string{"123456789012/Corp"}},
		{Key: "saml:namequalifier", Values: []string{nq}},
		{Key: "saml:mail", Values: []string{"a@example.com"}},
		{Key: "saml:edupersonaffiliation", Values: []string{"faculty", "staff"}, Multi: true},
	}
	if diff := cmp.Diff(want, fed.ContextKeys); diff != "" {
		t.Errorf("context keys (-want +got):\n%s", diff)
	}

	refused := map[string]struct{ role, principal string }{
		"role not in the assertion":        {"arn:aws:iam::123456789012:role/Admin", providerARN},
		"principal is not this provider":   {roleARN, "arn:aws:iam::123456789012:saml-provider/Other"},
		"pair of another role's principal": {"arn:aws:iam::123456789012:role/Other", "arn:aws:iam::123456789012:saml-provider/Other"},
	}
	for name, c := range refused {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := saml.Authenticate(p, c.role, c.principal, resp, now, opts)
			if !awserr.Is(err, "AccessDenied") || awserr.As(err).Message != "Not authorized to perform sts:AssumeRoleWithSAML" {
				t.Fatalf("err = %v", err)
			}
		})
	}
}
