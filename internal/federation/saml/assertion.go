package saml

import (
	"encoding/xml"
	"strings"
	"time"
)

// Assertion is the content of one verified SAML assertion, as AWS reads
// it. Every field comes from the element the signature verifier returned,
// never from the document as received.
type Assertion struct {
	ID           string
	Issuer       string
	IssueInstant time.Time

	// NameID is the Subject's NameID value (saml:sub) and NameIDFormat its
	// Format URI (source of saml:sub_type).
	NameID       string
	NameIDFormat string

	// Recipient is the bearer SubjectConfirmationData's Recipient: AWS's
	// saml:aud and the Audience of AssumeRoleWithSAML's answer.
	Recipient string
	// Audiences lists every Audience of the Conditions.
	Audiences []string
	// NotBefore and NotOnOrAfter are the Conditions' bounds, zero when
	// absent; SubjectNotOnOrAfter is the bearer confirmation's bound.
	NotBefore           time.Time
	NotOnOrAfter        time.Time
	SubjectNotOnOrAfter time.Time
	// SessionNotOnOrAfter is the AuthnStatement's bound on the session,
	// zero when absent: AWS caps the credentials' expiry to it.
	SessionNotOnOrAfter time.Time

	// Attributes maps each Attribute's Name to its values, in order.
	Attributes map[string][]string

	// The AWS attributes, read from Attributes and checked.
	Roles             []RolePair
	RoleSessionName   string
	SessionDuration   int32 // seconds; 0 when absent
	PrincipalTags     []Tag // ordered by key
	TransitiveTagKeys []string
	SourceIdentity    string
}

// RolePair is one value of the Role attribute: a role ARN and the ARN of
// the SAML provider that may assume it.
type RolePair struct {
	RoleARN     string
	ProviderARN string
}

// Tag is a session tag passed as a PrincipalTag attribute.
type Tag struct {
	Key   string
	Value string
}

// The assertion schema, as much as AWS reads of it.
type xmlAssertion struct {
	XMLName            xml.Name            `xml:"urn:oasis:names:tc:SAML:2.0:assertion Assertion"`
	ID                 string              `xml:"ID,attr"`
	Version            string              `xml:"Version,attr"`
	IssueInstant       string              `xml:"IssueInstant,attr"`
	Issuer             *xmlText            `xml:"urn:oasis:names:tc:SAML:2.0:assertion Issuer"`
	Subject            *xmlSubject         `xml:"urn:oasis:names:tc:SAML:2.0:assertion Subject"`
	Conditions         *xmlConditions      `xml:"urn:oasis:names:tc:SAML:2.0:assertion Conditions"`
	AuthnStatements    []xmlAuthnStatement `xml:"urn:oasis:names:tc:SAML:2.0:assertion AuthnStatement"`
	AttributeStatement []xmlAttribute      `xml:"urn:oasis:names:tc:SAML:2.0:assertion AttributeStatement>Attribute"`
}

type xmlText struct {
	Format string `xml:"Format,attr"`
	Value  string `xml:",chardata"`
}

type xmlSubject struct {
	NameID        *xmlText                 `xml:"urn:oasis:names:tc:SAML:2.0:assertion NameID"`
	Confirmations []xmlSubjectConfirmation `xml:"urn:oasis:names:tc:SAML:2.0:assertion SubjectConfirmation"`
}

type xmlSubjectConfirmation struct {
	Method string     `xml:"Method,attr"`
	Data   *xmlSCData `xml:"urn:oasis:names:tc:SAML:2.0:assertion SubjectConfirmationData"`
}

type xmlSCData struct {
	NotBefore    string `xml:"NotBefore,attr"`
	NotOnOrAfter string `xml:"NotOnOrAfter,attr"`
	Recipient    string `xml:"Recipient,attr"`
}

type xmlConditions struct {
	NotBefore    string   `xml:"NotBefore,attr"`
	NotOnOrAfter string   `xml:"NotOnOrAfter,attr"`
	Audiences    []string `xml:"urn:oasis:names:tc:SAML:2.0:assertion AudienceRestriction>Audience"`
}

type xmlAuthnStatement struct {
	SessionNotOnOrAfter string `xml:"SessionNotOnOrAfter,attr"`
}

type xmlAttribute struct {
	Name   string   `xml:"Name,attr"`
	Values []string `xml:"urn:oasis:names:tc:SAML:2.0:assertion AttributeValue"`
}

// methodBearer is the only subject confirmation AWS accepts.
const methodBearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"

// parseTime reads an xs:dateTime; "" is the zero time.
func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	return t.UTC(), err
}
