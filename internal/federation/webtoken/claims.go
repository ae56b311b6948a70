// Package webtoken reads the claims of a web-identity (OIDC) token: the
// parts of AssumeRoleWithWebIdentity that need no network, kept apart from
// the verifier (internal/federation/oidc), which fetches issuers' keys, so
// that the STS service depends on no HTTP client.
package webtoken

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// Claims are the verified claims of a web identity token.
type Claims struct {
	// KeyPrefix is the provider URL without "https://" (HOST/PATH), the
	// prefix of the trust-policy condition keys and the resource part of
	// the provider's ARN.
	KeyPrefix string
	Issuer    string
	Subject   string
	// Audience is every aud of the token; MatchedAudiences those that are
	// client IDs of the provider (at least one).
	Audience         []string
	MatchedAudiences []string
	// AuthorizedParty is azp, "" when absent.
	AuthorizedParty string
	// AMR is the amr claim (authentication methods), nil when absent.
	AMR       []string
	Expiry    time.Time
	IssuedAt  time.Time // zero when absent
	NotBefore time.Time // zero when absent
	// Raw holds every claim of the token as decoded JSON, for session tags
	// (https://aws.amazon.com/tags) and other keys a caller may need.
	Raw map[string]any
}

// Condition key suffixes of a web identity session, prefixed with
// KeyPrefix and a colon ("token.actions.githubusercontent.com:sub").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
const (
	KeySub = "sub"
	KeyAud = "aud"
	KeyAMR = "amr"
)

// ContextKeys returns the condition keys the token sets for the role's
// trust policy: HOST/PATH:sub, HOST/PATH:aud (the audiences that matched a
// client ID) and, when the token has amr, HOST/PATH:amr (multi-valued).
func (c *Claims) ContextKeys() map[string][]string {
	keys := map[string][]string{
		c.KeyPrefix + ":" + KeySub: {c.Subject},
		c.KeyPrefix + ":" + KeyAud: append([]string(nil), c.MatchedAudiences...),
	}
	if len(c.AMR) > 0 {
		keys[c.KeyPrefix+":"+KeyAMR] = append([]string(nil), c.AMR...)
	}
	return keys
}

// KeyPrefix returns the provider URL without its https:// scheme: the
// form IAM stores (GetOpenIDConnectProvider's Url) and the prefix of the
// condition keys.
func KeyPrefix(providerURL string) string {
	return strings.TrimPrefix(providerURL, "https://")
}

// IssuerURL returns the issuer a provider URL stands for: IAM stores
// providers without a scheme, and issuers are always https.
func IssuerURL(providerURL string) string {
	if strings.HasPrefix(providerURL, "https://") || strings.HasPrefix(providerURL, "http://") {
		return providerURL
	}
	return "https://" + providerURL
}

// MsgNotJWT answers a token that does not parse as a signed JWT, with an
// allowed algorithm (alg none and HMAC algorithms are refused as
// malformed). AWS's text for it is not published; this one says what is
// wrong without echoing the token.
const MsgNotJWT = "The web identity token is not a valid JWT."

// UnverifiedIssuer returns the iss claim of a token without checking its
// signature: what selects the provider (AWS answers a token whose iss has
// no provider with MsgNoOIDCProvider). Only Verify's result may be
// trusted.
func UnverifiedIssuer(rawToken string) (string, error) {
	parts := strings.Split(rawToken, ".")
	if len(parts) != 3 {
		return "", awserr.InvalidIdentityToken(MsgNotJWT)
	}
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "", awserr.InvalidIdentityToken(MsgNotJWT)
	}
	var c struct {
		Iss any `json:"iss"`
	}
	if err := json.Unmarshal(payload, &c); err != nil {
		return "", awserr.InvalidIdentityToken(MsgNotJWT)
	}
	iss, ok := c.Iss.(string)
	if !ok || iss == "" {
		return "", awserr.InvalidIdentityToken(fmt.Sprintf(awserr.MsgMissingClaim, "iss"))
	}
	return iss, nil
}

// FromPayload decodes the claims the verifier checks. A claim of the
// wrong JSON type is reported like a missing one.
func FromPayload(raw map[string]any) (*Claims, error) {
	c := &Claims{Raw: raw}
	var ok bool
	if c.Issuer, ok = raw["iss"].(string); !ok || c.Issuer == "" {
		return nil, missing("iss")
	}
	if c.Subject, ok = raw["sub"].(string); !ok || c.Subject == "" {
		return nil, missing("sub")
	}
	if c.Audience, ok = stringOrList(raw["aud"]); !ok || len(c.Audience) == 0 {
		return nil, missing("aud")
	}
	var err error
	if c.Expiry, ok, err = numericDate(raw, "exp"); err != nil || !ok {
		return nil, missing("exp")
	}
	if c.IssuedAt, _, err = numericDate(raw, "iat"); err != nil {
		return nil, missing("iat")
	}
	if c.NotBefore, _, err = numericDate(raw, "nbf"); err != nil {
		return nil, missing("nbf")
	}
	if v, present := raw["amr"]; present {
		if c.AMR, ok = stringOrList(v); !ok {
			return nil, missing("amr")
		}
	}
	if v, present := raw["azp"]; present {
		if c.AuthorizedParty, ok = v.(string); !ok {
			return nil, missing("azp")
		}
	}
	return c, nil
}

func missing(claim string) error {
	return awserr.InvalidIdentityToken(fmt.Sprintf(awserr.MsgMissingClaim, claim))
}

// stringOrList reads a claim that is a string or a list of strings (aud,
// amr: RFC 7519 section 4.1.3).
func stringOrList(v any) ([]string, bool) {
	switch v := v.(type) {
	case string:
		return []string{v}, true
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			s, ok := e.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

// numericDate reads a NumericDate claim (seconds since the epoch, possibly
// fractional). ok is false when absent; err when present but not a finite
// number in range.
func numericDate(raw map[string]any, name string) (t time.Time, ok bool, err error) {
	v, present := raw[name]
	if !present {
		return time.Time{}, false, nil
	}
	f, isNum := v.(float64)
	if !isNum || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 1e13 {
		return time.Time{}, false, fmt.Errorf("%s is not a NumericDate", name)
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), true, nil
}
