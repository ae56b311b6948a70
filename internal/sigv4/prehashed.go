package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"

	"github.com/iamd/iamd/internal/awserr"
)

// Verifying on another's behalf. iamd's authorization API checks requests
// that other services received: it has their method, path, query and
// headers, but only the SHA-256 of their bodies, and the services may sign
// for S3, whose canonical URI differs from every other service's.

// payload is a request's body, or only its hash when the caller has no body.
type payload struct {
	body   []byte
	hash   string // hex SHA-256 or UNSIGNED-PAYLOAD, when hashed
	hashed bool
}

// hashOf returns the payload hash the signature covers.
func (v *Verifier) hashOf(p payload) (string, error) {
	if !p.hashed {
		sum := sha256.Sum256(p.body)
		return hex.EncodeToString(sum[:]), nil
	}
	switch {
	case p.hash == unsignedPayload && v.unsignedPayload:
		return unsignedPayload, nil
	case isSHA256Hex(p.hash):
		return p.hash, nil
	}
	return "", awserr.SignatureDoesNotMatch()
}

// isSHA256Hex reports whether s is 64 lower-case hex digits, as SigV4
// writes a payload hash.
func isSHA256Hex(s string) bool {
	if len(s) != 2*sha256.Size {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// VerifyHash is Verify for a caller that holds only the hex SHA-256 of the
// request's body (or UNSIGNED-PAYLOAD, which WithUnsignedPayload must then
// allow): whoever received the body vouches that it hashes to payloadHash.
// An X-Amz-Content-Sha256 header must agree with it, as with Verify.
func (v *Verifier) VerifyHash(ctx context.Context, r *http.Request, payloadHash string, secret SecretFunc) (*Credentials, error) {
	return v.verifyPayload(ctx, r, payload{hash: payloadHash, hashed: true}, secret)
}

// WithSingleEncodedPath names the signing services whose canonical URI is
// the path exactly as sent, encoded once and never normalized: S3 alone
// among AWS's services
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
// By default every service signs the doubly-encoded path.
func WithSingleEncodedPath(services func(service string) bool) Option {
	return func(v *Verifier) { v.singleEncoded = services }
}

// S3Paths is the WithSingleEncodedPath rule of AWS: S3 and its variants
// sign the path encoded once.
func S3Paths(service string) bool {
	return service == "s3" || service == "s3express" || service == "s3-object-lambda"
}

// appendSingleEncodedURI is S3's canonical URI: the path as it arrived on
// the wire, which the client already encoded once.
func appendSingleEncodedURI(dst []byte, escapedPath string) []byte {
	if escapedPath == "" {
		return append(dst, '/')
	}
	return append(dst, escapedPath...)
}
