package awserr

// STS's errors for federated sign-in (AssumeRoleWithWebIdentity and
// AssumeRoleWithSAML), with the code and status of botocore's STS model
// (awsQueryError of IDPCommunicationErrorException: 400).
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html#API_AssumeRoleWithWebIdentity_Errors

// Messages AWS sends for AssumeRoleWithWebIdentity, as quoted from real
// responses in public issue trackers.
const (
	// MsgIncorrectTokenAudience: no aud of the token is a client ID of the
	// provider (aws-actions/configure-aws-credentials#1309,
	// awslabs/amazon-eks-irsa-cfn#18).
	MsgIncorrectTokenAudience = "Incorrect token audience"
	// MsgNoOIDCProvider: the account has no provider for the token's iss,
	// formatted with the iss (aws-actions/configure-aws-credentials#721,
	// mozilla-iam/mozilla-aws-cli#127).
	MsgNoOIDCProvider = "No OpenIDConnect provider found in your account for %s"
	// MsgCannotRetrieveKey: no key of the issuer's JWKS verifies the token,
	// or the JWKS cannot be had. The two spaces are AWS's
	// (awslabs/aws-sdk-rust#827, aws/aws-sdk-php#1725).
	MsgCannotRetrieveKey = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements"
	// MsgMissingClaim: a required claim is absent, formatted with its
	// name (aws/aws-sdk-ruby#2698: "Missing a required claim: aud").
	MsgMissingClaim = "Missing a required claim: %s"
	// MsgTokenExpired: exp has passed, formatted with the current time and
	// exp in seconds since the epoch (AWS's response body quoted in
	// envoyproxy's credential-provider tests; aws-sdk-go-v2 logs).
	MsgTokenExpired = "Token expired: current date/time %d must be before the expiration date/time %d"
)

// IDPCommunicationError: the identity provider could not be reached (its
// discovery document or JWKS could not be fetched: connection refused,
// timeout). InvalidIdentityToken, IDPRejectedClaim and
// ExpiredTokenException are in saml.go.
func IDPCommunicationError(msg string) *Error {
	return New("IDPCommunicationError", 400, msg)
}

// MsgIDPUnreachable is IDPCommunicationError's message: AWS's own
// description of the error in its STS API reference (no response text has
// been published).
const MsgIDPUnreachable = "The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times so that you don't exceed the request rate. If the error persists, the identity provider might be down or not responding."
