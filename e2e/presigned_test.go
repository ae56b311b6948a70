package e2e

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// TestQueryStringRequests: the Query protocol also arrives as GET, signed
// in the Authorization header or presigned in the query string.
func TestQueryStringRequests(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	creds := aws.Credentials{AccessKeyID: rootKeyID, SecretAccessKey: rootSecret}
	emptyHash := sha256.Sum256(nil)
	signer := v4.NewSigner()

	get := func(t *testing.T, presign bool, service, query string, at time.Time) (int, string) {
		t.Helper()
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/?"+query, nil)
		if err != nil {
			t.Fatal(err)
		}
		if presign {
			signed, _, err := signer.PresignHTTP(ctx, creds, req, hex.EncodeToString(emptyHash[:]), service, "us-east-1", at)
			if err != nil {
				t.Fatal(err)
			}
			if req, err = http.NewRequestWithContext(ctx, http.MethodGet, signed, nil); err != nil {
				t.Fatal(err)
			}
		} else if err := signer.SignHTTP(ctx, creds, req, hex.EncodeToString(emptyHash[:]), service, "us-east-1", at); err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}

	for _, presign := range []bool{false, true} {
		code, body := get(t, presign, "sts", "Action=GetCallerIdentity&Version=2011-06-15", time.Now())
		if code != 200 || !strings.Contains(body, "<Arn>arn:aws:iam::"+s.AccountID+":root</Arn>") ||
			!strings.Contains(body, `xmlns="https://sts.amazonaws.com/doc/2011-06-15/"`) {
			t.Fatalf("presign=%v GetCallerIdentity: %d\n%s", presign, code, body)
		}
		code, body = get(t, presign, "iam", "Action=ListUsers&Version=2010-05-08&MaxItems=5", time.Now())
		if code != 200 || !strings.Contains(body, "<ListUsersResult>") || !strings.Contains(body, "<IsTruncated>false</IsTruncated>") {
			t.Fatalf("presign=%v ListUsers: %d\n%s", presign, code, body)
		}
	}

	// A presigned URL carries its own lifetime in X-Amz-Expires: past it,
	// RequestExpired. Without one (aws-sdk-go-v2's PresignHTTP adds none),
	// the 15-minute clock-skew window applies, as to header signatures.
	code, body := get(t, true, "sts", "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Expires=60", time.Now().Add(-5*time.Minute))
	if code != 400 || !strings.Contains(body, "<Code>RequestExpired</Code>") {
		t.Fatalf("presigned URL past X-Amz-Expires: %d\n%s", code, body)
	}
	code, body = get(t, true, "sts", "Action=GetCallerIdentity&Version=2011-06-15", time.Now().Add(-20*time.Minute))
	if code != 403 || !strings.Contains(body, "Signature expired") {
		t.Fatalf("presigned URL outside the skew window: %d\n%s", code, body)
	}
	code, body = get(t, false, "sts", "Action=GetCallerIdentity&Version=2011-06-15", time.Now().Add(-20*time.Minute))
	if code != 403 || !strings.Contains(body, "Signature expired") {
		t.Fatalf("stale header signature: %d\n%s", code, body)
	}
}
