package sigv4

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// Credentials is what a verified request was signed with. Region and Service
// come from the credential scope; the gateway routes on Service.
type Credentials struct {
	AccessKeyID  string
	SessionToken string // X-Amz-Security-Token, empty for long-term keys
	Region       string
	Service      string
	Date         string // the scope's date, yyyymmdd
	SignedAt     time.Time
	Presigned    bool
}

// SecretFunc returns the secret access key for c.AccessKeyID (and, for
// temporary credentials, c.SessionToken). To refuse, it returns an
// *awserr.Error such as awserr.InvalidClientTokenID() or
// awserr.ExpiredToken(); any other error is an internal failure. It runs
// only after the request's form, date and scope have been checked, and
// before the signature is.
type SecretFunc func(ctx context.Context, c *Credentials) (secret string, err error)

// ScopeFunc tells whether the endpoint that received r serves the region and
// service of a credential scope. It returns false for a region AWS would
// refuse there, and the expected service name when service is wrong ("" when
// it is right). AWS reports both as SignatureDoesNotMatch.
type ScopeFunc func(r *http.Request, region, service string) (regionOK bool, wantService string)

// Option configures a Verifier.
type Option func(*Verifier)

// WithClock sets the clock; tests use a fixed one.
func WithClock(now func() time.Time) Option { return func(v *Verifier) { v.now = now } }

// WithSkew sets the allowed difference between a signature's date and the
// clock (AWS: 15 minutes either way).
func WithSkew(d time.Duration) Option { return func(v *Verifier) { v.skew = d } }

// WithCacheSize bounds the derived-key cache; 0 disables it.
func WithCacheSize(n int) Option { return func(v *Verifier) { v.cacheSize = n } }

// WithScope checks credential scopes against the endpoint; by default every
// region and service is accepted and the caller routes on them.
func WithScope(f ScopeFunc) Option { return func(v *Verifier) { v.scope = f } }

// WithUnsignedPayload accepts X-Amz-Content-Sha256: UNSIGNED-PAYLOAD. AWS
// allows it only for S3; the Query and JSON services sign their bodies, so it
// is off by default.
func WithUnsignedPayload(ok bool) Option { return func(v *Verifier) { v.unsignedPayload = ok } }

// Verifier checks SigV4 signatures. It is safe for concurrent use.
type Verifier struct {
	now             func() time.Time
	skew            time.Duration
	cacheSize       int
	scope           ScopeFunc
	unsignedPayload bool
	// singleEncoded names the services (S3) whose canonical URI is the
	// path as sent, encoded once; see WithSingleEncodedPath.
	singleEncoded func(service string) bool
	keys          *keyCache
}

// DefaultSkew is AWS's clock-skew window.
const DefaultSkew = 15 * time.Minute

// DefaultCacheSize is the default number of cached derived signing keys.
const DefaultCacheSize = 4096

const unsignedPayload = "UNSIGNED-PAYLOAD"

// NewVerifier makes a Verifier with AWS's defaults.
func NewVerifier(opts ...Option) *Verifier {
	v := &Verifier{now: time.Now, skew: DefaultSkew, cacheSize: DefaultCacheSize}
	for _, o := range opts {
		o(v)
	}
	v.keys = newKeyCache(v.cacheSize)
	return v
}

// signed is what either form of SigV4 carries, gathered for the common path.
type signed struct {
	algorithm, credential, signedHeaders, signature, token, payloadHash string
	at                                                                  time.Time
	presigned                                                           bool
}

// Verify authenticates r, whose body the caller has already read into body.
// It accepts an Authorization header or a presigned query string, never
// both, and returns the credentials the request was signed with or AWS's
// error: MissingAuthenticationToken, IncompleteSignature,
// SignatureDoesNotMatch, RequestExpired, or whatever secret returns.
func (v *Verifier) Verify(ctx context.Context, r *http.Request, body []byte, secret SecretFunc) (*Credentials, error) {
	return v.verifyPayload(ctx, r, payload{body: body}, secret)
}

func (v *Verifier) verifyPayload(ctx context.Context, r *http.Request, body payload, secret SecretFunc) (*Credentials, error) {
	sc := getScratch()
	defer putScratch(sc)
	sc.parseQuery(r.URL.RawQuery)

	authz := r.Header.Get("Authorization")
	_, presigned := sc.get(queryAlgorithm)
	var s signed
	var err error
	switch {
	case authz != "" && presigned:
		return nil, awserr.SignatureDoesNotMatchWith(msgFoundBoth)
	case presigned:
		s, err = v.fromQuery(sc, body)
	case strings.HasPrefix(strings.TrimLeft(authz, " "), "AWS4-"):
		s, err = v.fromHeader(r, authz, body)
	default:
		// No SigV4 at all, or another scheme (SigV2, Bearer): AWS answers
		// the same for both.
		return nil, awserr.MissingAuthenticationToken()
	}
	if err != nil {
		return nil, err
	}
	return v.verify(ctx, r, sc, &s, secret)
}

func (v *Verifier) fromHeader(r *http.Request, authz string, body payload) (signed, error) {
	h, missing, err := parseAuthorization(authz)
	if err != nil {
		return signed{}, err
	}
	date := r.Header.Get("X-Amz-Date")
	httpDate := date == ""
	if httpDate {
		date = r.Header.Get("Date")
	}
	if len(missing) > 0 || date == "" {
		return signed{}, errMissingAuthParams(missing, date == "", authz)
	}
	var at time.Time
	if httpDate {
		if at, err = http.ParseTime(date); err != nil {
			return signed{}, errDateFormat(date)
		}
		at = at.UTC()
	} else if at, err = parseAmzDate(date); err != nil {
		return signed{}, err
	}
	if err := v.checkSkew(at); err != nil {
		return signed{}, err
	}
	payload, err := v.payloadHash(body, r.Header.Get("X-Amz-Content-Sha256"))
	if err != nil {
		return signed{}, err
	}
	return signed{
		algorithm: h.Algorithm, credential: h.Credential, signedHeaders: h.SignedHeaders,
		signature: h.Signature, token: r.Header.Get("X-Amz-Security-Token"),
		payloadHash: payload, at: at,
	}, nil
}

func (v *Verifier) fromQuery(sc *scratch, body payload) (signed, error) {
	p, err := parsePresigned(sc.get)
	if err != nil {
		return signed{}, err
	}
	at, err := parseAmzDate(p.Date)
	if err != nil {
		return signed{}, err
	}
	now := v.now().UTC()
	switch {
	case at.After(now.Add(v.skew)):
		return signed{}, errNotYetCurrent(at, now, v.skew)
	case p.HasExpires && now.After(at.Add(p.Expires)):
		return signed{}, awserr.RequestExpired(msgPresignExpired)
	case !p.HasExpires && at.Before(now.Add(-v.skew)):
		return signed{}, errSignatureExpired(at, now, v.skew)
	}
	payload, err := v.payloadHash(body, p.ContentSHA256)
	if err != nil {
		return signed{}, err
	}
	return signed{
		algorithm: p.Algorithm, credential: p.Credential, signedHeaders: p.SignedHeaders,
		signature: p.Signature, token: p.SecurityToken, payloadHash: payload, at: at, presigned: true,
	}, nil
}

// checkSkew applies AWS's window: a signature exactly 15 minutes old or
// ahead is still good; "earlier than now - 15 min" is not.
func (v *Verifier) checkSkew(at time.Time) error {
	now := v.now().UTC()
	switch {
	case at.Before(now.Add(-v.skew)):
		return errSignatureExpired(at, now, v.skew)
	case at.After(now.Add(v.skew)):
		return errNotYetCurrent(at, now, v.skew)
	}
	return nil
}

// payloadHash is the hex SHA-256 of the body (or the hash a VerifyHash
// caller vouches for). A client-declared
// X-Amz-Content-Sha256 must equal it, unless it is UNSIGNED-PAYLOAD and the
// Verifier allows that; anything else could never verify.
func (v *Verifier) payloadHash(body payload, declared string) (string, error) {
	if declared == unsignedPayload && v.unsignedPayload {
		return unsignedPayload, nil
	}
	h, err := v.hashOf(body)
	if err != nil {
		return "", err
	}
	if declared != "" && declared != h {
		return "", awserr.SignatureDoesNotMatch()
	}
	return h, nil
}

// verify runs the checks both forms share, in AWS's order: Host signed,
// algorithm, credential shape, scope, then the key and the signature.
func (v *Verifier) verify(ctx context.Context, r *http.Request, sc *scratch, s *signed, secret SecretFunc) (*Credentials, error) {
	if !hostSigned(s.signedHeaders) {
		return nil, awserr.SignatureDoesNotMatchWith(msgHostNotSigned)
	}
	if s.algorithm != Algorithm {
		return nil, errUnsupportedAlgorithm(s.algorithm)
	}
	cs, err := parseScope(s.credential)
	if err != nil {
		return nil, err
	}
	if err := v.checkScope(r, cs, s.at); err != nil {
		return nil, err
	}

	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	escapedPath := r.URL.EscapedPath()
	singleEncoded := v.singleEncoded != nil && v.singleEncoded(cs.service)
	creq := append(append(sc.creq[:0], method...), '\n')
	uriStart := len(creq)
	if singleEncoded {
		creq = appendSingleEncodedURI(creq, escapedPath)
	} else {
		creq = appendCanonicalURI(creq, escapedPath)
	}
	uriEnd := len(creq)
	creq = append(creq, '\n')
	creq = sc.appendCanonicalQuery(creq, s.presigned)
	creq = append(creq, '\n')
	if creq, err = appendCanonicalHeaders(creq, r, s.signedHeaders); err != nil {
		return nil, err
	}
	creq = append(append(creq, '\n'), s.signedHeaders...)
	creq = append(append(creq, '\n'), s.payloadHash...)
	sc.creq = creq

	creds := &Credentials{
		AccessKeyID: cs.accessKeyID, SessionToken: s.token, Region: cs.region, Service: cs.service,
		Date: cs.date, SignedAt: s.at, Presigned: s.presigned,
	}
	key, err := v.signingKey(ctx, sc, creds, secret)
	if err != nil {
		return nil, err
	}
	var got [32]byte
	if !decodeSignature(got[:], s.signature) {
		return nil, awserr.SignatureDoesNotMatch()
	}
	if v.signatureMatches(sc, &key, s.at, cs, creq, &got) {
		return creds, nil
	}
	// botocore removes "." and ".." segments and empty segments before
	// signing for services other than S3; other SDKs sign the path as sent.
	if norm := removeDotSegments(escapedPath); !singleEncoded && escapedPath != "" && norm != escapedPath {
		alt := append([]byte(nil), creq[:uriStart]...)
		alt = appendCanonicalURI(alt, norm)
		alt = append(alt, creq[uriEnd:]...)
		if v.signatureMatches(sc, &key, s.at, cs, alt, &got) {
			return creds, nil
		}
	}
	return nil, awserr.SignatureDoesNotMatch()
}

// signatureMatches computes the string to sign for a canonical request and
// compares its HMAC with the client's signature in constant time.
func (v *Verifier) signatureMatches(sc *scratch, key *[32]byte, at time.Time, cs scope, creq []byte, got *[32]byte) bool {
	hash := sha256.Sum256(creq)
	sts := append(sc.buf[:0], Algorithm...)
	sts = at.AppendFormat(append(sts, '\n'), isoBasicFormat)
	sts = append(append(sts, '\n'), cs.date...)
	sts = append(append(sts, '/'), cs.region...)
	sts = append(append(sts, '/'), cs.service...)
	sts = append(append(sts, '/'), cs.terminator...)
	sts = hex.AppendEncode(append(sts, '\n'), hash[:])
	sc.buf = sts
	want, mac := hmacSHA256(sc.mac, key[:], sts)
	sc.mac = mac
	return subtle.ConstantTimeCompare(want[:], got[:]) == 1
}

// signingKey asks the caller for the secret and returns the derived signing
// key, from the cache when it was derived from that same secret.
func (v *Verifier) signingKey(ctx context.Context, sc *scratch, c *Credentials, secret SecretFunc) ([32]byte, error) {
	s, err := secret(ctx, c)
	if err != nil {
		var refusal *awserr.Error
		if errors.As(err, &refusal) {
			return [32]byte{}, err
		}
		return [32]byte{}, fmt.Errorf("sigv4: secret for access key %s: %w", c.AccessKeyID, err)
	}
	sc.mac = append(sc.mac[:0], s...)
	sum := sha256.Sum256(sc.mac)
	clear(sc.mac)
	k := keyCacheKey{c.AccessKeyID, c.Date, c.Region, c.Service}
	if key, ok := v.keys.get(k, &sum); ok {
		return key, nil
	}
	key, mac := deriveSigningKey(sc.mac, s, c.Date, c.Region, c.Service)
	sc.mac = mac
	v.keys.put(k, keyCacheEntry{secretSum: sum, key: key})
	return key, nil
}

// checkScope reports every problem of the credential scope at once, as AWS
// does.
func (v *Verifier) checkScope(r *http.Request, cs scope, at time.Time) error {
	var p scopeProblems
	if v.scope != nil {
		regionOK, want := v.scope(r, cs.region, cs.service)
		if !regionOK {
			p.region(cs.region)
		}
		if want != "" && want != cs.service {
			p.service(want)
		}
	}
	if cs.terminator != "aws4_request" {
		p.terminator(cs.terminator)
	}
	var day [8]byte
	if want := at.AppendFormat(day[:0], scopeDateFormat); cs.date != string(want) {
		p.date(cs.date, string(want), at.Format(isoBasicFormat))
	}
	return p.err()
}

// hostSigned reports whether SignedHeaders names Host: without it a
// signature could be replayed against another endpoint.
func hostSigned(signedHeaders string) bool {
	for rest := signedHeaders; rest != ""; {
		var name string
		name, rest, _ = strings.Cut(rest, ";")
		if strings.EqualFold(name, "host") {
			return true
		}
	}
	return false
}

// decodeSignature decodes a 64-digit hex signature without allocating.
func decodeSignature(dst []byte, sig string) bool {
	if len(sig) != 2*len(dst) {
		return false
	}
	for i := range dst {
		hi, lo := sig[2*i], sig[2*i+1]
		if !isHex(hi) || !isHex(lo) {
			return false
		}
		dst[i] = unhex(hi)<<4 | unhex(lo)
	}
	return true
}
