package authzapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/authzapi/authzapitest"
)

const (
	acct  = authzapitest.AccountID
	other = "444455556666"
)

// endUserRequest is a request an S3 client signed, as an object store
// received it.
func endUserRequest(t testing.TB, k authzapitest.Key, method, url, body, payloadHash string) *http.Request {
	t.Helper()
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("X-Amz-Content-Sha256", payloadHash)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	creds := aws.Credentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey}
	if err := signer.SignHTTP(context.Background(), creds, r, payloadHash, "s3", "eu-west-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	return r
}

func allowS3(actions, resource string) string {
	return `{"Version":"2012-10-17","Statement":[{"Sid":"Objects","Effect":"Allow","Action":` + actions + `,"Resource":"` + resource + `"}]}`
}

func TestAuthorize(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	svc := f.AddUser(acct, "objectstore", "authorize", authzapitest.ServicePolicy)
	client, err := authzclient.New(f.URL, svc.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	reader := f.AddUser(acct, "reader", "read", allowS3(`"s3:GetObject"`, "arn:aws:s3:::photos/*"))
	denied := f.AddUser(acct, "denied", "read", allowS3(`"s3:*"`, "arn:aws:s3:::photos/*"),
		"deny", `{"Version":"2012-10-17","Statement":[{"Sid":"NoSecrets","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::photos/secret/*"}]}`)
	nobody := f.AddUser(acct, "nobody")
	outsider := f.AddUser(other, "outsider", "read", allowS3(`"s3:GetObject"`, "*"))
	tagged := f.AddUser(acct, "tagged", "acl", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*","Condition":{"StringEquals":{"s3:x-amz-acl":"private"}}}]}`)

	bucketPolicy := func(principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"Share","Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}`
	}
	bodyHash := authzclient.HashPayload([]byte("data"))
	tests := []struct {
		name     string
		key      authzapitest.Key
		method   string
		path     string
		action   string
		resource string
		opts     []authzclient.AuthorizeOption
		// tamper changes the received request after signing.
		tamper       func(r *http.Request)
		payloadHash  string
		want         string
		wantReason   string
		wantErrCode  string
		wantMatchSid string
	}{
		{name: "identity policy allows", key: reader, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg", want: authzclient.Allow, wantMatchSid: "Objects"},
		{name: "key with escaped characters", key: reader, method: "GET", path: "/photos/my%20cat%2B1.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/my cat+1.jpg", want: authzclient.Allow},
		{name: "action not allowed", key: reader, method: "DELETE", path: "/photos/cat.jpg",
			action: "s3:DeleteObject", resource: "arn:aws:s3:::photos/cat.jpg", want: authzclient.ImplicitDeny,
			wantReason: "User: arn:aws:iam::" + acct + ":user/reader is not authorized to perform: s3:DeleteObject on resource: arn:aws:s3:::photos/cat.jpg because no identity-based policy allows the s3:DeleteObject action"},
		{name: "no policy at all", key: nobody, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg", want: authzclient.ImplicitDeny},
		{name: "explicit deny", key: denied, method: "GET", path: "/photos/secret/plan.txt",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/secret/plan.txt", want: authzclient.ExplicitDeny,
			wantReason: "User: arn:aws:iam::" + acct + ":user/denied is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::photos/secret/plan.txt with an explicit deny in an identity-based policy", wantMatchSid: "NoSecrets"},
		{name: "bucket policy grants in the same account", key: nobody, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg",
			opts: []authzclient.AuthorizeOption{authzclient.WithResourcePolicy(bucketPolicy(nobody.ARN()))}, want: authzclient.Allow, wantMatchSid: "Share"},
		{name: "another account needs the bucket policy", key: outsider, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg", want: authzclient.ImplicitDeny,
			wantReason: "User: arn:aws:iam::" + other + ":user/outsider is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::photos/cat.jpg because no resource-based policy allows the s3:GetObject action"},
		{name: "another account with both sides allowing", key: outsider, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg",
			opts: []authzclient.AuthorizeOption{authzclient.WithResourcePolicy(bucketPolicy("arn:aws:iam::" + other + ":root"))}, want: authzclient.Allow},
		{name: "resource owned by the principal's account", key: outsider, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg",
			opts: []authzclient.AuthorizeOption{authzclient.WithResourceAccount(other)}, want: authzclient.Allow},
		{name: "context key satisfies a condition", key: tagged, method: "PUT", path: "/photos/new.jpg",
			action: "s3:PutObject", resource: "arn:aws:s3:::photos/new.jpg", payloadHash: bodyHash,
			opts: []authzclient.AuthorizeOption{authzclient.WithContextKey("s3:x-amz-acl", "string", "private")}, want: authzclient.Allow},
		{name: "context key fails a condition", key: tagged, method: "PUT", path: "/photos/new.jpg",
			action: "s3:PutObject", resource: "arn:aws:s3:::photos/new.jpg", payloadHash: bodyHash,
			opts: []authzclient.AuthorizeOption{authzclient.WithContextKey("s3:x-amz-acl", "string", "public-read")}, want: authzclient.ImplicitDeny},
		{name: "unsigned payload", key: reader, method: "GET", path: "/photos/cat.jpg", payloadHash: authzclient.UnsignedPayload,
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg", want: authzclient.Allow},
		{name: "tampered path", key: reader, method: "GET", path: "/photos/cat.jpg",
			tamper: func(r *http.Request) { r.URL.Path = "/photos/dog.jpg" },
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/dog.jpg", wantErrCode: "SignatureDoesNotMatch"},
		{name: "body not the signed one", key: tagged, method: "PUT", path: "/photos/new.jpg", payloadHash: bodyHash,
			tamper: func(r *http.Request) { r.Header.Set("X-Amz-Content-Sha256", authzclient.HashPayload([]byte("other"))) },
			action: "s3:PutObject", resource: "arn:aws:s3:::photos/new.jpg", wantErrCode: "SignatureDoesNotMatch"},
		{name: "unknown access key", key: authzapitest.Key{AccessKeyID: "AKIANOTISSUED0000000", SecretAccessKey: "x"}, method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg", wantErrCode: "InvalidClientTokenId"},
		{name: "unsigned request", method: "GET", path: "/photos/cat.jpg",
			action: "s3:GetObject", resource: "arn:aws:s3:::photos/cat.jpg", wantErrCode: "MissingAuthenticationToken"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			hash := tc.payloadHash
			if hash == "" {
				hash = authzclient.HashPayload(nil)
			}
			var r *http.Request
			if tc.key.AccessKeyID == "" {
				r, _ = http.NewRequest(tc.method, "http://objects.example:9000"+tc.path, nil)
			} else {
				r = endUserRequest(t, tc.key, tc.method, "http://objects.example:9000"+tc.path, "", hash)
			}
			if tc.tamper != nil {
				tc.tamper(r)
			}
			d, err := client.Authorize(context.Background(), r, hash, tc.action, tc.resource, tc.opts...)
			if err != nil {
				t.Fatalf("Authorize: %v", err)
			}
			if tc.wantErrCode != "" {
				if d.Error == nil || d.Error.Code != tc.wantErrCode || d.Allowed() || d.Principal != nil {
					t.Fatalf("got %+v (error %+v), want error %s", d, d.Error, tc.wantErrCode)
				}
				return
			}
			if d.Error != nil {
				t.Fatalf("unexpected error %+v", d.Error)
			}
			if d.Decision != tc.want {
				t.Fatalf("decision %s (%s), want %s", d.Decision, d.Reason, tc.want)
			}
			if d.Principal == nil || d.Principal.ARN != tc.key.ARN() || d.Principal.Type != "IAMUser" ||
				d.Principal.UserID != tc.key.UserID || d.Principal.AccountID != tc.key.AccountID {
				t.Errorf("principal = %+v, want %s", d.Principal, tc.key.ARN())
			}
			if tc.wantReason != "" && d.Reason != tc.wantReason {
				t.Errorf("reason:\n got %s\nwant %s", d.Reason, tc.wantReason)
			}
			if tc.want == authzclient.Allow && d.Reason != "" {
				t.Errorf("allowed with reason %q", d.Reason)
			}
			if tc.wantMatchSid != "" && !hasSid(d.MatchedStatements, tc.wantMatchSid) {
				t.Errorf("matched statements %+v lack %s", d.MatchedStatements, tc.wantMatchSid)
			}
		})
	}
}

func hasSid(stmts []authzclient.Statement, sid string) bool {
	for _, s := range stmts {
		if s.Sid == sid {
			return true
		}
	}
	return false
}

// TestCallerFailures: the calling service's own authentication and
// permission, and malformed calls, are HTTP errors in AWS's JSON shape.
func TestCallerFailures(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	svc := f.AddUser(acct, "objectstore", "authorize", authzapitest.ServicePolicy)
	confined := f.AddUser(acct, "confined", "authorize",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iamd:Authorize","Resource":"arn:aws:s3:::mine/*"}]}`)
	unprivileged := f.AddUser(acct, "unprivileged")
	reader := f.AddUser(acct, "reader", "read", allowS3(`"s3:GetObject"`, "*"))
	r := endUserRequest(t, reader, "GET", "http://objects.example/photos/cat.jpg", "", authzclient.HashPayload(nil))
	good := authzclient.AuthorizeRequest{Request: authzclient.Describe(r, authzclient.HashPayload(nil)),
		Action: "s3:GetObject", Resource: "arn:aws:s3:::photos/cat.jpg"}

	tests := []struct {
		name     string
		creds    authzclient.StaticCredentials
		edit     func(in *authzclient.AuthorizeRequest)
		raw      string // a raw body instead of good
		scope    string // the raw call's signing service
		wantHTTP int
		wantType string
	}{
		{name: "wrong secret", creds: authzclient.StaticCredentials{AccessKeyID: svc.AccessKeyID, SecretAccessKey: "wrong"},
			wantHTTP: 401, wantType: "InvalidSignatureException"},
		{name: "unsigned call", raw: "{}", wantHTTP: 401, wantType: "MissingAuthenticationTokenException"},
		{name: "call signed for another service", creds: svc.Credentials(), raw: "{}", scope: "s3",
			wantHTTP: 401, wantType: "InvalidSignatureException"},
		{name: "unknown key", creds: authzclient.StaticCredentials{AccessKeyID: "AKIANOTISSUED0000000", SecretAccessKey: "x"},
			wantHTTP: 401, wantType: "UnrecognizedClientException"},
		{name: "no iamd:Authorize", creds: unprivileged.Credentials(), wantHTTP: 403, wantType: "AccessDeniedException"},
		{name: "iamd:Authorize on other resources", creds: confined.Credentials(), wantHTTP: 403, wantType: "AccessDeniedException"},
		{name: "confined caller on its resources", creds: confined.Credentials(), wantHTTP: 200,
			edit: func(in *authzclient.AuthorizeRequest) { in.Resource = "arn:aws:s3:::mine/x" }},
		{name: "not JSON", creds: svc.Credentials(), raw: "{", wantHTTP: 400, wantType: "SerializationException"},
		{name: "unknown field", creds: svc.Credentials(), raw: `{"resourcePolicies":{}}`, wantHTTP: 400, wantType: "SerializationException"},
		{name: "no action", creds: svc.Credentials(), edit: func(in *authzclient.AuthorizeRequest) { in.Action = "" },
			wantHTTP: 400, wantType: "ValidationException"},
		{name: "bad resource policy", creds: svc.Credentials(), wantHTTP: 400, wantType: "MalformedPolicyDocumentException",
			edit: func(in *authzclient.AuthorizeRequest) {
				in.ResourcePolicy = []byte(`{"Statement":[{"Effect":"Maybe"}]}`)
			}},
		{name: "reserved context key", creds: svc.Credentials(), wantHTTP: 400, wantType: "ValidationException",
			edit: func(in *authzclient.AuthorizeRequest) {
				in.Context = []authzclient.ContextEntry{{Key: "aws:PrincipalArn", Type: "string", Values: []string{"arn:aws:iam::1:root"}}}
			}},
		{name: "context value of the wrong type", creds: svc.Credentials(), wantHTTP: 400, wantType: "ValidationException",
			edit: func(in *authzclient.AuthorizeRequest) {
				in.Context = []authzclient.ContextEntry{{Key: "s3:max-keys", Type: "numeric", Values: []string{"many"}}}
			}},
		{name: "bad resource account", creds: svc.Credentials(), wantHTTP: 400, wantType: "ValidationException",
			edit: func(in *authzclient.AuthorizeRequest) { in.ResourceAccount = "12" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := authzclient.New(f.URL, tc.creds)
			if err != nil {
				t.Fatal(err)
			}
			in := good
			if tc.edit != nil {
				tc.edit(&in)
			}
			var d *authzclient.Decision
			if tc.raw != "" {
				err = rawCall(t, f.URL, tc.creds, tc.scope, tc.raw)
			} else {
				d, err = c.Do(context.Background(), &in)
			}
			if tc.wantHTTP == 200 {
				if err != nil || d == nil || !d.Allowed() {
					t.Fatalf("got %+v, %v; want an allowed decision", d, err)
				}
				return
			}
			var apiErr *authzclient.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("got %v, want an APIError", err)
			}
			if apiErr.StatusCode != tc.wantHTTP || apiErr.Type != tc.wantType || apiErr.Message == "" {
				t.Fatalf("got HTTP %d %s %q, want %d %s", apiErr.StatusCode, apiErr.Type, apiErr.Message, tc.wantHTTP, tc.wantType)
			}
		})
	}
}

// rawCall posts body signed for service (unsigned without credentials) and
// returns the APIError of a failed call.
func rawCall(t *testing.T, endpoint string, creds authzclient.StaticCredentials, service, body string) error {
	t.Helper()
	if service == "" {
		service = authzclient.SigningName
	}
	r, err := http.NewRequest(http.MethodPost, endpoint+authzclient.Path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/json")
	if creds.AccessKeyID != "" {
		err := v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey},
			r, authzclient.HashPayload([]byte(body)), service, "us-east-1", time.Now())
		if err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	apiErr := &authzclient.APIError{StatusCode: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(apiErr); err != nil {
		t.Fatalf("HTTP %d, body not JSON: %v", resp.StatusCode, err)
	}
	if resp.Header.Get("x-amzn-RequestId") == "" {
		t.Error("no x-amzn-RequestId")
	}
	return apiErr
}

// TestPresignedS3URL: a presigned S3 URL signs UNSIGNED-PAYLOAD, whatever
// payload hash the service passes.
func TestPresignedS3URL(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	svc := f.AddUser(acct, "objectstore", "authorize", authzapitest.ServicePolicy)
	reader := f.AddUser(acct, "reader", "read", allowS3(`"s3:GetObject"`, "*"))
	client, err := authzclient.New(f.URL, svc.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	r, err := http.NewRequest("GET", "http://objects.example/photos/cat.jpg?X-Amz-Expires=300", nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	url, _, err := signer.PresignHTTP(context.Background(), aws.Credentials{AccessKeyID: reader.AccessKeyID, SecretAccessKey: reader.SecretAccessKey},
		r, authzclient.UnsignedPayload, "s3", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, tamper := range []bool{false, true} {
		if tamper {
			url = strings.Replace(url, "cat.jpg", "dog.jpg", 1)
		}
		got, err := http.NewRequest("GET", url, nil)
		if err != nil {
			t.Fatal(err)
		}
		d, err := client.Authorize(context.Background(), got, authzclient.HashPayload(nil), "s3:GetObject", "arn:aws:s3:::photos/cat.jpg")
		if err != nil {
			t.Fatal(err)
		}
		if tamper {
			if d.Error == nil || d.Error.Code != "SignatureDoesNotMatch" {
				t.Fatalf("tampered presigned URL: %+v", d)
			}
			continue
		}
		if !d.Allowed() || d.Principal.ARN != reader.ARN() {
			t.Fatalf("presigned URL: %+v %+v", d, d.Error)
		}
	}
}
