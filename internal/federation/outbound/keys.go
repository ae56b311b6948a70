// Package outbound holds the protocol side of IAM outbound identity
// federation, where iamd is an OpenID Connect issuer for its accounts'
// principals: the signing keys, the token's claims and the issuer's
// discovery document. Which accounts have an issuer, and where their keys
// are kept, is internal/issuers' business.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound.html
package outbound

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// The signing algorithms GetWebIdentityToken offers.
const (
	RS256 = "RS256"
	ES384 = "ES384"
)

// Algorithms lists the signing algorithms in the order the discovery
// document names them.
var Algorithms = []string{RS256, ES384}

// rsaBits is the size of the RS256 key; 2048 bits is what RFC 7518
// requires at least and what OIDC verifiers expect.
const rsaBits = 2048

// Keys are an account's token signing keys: one RSA key for RS256 and one
// P-384 key for ES384, with a signer for each, made once (a jose.Signer
// only reads its state, so concurrent tokens share it).
type Keys struct {
	rsa *jose.JSONWebKey
	ec  *jose.JSONWebKey

	rsaSigner, ecSigner jose.Signer
}

// withSigners makes the keys' signers, which name the key in the header's
// kid and the type as JWT.
func (k *Keys) withSigners() (*Keys, error) {
	for _, s := range []struct {
		jwk *jose.JSONWebKey
		dst *jose.Signer
	}{{k.rsa, &k.rsaSigner}, {k.ec, &k.ecSigner}} {
		signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(s.jwk.Algorithm), Key: s.jwk},
			(&jose.SignerOptions{}).WithType("JWT"))
		if err != nil {
			return nil, fmt.Errorf("outbound: %s signer: %w", s.jwk.Algorithm, err)
		}
		*s.dst = signer
	}
	return k, nil
}

// GenerateKeys makes a new pair of signing keys.
func GenerateKeys() (*Keys, error) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, rsaBits)
	if err != nil {
		return nil, fmt.Errorf("outbound: generate RSA key: %w", err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("outbound: generate P-384 key: %w", err)
	}
	k := &Keys{}
	if k.rsa, err = privateJWK(rsaKey, RS256); err != nil {
		return nil, err
	}
	if k.ec, err = privateJWK(ecKey, ES384); err != nil {
		return nil, err
	}
	return k.withSigners()
}

// The key IDs: AWS names an issuer's two keys RSA_0 and EC384_0, labels
// rather than thumbprints; iamd does the same.
const (
	rsaKeyID = "RSA_0"
	ecKeyID  = "EC384_0"
)

// privateJWK wraps a private key with its algorithm and key ID.
func privateJWK(key crypto.Signer, alg string) (*jose.JSONWebKey, error) {
	jwk := &jose.JSONWebKey{Key: key, Algorithm: alg, Use: "sig", KeyID: rsaKeyID}
	if alg == ES384 {
		jwk.KeyID = ecKeyID
	}
	if !jwk.Valid() {
		return nil, fmt.Errorf("outbound: the new %s key is not valid", alg)
	}
	return jwk, nil
}

// Marshal encodes the private keys as a JWK set, for sealing.
func (k *Keys) Marshal() ([]byte, error) {
	b, err := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{*k.rsa, *k.ec}})
	if err != nil {
		return nil, fmt.Errorf("outbound: encode keys: %w", err)
	}
	return b, nil
}

// ParseKeys decodes what Marshal made.
func ParseKeys(b []byte) (*Keys, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(b, &set); err != nil {
		return nil, fmt.Errorf("outbound: decode keys: %w", err)
	}
	k := &Keys{}
	for i := range set.Keys {
		jwk := &set.Keys[i]
		switch key := jwk.Key.(type) {
		case *rsa.PrivateKey:
			if jwk.Algorithm == RS256 {
				// A decoded key signs several times slower until its
				// CRT values are precomputed, once.
				key.Precompute()
				k.rsa = jwk
			}
		case *ecdsa.PrivateKey:
			if jwk.Algorithm == ES384 && key.Curve == elliptic.P384() {
				k.ec = jwk
			}
		}
	}
	if k.rsa == nil || k.ec == nil {
		return nil, errors.New("outbound: decode keys: an RS256 or ES384 private key is missing")
	}
	return k.withSigners()
}

// PublicSet is the JWK set a verifier fetches: the public halves only.
func (k *Keys) PublicSet() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{k.rsa.Public(), k.ec.Public()}}
}

// Sign signs claims as a compact JWT with the key of alg (RS256 or ES384).
func (k *Keys) Sign(alg string, claims any) (string, error) {
	var signer jose.Signer
	switch alg {
	case RS256:
		signer = k.rsaSigner
	case ES384:
		signer = k.ecSigner
	default:
		return "", fmt.Errorf("outbound: unknown signing algorithm %q", alg)
	}
	token, err := jwt.Signed(signer).Claims(claims).Serialize()
	if err != nil {
		return "", fmt.Errorf("outbound: sign token: %w", err)
	}
	return token, nil
}
