package authzapi_test

import (
	"context"
	"testing"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/authzapi/authzapitest"
)

// TestWarmCacheReadsNoDatabase: once the caller's and the end user's keys
// and policies are cached, a call reads nothing from the database; a
// committed policy change is seen by the very next call.
func TestWarmCacheReadsNoDatabase(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	svc := f.AddUser(acct, "objectstore", "authorize", authzapitest.ServicePolicy)
	reader := f.AddUser(acct, "reader", "read", allowS3(`"s3:GetObject"`, "*"))
	client, err := authzclient.New(f.URL, svc.Credentials())
	if err != nil {
		t.Fatal(err)
	}
	policy := `{"Version":"2012-10-17","Statement":[{"Sid":"Deny","Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"*"}]}`
	call := func() *authzclient.Decision {
		t.Helper()
		r := endUserRequest(t, reader, "GET", "http://objects.example/photos/cat.jpg", "", authzclient.HashPayload(nil))
		d, err := client.Authorize(context.Background(), r, authzclient.HashPayload(nil), "s3:GetObject",
			"arn:aws:s3:::photos/cat.jpg", authzclient.WithResourcePolicy(policy))
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if d := call(); !d.Allowed() {
		t.Fatalf("cold call: %+v", d)
	}
	cold := f.Reads.Load()
	if cold == 0 {
		t.Fatal("the cold call read nothing: the counter does not see the store")
	}
	for range 20 {
		if d := call(); !d.Allowed() {
			t.Fatalf("warm call: %+v", d)
		}
	}
	if warm := f.Reads.Load() - cold; warm != 0 {
		t.Fatalf("20 warm calls read the database %d times, want 0", warm)
	}
	f.DeleteUserPolicy(reader, "read")
	if d := call(); d.Decision != authzclient.ImplicitDeny {
		t.Fatalf("after the policy was deleted: %+v", d)
	}
	f.PutUserPolicy(reader, "read", allowS3(`"s3:GetObject"`, "*"))
	if d := call(); !d.Allowed() {
		t.Fatalf("after the policy came back: %+v", d)
	}
}
