// Package oidctest runs a real OpenID Connect issuer on loopback for tests:
// an httptest TLS server serving the discovery document and the JWKS, and
// signing RS256 and ES256 tokens with chosen claims. Keys rotate on demand,
// and the forged tokens of the classic attacks (alg none, HS256 keyed with
// the public key, unknown kid) are one call each.
package oidctest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// The algorithms the issuer signs with.
const (
	RS256 = "RS256"
	ES256 = "ES256"
)

type key struct {
	kid    string
	alg    string
	signer crypto.Signer
}

// Issuer is a running loopback OpenID Connect issuer.
type Issuer struct {
	srv *httptest.Server
	mu  sync.Mutex
	// current is the signing key per algorithm; published are the keys
	// the JWKS lists (current ones, plus retired ones until dropped).
	current   map[string]*key
	published []*key
	n         int
	// JWKSFetches counts JWKS requests, to see caching and rotation.
	JWKSFetches atomic.Int64
}

// New starts an issuer with one RS256 and one ES256 key; it stops when the
// test ends.
func New(t testing.TB) *Issuer {
	t.Helper()
	i := &Issuer{current: map[string]*key{}}
	for _, alg := range []string{RS256, ES256} {
		if _, err := i.Rotate(alg); err != nil {
			t.Fatalf("oidctest: key: %v", err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", i.serveDiscovery)
	mux.HandleFunc("GET /jwks", i.serveJWKS)
	i.srv = httptest.NewTLSServer(mux)
	t.Cleanup(i.srv.Close)
	return i
}

// URL is the issuer URL (https://127.0.0.1:PORT), the tokens' iss.
func (i *Issuer) URL() string { return i.srv.URL }

// CertPool trusts the issuer's TLS certificate.
func (i *Issuer) CertPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(i.srv.Certificate())
	return pool
}

// Certificate is the issuer's self-signed TLS certificate, for a process
// that must trust it through a file (SSL_CERT_FILE).
func (i *Issuer) Certificate() *x509.Certificate { return i.srv.Certificate() }

// Close stops the server early (to test an unreachable issuer).
func (i *Issuer) Close() { i.srv.Close() }

func (i *Issuer) serveDiscovery(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, map[string]any{
		"issuer":                                i.URL(),
		"jwks_uri":                              i.URL() + "/jwks",
		"authorization_endpoint":                i.URL() + "/authorize",
		"token_endpoint":                        i.URL() + "/token",
		"response_types_supported":              []string{"id_token"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{RS256, ES256},
	})
}

func (i *Issuer) serveJWKS(w http.ResponseWriter, _ *http.Request) {
	i.JWKSFetches.Add(1)
	i.mu.Lock()
	set := jose.JSONWebKeySet{}
	for _, k := range i.published {
		set.Keys = append(set.Keys, jose.JSONWebKey{Key: k.signer.Public(), KeyID: k.kid, Algorithm: k.alg, Use: "sig"})
	}
	i.mu.Unlock()
	writeJSON(w, set)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// Rotate makes a new signing key for alg, published beside the old ones,
// and returns its kid.
func (i *Issuer) Rotate(alg string) (string, error) {
	var signer crypto.Signer
	var err error
	switch alg {
	case RS256:
		signer, err = rsa.GenerateKey(rand.Reader, 2048)
	case ES256:
		signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		return "", fmt.Errorf("oidctest: unsupported alg %s", alg)
	}
	if err != nil {
		return "", err
	}
	i.mu.Lock()
	defer i.mu.Unlock()
	i.n++
	k := &key{kid: fmt.Sprintf("%s-%d", alg, i.n), alg: alg, signer: signer}
	i.current[alg] = k
	i.published = append(i.published, k)
	return k.kid, nil
}

// DropRetired unpublishes every key that is no longer current.
func (i *Issuer) DropRetired() {
	i.mu.Lock()
	defer i.mu.Unlock()
	var keep []*key
	for _, k := range i.published {
		if i.current[k.alg] == k {
			keep = append(keep, k)
		}
	}
	i.published = keep
}

// Claims returns standard claims for sub and aud, issued now, valid for ttl.
func (i *Issuer) Claims(sub, aud string, now time.Time, ttl time.Duration) map[string]any {
	return map[string]any{
		"iss": i.URL(), "sub": sub, "aud": aud,
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(),
	}
}

// Sign signs claims with the current key of alg (RS256 or ES256).
func (i *Issuer) Sign(alg string, claims map[string]any) (string, error) {
	i.mu.Lock()
	k := i.current[alg]
	i.mu.Unlock()
	if k == nil {
		return "", fmt.Errorf("oidctest: no %s key", alg)
	}
	return signWith(k, k.kid, claims)
}

// SignUnpublished signs claims with a fresh key of alg whose kid the JWKS
// does not list (an attacker's key, or the "unknown kid" case).
func (i *Issuer) SignUnpublished(alg, kid string, claims map[string]any) (string, error) {
	var signer crypto.Signer
	var err error
	if alg == ES256 {
		signer, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		signer, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		return "", err
	}
	return signWith(&key{kid: kid, alg: alg, signer: signer}, kid, claims)
}

func signWith(k *key, kid string, claims map[string]any) (string, error) {
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader(jose.HeaderKey("kid"), kid)
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(k.alg), Key: k.signer}, opts)
	if err != nil {
		return "", err
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := s.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// Unsigned returns claims as an "alg": "none" token.
func Unsigned(claims map[string]any) (string, error) {
	return forge(map[string]any{"alg": "none", "typ": "JWT"}, claims, nil)
}

// HS256WithPublicKey forges the key-confusion attack: an HS256 token whose
// HMAC key is the DER of the issuer's current RS256 public key, under that
// key's kid.
func (i *Issuer) HS256WithPublicKey(claims map[string]any) (string, error) {
	i.mu.Lock()
	k := i.current[RS256]
	i.mu.Unlock()
	der, err := x509.MarshalPKIXPublicKey(k.signer.Public())
	if err != nil {
		return "", err
	}
	return forge(map[string]any{"alg": "HS256", "typ": "JWT", "kid": k.kid}, claims, der)
}

// forge builds a compact JWS by hand (go-jose refuses to make these).
func forge(header, claims map[string]any, hmacKey []byte) (string, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	enc := base64.RawURLEncoding
	signingInput := enc.EncodeToString(h) + "." + enc.EncodeToString(c)
	if hmacKey == nil {
		return signingInput + ".", nil
	}
	mac := hmac.New(sha256.New, hmacKey)
	mac.Write([]byte(signingInput))
	return signingInput + "." + enc.EncodeToString(mac.Sum(nil)), nil
}
