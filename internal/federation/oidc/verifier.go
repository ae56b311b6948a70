// Package oidc verifies OpenID Connect ID tokens for
// AssumeRoleWithWebIdentity, as AWS STS does: the issuer's discovery
// document (ISSUER/.well-known/openid-configuration) names its JWKS, which
// is fetched and cached (go-oidc's RemoteKeySet, refetched when a token
// names a key it has not seen, so key rotation is picked up); the
// signature must verify with an asymmetric algorithm (never "none" or
// HMAC); iss must be the provider's URL; one aud must be a client ID of
// the provider; exp, nbf and iat are checked with a small leeway.
//
// The package knows nothing of the store: callers pass the provider's URL
// and client IDs. Failures are awserr values with AWS's codes
// (InvalidIdentityToken, IDPCommunicationError, ExpiredTokenException).
package oidc

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	gooidc "github.com/coreos/go-oidc/v3/oidc"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/webtoken"
)

// Defaults of Options.
const (
	DefaultTimeout          = 5 * time.Second
	DefaultMaxResponseBytes = 1 << 20
	DefaultLeeway           = time.Minute
	DefaultDiscoveryTTL     = time.Hour
	// maxCachedIssuers bounds the cache; past it the cache starts afresh.
	maxCachedIssuers = 4096
)

// signingAlgs are the algorithms a token may be signed with: RSA and
// ECDSA only, so that a token signed with "none" or with an HMAC keyed by
// the issuer's public key never verifies.
var signingAlgs = []string{
	gooidc.RS256, gooidc.RS384, gooidc.RS512,
	gooidc.ES256, gooidc.ES384, gooidc.ES512,
	gooidc.PS256, gooidc.PS384, gooidc.PS512,
}

// Options configure a Verifier; the zero value is production's.
type Options struct {
	// RootCAs verifies issuers' TLS certificates; nil means the system's.
	// Tests pass their loopback issuer's CA.
	RootCAs *x509.CertPool
	// Timeout bounds each fetch (connect, TLS, headers, whole request).
	Timeout time.Duration
	// MaxResponseBytes bounds discovery and JWKS responses.
	MaxResponseBytes int64
	// Leeway tolerates clock skew on exp, nbf and iat.
	Leeway time.Duration
	// DiscoveryTTL is how long a discovery document and its key set are
	// kept before being fetched again.
	DiscoveryTTL time.Duration
	// Clock defaults to time.Now.
	Clock func() time.Time
	// AllowHTTP lets issuers be plain http: never in production.
	AllowHTTP bool
}

// Verifier verifies web identity tokens against their issuers. It is safe
// for concurrent use; make one per process so its key caches are shared.
type Verifier struct {
	opts   Options
	client *http.Client
	mu     sync.Mutex
	// issuers caches discovery and key sets by issuer URL.
	issuers map[string]*issuer
}

// issuer is one cached issuer: its key set and a go-oidc verifier on it.
type issuer struct {
	verifier *gooidc.IDTokenVerifier
	loadedAt time.Time
}

// New makes a Verifier.
func New(opts Options) *Verifier {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxResponseBytes <= 0 {
		opts.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if opts.Leeway < 0 {
		opts.Leeway = 0
	} else if opts.Leeway == 0 {
		opts.Leeway = DefaultLeeway
	}
	if opts.DiscoveryTTL <= 0 {
		opts.DiscoveryTTL = DefaultDiscoveryTTL
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	return &Verifier{
		opts:    opts,
		client:  newHTTPClient(opts.RootCAs, opts.Timeout, opts.MaxResponseBytes, opts.AllowHTTP),
		issuers: map[string]*issuer{},
	}
}

// Verify checks rawToken against the provider with URL providerURL (with
// or without https://, as IAM stores it) and client IDs clientIDs, and
// returns its claims. Errors are *awserr.Error values: InvalidIdentityToken
// (malformed, bad signature, unknown key, wrong iss, wrong aud, missing
// claim, not yet valid), ExpiredTokenException (exp passed) and
// IDPCommunicationError (the issuer cannot be reached); any other error is
// the caller's InternalFailure.
func (v *Verifier) Verify(ctx context.Context, providerURL string, clientIDs []string, rawToken string) (*Claims, error) {
	issuerURL := IssuerURL(providerURL)
	if !strings.HasPrefix(issuerURL, "https://") && !v.opts.AllowHTTP {
		return nil, fmt.Errorf("oidc: provider URL %q is not https", providerURL)
	}
	iss, err := v.issuer(ctx, issuerURL)
	if err != nil {
		return nil, err
	}
	outcome := &keyOutcome{}
	tok, err := iss.verifier.Verify(context.WithValue(ctx, keyOutcomeKey{}, outcome), rawToken)
	if err != nil {
		switch {
		case outcome.payload != nil:
			// Signed by the issuer, but go-oidc could not read a claim
			// (exp that is no number, ...): report which one.
			var raw map[string]any
			if json.Unmarshal(outcome.payload, &raw) == nil {
				if _, cerr := webtoken.FromPayload(raw); cerr != nil {
					return nil, cerr
				}
			}
			return nil, awserr.InvalidIdentityToken(msgNotJWT)
		case outcome.err == nil:
			// Refused before any key was looked at: not a JWT, or an
			// algorithm outside signingAlgs (none, HS256, ...).
			return nil, awserr.InvalidIdentityToken(msgNotJWT)
		case isUnreachable(outcome.err):
			return nil, awserr.IDPCommunicationError(awserr.MsgIDPUnreachable)
		default:
			return nil, awserr.InvalidIdentityToken(awserr.MsgCannotRetrieveKey)
		}
	}
	var raw map[string]any
	if err := tok.Claims(&raw); err != nil {
		return nil, awserr.InvalidIdentityToken(msgNotJWT)
	}
	c, err := webtoken.FromPayload(raw)
	if err != nil {
		return nil, err
	}
	c.KeyPrefix = KeyPrefix(issuerURL)
	if c.Issuer != issuerURL {
		return nil, awserr.InvalidIdentityToken(fmt.Sprintf(awserr.MsgNoOIDCProvider, c.Issuer))
	}
	if err := v.checkTimes(c); err != nil {
		return nil, err
	}
	for _, aud := range c.Audience {
		if slices.Contains(clientIDs, aud) && !slices.Contains(c.MatchedAudiences, aud) {
			c.MatchedAudiences = append(c.MatchedAudiences, aud)
		}
	}
	if len(c.MatchedAudiences) == 0 {
		return nil, awserr.InvalidIdentityToken(awserr.MsgIncorrectTokenAudience)
	}
	return c, nil
}

// Messages for tokens used too early. AWS's texts are not published;
// these follow the shape of its expiry message.
const (
	msgNotYetValid  = "Token is not yet valid: current date/time %d must not be before the not-before date/time %d"
	msgIssuedFuture = "Token was issued in the future: current date/time %d is before the issued-at date/time %d"
)

// checkTimes applies exp, nbf and iat with the leeway.
func (v *Verifier) checkTimes(c *Claims) error {
	now := v.opts.Clock()
	if !now.Before(c.Expiry.Add(v.opts.Leeway)) {
		return awserr.ExpiredTokenException(fmt.Sprintf(awserr.MsgTokenExpired, now.Unix(), c.Expiry.Unix()))
	}
	if !c.NotBefore.IsZero() && now.Add(v.opts.Leeway).Before(c.NotBefore) {
		return awserr.InvalidIdentityToken(fmt.Sprintf(msgNotYetValid, now.Unix(), c.NotBefore.Unix()))
	}
	if !c.IssuedAt.IsZero() && now.Add(v.opts.Leeway).Before(c.IssuedAt) {
		return awserr.InvalidIdentityToken(fmt.Sprintf(msgIssuedFuture, now.Unix(), c.IssuedAt.Unix()))
	}
	return nil
}

// issuer returns the cached issuer, or discovers it. Discovery failures
// are not cached, so the next token tries again.
func (v *Verifier) issuer(ctx context.Context, issuerURL string) (*issuer, error) {
	now := v.opts.Clock()
	v.mu.Lock()
	iss, ok := v.issuers[issuerURL]
	v.mu.Unlock()
	if ok && now.Sub(iss.loadedAt) < v.opts.DiscoveryTTL {
		return iss, nil
	}
	iss, err := v.discover(ctx, issuerURL)
	if err != nil {
		return nil, err
	}
	iss.loadedAt = now
	v.mu.Lock()
	if len(v.issuers) >= maxCachedIssuers {
		v.issuers = map[string]*issuer{}
	}
	v.issuers[issuerURL] = iss
	v.mu.Unlock()
	return iss, nil
}

// discover fetches the issuer's discovery document and builds a verifier
// on its JWKS. go-oidc checks that the document names the same issuer.
func (v *Verifier) discover(ctx context.Context, issuerURL string) (*issuer, error) {
	clientCtx := gooidc.ClientContext(ctx, v.client)
	provider, err := gooidc.NewProvider(clientCtx, issuerURL)
	if err != nil {
		if isUnreachable(err) {
			return nil, awserr.IDPCommunicationError(awserr.MsgIDPUnreachable)
		}
		return nil, awserr.InvalidIdentityToken(awserr.MsgCannotRetrieveKey)
	}
	var meta struct {
		JWKSURI string `json:"jwks_uri"`
	}
	if err := provider.Claims(&meta); err != nil || meta.JWKSURI == "" {
		return nil, awserr.InvalidIdentityToken(awserr.MsgCannotRetrieveKey)
	}
	// The key set outlives this request: its context carries only the
	// client, never this request's cancellation.
	keys := &classifyingKeySet{remote: gooidc.NewRemoteKeySet(
		gooidc.ClientContext(context.Background(), v.client), meta.JWKSURI)}
	verifier := gooidc.NewVerifier(issuerURL, keys, &gooidc.Config{
		SupportedSigningAlgs: signingAlgs,
		// aud, iss and the times are checked by Verify: a provider has a
		// list of client IDs, and AWS's errors need to know which check
		// failed.
		SkipClientIDCheck: true,
		SkipIssuerCheck:   true,
		SkipExpiryCheck:   true,
	})
	return &issuer{verifier: verifier}, nil
}

// keyOutcome records, for one Verify call, why the key set failed.
// go-oidc flattens the key set's error into text, so the classifying key
// set passes the error back through the context instead.
type keyOutcome struct {
	err     error
	payload []byte // the verified payload, when the signature verified
}

type keyOutcomeKey struct{}

// classifyingKeySet is go-oidc's RemoteKeySet, recording its failures.
type classifyingKeySet struct{ remote *gooidc.RemoteKeySet }

func (k *classifyingKeySet) VerifySignature(ctx context.Context, jwt string) ([]byte, error) {
	payload, err := k.remote.VerifySignature(ctx, jwt)
	if o, ok := ctx.Value(keyOutcomeKey{}).(*keyOutcome); ok {
		o.err, o.payload = err, payload
	}
	return payload, err
}
