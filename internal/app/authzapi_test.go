package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/config"
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
