package saml

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"time"

	rtvalidator "github.com/mattermost/xml-roundtrip-validator"
)

// XML namespaces of SAML 2.0 and XML-DSig.
const (
	nsMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"
	nsEncrypted = "http://www.w3.org/2001/04/xmlenc#"
)

// minRSABits is the smallest signing key AWS accepts in metadata: "the
// x.509 certificate ... must use a key size of at least 1024 bits".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_issuer-metadata
const minRSABits = 1024

// ErrInvalidMetadata is wrapped by every ParseMetadata failure; IAM answers
// it with InvalidInput.
var ErrInvalidMetadata = errors.New("saml: invalid metadata")

// Metadata is what iamd needs of an identity provider's SAML 2.0 metadata.
type Metadata struct {
	// EntityID is the IdP's entity ID: the Issuer of its responses.
	EntityID string
	// SigningCertificates are the certificates of the IDPSSODescriptor's
	// signing keys (KeyDescriptor use="signing" or without use), in
	// document order; at least one.
	SigningCertificates []*x509.Certificate
	// ValidUntil is the EntityDescriptor's validUntil, nil when absent.
	ValidUntil *time.Time
}

// The subset of the metadata schema iamd reads.
type entityDescriptor struct {
	XMLName    xml.Name        `xml:"urn:oasis:names:tc:SAML:2.0:metadata EntityDescriptor"`
	EntityID   string          `xml:"entityID,attr"`
	ValidUntil string          `xml:"validUntil,attr"`
	IDPs       []idpDescriptor `xml:"urn:oasis:names:tc:SAML:2.0:metadata IDPSSODescriptor"`
}

type idpDescriptor struct {
	Keys []keyDescriptor `xml:"urn:oasis:names:tc:SAML:2.0:metadata KeyDescriptor"`
}

type keyDescriptor struct {
	Use   string   `xml:"use,attr"`
	Certs []string `xml:"http://www.w3.org/2000/09/xmldsig# KeyInfo>X509Data>X509Certificate"`
}

// ParseMetadata reads an IdP's metadata document: an EntityDescriptor with
// an entityID and an IDPSSODescriptor carrying at least one signing
// certificate (RSA keys of at least 1024 bits). Every failure wraps
// ErrInvalidMetadata.
func ParseMetadata(doc []byte) (*Metadata, error) {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrInvalidMetadata, fmt.Sprintf(format, args...))
	}
	// AWS wants UTF-8 without a byte order mark.
	if bytes.HasPrefix(doc, []byte("\xef\xbb\xbf")) {
		return nil, bad("byte order mark")
	}
	if err := rtvalidator.Validate(bytes.NewReader(doc)); err != nil {
		return nil, bad("%v", err)
	}
	var ed entityDescriptor
	if err := xml.Unmarshal(doc, &ed); err != nil {
		return nil, bad("%v", err)
	}
	md := &Metadata{EntityID: strings.TrimSpace(ed.EntityID)}
	if md.EntityID == "" {
		return nil, bad("no entityID")
	}
	if ed.ValidUntil != "" {
		t, err := time.Parse(time.RFC3339Nano, ed.ValidUntil)
		if err != nil {
			return nil, bad("validUntil: %v", err)
		}
		t = t.UTC()
		md.ValidUntil = &t
	}
	if len(ed.IDPs) == 0 {
		return nil, bad("no IDPSSODescriptor")
	}
	for _, idp := range ed.IDPs {
		for _, k := range idp.Keys {
			if k.Use != "" && k.Use != "signing" {
				continue
			}
			for _, c := range k.Certs {
				cert, err := parseCertificate(c)
				if err != nil {
					return nil, bad("%v", err)
				}
				md.SigningCertificates = append(md.SigningCertificates, cert)
			}
		}
	}
	if len(md.SigningCertificates) == 0 {
		return nil, bad("no signing certificate")
	}
	return md, nil
}

// parseCertificate decodes one base64 X509Certificate (whitespace allowed)
// and checks its key size.
func parseCertificate(b64 string) (*x509.Certificate, error) {
	der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	if k, ok := cert.PublicKey.(*rsa.PublicKey); ok && k.N.BitLen() < minRSABits {
		return nil, fmt.Errorf("certificate: RSA key of %d bits", k.N.BitLen())
	}
	return cert, nil
}
