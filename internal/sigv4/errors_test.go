package sigv4

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/internal/awserr"
)

// signedAt returns a request signed by aws-sdk-go-v2 at the given time.
func signedAt(t *testing.T, at time.Time, service string) *http.Request {
	t.Helper()
	body := "Action=ListUsers&Version=2010-05-08"
	r := httptest.NewRequest(http.MethodPost, "https://iam.amazonaws.com/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	creds := aws.Credentials{AccessKeyID: exampleKeyID, SecretAccessKey: exampleSecret}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, hashHex([]byte(body)), service, "us-east-1", at); err != nil {
		t.Fatal(err)
	}
	return r
}

func signedBody() []byte { return []byte("Action=ListUsers&Version=2010-05-08") }

// rawRequest is an unsigned request with the given Authorization header and
// X-Amz-Date, for the parser's errors.
func rawRequest(target, authorization, date string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, target, nil)
	if authorization != "" {
		r.Header.Set("Authorization", authorization)
	}
	if date != "" {
		r.Header.Set("X-Amz-Date", date)
	}
	return r
}

const goodAuth = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"

func TestVerifyErrors(t *testing.T) {
	t.Parallel()
	iamOnly := WithScope(func(_ *http.Request, region, service string) (bool, string) {
		return region == "us-east-1", map[bool]string{true: "", false: "iam"}[service == "iam"]
	})
	tests := []struct {
		name     string
		req      *http.Request
		opts     []Option
		secret   SecretFunc
		code     string
		status   int
		message  string
		errorsIs error
	}{
		{name: "no authentication", req: rawRequest("https://iam.amazonaws.com/?Action=ListUsers", "", ""),
			code: "MissingAuthenticationToken", status: 403, message: "Request is missing Authentication Token"},
		{name: "other scheme", req: rawRequest("https://iam.amazonaws.com/", "Bearer abc", "20150830T123600Z"),
			code: "MissingAuthenticationToken", status: 403, message: "Request is missing Authentication Token"},
		{name: "credential in query without algorithm", req: rawRequest("https://iam.amazonaws.com/?X-Amz-Credential=a", "", ""),
			code: "MissingAuthenticationToken", status: 403, message: "Request is missing Authentication Token"},
		{name: "header and query", req: rawRequest("https://iam.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256", goodAuth, "20150830T123600Z"),
			code: "SignatureDoesNotMatch", status: 403, message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."},
		{name: "missing parts and date", req: rawRequest("https://iam.amazonaws.com/", "AWS4-HMAC-SHA256 Credential=ABCDEF", ""),
			code: "IncompleteSignature", status: 400,
			message: "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF"},
		{name: "algorithm only", req: rawRequest("https://iam.amazonaws.com/", "AWS4-HMAC-SHA256", "20150830T123600Z"),
			code: "IncompleteSignature", status: 400,
			message: "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256"},
		{name: "pair without equal sign", req: rawRequest("https://iam.amazonaws.com/", "AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders", "20150830T123600Z"),
			code: "IncompleteSignature", status: 400,
			message: "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders'."},
		{name: "bad date", req: rawRequest("https://iam.amazonaws.com/", goodAuth, "201"),
			code: "IncompleteSignature", status: 400, message: "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{name: "fractional seconds", req: rawRequest("https://iam.amazonaws.com/", goodAuth, "20150830T123600.5Z"),
			code: "IncompleteSignature", status: 400, message: "Date must be in ISO-8601 'basic format'. Got '20150830T123600.5Z'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{name: "expired", req: rawRequest("https://iam.amazonaws.com/", goodAuth, "20150830T123600Z"), opts: []Option{WithClock(fixedClock(exampleTime.Add(20 * time.Minute)))},
			code: "SignatureDoesNotMatch", status: 403, message: "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)"},
		{name: "not yet current", req: rawRequest("https://iam.amazonaws.com/", goodAuth, "20150830T123600Z"), opts: []Option{WithClock(fixedClock(exampleTime.Add(-20 * time.Minute)))},
			code: "SignatureDoesNotMatch", status: 403, message: "Signature not yet current: 20150830T123600Z is still later than 20150830T123100Z (20150830T121600Z + 15 min.)"},
		{name: "host not signed", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "host;", "", 1), "20150830T123600Z"),
			code: "SignatureDoesNotMatch", status: 403, message: "'Host' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "sigv4a", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", 1), "20150830T123600Z"),
			code: "IncompleteSignature", status: 400, message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). "},
		{name: "four-part credential", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request", "a/b/c/d", 1), "20150830T123600Z"),
			code: "IncompleteSignature", status: 400, message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'"},
		{name: "six-part credential", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "aws4_request", "aws4_request/x", 1), "20150830T123600Z"),
			code: "IncompleteSignature", status: 400, message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request/x'"},
		{name: "every scope problem", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request", "AKIDEXAMPLE/b/c/d/e", 1), "20150830T123600Z"),
			opts: []Option{iamOnly}, code: "SignatureDoesNotMatch", status: 403,
			message: "Credential should be scoped to a valid region, not 'c'. Credential should be scoped to correct service: 'iam'. Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20150830', from '20150830T123600Z'. "},
		{name: "scope date of another day", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "/20150830/", "/20150831/", 1), "20150830T123600Z"),
			code: "SignatureDoesNotMatch", status: 403,
			message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'. "},
		{name: "region refused", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "us-east-1", "us-east-2", 1), "20150830T123600Z"),
			opts: []Option{iamOnly}, code: "SignatureDoesNotMatch", status: 403, message: "Credential should be scoped to a valid region, not 'us-east-2'. "},
		{name: "signed header absent", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "host;", "accept;host;", 1), "20150830T123600Z"),
			code: "IncompleteSignature", status: 400, message: "'accept' is named as a SignedHeader, but it does not exist in the HTTP request."},
		{name: "unknown key", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "AKIDEXAMPLE", "AKIDOTHER", 1), "20150830T123600Z"),
			code: "InvalidClientTokenId", status: 403, message: "The security token included in the request is invalid."},
		{name: "signature not hex", req: rawRequest("https://iam.amazonaws.com/", strings.Replace(goodAuth, "5d672d79", "zzzzzzzz", 1), "20150830T123600Z"),
			code: "SignatureDoesNotMatch", status: 403, message: awserr.SignatureDoesNotMatch().Message},
		{name: "store failure", req: rawRequest("https://iam.amazonaws.com/", goodAuth, "20150830T123600Z"),
			secret: func(context.Context, *Credentials) (string, error) { return "", errStore },
			code:   "InternalFailure", status: 500, message: awserr.InternalFailure().Message, errorsIs: errStore},
		{name: "presigned parameters missing", req: rawRequest("https://iam.amazonaws.com/?X-Amz-Algorithm=AWS4-HMAC-SHA256", "", ""),
			code: "IncompleteSignature", status: 400,
			message: "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters."},
		{name: "presigned bad date", req: rawRequest("https://iam.amazonaws.com/?"+presignedQuery("X-Amz-Date=2015-08-30"), "", ""),
			code: "IncompleteSignature", status: 400, message: "Date must be in ISO-8601 'basic format'. Got '2015-08-30'. See http://en.wikipedia.org/wiki/ISO_8601"},
		{name: "presigned expires not a number", req: rawRequest("https://iam.amazonaws.com/?"+presignedQuery("X-Amz-Expires=soon"), "", ""),
			code: "IncompleteSignature", status: 400, message: "X-Amz-Expires should be a number"},
		{name: "presigned expires negative", req: rawRequest("https://iam.amazonaws.com/?"+presignedQuery("X-Amz-Expires=-1"), "", ""),
			code: "IncompleteSignature", status: 400, message: "X-Amz-Expires must be non-negative"},
		{name: "presigned expires over a week", req: rawRequest("https://iam.amazonaws.com/?"+presignedQuery("X-Amz-Expires=604801"), "", ""),
			code: "IncompleteSignature", status: 400, message: "X-Amz-Expires must be less than a week (604800 seconds)"},
		{name: "presigned sigv4a", req: rawRequest("https://iam.amazonaws.com/?"+strings.Replace(presignedQuery(), "AWS4-HMAC-SHA256", "AWS4-ECDSA-P256-SHA256", 1), "", ""),
			code: "IncompleteSignature", status: 400, message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). "},
		{name: "presigned host not signed", req: rawRequest("https://iam.amazonaws.com/?"+strings.Replace(presignedQuery(), "X-Amz-SignedHeaders=host", "X-Amz-SignedHeaders=x-amz-date", 1), "", ""),
			code: "SignatureDoesNotMatch", status: 403, message: "'Host' must be a 'SignedHeader' in the AWS Authorization."},
		{name: "presigned expired", req: rawRequest("https://iam.amazonaws.com/?"+presignedQuery(), "", ""), opts: []Option{WithClock(fixedClock(exampleTime.Add(901 * time.Second)))},
			code: "RequestExpired", status: 400, message: "Request has expired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			opts := append([]Option{WithClock(fixedClock(exampleTime))}, tc.opts...)
			secret := tc.secret
			if secret == nil {
				secret = staticSecret(exampleKeyID, exampleSecret)
			}
			_, err := NewVerifier(opts...).Verify(context.Background(), tc.req, nil, secret)
			if err == nil {
				t.Fatal("Verify succeeded")
			}
			e := awserr.As(err)
			if e.Code != tc.code || e.Status != tc.status || e.Message != tc.message {
				t.Errorf("got  %s %d %q\nwant %s %d %q", e.Code, e.Status, e.Message, tc.code, tc.status, tc.message)
			}
			if tc.errorsIs != nil && !errors.Is(err, tc.errorsIs) {
				t.Errorf("err = %v, does not wrap %v", err, tc.errorsIs)
			}
		})
	}
}

var errStore = errors.New("store unavailable")

// presignedQuery is a complete presigned query (signature not valid) with
// some parameters replaced.
func presignedQuery(replace ...string) string {
	params := []string{
		"Action=ListUsers", "X-Amz-Algorithm=AWS4-HMAC-SHA256",
		"X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request",
		"X-Amz-Date=20150830T123600Z", "X-Amz-Expires=900", "X-Amz-SignedHeaders=host",
		"X-Amz-Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
	}
	for _, r := range replace {
		name, _, _ := strings.Cut(r, "=")
		for i, p := range params {
			if strings.HasPrefix(p, name+"=") {
				params[i] = r
			}
		}
	}
	return strings.Join(params, "&")
}

// TestClockSkewBoundaries: AWS accepts a signature exactly 15 minutes old or
// ahead ("earlier than now - 15 min" fails) and refuses one second more.
func TestClockSkewBoundaries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		clock time.Duration // clock minus signing time
		code  string
	}{
		{"same instant", 0, ""},
		{"exactly 15 min old", 15 * time.Minute, ""},
		{"15 min 1 s old", 15*time.Minute + time.Second, "SignatureDoesNotMatch"},
		{"exactly 15 min ahead", -15 * time.Minute, ""},
		{"15 min 1 s ahead", -15*time.Minute - time.Second, "SignatureDoesNotMatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := signedAt(t, signTime, "iam")
			v := NewVerifier(WithClock(fixedClock(signTime.Add(tc.clock))))
			_, err := v.Verify(context.Background(), r, signedBody(), staticSecret(exampleKeyID, exampleSecret))
			checkCode(t, err, tc.code)
		})
	}
}

func checkCode(t *testing.T, err error, code string) {
	t.Helper()
	switch {
	case code == "" && err != nil:
		t.Fatalf("Verify: %v", err)
	case code != "" && !awserr.Is(err, code):
		t.Fatalf("err = %v, want %s", err, code)
	}
}

// TestPresignedBoundaries: valid from X-Amz-Date (less the skew) to
// X-Amz-Date + X-Amz-Expires inclusive.
func TestPresignedBoundaries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		expires string
		clock   time.Duration
		code    string
	}{
		{"at expiry", "60", 60 * time.Second, ""},
		{"one second past expiry", "60", 61 * time.Second, "RequestExpired"},
		{"zero lifetime at signing", "0", 0, ""},
		{"zero lifetime a second later", "0", time.Second, "RequestExpired"},
		{"15 min ahead", "60", -15 * time.Minute, ""},
		{"15 min 1 s ahead", "60", -15*time.Minute - time.Second, "SignatureDoesNotMatch"},
		{"a week", "604800", 604800 * time.Second, ""},
		{"a week and a second", "604800", 604801 * time.Second, "RequestExpired"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req := httptest.NewRequest(http.MethodGet, "https://sts.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires="+tc.expires, nil)
			creds := aws.Credentials{AccessKeyID: exampleKeyID, SecretAccessKey: exampleSecret}
			u, _, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, hashHex(nil), "sts", "us-east-1", signTime)
			if err != nil {
				t.Fatal(err)
			}
			v := NewVerifier(WithClock(fixedClock(signTime.Add(tc.clock))))
			_, err = v.Verify(context.Background(), httptest.NewRequest(http.MethodGet, u, nil), nil, staticSecret(exampleKeyID, exampleSecret))
			checkCode(t, err, tc.code)
		})
	}
}

// TestDateHeader: without X-Amz-Date the HTTP Date header dates the request.
func TestDateHeader(t *testing.T) {
	t.Parallel()
	r := rawRequest("https://iam.amazonaws.com/", goodAuth, "")
	r.Header.Set("Date", "Sun, 30 Aug 2015 12:36:00 GMT")
	v := NewVerifier(WithClock(fixedClock(exampleTime.Add(16 * time.Minute))))
	_, err := v.Verify(context.Background(), r, nil, staticSecret(exampleKeyID, exampleSecret))
	if e := awserr.As(err); !strings.HasPrefix(e.Message, "Signature expired: 20150830T123600Z is now earlier than") {
		t.Errorf("err = %v, want the Date header's time in the expiry message", err)
	}
	r.Header.Set("Date", "yesterday")
	_, err = v.Verify(context.Background(), r, nil, staticSecret(exampleKeyID, exampleSecret))
	if e := awserr.As(err); e.Code != "IncompleteSignature" || !strings.Contains(e.Message, "Got 'yesterday'") {
		t.Errorf("err = %v, want IncompleteSignature for a bad Date", err)
	}
}

// TestUnsignedPayload: UNSIGNED-PAYLOAD is refused by default (AWS allows it
// for S3 only) and accepted when enabled.
func TestUnsignedPayload(t *testing.T) {
	t.Parallel()
	for _, allow := range []bool{false, true} {
		r := httptest.NewRequest(http.MethodPost, "https://iam.amazonaws.com/", strings.NewReader("anything"))
		r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
		creds := aws.Credentials{AccessKeyID: exampleKeyID, SecretAccessKey: exampleSecret}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, r, "UNSIGNED-PAYLOAD", "iam", "us-east-1", signTime); err != nil {
			t.Fatal(err)
		}
		v := NewVerifier(WithClock(fixedClock(signTime)), WithUnsignedPayload(allow))
		_, err := v.Verify(context.Background(), r, []byte("anything"), staticSecret(exampleKeyID, exampleSecret))
		want := map[bool]string{false: "SignatureDoesNotMatch", true: ""}[allow]
		checkCode(t, err, want)
	}
}
