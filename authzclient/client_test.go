package authzclient_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/authzapi/authzapitest"
)

func TestNew(t *testing.T) {
	t.Parallel()
	creds := authzclient.StaticCredentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "secret"}
	tests := []struct {
		endpoint string
		creds    authzclient.CredentialsProvider
		ok       bool
	}{
		{"http://127.0.0.1:8080", creds, true},
		{"https://iamd.example/", creds, true},
		{"127.0.0.1:8080", creds, false},
		{"ftp://iamd.example", creds, false},
		{"http://", creds, false},
		{"http://iamd.example", nil, false},
	}
	for _, tc := range tests {
		_, err := authzclient.New(tc.endpoint, tc.creds)
		if (err == nil) != tc.ok {
			t.Errorf("New(%q): err = %v, want ok %v", tc.endpoint, err, tc.ok)
		}
	}
}

// service is a tiny HTTP service that protects itself with the client:
// what the tests check is how the client describes a request a real
// net/http server received.
func service(t *testing.T, c *authzclient.Client, action, resource string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		d, err := c.Authorize(r.Context(), r, authzclient.HashPayload(body), action, resource)
		switch {
		case err != nil:
			http.Error(w, err.Error(), http.StatusBadGateway)
		case d.Error != nil:
			http.Error(w, d.Error.Code, d.Error.Status)
		case !d.Allowed():
			http.Error(w, d.Reason, http.StatusForbidden)
		default:
			_, _ = io.WriteString(w, d.Principal.ARN)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// send signs a request as an S3 client does and returns the status and body.
func send(t *testing.T, k authzapitest.Key, method, url, body string) (int, string) {
	t.Helper()
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	hash := authzclient.HashPayload([]byte(body))
	r.Header.Set("X-Amz-Content-Sha256", hash)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	err = signer.SignHTTP(context.Background(), aws.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey},
		r, hash, "s3", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, strings.TrimSpace(string(out))
}

func TestAuthorizeIncomingRequests(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	acct := authzapitest.AccountID
	svc := f.AddUser(acct, "objectstore", "authorize", authzapitest.ServicePolicy)
	writer := f.AddUser(acct, "writer", "write",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}`)
	c, err := authzclient.New(f.URL, svc.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	put := service(t, c, "s3:PutObject", "arn:aws:s3:::b/k")
	get := service(t, c, "s3:GetObject", "arn:aws:s3:::b/k")

	tests := []struct {
		name, method, url, body string
		key                     authzapitest.Key
		wantStatus              int
		wantBody                string
	}{
		{"put with a body", "PUT", put.URL + "/b/k?tagging=a%3Db&x-id=PutObject", "hello, world", writer, 200, writer.ARN()},
		{"escaped key", "PUT", put.URL + "/b/a%20b%2Fc", "x", writer, 200, writer.ARN()},
		{"empty body", "PUT", put.URL + "/b/k", "", writer, 200, writer.ARN()},
		{"not allowed", "GET", get.URL + "/b/k", "", writer, 403,
			"User: " + writer.ARN() + " is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k because no identity-based policy allows the s3:GetObject action"},
		{"wrong secret", "PUT", put.URL + "/b/k", "x",
			authzapitest.Key{AccessKeyID: writer.AccessKeyID, SecretAccessKey: "wrong"}, 403, "SignatureDoesNotMatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, body := send(t, tc.key, tc.method, tc.url, tc.body)
			if status != tc.wantStatus || body != tc.wantBody {
				t.Fatalf("got %d %q, want %d %q", status, body, tc.wantStatus, tc.wantBody)
			}
		})
	}
}

func TestCallFailures(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	svc := f.AddUser(authzapitest.AccountID, "objectstore", "authorize", authzapitest.ServicePolicy)
	r, _ := http.NewRequest("GET", "http://objects.example/b/k", nil)
	tests := []struct {
		name     string
		creds    authzclient.CredentialsProvider
		endpoint string
		check    func(err error) bool
	}{
		{"own secret wrong", authzclient.StaticCredentials{AccessKeyID: svc.AccessKeyID, SecretAccessKey: "wrong"}, f.URL,
			func(err error) bool {
				var e *authzclient.APIError
				return errors.As(err, &e) && e.StatusCode == 401 && e.Type == "InvalidSignatureException"
			}},
		{"credentials unavailable", authzclient.CredentialsFunc(func(context.Context) (authzclient.Credentials, error) {
			return authzclient.Credentials{}, errors.New("vault sealed")
		}), f.URL, func(err error) bool { return err != nil && strings.Contains(err.Error(), "vault sealed") }},
		{"iamd unreachable", svc.Credentials(), "http://127.0.0.1:1", func(err error) bool {
			var e *authzclient.APIError
			return err != nil && !errors.As(err, &e)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := authzclient.New(tc.endpoint, tc.creds, authzclient.WithHTTPClient(&http.Client{Timeout: 5 * time.Second}))
			if err != nil {
				t.Fatal(err)
			}
			d, err := c.Authorize(context.Background(), r, authzclient.HashPayload(nil), "s3:GetObject", "arn:aws:s3:::b/k")
			if d != nil || !tc.check(err) {
				t.Fatalf("got %+v, %v", d, err)
			}
		})
	}
}

func TestDescribe(t *testing.T) {
	t.Parallel()
	r := httptest.NewRequest("PUT", "/b/a%20b?x=1&y", strings.NewReader("abc"))
	r.Header.Set("X-Amz-Date", "20261123T100000Z")
	r.RemoteAddr = "192.0.2.7:5555"
	got := authzclient.Describe(r, authzclient.UnsignedPayload)
	if got.Method != "PUT" || got.Path != "/b/a%20b" || got.Query != "x=1&y" || got.SourceIP != "192.0.2.7" ||
		got.PayloadHash != authzclient.UnsignedPayload || got.SecureTransport {
		t.Errorf("Describe = %+v", got)
	}
	if h := got.Headers["Host"]; len(h) != 1 || h[0] != "example.com" {
		t.Errorf("Host = %v", h)
	}
	if h := got.Headers["Content-Length"]; len(h) != 1 || h[0] != "3" {
		t.Errorf("Content-Length = %v", h)
	}
	if h := got.Headers["X-Amz-Date"]; len(h) != 1 || h[0] != "20261123T100000Z" {
		t.Errorf("X-Amz-Date = %v", h)
	}
}
