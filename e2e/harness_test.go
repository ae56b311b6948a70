// Package e2e drives a real iamd process with real AWS clients: the AWS
// CLI, boto3 and aws-sdk-go-v2, on SQLite and on PostgreSQL.
package e2e

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store/storetest"
)

// binary is the iamd executable built once for the package.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "iamd-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "iamd")
	build := exec.Command("go", "build", "-o", binary, "../cmd/iamd")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "build iamd:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// Root credentials fixed through the environment, as an operator would.
const (
	rootKeyID  = "AKIAIAMDE2EROOT2345A"
	rootSecret = "e2eRootSecretKey/ForTests+0123456789abcd"
)

// server is one running iamd process.
type server struct {
	URL       string
	AccountID string
	DataDir   string
	// stdout and logs collect what iamd printed on its two streams.
	stdout *lockedBuffer
	logs   *lockedBuffer
	cmd    *exec.Cmd
}

type engine string

const (
	sqlite   engine = "sqlite"
	postgres engine = "postgres"
)

// engines are the storage engines every end-to-end scenario runs on.
var engines = []engine{sqlite, postgres}

type startOptions struct {
	engine  engine
	env     []string // extra IAMD_* settings
	fixRoot bool     // fix the root credentials through the environment
	dataDir string   // reuse a data directory (restart tests)
	dbURL   string   // reuse a PostgreSQL database
	args    []string
}

// start runs iamd until the test ends.
func start(t testing.TB, o startOptions) *server {
	t.Helper()
	addr := freeAddr(t)
	if o.dataDir == "" {
		o.dataDir = t.TempDir()
	}
	args := append([]string{"serve", "--listen", addr, "--data-dir", o.dataDir}, o.args...)
	if o.engine == postgres {
		if o.dbURL == "" {
			o.dbURL = storetest.StartPostgres(t)
		}
		args = append(args, "--db", o.dbURL)
	}
	env := append(os.Environ(), o.env...)
	s := &server{URL: "http://" + addr, DataDir: o.dataDir, stdout: &lockedBuffer{}}
	if o.fixRoot {
		s.AccountID = "111111111111"
		env = append(env, "IAMD_ACCOUNT_ID="+s.AccountID,
			"IAMD_ROOT_ACCESS_KEY_ID="+rootKeyID, "IAMD_ROOT_SECRET_ACCESS_KEY="+rootSecret)
	}
	cmd := exec.Command(binary, args...)
	cmd.Env = env
	cmd.Stdout = s.stdout
	logs := &lockedBuffer{}
	s.logs = logs
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		t.Fatalf("start iamd: %v", err)
	}
	s.cmd = cmd
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		if t.Failed() {
			t.Logf("iamd log:\n%s", logs.String())
		}
	})
	waitHealthy(t, s.URL, logs)
	return s
}

// stop ends the process now (restart tests).
func (s *server) stop(t testing.TB) {
	t.Helper()
	_ = s.cmd.Process.Signal(os.Interrupt)
	_, _ = s.cmd.Process.Wait()
}

func waitHealthy(t testing.TB, url string, logs *lockedBuffer) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("iamd did not become healthy at %s; log:\n%s", url, logs.String())
}

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// lockedBuffer is an io.Writer safe to read while a process writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// printedCredentials parses the key pair iamd prints on first run.
func printedCredentials(t testing.TB, out string) (accountID, keyID, secret string) {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "iamd: created account "):
			accountID = strings.Fields(line)[3]
		case strings.HasPrefix(line, "AWS Access Key ID:"):
			keyID = strings.TrimSpace(strings.TrimPrefix(line, "AWS Access Key ID:"))
		case strings.HasPrefix(line, "AWS Secret Access Key:"):
			secret = strings.TrimSpace(strings.TrimPrefix(line, "AWS Secret Access Key:"))
		}
	}
	if accountID == "" || keyID == "" || secret == "" {
		t.Fatalf("iamd printed no credentials; stdout:\n%s", out)
	}
	return accountID, keyID, secret
}

// awsEnv is the environment for the AWS CLI and boto3 with these
// credentials, isolated from any configuration on the machine.
func (s *server) awsEnv(t *testing.T, keyID, secret string) []string {
	t.Helper()
	home := t.TempDir()
	env := []string{}
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"AWS_CONFIG_FILE="+filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"),
		"AWS_ENDPOINT_URL="+s.URL,
		"AWS_ACCESS_KEY_ID="+keyID,
		"AWS_SECRET_ACCESS_KEY="+secret,
		"AWS_DEFAULT_REGION=us-east-1",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_RETRY_MODE=standard",
		"AWS_MAX_ATTEMPTS=1",
	)
}

// requireTool finds an external client; under CI it must exist.
func requireTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return p
}

// newAccount runs iamd accounts create on the server's data directory and
// returns the new root key pair.
func (s *server) newAccount(t testing.TB, name string) (keyID, secret string) {
	t.Helper()
	out, err := exec.Command(binary, "accounts", "create", "--name", name, "--data-dir", s.DataDir).Output()
	if err != nil {
		t.Fatalf("accounts create: %v", err)
	}
	_, keyID, secret = printedCredentials(t, string(out))
	return keyID, secret
}
