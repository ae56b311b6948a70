package outbound

import "github.com/go-jose/go-jose/v4/jwt"

// ClaimNamespace is the claim under which AWS puts its own claims: the
// account, the region, and the principal's and request's tags.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html
const ClaimNamespace = "https://sts.amazonaws.com/"

// Claims are a token's claims.
type Claims struct {
	Issuer  string `json:"iss"`
	Subject string `json:"sub"`
	// Audience is one string for one audience and an array for several
	// (RFC 7519 §4.1.3).
	Audience jwt.Audience     `json:"aud"`
	IssuedAt *jwt.NumericDate `json:"iat"`
	Expiry   *jwt.NumericDate `json:"exp"`
	ID       string           `json:"jti"`
	AWS      AWSClaims        `json:"https://sts.amazonaws.com/"`
}

// AWSClaims are the claims under ClaimNamespace. iamd models no
// Organizations, EC2 or Lambda, so org_id, ou_path and those services'
// session-context claims never appear.
type AWSClaims struct {
	Account      string `json:"aws_account"`
	SourceRegion string `json:"source_region"`
	// PrincipalID is the ARN of the user or role behind the caller.
	PrincipalID   string            `json:"principal_id,omitempty"`
	PrincipalTags map[string]string `json:"principal_tags,omitempty"`
	RequestTags   map[string]string `json:"request_tags,omitempty"`
	// OriginalSessionExp is when the caller's temporary credentials
	// expire (RFC 3339, seconds); absent for long-term credentials.
	OriginalSessionExp string `json:"original_session_exp,omitempty"`
	// SourceIdentity is the role session's source identity, if it has
	// one.
	SourceIdentity string `json:"source_identity,omitempty"`
}
