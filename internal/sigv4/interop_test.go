package sigv4

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/internal/awserr"
)

// These tests sign real requests with aws-sdk-go-v2's signer, send them over
// loopback to a server that runs Verify, and check what the server saw: the
// request a real client puts on the wire, parsed by net/http.

const (
	interopKeyID  = "AKIAIOSFODNN7EXAMPLE"
	interopSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
	interopToken  = "FwoGZXIvYXdzEDMaDPWKaVEQA+D5xrr7/CLEAXcx9p1NGpYqnz4/E/Co7SDSgOfSLz6gSlnOJ9Ce6IwrZPNDldt9JuxFGoX=="
)

var signTime = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

// result is what the test server reports back.
type result struct {
	creds *Credentials
	err   *awserr.Error
}

// verifyServer runs Verify on every request and hands the outcome to the
// test through a channel.
func verifyServer(t *testing.T, v *Verifier, secret SecretFunc) (*httptest.Server, <-chan result) {
	t.Helper()
	out := make(chan result, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			t.Errorf("read body: %v", err)
		}
		c, err := v.Verify(r.Context(), r, body, secret)
		if err != nil {
			out <- result{err: awserr.As(err)}
			w.WriteHeader(http.StatusForbidden)
			return
		}
		out <- result{creds: c}
	}))
	t.Cleanup(srv.Close)
	return srv, out
}

func roundTrip(t *testing.T, req *http.Request, out <-chan result) result {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("do: %v", err)
	}
	resp.Body.Close()
	return <-out
}

func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

type interopCase struct {
	name, method, path, query, body string
	headers                         http.Header
	token                           string
}

var interopCases = []interopCase{
	{name: "query POST form", method: "POST", path: "/", body: "Action=CreateUser&UserName=alice&Version=2010-05-08",
		headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}},
	{name: "query POST form with odd values", method: "POST", path: "/",
		body:    "Action=TagUser&UserName=a%2Bb&Tags.member.1.Key=k%20%7E&Tags.member.1.Value=%C3%BC%3D%26&Version=2010-05-08",
		headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}},
	{name: "GET odd query", method: "GET", path: "/",
		query: "Action=ListUsers&PathPrefix=%2Fa%20b%2F&Marker=~x&Name=%C3%BC%E2%82%AC&Eq=a%3Db%3D&Rep=2&Rep=1&Rep=10&Empty=&Bare&Plus=a+b&Lit=a%2Bb&Version=2010-05-08"},
	{name: "GET unsorted keys with case", method: "GET", path: "/", query: "b=2&B=1&a=%2A&_=x&~=y"},
	{name: "path with space", method: "GET", path: "/a%20b/c"},
	{name: "path with escaped unreserved", method: "GET", path: "/%41bc"},
	{name: "path with unicode", method: "GET", path: "/%C3%BC/%E2%82%AC"},
	{name: "path with plus and tilde", method: "GET", path: "/a+b/~user/"},
	{name: "path with encoded slash", method: "GET", path: "/a%2Fb"},
	{name: "path with dot segments", method: "GET", path: "/a/./b/../c"},
	{name: "path with double slash", method: "GET", path: "//double//slash"},
	{name: "session token", method: "POST", path: "/", body: "Action=GetCallerIdentity&Version=2011-06-15",
		headers: http.Header{"Content-Type": {"application/x-www-form-urlencoded; charset=utf-8"}}, token: interopToken},
	{name: "json protocol", method: "POST", path: "/", body: `{"MaxResults":10}`,
		headers: http.Header{"Content-Type": {"application/x-amz-json-1.1"}, "X-Amz-Target": {"SWBExternalService.ListInstances"}}},
	{name: "repeated and spaced headers", method: "POST", path: "/", body: "x=1",
		headers: http.Header{"X-Amz-Meta-Spaces": {"a   b    c  "}, "X-Amz-Meta-Multi": {"one", " two ", "three"}}},
	{name: "content sha256 header", method: "POST", path: "/", body: "Action=ListRoles&Version=2010-05-08",
		headers: http.Header{"X-Amz-Content-Sha256": {hashHex([]byte("Action=ListRoles&Version=2010-05-08"))}}},
	{name: "empty body POST", method: "POST", path: "/"},
}

func (tc interopCase) request(t *testing.T, base string) *http.Request {
	t.Helper()
	u := base + tc.path
	if tc.query != "" {
		u += "?" + tc.query
	}
	req, err := http.NewRequest(tc.method, u, strings.NewReader(tc.body))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if tc.body == "" {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	for k, vs := range tc.headers {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	return req
}

func (tc interopCase) creds() aws.Credentials {
	return aws.Credentials{AccessKeyID: interopKeyID, SecretAccessKey: interopSecret, SessionToken: tc.token}
}

// tokenSecret also checks that the session token reached the SecretFunc.
func tokenSecret(t *testing.T, wantToken string) SecretFunc {
	return func(_ context.Context, c *Credentials) (string, error) {
		if c.AccessKeyID != interopKeyID {
			return "", awserr.InvalidClientTokenID()
		}
		if c.SessionToken != wantToken {
			t.Errorf("session token = %q, want %q", c.SessionToken, wantToken)
		}
		return interopSecret, nil
	}
}

func TestInteropSignHTTP(t *testing.T) {
	t.Parallel()
	for _, tc := range interopCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := NewVerifier(WithClock(fixedClock(signTime.Add(time.Minute))))
			srv, out := verifyServer(t, v, tokenSecret(t, tc.token))
			req := tc.request(t, srv.URL)
			err := v4.NewSigner().SignHTTP(context.Background(), tc.creds(), req, hashHex([]byte(tc.body)), "iam", "us-east-1", signTime)
			if err != nil {
				t.Fatalf("sign: %v", err)
			}
			res := roundTrip(t, req, out)
			if res.err != nil {
				t.Fatalf("Verify: %v", res.err)
			}
			c := res.creds
			if c.AccessKeyID != interopKeyID || c.Region != "us-east-1" || c.Service != "iam" || c.Date != "20261123" || c.Presigned || !c.SignedAt.Equal(signTime) {
				t.Errorf("credentials = %+v", c)
			}
		})
	}
}

// mutation changes one thing of a signed request before it is sent.
type mutation struct {
	name     string
	mutate   func(req *http.Request)
	secret   string // if set, the server's secret differs from the client's
	wantCode string
}

func setBody(req *http.Request, body string) {
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
}

var mutations = []mutation{
	{name: "body byte", mutate: func(r *http.Request) { setBody(r, "Action=CreateUser&UserName=alicf&Version=2010-05-08") }, wantCode: "SignatureDoesNotMatch"},
	{name: "signed header value", mutate: func(r *http.Request) { r.Header.Set("Content-Type", "application/x-www-form-urlencoded") }, wantCode: "SignatureDoesNotMatch"},
	{name: "query parameter added", mutate: func(r *http.Request) { r.URL.RawQuery = "Admin=true" }, wantCode: "SignatureDoesNotMatch"},
	{name: "method", mutate: func(r *http.Request) { r.Method = http.MethodPut }, wantCode: "SignatureDoesNotMatch"},
	{name: "path", mutate: func(r *http.Request) { r.URL.Path = "/other" }, wantCode: "SignatureDoesNotMatch"},
	{name: "date one second later", mutate: func(r *http.Request) { r.Header.Set("X-Amz-Date", "20261123T100001Z") }, wantCode: "SignatureDoesNotMatch"},
	{name: "secret", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ", wantCode: "SignatureDoesNotMatch"},
	{name: "region in scope", mutate: func(r *http.Request) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/us-east-1/", "/us-west-2/", 1))
	}, wantCode: "SignatureDoesNotMatch"},
	{name: "service in scope", mutate: func(r *http.Request) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "/iam/", "/sts/", 1))
	}, wantCode: "SignatureDoesNotMatch"},
	{name: "unknown access key", mutate: func(r *http.Request) {
		r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), interopKeyID, "AKIAOTHER", 1))
	}, wantCode: "InvalidClientTokenId"},
	{name: "signed header removed", mutate: func(r *http.Request) { r.Header.Del("Content-Type") }, wantCode: "IncompleteSignature"},
	{name: "content sha256 of another body", mutate: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", hashHex([]byte("x"))) }, wantCode: "SignatureDoesNotMatch"},
	{name: "unsigned payload declared", mutate: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD") }, wantCode: "SignatureDoesNotMatch"},
}

func TestInteropMutations(t *testing.T) {
	t.Parallel()
	base := interopCases[0]
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			serverSecret := interopSecret
			if m.secret != "" {
				serverSecret = m.secret
			}
			v := NewVerifier(WithClock(fixedClock(signTime)))
			srv, out := verifyServer(t, v, staticSecret(interopKeyID, serverSecret))
			req := base.request(t, srv.URL)
			if err := v4.NewSigner().SignHTTP(context.Background(), base.creds(), req, hashHex([]byte(base.body)), "iam", "us-east-1", signTime); err != nil {
				t.Fatalf("sign: %v", err)
			}
			if m.mutate != nil {
				m.mutate(req)
			}
			res := roundTrip(t, req, out)
			if res.err == nil || res.err.Code != m.wantCode {
				t.Fatalf("err = %v, want %s", res.err, m.wantCode)
			}
		})
	}
}

func TestInteropPresignHTTP(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, query, token string
		expires            int
		clock              time.Duration // after signing
		mutate             func(u string) string
		wantCode           string
	}{
		{name: "GetCallerIdentity", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 900, clock: time.Minute},
		{name: "with session token", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 900, token: interopToken, clock: time.Minute},
		{name: "odd query", query: "Action=ListUsers&PathPrefix=%2Fa%20b%2F&N=%C3%BC&Rep=b&Rep=a&Empty=", expires: 60, clock: 30 * time.Second},
		{name: "no expires uses the skew window", query: "Action=GetCallerIdentity&Version=2011-06-15", clock: 14 * time.Minute},
		{name: "long expiry honoured", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 604800, clock: 6 * 24 * time.Hour},
		{name: "expired", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 60, clock: 61 * time.Second, wantCode: "RequestExpired"},
		{name: "no expires past the window", query: "Action=GetCallerIdentity&Version=2011-06-15", clock: 16 * time.Minute, wantCode: "SignatureDoesNotMatch"},
		{name: "not yet current", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 900, clock: -16 * time.Minute, wantCode: "SignatureDoesNotMatch"},
		{name: "query tampered", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 900, clock: time.Minute,
			mutate: func(u string) string { return strings.Replace(u, "GetCallerIdentity", "GetSessionToken", 1) }, wantCode: "SignatureDoesNotMatch"},
		{name: "expires extended", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 60, clock: time.Minute,
			mutate: func(u string) string { return strings.Replace(u, "X-Amz-Expires=60", "X-Amz-Expires=600", 1) }, wantCode: "SignatureDoesNotMatch"},
		{name: "token removed", query: "Action=GetCallerIdentity&Version=2011-06-15", expires: 900, token: interopToken, clock: time.Minute,
			mutate: func(u string) string {
				i := strings.Index(u, "&X-Amz-Security-Token=")
				j := strings.Index(u[i+1:], "&")
				return u[:i] + u[i+1+j:]
			}, wantCode: "SignatureDoesNotMatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := NewVerifier(WithClock(fixedClock(signTime.Add(tc.clock))))
			srv, out := verifyServer(t, v, func(_ context.Context, c *Credentials) (string, error) {
				if tc.wantCode == "" && c.SessionToken != tc.token {
					t.Errorf("session token = %q, want %q", c.SessionToken, tc.token)
				}
				return interopSecret, nil
			})
			q := tc.query
			if tc.expires > 0 {
				q += "&X-Amz-Expires=" + strconv.Itoa(tc.expires)
			}
			req, err := http.NewRequest(http.MethodGet, srv.URL+"/?"+q, nil)
			if err != nil {
				t.Fatal(err)
			}
			creds := aws.Credentials{AccessKeyID: interopKeyID, SecretAccessKey: interopSecret, SessionToken: tc.token}
			u, hdr, err := v4.NewSigner().PresignHTTP(context.Background(), creds, req, hashHex(nil), "sts", "us-east-1", signTime)
			if err != nil {
				t.Fatalf("presign: %v", err)
			}
			if tc.mutate != nil {
				u = tc.mutate(u)
			}
			send, err := http.NewRequest(http.MethodGet, u, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, vs := range hdr {
				if !strings.EqualFold(k, "host") {
					send.Header[k] = vs
				}
			}
			res := roundTrip(t, send, out)
			switch {
			case tc.wantCode == "" && res.err != nil:
				t.Fatalf("Verify: %v", res.err)
			case tc.wantCode == "" && (!res.creds.Presigned || res.creds.Service != "sts" || res.creds.AccessKeyID != interopKeyID):
				t.Errorf("credentials = %+v", res.creds)
			case tc.wantCode != "" && (res.err == nil || res.err.Code != tc.wantCode):
				t.Fatalf("err = %v, want %s", res.err, tc.wantCode)
			}
		})
	}
}

// TestInteropManyRequests signs many generated requests and verifies them
// all with one Verifier, so the derived-key cache is exercised too.
func TestInteropManyRequests(t *testing.T) {
	t.Parallel()
	v := NewVerifier(WithClock(fixedClock(signTime)), WithCacheSize(4))
	srv, out := verifyServer(t, v, staticSecret(interopKeyID, interopSecret))
	signer := v4.NewSigner()
	alphabet := []string{"a", " ", "~", "/", "=", "&", "+", "%", "ü", "€", "*", "'", "!", "\x01", "Z", "-", "_", "."}
	for i := range 120 {
		var key, val strings.Builder
		for j := range 1 + i%7 {
			key.WriteString(alphabet[(i*3+j)%len(alphabet)])
			val.WriteString(alphabet[(i*5+j*7)%len(alphabet)])
		}
		form := fmt.Sprintf("Action=Op%d&%s=%s", i, urlEncode(key.String()), urlEncode(val.String()))
		region := []string{"us-east-1", "eu-west-1", "ap-south-1"}[i%3]
		service := []string{"iam", "sts", "organizations"}[i%3]
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/", bytes.NewReader([]byte(form)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		creds := aws.Credentials{AccessKeyID: interopKeyID, SecretAccessKey: interopSecret}
		if err := signer.SignHTTP(context.Background(), creds, req, hashHex([]byte(form)), service, region, signTime); err != nil {
			t.Fatal(err)
		}
		if res := roundTrip(t, req, out); res.err != nil || res.creds.Region != region || res.creds.Service != service {
			t.Fatalf("request %d (%s): err = %v, creds = %+v", i, form, res.err, res.creds)
		}
	}
	if n := v.keys.len(); n > 4 {
		t.Errorf("cache holds %d keys, bound is 4", n)
	}
}

func urlEncode(s string) string {
	return strings.ReplaceAll(string(appendEscaped(nil, s, false)), "%20", "+")
}
