package sigv4

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func FuzzParseAuthorization(f *testing.F) {
	for _, s := range []string{
		goodAuth,
		"AWS4-HMAC-SHA256 Credential=ABCDEF",
		"AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders",
		"AWS4-HMAC-SHA256",
		"AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/aws4_request, SignedHeaders=host, Signature=00",
		"  AWS4-HMAC-SHA256 ,,Credential==, SignedHeaders=;;, Signature=\x00",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		h, err := ParseAuthorization(header)
		if (h == nil) == (err == nil) {
			t.Fatalf("ParseAuthorization(%q) = %v, %v", header, h, err)
		}
		if h != nil && (h.Credential == "" || h.Signature == "") {
			t.Fatalf("ParseAuthorization(%q) accepted a header without Credential or Signature: %+v", header, h)
		}
		if h != nil {
			_, _ = parseScope(h.Credential)
		}
	})
}

func FuzzParsePresigned(f *testing.F) {
	for _, s := range []string{
		presignedQuery(),
		presignedQuery("X-Amz-Expires=-1"),
		presignedQuery("X-Amz-Expires=99999999999999999999999"),
		"X-Amz-Algorithm=AWS4-HMAC-SHA256",
		"X-Amz-Algorithm&X-Amz-Credential=%zz&X-Amz-Date=;",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		p, err := ParsePresigned(q)
		if (p == nil) == (err == nil) {
			t.Fatalf("ParsePresigned(%q) = %v, %v", raw, p, err)
		}
		if p != nil && (p.Expires < 0 || p.Expires > maxExpires*time.Second) {
			t.Fatalf("ParsePresigned(%q) accepted X-Amz-Expires %v", raw, p.Expires)
		}
		if p != nil {
			_, _ = parseAmzDate(p.Date)
		}
	})
}

// FuzzVerify feeds arbitrary Authorization headers, dates, paths, queries
// and bodies to Verify with a fixed secret; it must never panic, and it must
// never accept a request whose signature it did not compute.
func FuzzVerify(f *testing.F) {
	f.Add(goodAuth, "20150830T123600Z", "/", "Action=ListUsers&Version=2010-05-08", []byte(nil))
	f.Add("", "", "/a%2Fb/../c", presignedQuery(), []byte("x"))
	f.Add(strings.Replace(goodAuth, "host;", "content-length;host;transfer-encoding;", 1), "20150830T123600Z", "//", "a=%&b=+", []byte("body"))
	v := NewVerifier(WithClock(fixedClock(exampleTime)), WithCacheSize(8))
	f.Fuzz(func(t *testing.T, authz, date, path, rawQuery string, body []byte) {
		r := &http.Request{Method: "POST", Host: "iam.amazonaws.com", Header: http.Header{},
			URL: &url.URL{Path: path, RawQuery: rawQuery}, ContentLength: int64(len(body))}
		if authz != "" {
			r.Header.Set("Authorization", authz)
		}
		if date != "" {
			r.Header.Set("X-Amz-Date", date)
		}
		c, err := v.Verify(context.Background(), r, body, staticSecret(exampleKeyID, exampleSecret))
		if err == nil && c == nil {
			t.Fatal("no error and no credentials")
		}
	})
}
