package saml_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

func TestVerifyValidResponses(t *testing.T) {
	t.Parallel()
	idp, _, md := fixture(t)
	s := spec(idp)
	s.SessionNotOnOrAfter = now.Add(time.Hour)
	s.Attributes = append(s.Attributes,
		samltest.Attribute{Name: saml.AttrSessionDuration, Values: []string{"1800"}},
		samltest.Attribute{Name: saml.AttrPrincipalTag + "Project", Values: []string{"Marketing"}},
		samltest.Attribute{Name: saml.AttrPrincipalTag + "CostCenter", Values: []string{"12345"}},
		samltest.Attribute{Name: saml.AttrTransitiveTagKeys, Values: []string{"Project", "CostCenter"}},
		samltest.Attribute{Name: saml.AttrSourceIdentity, Values: []string{"DiegoRamirez"}},
		samltest.Attribute{Name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.1", Values: []string{"faculty", "staff"}},
	)
	assertionSigned, err := idp.SignedResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	envelopeSigned, err := idp.SignedEnvelope(s)
	if err != nil {
		t.Fatal(err)
	}
	bothSigned := func() string {
		a, err := idp.Sign(idp.Assertion(s))
		if err != nil {
			t.Fatal(err)
		}
		r, err := idp.Sign(idp.Response(s, a))
		if err != nil {
			t.Fatal(err)
		}
		return samltest.Encode(r)
	}()
	want := &saml.Assertion{
		ID: s.AssertionID, Issuer: idp.EntityID, IssueInstant: now,
		NameID: "alice@example.com", NameIDFormat: samltest.Persistent,
		Recipient: saml.AWSSignInURL, Audiences: []string{saml.AWSSignInURL},
		NotBefore: now.Add(-time.Minute), NotOnOrAfter: now.Add(5 * time.Minute),
		SubjectNotOnOrAfter: now.Add(5 * time.Minute), SessionNotOnOrAfter: now.Add(time.Hour),
		Roles:           []saml.RolePair{{RoleARN: roleARN, ProviderARN: providerARN}},
		RoleSessionName: "alice", SessionDuration: 1800,
		PrincipalTags:     []saml.Tag{{Key: "CostCenter", Value: "12345"}, {Key: "Project", Value: "Marketing"}},
		TransitiveTagKeys: []string{"Project", "CostCenter"},
		SourceIdentity:    "DiegoRamirez",
	}
	for name, resp := range map[string]string{
		"assertion signed": assertionSigned,
		"response signed":  envelopeSigned,
		"both signed":      bothSigned,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			got, err := saml.VerifyWith(resp, md, now.Add(30*time.Second), saml.OptionsFor(saml.AWSSignInURL))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Attributes" }, cmp.Ignore())); diff != "" {
				t.Errorf("assertion (-want +got):\n%s", diff)
			}
			if got.Attributes[saml.AttrRoleSessionName][0] != "alice" {
				t.Errorf("attributes = %v", got.Attributes)
			}
		})
	}
}

func TestVerifyWithRawMetadata(t *testing.T) {
	t.Parallel()
	idp, _, _ := fixture(t)
	resp, err := idp.SignedResponse(spec(idp))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := saml.Verify(resp, idp.Metadata(time.Time{}), now, saml.AWSSignInURL); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	// iamd's own sign-in URL as the audience refuses AWS's.
	_, err = saml.Verify(resp, idp.Metadata(time.Time{}), now, "https://iamd.example.org/saml")
	if !awserr.Is(err, "InvalidIdentityToken") {
		t.Fatalf("other sign-in URL: %v", err)
	}
	// Broken stored metadata vouches for nothing.
	if _, err := saml.Verify(resp, []byte("<x/>"), now, saml.AWSSignInURL); !awserr.Is(err, "InvalidIdentityToken") {
		t.Fatalf("bad metadata: %v", err)
	}
}

func TestVerifyAcceptsRotatedCertificate(t *testing.T) {
	t.Parallel()
	idp, other, _ := fixture(t)
	// The metadata lists the current and the next certificate; a response
	// signed with the next one verifies.
	md, err := saml.ParseMetadata(idp.Metadata(time.Time{}, other.Cert))
	if err != nil {
		t.Fatal(err)
	}
	s := spec(idp)
	a, err := samltest.SignWith(other.Key, other.Cert, idp.Assertion(s))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := saml.VerifyWith(samltest.Encode(idp.Response(s, a)), md, now, saml.OptionsFor(saml.AWSSignInURL)); err != nil {
		t.Fatal(err)
	}
}

func TestVerifyAudienceURN(t *testing.T) {
	t.Parallel()
	idp, _, md := fixture(t)
	s := spec(idp)
	s.Audiences = []string{"https://other.example", saml.AWSAudienceURN}
	resp, err := idp.SignedResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := saml.VerifyWith(resp, md, now, saml.OptionsFor(saml.AWSSignInURL)); err != nil {
		t.Fatal(err)
	}
}
