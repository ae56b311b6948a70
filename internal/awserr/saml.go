package awserr

// STS's errors for the federation operations (AssumeRoleWithSAML,
// AssumeRoleWithWebIdentity), with the codes and statuses of botocore's STS
// model (sts/2011-06-15/service-2.json). Callers pass AWS's message.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html#API_AssumeRoleWithSAML_Errors

// InvalidIdentityToken: the SAML response or web identity token could not be
// validated (bad signature, wrong audience, malformed claims).
func InvalidIdentityToken(msg string) *Error { return New("InvalidIdentityToken", 400, msg) }

// IDPRejectedClaim: the identity provider reported that authentication
// failed, or the claim is not acceptable.
func IDPRejectedClaim(msg string) *Error { return New("IDPRejectedClaim", 403, msg) }

// ExpiredTokenException: the SAML response or web identity token has
// expired. The wire code really is "ExpiredTokenException", unlike the
// "ExpiredToken" of an expired session token.
func ExpiredTokenException(msg string) *Error { return New("ExpiredTokenException", 400, msg) }
