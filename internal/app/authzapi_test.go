package app

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/config"
	"github.com/iamd/iamd/internal/store"
)

// TestAuthzAPIWiring: the node serves the authorization API beside the
// gateway, and development mode accepts any key there too, as the root of
// its account.
func TestAuthzAPIWiring(t *testing.T) {
	t.Parallel()
	cfg := config.Default()
	cfg.Dev = true
	cfg.DataDir = t.TempDir()
	a, err := New(context.Background(), cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)

	c, err := authzclient.New(srv.URL, authzclient.StaticCredentials{AccessKeyID: "AKIAANYSERVICEKEY234", SecretAccessKey: "any"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := http.NewRequest("GET", "http://objects.example/b/k", nil)
	if err != nil {
		t.Fatal(err)
	}
	err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: "AKIAANYENDUSERKEY234", SecretAccessKey: "any"},
		r, authzclient.HashPayload(nil), "s3", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Authorize(context.Background(), r, authzclient.HashPayload(nil), "s3:GetObject", "arn:aws:s3:::b/k")
	if err != nil {
		t.Fatal(err)
	}
	if !d.Allowed() || d.Principal.ARN != "arn:aws:iam::"+config.DevAccountID+":root" || d.Principal.Type != "Root" {
		t.Fatalf("got %+v, want the development account's root allowed", d)
	}

	// The call is in the account's audit trail, with its decision.
	if err := a.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	evs, _, err := a.store.AuditEvents().Lookup(context.Background(),
		store.AuditFilter{AccountID: config.DevAccountID, AttributeKey: "EventSource", AttributeValue: "iamd.amazonaws.com"}, store.Page{MaxItems: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 || evs[0].Name != "Authorize" || !strings.Contains(string(evs[0].Record), `"decision":"Allow"`) {
		t.Fatalf("audit trail of the call: %d events %+v", len(evs), evs)
	}

	// Only POST reaches the API; anything else is the gateway's.
	resp, err := http.Get(srv.URL + authzclient.Path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/xml" {
		t.Errorf("GET %s: Content-Type %q, want the gateway's text/xml", authzclient.Path, ct)
	}
}

// TestDenialsCarryDecodableMessages: a denial of the authorization API
// carries an encoded message that sts:DecodeAuthorizationMessage decodes,
// for callers allowed to, and only for them.
func TestDenialsCarryDecodableMessages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := config.Default()
	cfg.Dev = true
	cfg.DataDir = t.TempDir()
	a, err := New(ctx, cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	sdk := func(keyID, secret string) aws.Config {
		return aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
			Credentials: credentials.NewStaticCredentialsProvider(keyID, secret, "")}
	}
	rootIAM := iam.NewFromConfig(sdk("root-of-dev", "any"))
	if _, err := rootIAM.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("bob")}); err != nil {
		t.Fatal(err)
	}
	key, err := rootIAM.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("bob")})
	if err != nil {
		t.Fatal(err)
	}
	bobID, bobSecret := aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey)

	c, err := authzclient.New(srv.URL, authzclient.StaticCredentials{AccessKeyID: "service-key", SecretAccessKey: "any"})
	if err != nil {
		t.Fatal(err)
	}
	r, err := http.NewRequest("GET", "http://objects.example/b/k", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := v4.NewSigner().SignHTTP(ctx, aws.Credentials{AccessKeyID: bobID, SecretAccessKey: bobSecret},
		r, authzclient.HashPayload(nil), "s3", "us-east-1", time.Now()); err != nil {
		t.Fatal(err)
	}
	d, err := c.Authorize(ctx, r, authzclient.HashPayload(nil), "s3:GetObject", "arn:aws:s3:::b/k")
	if err != nil {
		t.Fatal(err)
	}
	if d.Allowed() || d.EncodedMessage == "" {
		t.Fatalf("bob's request: %+v, want a denial with an encoded message", d)
	}

	decoded, err := sts.NewFromConfig(sdk("root-of-dev", "any")).DecodeAuthorizationMessage(ctx,
		&sts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(d.EncodedMessage)})
	if err != nil {
		t.Fatal(err)
	}
	msg := aws.ToString(decoded.DecodedMessage)
	for _, want := range []string{`"allowed":false`, `"s3:GetObject"`, `"arn:aws:s3:::b/k"`, `user/bob`} {
		if !strings.Contains(msg, want) {
			t.Errorf("decoded message lacks %s:\n%s", want, msg)
		}
	}
	_, err = sts.NewFromConfig(sdk(bobID, bobSecret)).DecodeAuthorizationMessage(ctx,
		&sts.DecodeAuthorizationMessageInput{EncodedMessage: aws.String(d.EncodedMessage)})
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != "AccessDenied" {
		t.Fatalf("bob decoding without sts:DecodeAuthorizationMessage: %v, want AccessDenied", err)
	}
}
