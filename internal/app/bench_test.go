package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/internal/config"
)

// BenchmarkGetUserInProcess measures the whole pipeline of one GetUser
// request (signature, lookups, authorization, XML) with the client in the
// same process, for profiling: go test ./internal/app -bench GetUser -cpuprofile cpu.out
func BenchmarkGetUserInProcess(b *testing.B) {
	ctx := context.Background()
	cfg := config.Default()
	cfg.Dev = true
	cfg.DataDir = b.TempDir()
	a, err := New(ctx, cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	creds := aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}
	signer := v4.NewSigner()
	call := func(form url.Values) {
		body := form.Encode()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
		sum := sha256.Sum256([]byte(body))
		if err := signer.SignHTTP(ctx, creds, req, hex.EncodeToString(sum[:]), "iam", "us-east-1", time.Now()); err != nil {
			b.Fatal(err)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("%s: HTTP %d", form.Get("Action"), resp.StatusCode)
		}
	}
	call(url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}, "UserName": {"reader"}})
	get := url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}, "UserName": {"reader"}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			call(get)
		}
	})
}
