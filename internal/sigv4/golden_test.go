package sigv4

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// AWS's documented example credentials.
const (
	exampleKeyID  = "AKIDEXAMPLE"
	exampleSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
)

var exampleTime = time.Date(2015, 8, 30, 12, 36, 0, 0, time.UTC)

func fixedClock(t time.Time) func() time.Time { return func() time.Time { return t } }

// staticSecret knows one key.
func staticSecret(keyID, secret string) SecretFunc {
	return func(_ context.Context, c *Credentials) (string, error) {
		if c.AccessKeyID != keyID {
			return "", awserr.InvalidClientTokenID()
		}
		return secret, nil
	}
}

// TestGoldenVectors checks the verifier against signatures AWS published:
// the IAM ListUsers example of "Create a signed AWS API request" and cases of
// the SigV4 test suite (service "service", us-east-1).
func TestGoldenVectors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, url string
		headers           map[string]string
		authorization     string
	}{
		{
			name:   "iam ListUsers",
			method: http.MethodGet,
			url:    "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
			headers: map[string]string{
				"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
				"X-Amz-Date":   "20150830T123600Z",
			},
			authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
		},
		{
			name:          "get-vanilla",
			method:        http.MethodGet,
			url:           "https://example.amazonaws.com/",
			headers:       map[string]string{"X-Amz-Date": "20150830T123600Z"},
			authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
		},
		{
			name:          "get-vanilla-query-order-key-case",
			method:        http.MethodGet,
			url:           "https://example.amazonaws.com/?Param2=value2&Param1=value1",
			headers:       map[string]string{"X-Amz-Date": "20150830T123600Z"},
			authorization: "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(tc.method, tc.url, nil)
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			r.Header.Set("Authorization", tc.authorization)
			v := NewVerifier(WithClock(fixedClock(exampleTime)))
			c, err := v.Verify(context.Background(), r, nil, staticSecret(exampleKeyID, exampleSecret))
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if c.AccessKeyID != exampleKeyID || c.Region != "us-east-1" || c.Date != "20150830" || !c.SignedAt.Equal(exampleTime) || c.Presigned {
				t.Errorf("credentials = %+v", c)
			}
			// The same request with one signature digit changed fails.
			bad := []byte(tc.authorization)
			bad[len(bad)-1] ^= 1
			r.Header.Set("Authorization", string(bad))
			if _, err := v.Verify(context.Background(), r, nil, staticSecret(exampleKeyID, exampleSecret)); !awserr.Is(err, "SignatureDoesNotMatch") {
				t.Errorf("tampered signature: err = %v, want SignatureDoesNotMatch", err)
			}
		})
	}
}

// TestDeriveSigningKeyExample checks the key derivation against AWS's
// documented kSigning for 20150830/us-east-1/iam.
func TestDeriveSigningKeyExample(t *testing.T) {
	t.Parallel()
	key, _ := deriveSigningKey(nil, exampleSecret, "20150830", "us-east-1", "iam")
	const want = "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
	if got := hex.EncodeToString(key[:]); got != want {
		t.Errorf("kSigning = %s, want %s", got, want)
	}
}

// TestHMACMatchesStdlib compares the allocation-free HMAC with crypto/hmac
// over keys shorter than, equal to and longer than the block size.
func TestHMACMatchesStdlib(t *testing.T) {
	t.Parallel()
	for _, keyLen := range []int{0, 1, 32, 63, 64, 65, 200} {
		for _, msgLen := range []int{0, 1, 55, 64, 1000} {
			key := make([]byte, keyLen)
			msg := make([]byte, msgLen)
			for i := range key {
				key[i] = byte(i*7 + keyLen)
			}
			for i := range msg {
				msg[i] = byte(i*13 + msgLen)
			}
			m := hmac.New(sha256.New, key)
			m.Write(msg)
			got, _ := hmacSHA256(nil, key, msg)
			if !hmac.Equal(got[:], m.Sum(nil)) {
				t.Errorf("key %d bytes, msg %d bytes: mismatch", keyLen, msgLen)
			}
		}
	}
}
