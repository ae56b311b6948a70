package saml

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"slices"
	"strings"
	"time"

	"github.com/beevik/etree"
	rtvalidator "github.com/mattermost/xml-roundtrip-validator"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/iamd/iamd/internal/awserr"
)

// AWS's SAML endpoints: the sign-in URL is the Recipient, Destination and
// usual Audience of responses meant for AWS; the URN is the other Audience
// AWS accepts.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html
const (
	AWSSignInURL   = "https://signin.aws.amazon.com/saml"
	AWSAudienceURN = "urn:amazon:webservices"
)

// Defaults of Options.
const (
	// DefaultClockSkew is the leeway on every time bound: Shibboleth's
	// default, small enough that a stolen response stays short-lived.
	DefaultClockSkew = 3 * time.Minute
	// DefaultMaxAge is how long after its IssueInstant AWS still redeems
	// an assertion ("Token must be redeemed within 5 minutes of issuance").
	DefaultMaxAge = 5 * time.Minute
	// maxResponseBytes bounds the decoded response. STS's model bounds the
	// base64 SAMLAssertion to 100,000 characters; this is a second guard.
	maxResponseBytes = 1 << 20
)

// Options says which responses a verifier accepts.
type Options struct {
	// Audiences are the acceptable Audience values: one of the assertion's
	// audiences must be among them.
	Audiences []string
	// Recipients are the acceptable SubjectConfirmationData Recipient and
	// Response Destination values.
	Recipients []string
	// ClockSkew is the leeway on time bounds (DefaultClockSkew when 0).
	ClockSkew time.Duration
	// MaxAge is how long after IssueInstant an assertion is accepted
	// (DefaultMaxAge when 0).
	MaxAge time.Duration
}

// OptionsFor returns the options of a verifier whose sign-in URL is
// signInURL (AWSSignInURL, or iamd's own): Recipient and Destination must be
// that URL; the Audience may be it or AWSAudienceURN.
func OptionsFor(signInURL string) Options {
	return Options{Audiences: []string{signInURL, AWSAudienceURN}, Recipients: []string{signInURL}}
}

// Verify checks a base64 SAML Response against an IdP's metadata at time now
// for the sign-in URL audience (see OptionsFor) and returns its one verified
// assertion. Errors are *awserr.Error values with AWS's codes for
// AssumeRoleWithSAML: InvalidIdentityToken, ExpiredTokenException,
// IDPRejectedClaim or AccessDenied.
func Verify(samlResponseB64 string, idpMetadata []byte, now time.Time, audience string) (*Assertion, error) {
	md, err := ParseMetadata(idpMetadata)
	if err != nil {
		// A provider whose stored metadata no longer parses cannot vouch
		// for anything.
		return nil, errSignature()
	}
	return VerifyWith(samlResponseB64, md, now, OptionsFor(audience))
}

// VerifyWith is Verify with parsed metadata and explicit options.
//
// The order matters: the XML must survive a round trip through
// encoding/xml unchanged (xml-roundtrip-validator), hold exactly one
// Assertion, directly in the Response, and no comments, processing
// instructions or DTD; then the signature on the Response or on the
// Assertion is verified against the metadata's certificates, and every
// claim is read from the element the verifier returned.
func VerifyWith(samlResponseB64 string, md *Metadata, now time.Time, opts Options) (*Assertion, error) {
	if opts.ClockSkew == 0 {
		opts.ClockSkew = DefaultClockSkew
	}
	if opts.MaxAge == 0 {
		opts.MaxAge = DefaultMaxAge
	}
	raw, err := decodeResponse(samlResponseB64)
	if err != nil {
		return nil, err
	}
	doc, err := parseStrict(raw)
	if err != nil {
		return nil, err
	}
	response, assertion, err := shape(doc)
	if err != nil {
		return nil, err
	}
	verified, err := verifySignatures(response, assertion, md, now)
	if err != nil {
		return nil, err
	}
	if err := checkResponse(response, md, opts); err != nil {
		return nil, err
	}
	return readAssertion(verified, md, now, opts)
}

// decodeResponse undoes the POST binding's base64 (whitespace tolerated, as
// IdPs wrap lines).
func decodeResponse(b64 string) ([]byte, error) {
	compact := strings.Join(strings.Fields(b64), "")
	if base64.StdEncoding.DecodedLen(len(compact)) > maxResponseBytes {
		return nil, errInvalid("too large")
	}
	raw, err := base64.StdEncoding.DecodeString(compact)
	if err != nil {
		return nil, errInvalid("not base64")
	}
	return raw, nil
}

// parseStrict parses the response after xml-roundtrip-validator, and
// refuses DTDs, processing instructions and comments anywhere: none has a
// place in a SAML response, and comments are how CVE-2017-11427 split a
// signed NameID into a different value.
func parseStrict(raw []byte) (*etree.Document, error) {
	if err := rtvalidator.Validate(bytes.NewReader(raw)); err != nil {
		return nil, errInvalid("XML does not round-trip")
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(raw); err != nil {
		return nil, errInvalid("not XML")
	}
	if err := forbidTokens(doc.Child); err != nil {
		return nil, err
	}
	return doc, nil
}

// forbidTokens walks tokens recursively, refusing comments, DTDs and any
// processing instruction but the XML declaration.
func forbidTokens(tokens []etree.Token) error {
	for _, t := range tokens {
		switch t := t.(type) {
		case *etree.Comment:
			return errSignature()
		case *etree.Directive:
			return errInvalid("DTD not allowed")
		case *etree.ProcInst:
			if t.Target != "xml" {
				return errInvalid("processing instruction not allowed")
			}
		case *etree.Element:
			if err := forbidTokens(t.Child); err != nil {
				return err
			}
		}
	}
	return nil
}

// isElem reports whether el is the element ns:tag.
func isElem(el *etree.Element, ns, tag string) bool {
	return el != nil && el.Tag == tag && el.NamespaceURI() == ns
}

// shape finds the Response and its one Assertion. Counting every Assertion
// in the whole document (inside Signature objects, Extensions, anywhere)
// refuses all signature-wrapping variants before any signature is read:
// each needs a second copy of the signed assertion or response.
func shape(doc *etree.Document) (response, assertion *etree.Element, err error) {
	response = doc.Root()
	if !isElem(response, nsProtocol, "Response") {
		return nil, nil, errInvalid("root is not a samlp:Response")
	}
	var assertions, encrypted, responses []*etree.Element
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		switch {
		case isElem(el, nsAssertion, "Assertion"):
			assertions = append(assertions, el)
		case isElem(el, nsAssertion, "EncryptedAssertion"):
			encrypted = append(encrypted, el)
		case isElem(el, nsProtocol, "Response"):
			responses = append(responses, el)
		}
		for _, c := range el.ChildElements() {
			walk(c)
		}
	}
	walk(response)
	if len(encrypted) > 0 {
		return nil, nil, awserr.InvalidIdentityToken(msgEncrypted)
	}
	if len(responses) != 1 || len(assertions) != 1 || assertions[0].Parent() != response {
		return nil, nil, errSignature()
	}
	return response, assertions[0], nil
}

// signatureOf returns el's enveloped ds:Signature (a direct child), nil if
// it has none; more than one, or one whose only Reference is not "#ID" of
// el, is refused.
func signatureOf(el *etree.Element) (*etree.Element, error) {
	var sigs []*etree.Element
	for _, c := range el.ChildElements() {
		if isElem(c, nsDSig, "Signature") {
			sigs = append(sigs, c)
		}
	}
	switch len(sigs) {
	case 0:
		return nil, nil
	case 1:
	default:
		return nil, errSignature()
	}
	id := el.SelectAttrValue("ID", "")
	var refs []string
	for _, si := range sigs[0].ChildElements() {
		if !isElem(si, nsDSig, "SignedInfo") {
			continue
		}
		for _, r := range si.ChildElements() {
			if isElem(r, nsDSig, "Reference") {
				refs = append(refs, r.SelectAttrValue("URI", ""))
			}
		}
	}
	if id == "" || len(refs) != 1 || refs[0] != "#"+id {
		return nil, errSignature()
	}
	return sigs[0], nil
}

// verifySignatures verifies the Response's signature, the Assertion's, or
// both, and returns the verified assertion element, detached with its
// namespace declarations. With only the Assertion signed, nothing else of
// the Response is trusted (checkResponse only narrows what is accepted).
func verifySignatures(response, assertion *etree.Element, md *Metadata, now time.Time) (*etree.Element, error) {
	respSig, err := signatureOf(response)
	if err != nil {
		return nil, err
	}
	asrtSig, err := signatureOf(assertion)
	if err != nil {
		return nil, err
	}
	if respSig == nil && asrtSig == nil {
		return nil, errSignature()
	}
	if respSig != nil {
		verifiedResponse, err := validate(response, md, now)
		if err != nil {
			return nil, err
		}
		var inner []*etree.Element
		for _, c := range verifiedResponse.ChildElements() {
			if isElem(c, nsAssertion, "Assertion") {
				inner = append(inner, c)
			}
		}
		if len(inner) != 1 || inner[0].SelectAttrValue("ID", "") != assertion.SelectAttrValue("ID", "") {
			return nil, errSignature()
		}
		assertion = inner[0]
		if asrtSig == nil {
			return detach(assertion)
		}
	}
	detached, err := detach(assertion)
	if err != nil {
		return nil, err
	}
	return validate(detached, md, now)
}

// detach copies el out of its document with the namespace declarations
// in scope, so it can be verified or serialised on its own.
func detach(el *etree.Element) (*etree.Element, error) {
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, errInvalid("namespaces")
	}
	out, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, errInvalid("namespaces")
	}
	return out, nil
}

// newValidationContext verifies against one certificate, at time now (the
// certificate's validity period is checked too).
func newValidationContext(cert *x509.Certificate, now time.Time) *dsig.ValidationContext {
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{cert}})
	ctx.Clock = dsig.NewFakeClockAt(now)
	return ctx
}

// validate verifies el's enveloped signature with each of the metadata's
// certificates in turn (IdPs list the next certificate beside the current
// one during a rotation) and returns the element the verifier rebuilt from
// the signed bytes.
func validate(el *etree.Element, md *Metadata, now time.Time) (*etree.Element, error) {
	for _, cert := range md.SigningCertificates {
		out, err := newValidationContext(cert, now).Validate(el)
		if err == nil && out != nil {
			return out, nil
		}
	}
	return nil, errSignature()
}

// checkResponse applies the Response-level rules: a Destination, when
// present, must be an accepted recipient; an Issuer, when present, the
// provider's; the Status must be Success.
func checkResponse(response *etree.Element, md *Metadata, opts Options) error {
	if d := response.SelectAttrValue("Destination", ""); d != "" && !slices.Contains(opts.Recipients, d) {
		return awserr.InvalidIdentityToken(msgRecipientInvalid)
	}
	for _, c := range response.ChildElements() {
		switch {
		case isElem(c, nsAssertion, "Issuer"):
			if strings.TrimSpace(c.Text()) != md.EntityID {
				return awserr.InvalidIdentityToken(msgIssuerMismatch)
			}
		case isElem(c, nsProtocol, "Status"):
			code := ""
			for _, sc := range c.ChildElements() {
				if isElem(sc, nsProtocol, "StatusCode") {
					code = sc.SelectAttrValue("Value", "")
				}
			}
			if code != "urn:oasis:names:tc:SAML:2.0:status:Success" {
				return awserr.IDPRejectedClaim(msgIDPRejected)
			}
		}
	}
	return nil
}
