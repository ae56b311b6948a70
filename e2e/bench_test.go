package e2e

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// The server benchmarks compare iamd with moto's server, the tool most
// people use for local IAM today, through one and the same lean client:
// a keep-alive HTTP client that signs each request with aws-sdk-go-v2's
// SigV4 signer. Eight concurrent clients (RunParallel with parallelism 4 on
// two cores). Run:
//
//	go test ./e2e -run '^$' -bench Server -benchtime 3s

// signedClient sends signed Query requests to one endpoint.
type signedClient struct {
	url    string
	creds  aws.Credentials
	signer *v4.Signer
	http   *http.Client
}

func newSignedClient(endpoint, keyID, secret string) *signedClient {
	return &signedClient{
		url:    endpoint + "/",
		creds:  aws.Credentials{AccessKeyID: keyID, SecretAccessKey: secret},
		signer: v4.NewSigner(),
		http: &http.Client{Transport: &http.Transport{
			MaxIdleConns: 64, MaxIdleConnsPerHost: 64, IdleConnTimeout: time.Minute,
		}},
	}
}

// call posts form as service and fails unless the answer is 200.
func (c *signedClient) call(ctx context.Context, service string, form url.Values) error {
	body := form.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	sum := sha256.Sum256([]byte(body))
	if err := c.signer.SignHTTP(ctx, c.creds, req, hex.EncodeToString(sum[:]), service, "us-east-1", time.Now()); err != nil {
		return err
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %s", form.Get("Action"), resp.StatusCode, bytes.TrimSpace(b))
	}
	return nil
}

// peer is one server under benchmark, with one client per account it may use.
type peer struct {
	name    string
	clients []*signedClient
}

// startMoto runs moto's server for the rest of the benchmark.
func startMoto(b *testing.B) *signedClient {
	b.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		b.Skip("python3 not installed")
	}
	addr := freeAddr(b)
	port := addr[strings.LastIndex(addr, ":")+1:]
	cmd := exec.Command(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", port)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		b.Skipf("moto server: %v", err)
	}
	b.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	c := newSignedClient("http://"+addr, "AKIAMOTOBENCH0000000", strings.Repeat("m", 40))
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := c.call(context.Background(), "iam", url.Values{"Action": {"ListUsers"}, "Version": {"2010-05-08"}})
		if err == nil {
			return c
		}
		if time.Now().After(deadline) {
			b.Skipf("moto server did not start: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// BenchmarkServer measures GetUser and CreateUser requests per second.
func BenchmarkServer(b *testing.B) {
	ctx := context.Background()
	iamdServer := start(b, startOptions{engine: sqlite, fixRoot: true})
	// CreateUser runs into IAM's 5,000-users quota; eight accounts, one
	// per concurrent client, leave room for 40,000 creates.
	var iamdClients []*signedClient
	for i := 0; i < 8; i++ {
		keyID, secret := iamdServer.newAccount(b, fmt.Sprintf("bench-%d", i))
		iamdClients = append(iamdClients, newSignedClient(iamdServer.URL, keyID, secret))
	}
	moto := startMoto(b)
	motoClients := []*signedClient{moto}
	peers := []peer{{"iamd", iamdClients}, {"moto", motoClients}}

	for _, p := range peers {
		for _, c := range p.clients {
			if err := c.call(ctx, "iam", url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}, "UserName": {"reader"}}); err != nil {
				b.Fatalf("%s: setup: %v", p.name, err)
			}
		}
	}
	getUser := url.Values{"Action": {"GetUser"}, "Version": {"2010-05-08"}, "UserName": {"reader"}}
	for _, p := range peers {
		b.Run("GetUser/"+p.name, func(b *testing.B) {
			runParallel(b, p, func(c *signedClient, _ int64) error { return c.call(ctx, "iam", getUser) })
		})
	}
	var seq atomic.Int64
	for _, p := range peers {
		b.Run("CreateUser/"+p.name, func(b *testing.B) {
			runParallel(b, p, func(c *signedClient, _ int64) error {
				n := seq.Add(1)
				return c.call(ctx, "iam", url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"},
					"UserName": {fmt.Sprintf("u%d", n)}})
			})
		})
	}
}

// runParallel runs op from eight goroutines, each on its own client when
// the peer has several, and reports requests per second.
func runParallel(b *testing.B, p peer, op func(c *signedClient, i int64) error) {
	b.SetParallelism(4)
	var next atomic.Int64
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		c := p.clients[int(next.Add(1)-1)%len(p.clients)]
		for pb.Next() {
			if err := op(c, 0); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}
