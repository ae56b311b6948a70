// Package samltest is a test identity provider: it makes a key pair and a
// self-signed certificate, publishes SAML 2.0 metadata, and builds and signs
// Responses and Assertions with exclusive C14N, as real IdPs do.
package samltest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"fmt"
	"math/big"
	"time"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
)

// Namespaces and constants of SAML 2.0.
const (
	NSAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	NSProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	NSMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	NSDSig      = "http://www.w3.org/2000/09/xmldsig#"
	StatusOK    = "urn:oasis:names:tc:SAML:2.0:status:Success"
	Persistent  = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	Bearer      = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
)

// IdP is a test identity provider.
type IdP struct {
	EntityID string
	Key      *rsa.PrivateKey
	Cert     *x509.Certificate
}

// NewIdP makes an IdP with a 2048-bit RSA key and a certificate valid for a
// year around now.
func NewIdP(entityID string, now time.Time) (*IdP, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, fmt.Errorf("samltest: key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(now.UnixNano()),
		Subject:      pkix.Name{CommonName: entityID},
		NotBefore:    now.Add(-24 * time.Hour),
		NotAfter:     now.Add(365 * 24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("samltest: certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("samltest: certificate: %w", err)
	}
	return &IdP{EntityID: entityID, Key: key, Cert: cert}, nil
}

// CertificateBase64 is the certificate as metadata and KeyInfo carry it.
func (i *IdP) CertificateBase64() string { return base64.StdEncoding.EncodeToString(i.Cert.Raw) }

// Metadata returns the IdP's metadata document with its signing
// certificate and the given extra certificates (for rotation tests), and a
// validUntil attribute when validUntil is not zero.
func (i *IdP) Metadata(validUntil time.Time, extraCerts ...*x509.Certificate) []byte {
	doc := etree.NewDocument()
	ed := doc.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", NSMetadata)
	ed.CreateAttr("xmlns:ds", NSDSig)
	ed.CreateAttr("entityID", i.EntityID)
	if !validUntil.IsZero() {
		ed.CreateAttr("validUntil", validUntil.UTC().Format(time.RFC3339))
	}
	idp := ed.CreateElement("md:IDPSSODescriptor")
	idp.CreateAttr("protocolSupportEnumeration", "urn:oasis:names:tc:SAML:2.0:protocol")
	for _, c := range append([]*x509.Certificate{i.Cert}, extraCerts...) {
		kd := idp.CreateElement("md:KeyDescriptor")
		kd.CreateAttr("use", "signing")
		kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").
			SetText(base64.StdEncoding.EncodeToString(c.Raw))
	}
	nid := idp.CreateElement("md:NameIDFormat")
	nid.SetText(Persistent)
	sso := idp.CreateElement("md:SingleSignOnService")
	sso.CreateAttr("Binding", "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect")
	sso.CreateAttr("Location", i.EntityID+"/sso")
	doc.Indent(2)
	out, _ := doc.WriteToBytes() // writing to memory cannot fail
	return out
}

// Attribute is one SAML attribute with its values.
type Attribute struct {
	Name   string
	Values []string
}

// Spec describes a Response; DefaultSpec fills a valid one.
type Spec struct {
	ResponseID, AssertionID string
	Issuer                  string
	IssueInstant            time.Time
	Destination             string // "" omits the attribute
	StatusCode              string
	NameID, NameIDFormat    string
	Recipient               string
	SubjectNotOnOrAfter     time.Time
	NotBefore, NotOnOrAfter time.Time
	Audiences               []string
	SessionNotOnOrAfter     time.Time // zero omits it
	Attributes              []Attribute
}

// DefaultSpec is a Response for AWS's sign-in URL issued at now, valid five
// minutes, for the role and provider ARNs given, with session name "alice".
func (i *IdP) DefaultSpec(now time.Time, roleARN, providerARN string) Spec {
	const url = "https://signin.aws.amazon.com/saml"
	return Spec{
		ResponseID:          "_resp-" + fmt.Sprint(now.UnixNano()),
		AssertionID:         "_asrt-" + fmt.Sprint(now.UnixNano()),
		Issuer:              i.EntityID,
		IssueInstant:        now,
		Destination:         url,
		StatusCode:          StatusOK,
		NameID:              "alice@example.com",
		NameIDFormat:        Persistent,
		Recipient:           url,
		SubjectNotOnOrAfter: now.Add(5 * time.Minute),
		NotBefore:           now.Add(-time.Minute),
		NotOnOrAfter:        now.Add(5 * time.Minute),
		Audiences:           []string{url},
		Attributes: []Attribute{
			{Name: "https://aws.amazon.com/SAML/Attributes/Role", Values: []string{roleARN + "," + providerARN}},
			{Name: "https://aws.amazon.com/SAML/Attributes/RoleSessionName", Values: []string{"alice"}},
		},
	}
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Assertion builds the unsigned saml:Assertion of s, standalone (its
// namespace declared on itself, so it can be signed alone).
func (i *IdP) Assertion(s Spec) *etree.Element {
	a := etree.NewElement("saml:Assertion")
	a.CreateAttr("xmlns:saml", NSAssertion)
	a.CreateAttr("ID", s.AssertionID)
	a.CreateAttr("Version", "2.0")
	a.CreateAttr("IssueInstant", stamp(s.IssueInstant))
	a.CreateElement("saml:Issuer").SetText(s.Issuer)
	subj := a.CreateElement("saml:Subject")
	nid := subj.CreateElement("saml:NameID")
	if s.NameIDFormat != "" {
		nid.CreateAttr("Format", s.NameIDFormat)
	}
	nid.SetText(s.NameID)
	sc := subj.CreateElement("saml:SubjectConfirmation")
	sc.CreateAttr("Method", Bearer)
	scd := sc.CreateElement("saml:SubjectConfirmationData")
	scd.CreateAttr("NotOnOrAfter", stamp(s.SubjectNotOnOrAfter))
	scd.CreateAttr("Recipient", s.Recipient)
	cond := a.CreateElement("saml:Conditions")
	cond.CreateAttr("NotBefore", stamp(s.NotBefore))
	cond.CreateAttr("NotOnOrAfter", stamp(s.NotOnOrAfter))
	ar := cond.CreateElement("saml:AudienceRestriction")
	for _, aud := range s.Audiences {
		ar.CreateElement("saml:Audience").SetText(aud)
	}
	as := a.CreateElement("saml:AuthnStatement")
	as.CreateAttr("AuthnInstant", stamp(s.IssueInstant))
	if !s.SessionNotOnOrAfter.IsZero() {
		as.CreateAttr("SessionNotOnOrAfter", stamp(s.SessionNotOnOrAfter))
	}
	as.CreateElement("saml:AuthnContext").CreateElement("saml:AuthnContextClassRef").
		SetText("urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport")
	if len(s.Attributes) > 0 {
		st := a.CreateElement("saml:AttributeStatement")
		for _, at := range s.Attributes {
			e := st.CreateElement("saml:Attribute")
			e.CreateAttr("Name", at.Name)
			for _, v := range at.Values {
				e.CreateElement("saml:AttributeValue").SetText(v)
			}
		}
	}
	return a
}

// Response wraps assertions (signed or not) in a samlp:Response of s.
func (i *IdP) Response(s Spec, assertions ...*etree.Element) *etree.Element {
	r := etree.NewElement("samlp:Response")
	r.CreateAttr("xmlns:samlp", NSProtocol)
	r.CreateAttr("xmlns:saml", NSAssertion)
	r.CreateAttr("ID", s.ResponseID)
	r.CreateAttr("Version", "2.0")
	r.CreateAttr("IssueInstant", stamp(s.IssueInstant))
	if s.Destination != "" {
		r.CreateAttr("Destination", s.Destination)
	}
	r.CreateElement("saml:Issuer").SetText(s.Issuer)
	r.CreateElement("samlp:Status").CreateElement("samlp:StatusCode").CreateAttr("Value", s.StatusCode)
	for _, a := range assertions {
		r.AddChild(a)
	}
	return r
}

// Sign returns a copy of el with an enveloped RSA-SHA256 signature under
// exclusive C14N, placed after its Issuer as the SAML schema wants. el must
// be standalone (its namespaces declared on itself).
func (i *IdP) Sign(el *etree.Element) (*etree.Element, error) {
	return SignWith(i.Key, i.Cert, el)
}

// SignWith signs el with any key and certificate (another IdP's, say).
func SignWith(key *rsa.PrivateKey, cert *x509.Certificate, el *etree.Element) (*etree.Element, error) {
	ctx, err := dsig.NewSigningContext(key, [][]byte{cert.Raw})
	if err != nil {
		return nil, fmt.Errorf("samltest: signing context: %w", err)
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	ctx.IdAttribute = "ID"
	signed, err := ctx.SignEnveloped(el)
	if err != nil {
		return nil, fmt.Errorf("samltest: sign: %w", err)
	}
	// SignEnveloped appends the signature as the last token without
	// parenting it; move it after Issuer, the first child.
	last := len(signed.Child) - 1
	sig, ok := signed.Child[last].(*etree.Element)
	if !ok {
		return nil, fmt.Errorf("samltest: no signature appended")
	}
	signed.Child = signed.Child[:last]
	signed.InsertChildAt(1, sig)
	return signed, nil
}

// Encode serialises el as a document and base64-encodes it, as the POST
// binding carries it.
func Encode(el *etree.Element) string {
	doc := etree.NewDocument()
	doc.SetRoot(el)
	raw, _ := doc.WriteToBytes() // writing to memory cannot fail
	return base64.StdEncoding.EncodeToString(raw)
}

// SignedResponse is the usual case: a Response with a signed Assertion.
func (i *IdP) SignedResponse(s Spec) (string, error) {
	a, err := i.Sign(i.Assertion(s))
	if err != nil {
		return "", err
	}
	return Encode(i.Response(s, a)), nil
}

// SignedEnvelope is a signed Response around an unsigned Assertion.
func (i *IdP) SignedEnvelope(s Spec) (string, error) {
	r, err := i.Sign(i.Response(s, i.Assertion(s)))
	if err != nil {
		return "", err
	}
	return Encode(r), nil
}
