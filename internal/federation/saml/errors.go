package saml

import "github.com/iamd/iamd/internal/awserr"

// AWS's answers to a SAML response it refuses. Where AWS documents the text
// it is quoted exactly; the rest are marked as iamd's own wording.
const (
	// msgSignatureInvalid is AWS's text for a response whose signature does
	// not verify against the provider's metadata (InvalidIdentityToken).
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_invalid-metadata
	// iamd also uses it for unsigned responses and for every wrapping
	// attempt (several assertions, assertions outside the signed element,
	// comments inside the signed content): all are "the signature does not
	// cover what would be read".
	msgSignatureInvalid = "Response signature invalid"

	// msgSessionNameRequired and msgSessionNameInvalid are AWS's texts for
	// the RoleSessionName attribute (InvalidIdentityToken).
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_missing-rolesessionname
	msgSessionNameRequired = "RoleSessionName is required in AuthnResponse"
	msgSessionNameInvalid  = "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"

	// msgSourceIdentityInvalid is AWS's text for a bad SourceIdentity
	// attribute (InvalidIdentityToken).
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_invalid-sourceidentity
	msgSourceIdentityInvalid = `Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"`

	// msgNotAuthorized is AWS's AccessDenied text when the assertion names
	// no matching role and provider pair, or has no NameID.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_missing-role
	msgNotAuthorized = "Not authorized to perform sts:AssumeRoleWithSAML"

	// msgTokenTooOld is what AWS answers (ExpiredTokenException) to a
	// response presented more than five minutes after it was issued, as
	// reported by its users (Nike-Inc/gimme-aws-creds#251).
	msgTokenTooOld = "Token must be redeemed within 5 minutes of issuance"

	// msgTokenExpired is the STS model's description of
	// ExpiredTokenException, used when NotOnOrAfter has passed.
	msgTokenExpired = "The web identity token that was passed is expired or is not valid. Get a new identity token from the identity provider and then retry the request."

	// msgIssuerMismatch is AWS's text when the response's Issuer is not
	// the provider's entity ID.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html#troubleshoot_saml_issuer-mismatch
	msgIssuerMismatch = "Issuer not present in specified provider"

	// msgIDPRejected is the STS model's description of IDPRejectedClaim,
	// used when the response's Status is not Success.
	msgIDPRejected = "The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid."

	// iamd's own wording, where AWS documents none.
	msgInvalidResponse  = "Invalid SAML response: %s"
	msgAudienceInvalid  = "SAML Assertion audience is not valid"
	msgRecipientInvalid = "SAML Assertion recipient is not valid"
	msgNotYetValid      = "SAML Assertion is not yet valid"
	msgSessionDuration  = "SessionDuration in AuthnResponse must be an integer between 900 and 43200"
	msgEncrypted        = "Encrypted SAML assertions are not supported by this provider"
)

func errSignature() error { return awserr.InvalidIdentityToken(msgSignatureInvalid) }

func errInvalid(reason string) error {
	return awserr.Newf("InvalidIdentityToken", 400, msgInvalidResponse, reason)
}
