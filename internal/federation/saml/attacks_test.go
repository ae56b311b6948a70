package saml_test

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

// decode parses a base64 response into its root element.
func decode(t *testing.T, b64 string) *etree.Element {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		t.Fatal(err)
	}
	return doc.Root()
}

// find returns the element at path under el, failing the test if absent.
func find(t *testing.T, el *etree.Element, path string) *etree.Element {
	t.Helper()
	got := el.FindElement(path)
	if got == nil {
		t.Fatalf("no %s", path)
	}
	return got
}

// evilize turns a copy of an assertion into the attacker's: another ID,
// another subject and session name, a role of the attacker's choice.
func evilize(t *testing.T, a *etree.Element) *etree.Element {
	t.Helper()
	evil := a.Copy()
	evil.CreateAttr("ID", "_evil")
	find(t, evil, "./saml:Subject/saml:NameID").SetText("admin@example.com")
	for _, v := range evil.FindElements(".//saml:AttributeValue") {
		if v.Text() == "alice" {
			v.SetText("admin")
		}
	}
	if sig := evil.FindElement("./ds:Signature"); sig != nil {
		evil.RemoveChild(sig)
	}
	return evil
}

func TestVerifyRefusesAttacks(t *testing.T) {
	t.Parallel()
	idp, other, md := fixture(t)
	s := spec(idp)
	assertionSigned, err := idp.SignedResponse(s)
	if err != nil {
		t.Fatal(err)
	}
	envelopeSigned, err := idp.SignedEnvelope(s)
	if err != nil {
		t.Fatal(err)
	}
	signedWithSpec := func(s samltest.Spec) string {
		resp, err := idp.SignedResponse(s)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	envelopeWithSpec := func(s samltest.Spec) string {
		resp, err := idp.SignedEnvelope(s)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	// mutate applies f to a decoded copy of resp and re-encodes it.
	mutate := func(resp string, f func(root *etree.Element)) string {
		root := decode(t, resp)
		f(root)
		return samltest.Encode(root)
	}
	withSpec := func(f func(*samltest.Spec)) samltest.Spec {
		c := spec(idp)
		c.Attributes = append([]samltest.Attribute(nil), c.Attributes...)
		f(&c)
		return c
	}
	withAttr := func(name string, values ...string) samltest.Spec {
		return withSpec(func(s *samltest.Spec) {
			s.Attributes = append(s.Attributes, samltest.Attribute{Name: name, Values: values})
		})
	}
	const (
		invalid  = "InvalidIdentityToken"
		expired  = "ExpiredTokenException"
		rejected = "IDPRejectedClaim"
		denied   = "AccessDenied"
	)
	tests := []struct {
		name     string
		response string
		at       time.Time
		code     string
		message  string
	}{
		{name: "not base64", response: "%%%", code: invalid},
		{name: "not XML", response: base64.StdEncoding.EncodeToString([]byte("<samlp:Response")), code: invalid},
		{name: "root is no Response", response: samltest.Encode(idp.Assertion(s)), code: invalid},
		{name: "unsigned", response: samltest.Encode(idp.Response(s, idp.Assertion(s))), code: invalid, message: "Response signature invalid"},
		{name: "signature stripped", response: mutate(assertionSigned, func(r *etree.Element) {
			a := find(t, r, "./saml:Assertion")
			a.RemoveChild(find(t, a, "./ds:Signature"))
		}), code: invalid, message: "Response signature invalid"},
		{name: "signed by another IdP", response: func() string {
			a, err := samltest.SignWith(other.Key, other.Cert, idp.Assertion(s))
			if err != nil {
				t.Fatal(err)
			}
			return samltest.Encode(idp.Response(s, a))
		}(), code: invalid, message: "Response signature invalid"},
		{name: "another IdP's key behind the trusted certificate", response: func() string {
			a, err := samltest.SignWith(other.Key, idp.Cert, idp.Assertion(s))
			if err != nil {
				t.Fatal(err)
			}
			return samltest.Encode(idp.Response(s, a))
		}(), code: invalid, message: "Response signature invalid"},
		{name: "tampered attribute after signing", response: mutate(assertionSigned, func(r *etree.Element) {
			for _, v := range r.FindElements(".//saml:AttributeValue") {
				if v.Text() == "alice" {
					v.SetText("admin")
				}
			}
		}), code: invalid, message: "Response signature invalid"},
		{name: "tampered role in a signed envelope", response: mutate(envelopeSigned, func(r *etree.Element) {
			v := find(t, r, ".//saml:AttributeValue")
			v.SetText("arn:aws:iam::123456789012:role/Admin," + providerARN)
		}), code: invalid, message: "Response signature invalid"},
		{name: "assertion ID changed", response: mutate(assertionSigned, func(r *etree.Element) {
			find(t, r, "./saml:Assertion").CreateAttr("ID", "_other")
		}), code: invalid, message: "Response signature invalid"},
		{name: "comment injected into NameID (CVE-2017-11427)", response: mutate(signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.NameID = "alice@example.com.evil.net"
		})), func(r *etree.Element) {
			n := find(t, r, ".//saml:NameID")
			n.SetText("alice@example.com")
			n.CreateComment("")
			n.CreateText(".evil.net")
		}), code: invalid, message: "Response signature invalid"},
		{name: "two signed assertions", response: func() string {
			a1, err := idp.Sign(idp.Assertion(s))
			if err != nil {
				t.Fatal(err)
			}
			s2 := s
			s2.AssertionID = "_second"
			a2, err := idp.Sign(idp.Assertion(s2))
			if err != nil {
				t.Fatal(err)
			}
			return samltest.Encode(idp.Response(s, a1, a2))
		}(), code: invalid, message: "Response signature invalid"},
		{name: "DTD", response: base64.StdEncoding.EncodeToString(append([]byte(`<!DOCTYPE r [<!ENTITY x "y">]>`),
			[]byte(mustDecode(t, assertionSigned))...)), code: invalid},
		{name: "encrypted assertion", response: mutate(assertionSigned, func(r *etree.Element) {
			e := r.CreateElement("saml:EncryptedAssertion")
			e.CreateElement("xenc:EncryptedData").CreateAttr("xmlns:xenc", "http://www.w3.org/2001/04/xmlenc#")
		}), code: invalid},
		{name: "expired: NotOnOrAfter passed", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.NotOnOrAfter = now.Add(-10 * time.Minute)
		})), code: expired},
		{name: "expired: subject NotOnOrAfter passed", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.SubjectNotOnOrAfter = now.Add(-10 * time.Minute)
		})), code: expired},
		{name: "expired: redeemed too late", response: assertionSigned, at: now.Add(20 * time.Minute), code: expired,
			message: "Token must be redeemed within 5 minutes of issuance"},
		{name: "not yet valid", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.NotBefore = now.Add(10 * time.Minute)
		})), code: invalid},
		{name: "issued in the future", response: assertionSigned, at: now.Add(-10 * time.Minute), code: invalid},
		{name: "wrong audience", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.Audiences = []string{"https://other-sp.example.com"}
		})), code: invalid},
		{name: "wrong recipient", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.Recipient = "https://other-sp.example.com/acs"
		})), code: invalid},
		{name: "wrong destination", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.Destination = "https://other-sp.example.com/acs"
		})), code: invalid},
		{name: "issuer not the provider's", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.Issuer = "https://evil.example.net/saml"
		})), code: invalid, message: "Issuer not present in specified provider"},
		{name: "IdP reports failure", response: envelopeWithSpec(withSpec(func(s *samltest.Spec) {
			s.StatusCode = "urn:oasis:names:tc:SAML:2.0:status:Responder"
		})), code: rejected},
		{name: "no NameID", response: envelopeWithSpec(withSpec(func(s *samltest.Spec) { s.NameID = "" })), code: denied,
			message: "Not authorized to perform sts:AssumeRoleWithSAML"},
		{name: "no RoleSessionName", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.Attributes = s.Attributes[:1]
		})), code: invalid, message: "RoleSessionName is required in AuthnResponse"},
		{name: "bad RoleSessionName", response: signedWithSpec(withSpec(func(s *samltest.Spec) {
			s.Attributes[1].Values = []string{"John Doe"}
		})), code: invalid, message: "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"},
		{name: "bad SourceIdentity", response: signedWithSpec(withAttr(saml.AttrSourceIdentity, "aws:me")), code: invalid,
			message: `Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"`},
		{name: "SessionDuration too long", response: signedWithSpec(withAttr(saml.AttrSessionDuration, "43201")), code: invalid},
		{name: "SessionDuration not a number", response: signedWithSpec(withAttr(saml.AttrSessionDuration, "1h")), code: invalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			at := tc.at
			if at.IsZero() {
				at = now
			}
			got, err := saml.VerifyWith(tc.response, md, at, saml.OptionsFor(saml.AWSSignInURL))
			if err == nil {
				t.Fatalf("accepted: %+v", got)
			}
			if !awserr.Is(err, tc.code) {
				t.Fatalf("error = %v, want code %s", err, tc.code)
			}
			if tc.message != "" && awserr.As(err).Message != tc.message {
				t.Fatalf("message = %q, want %q", awserr.As(err).Message, tc.message)
			}
		})
	}
}

func mustDecode(t *testing.T, b64 string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatal(err)
	}
	// Drop any XML declaration so a DOCTYPE can precede the root.
	return strings.TrimPrefix(string(raw), `<?xml version="1.0" encoding="UTF-8"?>`)
}
