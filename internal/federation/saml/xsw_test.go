package saml_test

import (
	"testing"

	"github.com/beevik/etree"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

// TestVerifyRefusesSignatureWrapping builds the eight XML Signature
// Wrapping variants of Somorovsky et al., "On Breaking SAML: Be Whoever You
// Want to Be" (USENIX Security 2012), each from a genuinely signed response,
// and checks every one is refused with InvalidIdentityToken. XSW1-2 attack a
// signed Response, XSW3-8 a signed Assertion.
func TestVerifyRefusesSignatureWrapping(t *testing.T) {
	t.Parallel()
	idp, _, md := fixture(t)
	s := spec(idp)
	assertionSigned, err := idp.SignedResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	envelopeSigned, err := idp.SignedEnvelope(s)
	if err != nil {
		t.Fatal(err)
	}
	variants := []struct {
		name  string
		base  string
		build func(t *testing.T, root *etree.Element) *etree.Element
	}{
		{"XSW1: signed Response copied into the evil Response's Signature", envelopeSigned,
			func(t *testing.T, orig *etree.Element) *etree.Element {
				evil := orig.Copy()
				evil.CreateAttr("ID", "_evilresp")
				a := find(t, evil, "./saml:Assertion")
				evil.RemoveChild(a)
				evil.AddChild(evilize(t, a))
				clone := orig.Copy()
				clone.RemoveChild(find(t, clone, "./ds:Signature"))
				find(t, evil, "./ds:Signature").AddChild(clone)
				return evil
			}},
		{"XSW2: signed Response copied before the evil Response's Signature", envelopeSigned,
			func(t *testing.T, orig *etree.Element) *etree.Element {
				evil := orig.Copy()
				evil.CreateAttr("ID", "_evilresp")
				a := find(t, evil, "./saml:Assertion")
				evil.RemoveChild(a)
				evil.AddChild(evilize(t, a))
				clone := orig.Copy()
				clone.RemoveChild(find(t, clone, "./ds:Signature"))
				sig := find(t, evil, "./ds:Signature")
				evil.InsertChildAt(sig.Index(), clone)
				return evil
			}},
		{"XSW3: evil Assertion before the signed one", assertionSigned,
			func(t *testing.T, r *etree.Element) *etree.Element {
				a := find(t, r, "./saml:Assertion")
				r.InsertChildAt(a.Index(), evilize(t, a))
				return r
			}},
		{"XSW4: signed Assertion inside the evil one", assertionSigned,
			func(t *testing.T, r *etree.Element) *etree.Element {
				a := find(t, r, "./saml:Assertion")
				evil := evilize(t, a)
				r.RemoveChild(a)
				evil.AddChild(a)
				r.AddChild(evil)
				return r
			}},
		{"XSW5: evil content keeps the Signature, original appended to the Response", assertionSigned,
			func(t *testing.T, r *etree.Element) *etree.Element {
				a := find(t, r, "./saml:Assertion")
				orig := a.Copy()
				orig.RemoveChild(find(t, orig, "./ds:Signature"))
				// Alter the signed assertion in place, keeping its ID
				// and Signature, and put the untouched copy after it.
				find(t, a, "./saml:Subject/saml:NameID").SetText("admin@example.com")
				r.AddChild(orig)
				return r
			}},
		{"XSW6: evil content keeps the Signature, original inside that Signature", assertionSigned,
			func(t *testing.T, r *etree.Element) *etree.Element {
				a := find(t, r, "./saml:Assertion")
				orig := a.Copy()
				orig.RemoveChild(find(t, orig, "./ds:Signature"))
				find(t, a, "./saml:Subject/saml:NameID").SetText("admin@example.com")
				find(t, a, "./ds:Signature").AddChild(orig)
				return r
			}},
		{"XSW7: evil Assertion inside Extensions", assertionSigned,
			func(t *testing.T, r *etree.Element) *etree.Element {
				a := find(t, r, "./saml:Assertion")
				ext := etree.NewElement("samlp:Extensions")
				ext.AddChild(evilize(t, a))
				r.InsertChildAt(a.Index(), ext)
				return r
			}},
		{"XSW8: evil content keeps the Signature, original inside a ds:Object", assertionSigned,
			func(t *testing.T, r *etree.Element) *etree.Element {
				a := find(t, r, "./saml:Assertion")
				orig := a.Copy()
				orig.RemoveChild(find(t, orig, "./ds:Signature"))
				find(t, a, "./saml:Subject/saml:NameID").SetText("admin@example.com")
				find(t, a, "./ds:Signature").CreateElement("ds:Object").AddChild(orig)
				return r
			}},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			// The untouched base verifies: the refusal below is the
			// wrapping's doing.
			if _, err := saml.VerifyWith(v.base, md, now, saml.OptionsFor(saml.AWSSignInURL)); err != nil {
				t.Fatalf("base response refused: %v", err)
			}
			attack := samltest.Encode(v.build(t, decode(t, v.base)))
			got, err := saml.VerifyWith(attack, md, now, saml.OptionsFor(saml.AWSSignInURL))
			if err == nil {
				t.Fatalf("accepted, NameID %q", got.NameID)
			}
			if !awserr.Is(err, "InvalidIdentityToken") || awserr.As(err).Message != "Response signature invalid" {
				t.Fatalf("error = %v", err)
			}
		})
	}
}
