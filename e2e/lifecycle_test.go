package e2e

import (
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// TestFirstRunPrintsCredentialsOnce: an empty data directory gets an
// account and a root key printed once; a restart prints no secret and the
// key still works.
func TestFirstRunPrintsCredentialsOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := start(t, startOptions{engine: sqlite})
	account, keyID, secret := printedCredentials(t, s.stdout.String())
	if len(account) != 12 || !strings.HasPrefix(keyID, "AKIA") || len(secret) != 40 {
		t.Fatalf("printed %q %q and a %d-character secret", account, keyID, len(secret))
	}
	who, err := stsClient(s, keyID, secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil || aws.ToString(who.Account) != account {
		t.Fatalf("GetCallerIdentity with printed key = %v, %v", who, err)
	}
	if _, err := iamClient(s, keyID, secret).CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("survivor")}); err != nil {
		t.Fatal(err)
	}
	s.stop(t)

	again := start(t, startOptions{engine: sqlite, dataDir: s.DataDir})
	if out := again.stdout.String(); strings.Contains(out, secret) || strings.Contains(out, "Secret") {
		t.Fatalf("restart printed a secret:\n%s", out)
	}
	if _, err := iamClient(again, keyID, secret).GetUser(ctx, &iam.GetUserInput{UserName: aws.String("survivor")}); err != nil {
		t.Fatalf("data did not survive a restart: %v", err)
	}
}

// TestDevMode: any key iamd did not issue is the root of 123456789012;
// keys it did issue are still checked.
func TestDevMode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := start(t, startOptions{args: []string{"--dev"}})
	who, err := stsClient(s, "test", "test").GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatalf("dev GetCallerIdentity: %v", err)
	}
	if aws.ToString(who.Arn) != "arn:aws:iam::123456789012:root" {
		t.Fatalf("dev identity = %s", aws.ToString(who.Arn))
	}
	root := iamClient(s, "anything", "whatever")
	if _, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("dev-user")}); err != nil {
		t.Fatal(err)
	}
	key, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("dev-user")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = stsClient(s, aws.ToString(key.AccessKey.AccessKeyId), strings.Repeat("w", 40)).
		GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "SignatureDoesNotMatch")
}

// TestAccountsCommand: iamd accounts create prints a working root key for a
// second account, and the two accounts never see each other's users.
func TestAccountsCommand(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := start(t, startOptions{engine: sqlite, fixRoot: true})

	cmd := exec.Command(binary, "accounts", "create", "--name", "team-b", "--data-dir", s.DataDir)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("accounts create: %v\n%s", err, errOut.String())
	}
	accountB, keyB, secretB := printedCredentials(t, out.String())
	if accountB == s.AccountID {
		t.Fatal("second account has the first one's ID")
	}
	list, err := exec.Command(binary, "accounts", "list", "--data-dir", s.DataDir).Output()
	if err != nil || !strings.Contains(string(list), accountB) || !strings.Contains(string(list), "team-b") {
		t.Fatalf("accounts list = %s, %v", list, err)
	}
	if strings.Contains(string(list), secretB) {
		t.Fatal("accounts list printed a secret")
	}

	rootA := iamClient(s, rootKeyID, rootSecret)
	rootB := iamClient(s, keyB, secretB)
	if _, err := rootA.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("shared-name")}); err != nil {
		t.Fatal(err)
	}
	_, err = rootB.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("shared-name")})
	wantAPIError(t, err, "NoSuchEntity")
	if _, err := rootB.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("shared-name")}); err != nil {
		t.Fatalf("the same name in another account: %v", err)
	}
	got, err := rootB.GetUser(ctx, &iam.GetUserInput{UserName: aws.String("shared-name")})
	if err != nil || !strings.Contains(aws.ToString(got.User.Arn), accountB) {
		t.Fatalf("account B's user = %v, %v", got, err)
	}
}
