package saml

import (
	"crypto/sha1"
	"encoding/base64"
)

// ContextKey is one saml:* key of a trust policy's request context. Multi
// says the key is a list (tested with ForAnyValue / ForAllValues).
type ContextKey struct {
	Key    string
	Values []string
	Multi  bool
}

// NameIDFormat URIs whose saml:sub_type is the short word.
const (
	formatPersistent = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	formatTransient  = "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"
	formatDefault    = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
)

// attributeKeys maps the SAML attribute names AWS documents to their
// saml:* keys, and whether each is a list. AWS's table lists X.500
// attributes by bare OID; IdPs send them as urn:oid:..., so both are
// mapped (urn:oid:2.5.4.3 is eduPerson's cn, as AWS's first table says).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html#saml-attribute-mapping
var attributeKeys = map[string]struct {
	key   string
	multi bool
}{
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.1":  {"saml:edupersonaffiliation", true},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.2":  {"saml:edupersonnickname", true},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.3":  {"saml:edupersonorgdn", false},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.4":  {"saml:edupersonorgunitdn", true},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.5":  {"saml:edupersonprimaryaffiliation", false},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.6":  {"saml:edupersonprincipalname", false},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.7":  {"saml:edupersonentitlement", true},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.8":  {"saml:edupersonprimaryorgunitdn", false},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.9":  {"saml:edupersonscopedaffiliation", true},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.10": {"saml:edupersontargetedid", true},
	"urn:oid:1.3.6.1.4.1.5923.1.1.1.11": {"saml:edupersonassurance", true},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.2":  {"saml:eduorghomepageuri", true},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.3":  {"saml:eduorgidentityauthnpolicyuri", true},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.4":  {"saml:eduorglegalname", true},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.5":  {"saml:eduorgsuperioruri", true},
	"urn:oid:1.3.6.1.4.1.5923.1.2.1.6":  {"saml:eduorgwhitepagesuri", true},
	"urn:oid:2.5.4.3":                   {"saml:cn", true},

	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name":              {"saml:name", false},
	"http://schemas.xmlsoap.org/claims/CommonName":                            {"saml:commonName", false},
	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname":         {"saml:givenName", false},
	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname":           {"saml:surname", false},
	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress":      {"saml:mail", false},
	"http://schemas.microsoft.com/ws/2008/06/identity/claims/primarygroupsid": {"saml:uid", false},

	"2.5.4.3":                            {"saml:commonName", false},
	"2.5.4.4":                            {"saml:surname", false},
	"urn:oid:2.5.4.4":                    {"saml:surname", false},
	"2.5.4.42":                           {"saml:givenName", false},
	"urn:oid:2.5.4.42":                   {"saml:givenName", false},
	"2.5.4.45":                           {"saml:x500UniqueIdentifier", false},
	"urn:oid:2.5.4.45":                   {"saml:x500UniqueIdentifier", false},
	"0.9.2342.19200300.100.1.1":          {"saml:uid", false},
	"urn:oid:0.9.2342.19200300.100.1.1":  {"saml:uid", false},
	"0.9.2342.19200300.100.1.3":          {"saml:mail", false},
	"urn:oid:0.9.2342.19200300.100.1.3":  {"saml:mail", false},
	"0.9.2342.19200300.100.1.45":         {"saml:organizationStatus", false},
	"urn:oid:0.9.2342.19200300.100.1.45": {"saml:organizationStatus", false},
}

// SubjectType is saml:sub_type: "persistent", "transient", or the full
// NameID Format URI.
func (a *Assertion) SubjectType() string {
	switch a.NameIDFormat {
	case formatPersistent:
		return "persistent"
	case formatTransient:
		return "transient"
	case "":
		return formatDefault
	}
	return a.NameIDFormat
}

// NameQualifier is saml:namequalifier and AssumeRoleWithSAML's
// NameQualifier: BASE64(SHA1(issuer + accountID + "/" + providerName)).
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html#API_AssumeRoleWithSAML_ResponseElements
func NameQualifier(issuer, accountID, providerName string) string {
	sum := sha1.Sum([]byte(issuer + accountID + "/" + providerName))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// ContextKeys returns the saml:* keys AWS puts in the request context of
// AssumeRoleWithSAML, for a provider named providerName in accountID: the
// fixed ones (aud, iss, sub, sub_type, doc, namequalifier) and those of
// the documented attributes the assertion carries. Only one claim maps to
// each key, as AWS says; the first attribute in name order wins.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml
func (a *Assertion) ContextKeys(accountID, providerName string) []ContextKey {
	keys := []ContextKey{
		{Key: "saml:aud", Values: []string{a.Recipient}},
		{Key: "saml:iss", Values: []string{a.Issuer}},
		{Key: "saml:sub", Values: []string{a.NameID}},
		{Key: "saml:sub_type", Values: []string{a.SubjectType()}},
		{Key: "saml:doc", Values: []string{accountID + "/" + providerName}},
		{Key: "saml:namequalifier", Values: []string{NameQualifier(a.Issuer, accountID, providerName)}},
	}
	seen := map[string]bool{}
	for _, name := range sortedKeys(a.Attributes) {
		m, ok := attributeKeys[name]
		values := a.Attributes[name]
		if !ok || seen[m.key] || len(values) == 0 {
			continue
		}
		seen[m.key] = true
		if !m.multi {
			values = values[:1]
		}
		keys = append(keys, ContextKey{Key: m.key, Values: append([]string(nil), values...), Multi: m.multi})
	}
	return keys
}
