package sigv4

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/internal/awserr"
)

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// TestVerifyHash signs requests with aws-sdk-go-v2 (as S3 clients do, and as
// the other services do) and verifies them from the payload hash alone.
func TestVerifyHash(t *testing.T) {
	t.Parallel()
	const body = `{"hello":"world"}`
	tests := []struct {
		name string
		// service signs; s3Style signs the path encoded once, as the S3
		// client does.
		service, path string
		s3Style       bool
		signHash      string // the hash the client signs
		verifyHash    string // the hash VerifyHash is given
		unsigned      bool   // the verifier allows UNSIGNED-PAYLOAD
		wantCode      string
	}{
		{name: "s3 body hash", service: "s3", path: "/bucket/photos/cat.jpg", s3Style: true,
			signHash: sha256Hex(body), verifyHash: sha256Hex(body)},
		{name: "s3 key with space and percent", service: "s3", path: "/bucket/my%20key%25.txt", s3Style: true,
			signHash: sha256Hex(body), verifyHash: sha256Hex(body)},
		{name: "s3 dot segments signed as sent", service: "s3", path: "/bucket/a/../b", s3Style: true,
			signHash: sha256Hex(body), verifyHash: sha256Hex(body)},
		{name: "s3 unsigned payload", service: "s3", path: "/bucket/k", s3Style: true,
			signHash: "UNSIGNED-PAYLOAD", verifyHash: "UNSIGNED-PAYLOAD", unsigned: true},
		{name: "unsigned payload refused by default", service: "s3", path: "/bucket/k", s3Style: true,
			signHash: "UNSIGNED-PAYLOAD", verifyHash: "UNSIGNED-PAYLOAD", wantCode: "SignatureDoesNotMatch"},
		{name: "other service doubly encoded", service: "execute-api", path: "/api/my%20item",
			signHash: sha256Hex(body), verifyHash: sha256Hex(body)},
		{name: "wrong hash", service: "s3", path: "/bucket/k", s3Style: true,
			signHash: sha256Hex(body), verifyHash: sha256Hex("tampered"), wantCode: "SignatureDoesNotMatch"},
		{name: "hash not hex", service: "s3", path: "/bucket/k", s3Style: true,
			signHash: sha256Hex(body), verifyHash: "not-a-hash", wantCode: "SignatureDoesNotMatch"},
		{name: "s3 signature checked as another service's fails", service: "s3x", path: "/bucket/my%20key", s3Style: true,
			signHash: sha256Hex(body), verifyHash: sha256Hex(body), wantCode: "SignatureDoesNotMatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := http.NewRequest(http.MethodPut, "http://objects.example:9000"+tc.path+"?x-id=PutObject", strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			r.Header.Set("X-Amz-Content-Sha256", tc.signHash)
			signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = tc.s3Style })
			creds := aws.Credentials{AccessKeyID: interopKeyID, SecretAccessKey: interopSecret}
			if err := signer.SignHTTP(context.Background(), creds, r, tc.signHash, tc.service, "eu-west-1", signTime); err != nil {
				t.Fatal(err)
			}
			v := NewVerifier(WithClock(func() time.Time { return signTime }), WithSingleEncodedPath(S3Paths),
				WithUnsignedPayload(tc.unsigned))
			got, err := v.VerifyHash(context.Background(), r, tc.verifyHash, func(context.Context, *Credentials) (string, error) {
				return interopSecret, nil
			})
			if tc.wantCode != "" {
				if !awserr.Is(err, tc.wantCode) {
					t.Fatalf("VerifyHash: got %v, want %s", err, tc.wantCode)
				}
				return
			}
			if err != nil {
				t.Fatalf("VerifyHash: %v", err)
			}
			if got.Service != tc.service || got.Region != "eu-west-1" || got.AccessKeyID != interopKeyID {
				t.Errorf("credentials = %+v", got)
			}
		})
	}
}

// TestVerifyHashHeaderMustAgree: a signed X-Amz-Content-Sha256 that differs
// from the hash the caller vouches for can never verify.
func TestVerifyHashHeaderMustAgree(t *testing.T) {
	t.Parallel()
	r, err := http.NewRequest(http.MethodPut, "http://objects.example/bucket/k", strings.NewReader("a"))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("X-Amz-Content-Sha256", sha256Hex("a"))
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: interopKeyID, SecretAccessKey: interopSecret}
	if err := signer.SignHTTP(context.Background(), creds, r, sha256Hex("a"), "s3", "us-east-1", signTime); err != nil {
		t.Fatal(err)
	}
	// The caller claims another body; the signed header names the real one.
	r.Header.Set("X-Amz-Content-Sha256", sha256Hex("b"))
	v := NewVerifier(WithClock(func() time.Time { return signTime }), WithSingleEncodedPath(S3Paths))
	_, err = v.VerifyHash(context.Background(), r, sha256Hex("a"), func(context.Context, *Credentials) (string, error) {
		return interopSecret, nil
	})
	if !awserr.Is(err, "SignatureDoesNotMatch") {
		t.Fatalf("got %v, want SignatureDoesNotMatch", err)
	}
}
