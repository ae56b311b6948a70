package authzapi_test

import (
	"context"
	"strings"
	"testing"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/authzapi/authzapitest"
)

// TestCallsAreAudited: every call becomes an event of the calling service
// (eventSource iamd.amazonaws.com, eventName Authorize) that says what was
// asked and decided, and never carries the forwarded request's signature.
func TestCallsAreAudited(t *testing.T) {
	t.Parallel()
	f := authzapitest.New(t)
	svc := f.AddUser(acct, "objectstore", "authorize", authzapitest.ServicePolicy)
	reader := f.AddUser(acct, "reader", "read", allowS3(`"s3:GetObject"`, "arn:aws:s3:::photos/*"))
	unauthorized := f.AddUser(acct, "stranger")
	hash := authzclient.HashPayload(nil)
	const resource = "arn:aws:s3:::photos/cat.jpg"
	call := func(caller authzclient.StaticCredentials) (*audit.Request, string) {
		t.Helper()
		client, err := authzclient.New(f.URL, caller)
		if err != nil {
			t.Fatal(err)
		}
		r := endUserRequest(t, reader, "GET", "http://objects.example:9000/photos/cat.jpg", "", hash)
		_, _ = client.Authorize(context.Background(), r, hash, "s3:GetObject", resource)
		ev := f.Audit.Last()
		if ev == nil {
			t.Fatal("no audit event")
		}
		return ev, r.Header.Get("Authorization")
	}

	ev, endUserAuth := call(svc.Credentials())
	if ev.Service != "iamd" || ev.Operation != "Authorize" || !ev.ReadOnly || ev.Err != nil ||
		ev.Principal == nil || ev.Principal.ARN != svc.ARN() || ev.Resource != resource || ev.SourceIP == "" {
		t.Fatalf("allowed call's event %+v", ev)
	}
	record, err := audit.Event(ev)
	if err != nil {
		t.Fatal(err)
	}
	body := string(record.Record)
	for _, want := range []string{`"eventSource":"iamd.amazonaws.com"`, `"eventName":"Authorize"`, `"action":"s3:GetObject"`,
		`"principal":"` + reader.ARN() + `"`, `"decision":"Allow"`} {
		if !strings.Contains(body, want) {
			t.Errorf("event lacks %s:\n%s", want, body)
		}
	}
	signature := endUserAuth[strings.LastIndex(endUserAuth, "Signature=")+len("Signature="):]
	for _, secret := range []string{signature, reader.SecretAccessKey, svc.SecretAccessKey} {
		if strings.Contains(body, secret) {
			t.Errorf("event carries a secret or signature:\n%s", body)
		}
	}

	// A caller whose signature is wrong is named by its key, and refused.
	wrong := svc.Credentials()
	wrong.SecretAccessKey = strings.Repeat("x", 40)
	ev, _ = call(wrong)
	if ev.Err == nil || ev.Err.Code != "SignatureDoesNotMatch" || ev.AccessKeyID != svc.AccessKeyID || ev.Input != nil {
		t.Fatalf("bad signature's event %+v (err %+v)", ev, ev.Err)
	}

	// A caller without iamd:Authorize is refused, and the event says so.
	ev, _ = call(unauthorized.Credentials())
	if ev.Err == nil || ev.Err.Code != "AccessDenied" || ev.Principal == nil || ev.Principal.ARN != unauthorized.ARN() {
		t.Fatalf("unauthorized caller's event %+v (err %+v)", ev, ev.Err)
	}
}
