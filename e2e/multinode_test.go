package e2e

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/iamd/iamd/internal/store/storetest"
)

// TestTwoNodesShareOnePostgres: two iamd processes serve one PostgreSQL
// database with one master key. A policy change made through one node is
// enforced by the other within one second, and so is a deactivated key.
func TestTwoNodesShareOnePostgres(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := storetest.StartPostgres(t)
	masterKey := "IAMD_MASTER_KEY=" + base64.StdEncoding.EncodeToString([]byte(strings.Repeat("k", 32)))
	a := start(t, startOptions{engine: postgres, dbURL: dbURL, fixRoot: true, env: []string{masterKey}})
	b := start(t, startOptions{engine: postgres, dbURL: dbURL, fixRoot: true, env: []string{masterKey}})

	rootA := iamClient(a, rootKeyID, rootSecret)
	if _, err := rootA.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String("dana")}); err != nil {
		t.Fatal(err)
	}
	key, err := rootA.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("dana")})
	if err != nil {
		t.Fatal(err)
	}
	danaOnB := iamClient(b, aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey))
	listOnB := func() error {
		_, err := danaOnB.ListUsers(ctx, &iam.ListUsersInput{})
		return err
	}
	// Warm node B's caches with a denial first, so the test proves
	// invalidation rather than a cold read.
	wantAPIError(t, listOnB(), "AccessDenied")

	if _, err := rootA.PutUserPolicy(ctx, &iam.PutUserPolicyInput{
		UserName: aws.String("dana"), PolicyName: aws.String("list"),
		PolicyDocument: aws.String(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:ListUsers","Resource":"*"}]}`),
	}); err != nil {
		t.Fatal(err)
	}
	if took := eventually(t, func() bool { return listOnB() == nil }); took > time.Second {
		t.Fatalf("node B enforced the new policy after %v, want within 1s", took)
	}

	if _, err := rootA.UpdateAccessKey(ctx, &iam.UpdateAccessKeyInput{
		UserName: aws.String("dana"), AccessKeyId: key.AccessKey.AccessKeyId, Status: "Inactive",
	}); err != nil {
		t.Fatal(err)
	}
	took := eventually(t, func() bool {
		err := listOnB()
		return err != nil && strings.Contains(err.Error(), "InvalidClientTokenId")
	})
	if took > time.Second {
		t.Fatalf("node B refused the deactivated key after %v, want within 1s", took)
	}

	// Reports made on one node are read on the other: a load balancer may
	// send the Get to any node.
	rootB := iamClient(b, rootKeyID, rootSecret)
	job, err := rootA.GenerateServiceLastAccessedDetails(ctx, &iam.GenerateServiceLastAccessedDetailsInput{
		Arn: aws.String("arn:aws:iam::" + a.AccountID + ":user/dana"),
	})
	if err != nil {
		t.Fatal(err)
	}
	report, err := rootB.GetServiceLastAccessedDetails(ctx, &iam.GetServiceLastAccessedDetailsInput{JobId: job.JobId})
	if err != nil {
		t.Fatalf("node B reading node A's service last accessed job: %v", err)
	}
	if report.JobStatus != "COMPLETED" || len(report.ServicesLastAccessed) != 1 || aws.ToString(report.ServicesLastAccessed[0].ServiceNamespace) != "iam" {
		t.Fatalf("node B's report of dana: %+v", report)
	}
}

// eventually polls cond for up to five seconds and returns how long it
// took to hold; it fails the test if it never does.
func eventually(t *testing.T, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 5*time.Second {
		if cond() {
			return time.Since(start)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("condition never held within 5s")
	return 0
}
