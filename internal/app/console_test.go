package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/iamd/iamd/internal/config"
	"github.com/iamd/iamd/internal/console"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

const (
	testAccount   = "210987654321"
	testRootKey   = "AKIAROOTKEYFORTESTS2"
	testRootSK    = "rootsecretrootsecretrootsecretrootsecret"
	rootPassword  = "Root-password-1!"
	alicePassword = "Alice-password-1!"
)

// newConsoleApp starts a node with a known root key and root password, and
// an IAM user alice with a console password.
func newConsoleApp(t *testing.T) *App {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.AccountID, cfg.RootAccessKeyID, cfg.RootSecretAccessKey = testAccount, testRootKey, testRootSK
	cfg.RootPassword = rootPassword
	a, err := New(context.Background(), cfg, io.Discard, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	client := iam.NewFromConfig(aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), RetryMaxAttempts: 1,
		Credentials: credentials.NewStaticCredentialsProvider(testRootKey, testRootSK, "")})
	ctx := context.Background()
	if _, err := client.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("alice")}); err != nil {
		t.Fatal(err)
	}
	if _, err := client.CreateLoginProfile(ctx, &iam.CreateLoginProfileInput{UserName: aws.String("alice"), Password: aws.String(alicePassword)}); err != nil {
		t.Fatal(err)
	}
	return a
}

// consoleLogins returns the ConsoleLogin records of the account's trail,
// oldest first.
func consoleLogins(t *testing.T, a *App) []map[string]any {
	t.Helper()
	if err := a.audit.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	evs, _, err := a.store.AuditEvents().Lookup(context.Background(),
		store.AuditFilter{AccountID: testAccount, AttributeKey: "EventName", AttributeValue: "ConsoleLogin", Oldest: true}, store.Page{MaxItems: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	for _, ev := range evs {
		var rec map[string]any
		if err := json.Unmarshal(ev.Record, &rec); err != nil {
			t.Fatal(err)
		}
		out = append(out, rec)
	}
	return out
}

func TestConsoleSignIn(t *testing.T) {
	a := newConsoleApp(t)
	b := a.consoleBackend
	ctx := context.Background()
	facts := service.RequestFacts{SourceIP: "192.0.2.10", UserAgent: "Mozilla/5.0"}

	tests := []struct {
		name          string
		root          bool
		user, pass    string
		wantErr       error
		wantUserName  string
		wantLoginText string
	}{
		{"wrong password", false, "alice", "nope-nope-nope", console.ErrBadCredentials, "alice", "Failure"},
		{"unknown user", false, "mallory", alicePassword, console.ErrBadCredentials, hiddenUserName, "Failure"},
		{"user with a password", false, "alice", alicePassword, nil, "alice", "Success"},
		{"root by account name", true, "account-" + testAccount, rootPassword, nil, "", "Success"},
		{"root with a wrong password", true, "account-" + testAccount, alicePassword, console.ErrBadCredentials, "", "Failure"},
		{"root under another name", true, "someone-else", rootPassword, console.ErrBadCredentials, "", "Failure"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var id *console.Identity
			var err error
			if tt.root {
				id, err = b.SignInRoot(ctx, facts, testAccount, tt.user, tt.pass)
			} else {
				id, err = b.SignInUser(ctx, facts, testAccount, tt.user, tt.pass)
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("sign-in error = %v, want %v", err, tt.wantErr)
			}
			if err == nil && (id.AccountID != testAccount || id.Root != tt.root || (!tt.root && id.UserName != "alice")) {
				t.Fatalf("identity = %+v", id)
			}
			logins := consoleLogins(t, a)
			if len(logins) != i+1 {
				t.Fatalf("%d ConsoleLogin events, want %d", len(logins), i+1)
			}
			rec := logins[i]
			identity := rec["userIdentity"].(map[string]any)
			if rec["eventSource"] != "signin.amazonaws.com" || identity["userName"] != nilIfEmpty(tt.wantUserName) ||
				rec["responseElements"].(map[string]any)["ConsoleLogin"] != tt.wantLoginText || rec["sourceIPAddress"] != "192.0.2.10" {
				t.Errorf("ConsoleLogin record = %v", rec)
			}
			extra, _ := rec["additionalEventData"].(map[string]any)
			if rec["eventType"] != "AwsConsoleSignIn" || extra["MFAUsed"] != "No" || rec["sessionCredentialFromConsole"] != nil {
				t.Errorf("ConsoleLogin record = %v, want eventType AwsConsoleSignIn and MFAUsed No", rec)
			}
			if raw, _ := json.Marshal(rec); strings.Contains(string(raw), tt.pass) {
				t.Errorf("the event holds the password: %s", raw)
			}
		})
	}

	u, err := a.store.Users().Get(ctx, testAccount, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if u.PasswordLastUsed == nil {
		t.Error("a console sign-in did not record the password's last use")
	}
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func TestConsoleSignInIsThrottled(t *testing.T) {
	a := newConsoleApp(t)
	b := a.consoleBackend
	ctx := context.Background()
	facts := service.RequestFacts{SourceIP: "192.0.2.20"}
	throttled := 0
	for range 20 {
		_, err := b.SignInUser(ctx, facts, testAccount, "alice", "wrong-password")
		if errors.Is(err, console.ErrThrottled) {
			throttled++
		} else if !errors.Is(err, console.ErrBadCredentials) {
			t.Fatalf("sign-in error = %v", err)
		}
	}
	if throttled == 0 {
		t.Fatal("20 wrong passwords in a row were never throttled")
	}
	// Even the right password waits while the user is throttled.
	if _, err := b.SignInUser(ctx, facts, testAccount, "alice", alicePassword); !errors.Is(err, console.ErrThrottled) {
		t.Fatalf("right password while throttled = %v, want ErrThrottled", err)
	}
}

// TestRootPasswordChange: the root changes its own console password,
// which must be given first; each attempt is a PasswordUpdated event, as
// AWS records it, with no password in it.
func TestRootPasswordChange(t *testing.T) {
	a := newConsoleApp(t)
	b := a.consoleBackend
	ctx := context.Background()
	facts := service.RequestFacts{SourceIP: "192.0.2.11", UserAgent: "Mozilla/5.0"}
	root := &principal.Principal{Type: principal.Root, AccountID: testAccount, ARN: "arn:aws:iam::" + testAccount + ":root", UserID: testAccount}
	alice := &principal.Principal{Type: principal.IAMUser, AccountID: testAccount, ARN: "arn:aws:iam::" + testAccount + ":user/alice", UserName: "alice"}
	const newPassword = "Brand-new-root-pw-2!"

	if err := b.ChangeRootPassword(ctx, facts, alice, alicePassword, newPassword); err == nil {
		t.Fatal("an IAM user changed the root's password")
	}
	if err := b.ChangeRootPassword(ctx, facts, root, "not-the-password", newPassword); !errors.Is(err, console.ErrBadCredentials) {
		t.Fatalf("wrong current password: %v", err)
	}
	if err := b.ChangeRootPassword(ctx, facts, root, rootPassword, "short"); !errors.Is(err, console.ErrRootPasswordLength) {
		t.Fatalf("short new password: %v", err)
	}
	if _, err := b.SignInRoot(ctx, facts, testAccount, "account-"+testAccount, rootPassword); err != nil {
		t.Fatalf("a refused change changed the password: %v", err)
	}
	if err := b.ChangeRootPassword(ctx, facts, root, rootPassword, newPassword); err != nil {
		t.Fatal(err)
	}
	if _, err := b.SignInRoot(ctx, facts, testAccount, "account-"+testAccount, newPassword); err != nil {
		t.Fatalf("sign-in with the new password: %v", err)
	}
	if _, err := b.SignInRoot(ctx, facts, testAccount, "account-"+testAccount, rootPassword); !errors.Is(err, console.ErrBadCredentials) {
		t.Fatalf("sign-in with the old password: %v", err)
	}

	if err := a.audit.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	evs, _, err := a.store.AuditEvents().Lookup(ctx,
		store.AuditFilter{AccountID: testAccount, AttributeKey: "EventName", AttributeValue: "PasswordUpdated", Oldest: true}, store.Page{MaxItems: 10})
	if err != nil {
		t.Fatal(err)
	}
	var results []string
	for _, ev := range evs {
		body := string(ev.Record)
		for _, secret := range []string{rootPassword, newPassword, "not-the-password"} {
			if strings.Contains(body, secret) {
				t.Errorf("event carries a password: %s", body)
			}
		}
		var rec struct {
			Source    string         `json:"eventSource"`
			Type      string         `json:"eventType"`
			Responses map[string]any `json:"responseElements"`
		}
		if err := json.Unmarshal(ev.Record, &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Source != "signin.amazonaws.com" || rec.Type != "AwsConsoleSignIn" {
			t.Errorf("event %s", body)
		}
		results = append(results, fmt.Sprint(rec.Responses["PasswordUpdated"]))
	}
	if strings.Join(results, ",") != "Failure,Success" {
		t.Errorf("PasswordUpdated results %v, want a failure (wrong password) then a success", results)
	}
}
