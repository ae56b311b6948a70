package e2e

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/iamd/iamd/internal/store/storetest"
)

// TestSTSSessionOnAnotherNode: credentials issued by one node authenticate
// on another that shares the master key, from the token alone, with
// aws-sdk-go-v2.
func TestSTSSessionOnAnotherNode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := storetest.StartPostgres(t)
	masterKey := "IAMD_MASTER_KEY=" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("m", 32)))
	a := start(t, startOptions{engine: postgres, dbURL: dbURL, fixRoot: true, env: []string{masterKey}})
	b := start(t, startOptions{engine: postgres, dbURL: dbURL, fixRoot: true, env: []string{masterKey}})

	out, err := stsClient(a, rootKeyID, rootSecret).GetSessionToken(ctx, &sts.GetSessionTokenInput{DurationSeconds: aws.Int32(900)})
	if err != nil {
		t.Fatal(err)
	}
	c := out.Credentials
	cfg := sdkConfig(b, "", "")
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), aws.ToString(c.SecretAccessKey), aws.ToString(c.SessionToken))
	id, err := sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := aws.ToString(id.Arn), "arn:aws:iam::"+a.AccountID+":root"; got != want {
		t.Errorf("caller on node B = %q, want %q", got, want)
	}
	if _, err := iam.NewFromConfig(cfg).ListUsers(ctx, &iam.ListUsersInput{}); err != nil {
		t.Errorf("root session on node B: %v", err)
	}
	// A wrong secret with a valid token still fails the signature.
	cfg.Credentials = credentials.NewStaticCredentialsProvider(aws.ToString(c.AccessKeyId), strings.Repeat("x", 40), aws.ToString(c.SessionToken))
	_, err = sts.NewFromConfig(cfg).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	wantAPIError(t, err, "SignatureDoesNotMatch")
}
