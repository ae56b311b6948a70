package e2e

import (
	"strings"
	"testing"
	"time"
)

// TestAWSCLIActivity: a user's calls show in GetAccessKeyLastUsed and in
// its service last accessed report. iamd writes recorded activity at most
// once a minute, and whatever is pending when it stops, so the test stops
// the node after the calls and reads the data from the restarted one.
func TestAWSCLIActivity(t *testing.T) {
	t.Parallel()
	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	root := newCLI(t, s, rootKeyID, rootSecret)
	root.ok("iam", "create-user", "--user-name", "carol")
	root.ok("iam", "put-user-policy", "--user-name", "carol", "--policy-name", "read",
		"--policy-document", `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"}}`)
	key := root.ok("iam", "create-access-key", "--user-name", "carol")
	keyID, secret := str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey")

	unused := root.ok("iam", "get-access-key-last-used", "--access-key-id", keyID)
	if got := str(unused, "AccessKeyLastUsed", "ServiceName"); got != "N/A" {
		t.Fatalf("ServiceName of an unused key = %q, want N/A", got)
	}

	before := time.Now().UTC().Truncate(time.Minute)
	carol := newCLI(t, s, keyID, secret)
	carol.env = append(carol.env, "AWS_DEFAULT_REGION=eu-west-1")
	carol.ok("iam", "get-user")
	carol.ok("iam", "list-access-keys")
	s.stop(t)

	again := start(t, startOptions{engine: sqlite, fixRoot: true, dataDir: s.DataDir})
	root = newCLI(t, again, rootKeyID, rootSecret)
	used := root.ok("iam", "get-access-key-last-used", "--access-key-id", keyID)
	if got := str(used, "UserName"); got != "carol" {
		t.Errorf("UserName = %q, want carol", got)
	}
	if got := str(used, "AccessKeyLastUsed", "ServiceName"); got != "iam" {
		t.Errorf("ServiceName = %q, want iam", got)
	}
	if got := str(used, "AccessKeyLastUsed", "Region"); got != "eu-west-1" {
		t.Errorf("Region = %q, want eu-west-1", got)
	}
	at, err := time.Parse(time.RFC3339, str(used, "AccessKeyLastUsed", "LastUsedDate"))
	if err != nil || at.Before(before) || at.After(time.Now()) || at.Second() != 0 {
		t.Errorf("LastUsedDate = %q (%v), want a minute since %v", str(used, "AccessKeyLastUsed", "LastUsedDate"), err, before)
	}

	carolARN := "arn:aws:iam::" + again.AccountID + ":user/carol"
	job := root.ok("iam", "generate-service-last-accessed-details", "--arn", carolARN, "--granularity", "ACTION_LEVEL")
	report := root.ok("iam", "get-service-last-accessed-details", "--job-id", str(job, "JobId"))
	if got := str(report, "JobStatus"); got != "COMPLETED" {
		t.Fatalf("JobStatus = %q, want COMPLETED", got)
	}
	services, _ := report["ServicesLastAccessed"].([]any)
	if len(services) != 1 {
		t.Fatalf("ServicesLastAccessed = %s, want IAM only (carol's policy grants nothing else)", mustJSON(t, report))
	}
	svc := services[0].(map[string]any)
	if str(svc, "ServiceNamespace") != "iam" || str(svc, "ServiceName") != "AWS Identity and Access Management" ||
		str(svc, "LastAuthenticatedEntity") != carolARN || str(svc, "LastAuthenticatedRegion") != "eu-west-1" {
		t.Errorf("IAM's entry = %s", mustJSON(t, svc))
	}
	actions := mustJSON(t, svc["TrackedActionsLastAccessed"])
	if !strings.Contains(actions, `"GetUser"`) || !strings.Contains(actions, `"ListAccessKeys"`) {
		t.Errorf("TrackedActionsLastAccessed = %s, want GetUser and ListAccessKeys", actions)
	}
	granting := root.ok("iam", "list-policies-granting-service-access", "--arn", carolARN, "--service-namespaces", "iam", "sts")
	if got := mustJSON(t, granting); !strings.Contains(got, `"PolicyName":"read"`) || strings.Count(got, `"PolicyName"`) != 1 {
		t.Errorf("list-policies-granting-service-access = %s, want the inline policy read for iam only", got)
	}
}
