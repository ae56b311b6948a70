package outbound

// The discovery paths below an issuer URL, as AWS documents them for
// outbound identity federation.
const (
	ConfigurationPath = "/.well-known/openid-configuration"
	JWKSPath          = "/.well-known/jwks.json"
)

// DiscoveryDocument is an issuer's OpenID Provider Metadata (OpenID
// Connect Discovery 1.0 §3): what a verifier needs, for an issuer that
// only signs tokens and has no authorization endpoint.
type DiscoveryDocument struct {
	Issuer                           string   `json:"issuer"`
	JWKSURI                          string   `json:"jwks_uri"`
	ResponseTypesSupported           []string `json:"response_types_supported"`
	SubjectTypesSupported            []string `json:"subject_types_supported"`
	IDTokenSigningAlgValuesSupported []string `json:"id_token_signing_alg_values_supported"`
	ClaimsSupported                  []string `json:"claims_supported"`
}

// Discovery is the discovery document of the issuer at issuerURL.
func Discovery(issuerURL string) *DiscoveryDocument {
	return &DiscoveryDocument{
		Issuer: issuerURL, JWKSURI: issuerURL + JWKSPath,
		ResponseTypesSupported: []string{"id_token"}, SubjectTypesSupported: []string{"public"},
		IDTokenSigningAlgValuesSupported: Algorithms,
		ClaimsSupported:                  []string{"sub", "iss", "aud", "exp", "iat", "jti", ClaimNamespace},
	}
}
