package authzapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/authzapi/authzapitest"
)

// BenchmarkAuthorizeAPI compares the authorization API over loopback (the
// caller's signature, the end user's signature and the decision, per
// request) with a trivial Go handler that reads the same body and writes a
// small JSON answer, driven by the same HTTP client with the same request,
// concurrently. iamd-client adds the Go client's own work per call
// (describing the request, signing the call).
//
//	go test ./internal/authzapi -run '^$' -bench AuthorizeAPI -benchtime 3s
func BenchmarkAuthorizeAPI(b *testing.B) {
	const parallelism = 8 // goroutines per GOMAXPROCS
	f := authzapitest.New(b)
	svc := f.AddUser(authzapitest.AccountID, "objectstore", "authorize", authzapitest.ServicePolicy)
	reader := f.AddUser(authzapitest.AccountID, "reader", "read", allowS3(`"s3:GetObject"`, "arn:aws:s3:::photos/*"))
	end := endUserRequest(b, reader, "GET", "http://objects.example/photos/cat.jpg", "", authzclient.HashPayload(nil))
	call := authzclient.AuthorizeRequest{Request: authzclient.Describe(end, authzclient.HashPayload(nil)),
		Action: "s3:GetObject", Resource: "arn:aws:s3:::photos/cat.jpg"}
	body, err := json.Marshal(call)
	if err != nil {
		b.Fatal(err)
	}
	// One signed call, replayed: SigV4 allows that for 15 minutes, and it
	// keeps the client's cost the same for both servers.
	signed, err := http.NewRequest(http.MethodPost, f.URL+authzclient.Path, bytes.NewReader(body))
	if err != nil {
		b.Fatal(err)
	}
	signed.Header.Set("Content-Type", "application/json")
	err = v4.NewSigner().SignHTTP(context.Background(), aws.Credentials{AccessKeyID: svc.AccessKeyID, SecretAccessKey: svc.SecretAccessKey},
		signed, authzclient.HashPayload(body), authzclient.SigningName, "us-east-1", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	trivial := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"decision":"Allow"}`+"\n")
	}))
	b.Cleanup(trivial.Close)
	transport := &http.Transport{MaxIdleConnsPerHost: 64}
	b.Cleanup(transport.CloseIdleConnections)
	httpClient := &http.Client{Transport: transport}

	post := func(b *testing.B, base string) {
		req, _ := http.NewRequest(http.MethodPost, base+authzclient.Path, bytes.NewReader(body))
		req.Header = signed.Header.Clone()
		req.Host = signed.Host
		resp, err := httpClient.Do(req)
		if err != nil {
			b.Error(err)
			return
		}
		var d authzclient.Decision
		err = json.NewDecoder(resp.Body).Decode(&d)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || d.Decision != authzclient.Allow {
			b.Errorf("HTTP %d %+v %v", resp.StatusCode, d, err)
		}
	}
	run := func(name, base string) {
		b.Run(name, func(b *testing.B) {
			post(b, base) // warm the caches
			// Enough requests in flight to keep both cores busy: with one
			// per core the run measures loopback latency, not throughput.
			b.SetParallelism(parallelism)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					post(b, base)
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
	run("iamd", f.URL)
	run("trivial", trivial.URL)

	b.Run("iamd-client", func(b *testing.B) {
		c, err := authzclient.New(f.URL, svc.Credentials(), authzclient.WithHTTPClient(httpClient))
		if err != nil {
			b.Fatal(err)
		}
		b.SetParallelism(parallelism)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				d, err := c.Authorize(context.Background(), end, authzclient.HashPayload(nil), "s3:GetObject", "arn:aws:s3:::photos/cat.jpg")
				if err != nil || !d.Allowed() {
					b.Errorf("%+v %v", d, err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	})
}
