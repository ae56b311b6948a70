// Package saml verifies SAML 2.0 Responses for AssumeRoleWithSAML the way
// AWS does, against the metadata of an IAM SAML provider. It knows nothing
// of the store: callers pass the provider's metadata and get back the one
// verified assertion, its AWS attributes and the saml:* context keys.
//
// The flow, each step refusing with AWS's STS errors (internal/awserr):
//
//  1. base64 decode; xml-roundtrip-validator (encoding/xml round-trip
//     attacks); parse; refuse DTDs, comments and processing instructions.
//  2. Shape: the root is a samlp:Response with exactly one saml:Assertion
//     anywhere in the document, as its direct child, and no encrypted
//     assertion. This alone refuses every signature-wrapping (XSW) form.
//  3. Signatures (goxmldsig >= 1.6.0): the Response's and/or the
//     Assertion's enveloped signature, referencing its own element's ID,
//     verified with one of the metadata's signing certificates.
//  4. Claims, read only from the element the verifier rebuilt from the
//     signed bytes: issuer, IssueInstant age, bearer SubjectConfirmation
//     (Recipient, NotOnOrAfter), Conditions (NotBefore, NotOnOrAfter,
//     Audience), then the AWS attributes (Role, RoleSessionName,
//     SessionDuration, PrincipalTag:*, TransitiveTagKeys, SourceIdentity).
//
// Package samltest signs real responses for tests.
package saml
