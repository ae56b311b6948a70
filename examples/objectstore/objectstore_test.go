package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/app"
	"github.com/iamd/iamd/internal/config"
)

const (
	accountID  = "111111111111"
	rootKeyID  = "AKIAOBJECTSTREROOT23"
	rootSecret = "objectStoreRootSecret/ForTests+012345678"
)

// startIAMD runs iamd in this process, on loopback, until the test ends.
func startIAMD(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	cfg := config.Default()
	cfg.Listen = "127.0.0.1:0"
	cfg.DataDir = t.TempDir()
	cfg.AccountID, cfg.RootAccessKeyID, cfg.RootSecretAccessKey = accountID, rootKeyID, rootSecret
	a, err := app.New(ctx, cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, func(s string) { addr <- s }) }()
	t.Cleanup(func() {
		cancel()
		<-done
		a.Close()
	})
	select {
	case s := <-addr:
		return "http://" + s
	case err := <-done:
		t.Fatal(err)
	}
	return ""
}

// startStore runs the object store with the given iamd key.
func startStore(t *testing.T, iamd string, creds authzclient.StaticCredentials) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, "127.0.0.1:0", iamd, creds, slog.New(slog.DiscardHandler), func(s string) { addr <- s })
	}()
	t.Cleanup(func() { cancel(); <-done })
	select {
	case s := <-addr:
		return "http://" + s
	case err := <-done:
		t.Fatal(err)
	}
	return ""
}

// awsCLI runs the AWS CLI against iamd as root.
func awsCLI(t *testing.T, iamd string, args ...string) map[string]any {
	t.Helper()
	return awsCLIAs(t, iamd, authzclient.StaticCredentials{AccessKeyID: rootKeyID, SecretAccessKey: rootSecret}, args...)
}

// awsCLIAs runs the AWS CLI against iamd with creds, isolated from the
// machine's own AWS configuration, and decodes its JSON output.
func awsCLIAs(t *testing.T, iamd string, creds authzclient.StaticCredentials, args ...string) map[string]any {
	t.Helper()
	bin, err := exec.LookPath("aws")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the AWS CLI is required in CI: %v", err)
		}
		t.Skip("the AWS CLI is not installed")
	}
	home := t.TempDir()
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+home, "AWS_CONFIG_FILE="+filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"), "AWS_ENDPOINT_URL="+iamd,
		"AWS_ACCESS_KEY_ID="+creds.AccessKeyID, "AWS_SECRET_ACCESS_KEY="+creds.SecretAccessKey, "AWS_DEFAULT_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true", "AWS_MAX_ATTEMPTS=1")
	if creds.SessionToken != "" {
		env = append(env, "AWS_SESSION_TOKEN="+creds.SessionToken)
	}
	cmd := exec.Command(bin, append(args, "--output", "json")...)
	cmd.Env = env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("aws %s: %v\n%s", strings.Join(args, " "), err, errOut.String())
	}
	m := map[string]any{}
	if out.Len() > 0 {
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			t.Fatalf("aws %s: output is not JSON: %v", strings.Join(args, " "), err)
		}
	}
	return m
}

// createUser makes an IAM user with an access key through the CLI.
func createUser(t *testing.T, iamd, name string) authzclient.StaticCredentials {
	t.Helper()
	awsCLI(t, iamd, "iam", "create-user", "--user-name", name)
	out := awsCLI(t, iamd, "iam", "create-access-key", "--user-name", name)
	key, _ := out["AccessKey"].(map[string]any)
	id, _ := key["AccessKeyId"].(string)
	secret, _ := key["SecretAccessKey"].(string)
	if id == "" || secret == "" {
		t.Fatalf("create-access-key printed %v", out)
	}
	return authzclient.StaticCredentials{AccessKeyID: id, SecretAccessKey: secret}
}

// s3Call signs a request for "s3" as an S3 client does and returns the
// status and the body.
func s3Call(t *testing.T, creds authzclient.StaticCredentials, method, url, body string) (int, string) {
	t.Helper()
	r, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	hash := authzclient.HashPayload([]byte(body))
	r.Header.Set("X-Amz-Content-Sha256", hash)
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	err = signer.SignHTTP(context.Background(), aws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey,
		SessionToken: creds.SessionToken}, r, hash, "s3", "us-east-1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(r)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(out)
}

// TestObjectStore grants and revokes access with the AWS CLI and sees each
// change enforced by the object store on the very next request.
func TestObjectStore(t *testing.T) {
	t.Parallel()
	iamd := startIAMD(t)
	svc := createUser(t, iamd, "objectstore")
	awsCLI(t, iamd, "iam", "put-user-policy", "--user-name", "objectstore", "--policy-name", "authorize",
		"--policy-document", `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iamd:Authorize","Resource":"arn:aws:s3:::*"}]}`)
	store := startStore(t, iamd, svc)
	alice := createUser(t, iamd, "alice")
	bob := createUser(t, iamd, "bob")
	root := authzclient.StaticCredentials{AccessKeyID: rootKeyID, SecretAccessKey: rootSecret}
	aliceARN := "arn:aws:iam::" + accountID + ":user/alice"
	out := awsCLIAs(t, iamd, alice, "sts", "get-session-token")
	c, _ := out["Credentials"].(map[string]any)
	aliceSession := authzclient.StaticCredentials{}
	aliceSession.AccessKeyID, _ = c["AccessKeyId"].(string)
	aliceSession.SecretAccessKey, _ = c["SecretAccessKey"].(string)
	aliceSession.SessionToken, _ = c["SessionToken"].(string)
	if !strings.HasPrefix(aliceSession.AccessKeyID, "ASIA") || aliceSession.SessionToken == "" {
		t.Fatalf("get-session-token printed %v", out)
	}

	type step struct {
		name       string
		cli        []string // an AWS CLI command run before the request
		creds      authzclient.StaticCredentials
		method     string
		path, body string
		wantStatus int
		wantBody   string // a substring of the answer
	}
	steps := []step{
		{name: "alice has no policy", creds: alice, method: "PUT", path: "/photos/cat.jpg", body: "meow",
			wantStatus: 403, wantBody: "User: " + aliceARN + " is not authorized to perform: s3:PutObject on resource: arn:aws:s3:::photos/cat.jpg because no identity-based policy allows the s3:PutObject action"},
		{name: "granted: alice writes", creds: alice, method: "PUT", path: "/photos/cat.jpg", body: "meow", wantStatus: 200,
			cli: []string{"iam", "put-user-policy", "--user-name", "alice", "--policy-name", "photos", "--policy-document",
				`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:PutObject","s3:GetObject"],"Resource":"arn:aws:s3:::photos/*"}]}`}},
		{name: "alice reads", creds: alice, method: "GET", path: "/photos/cat.jpg", wantStatus: 200, wantBody: "meow"},
		{name: "alice may not delete", creds: alice, method: "DELETE", path: "/photos/cat.jpg", wantStatus: 403, wantBody: "s3:DeleteObject"},
		{name: "nor write elsewhere", creds: alice, method: "PUT", path: "/private/x", body: "x", wantStatus: 403, wantBody: "AccessDenied"},
		{name: "bob has nothing", creds: bob, method: "GET", path: "/photos/cat.jpg", wantStatus: 403, wantBody: "AccessDenied"},
		{name: "the account root sets a bucket policy", creds: root, method: "PUT", path: "/photos?policy", wantStatus: 204,
			body: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + accountID + `:user/bob"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}`},
		{name: "the bucket policy lets bob read", creds: bob, method: "GET", path: "/photos/cat.jpg", wantStatus: 200, wantBody: "meow"},
		{name: "alice's temporary credentials read", creds: aliceSession, method: "GET", path: "/photos/cat.jpg", wantStatus: 200, wantBody: "meow"},
		{name: "revoked: alice reads no more", creds: alice, method: "GET", path: "/photos/cat.jpg", wantStatus: 403, wantBody: "AccessDenied",
			cli: []string{"iam", "delete-user-policy", "--user-name", "alice", "--policy-name", "photos"}},
		{name: "nor with temporary credentials", creds: aliceSession, method: "GET", path: "/photos/cat.jpg", wantStatus: 403, wantBody: "AccessDenied"},
		{name: "a bad signature", creds: authzclient.StaticCredentials{AccessKeyID: alice.AccessKeyID, SecretAccessKey: "wrong"},
			method: "GET", path: "/photos/cat.jpg", wantStatus: 403, wantBody: "SignatureDoesNotMatch"},
		{name: "a deleted key", creds: bob, method: "GET", path: "/photos/cat.jpg", wantStatus: 403, wantBody: "InvalidClientTokenId",
			cli: []string{"iam", "delete-access-key", "--user-name", "bob", "--access-key-id", bob.AccessKeyID}},
	}
	for _, s := range steps {
		if s.cli != nil {
			awsCLI(t, iamd, s.cli...)
		}
		status, body := s3Call(t, s.creds, s.method, store+s.path, s.body)
		if status != s.wantStatus || !strings.Contains(body, s.wantBody) {
			t.Fatalf("%s: got %d %s, want %d with %q", s.name, status, body, s.wantStatus, s.wantBody)
		}
	}
}
