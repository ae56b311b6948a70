package iam

import (
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
)

// docOfSize returns a valid permissions policy of exactly n counted
// characters (its Sid is the padding), with uncounted whitespace around it.
func docOfSize(t *testing.T, n int) string {
	t.Helper()
	return paddedDoc(t, n, `{"Version":"2012-10-17","Statement":[{"Sid":"`, `","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`)
}

// trustDocOfSize is docOfSize for a role trust policy.
func trustDocOfSize(t *testing.T, n int) string {
	t.Helper()
	return paddedDoc(t, n, `{"Version":"2012-10-17","Statement":[{"Sid":"`,
		`","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
}

func paddedDoc(t *testing.T, n int, head, tail string) string {
	t.Helper()
	pad := n - len(head) - len(tail)
	if pad < 1 {
		t.Fatalf("a document of %d characters is too small", n)
	}
	return "\n  " + head + strings.Repeat("a", pad) + tail + "\n\t\r "
}

func TestPolicySizeIgnoresWhitespace(t *testing.T) {
	t.Parallel()
	cases := []struct {
		doc  string
		want int
	}{
		{"", 0},
		{"{}", 2},
		{" { \n\t\"a\" : 1 }\r\n", 7},
		{"{\"k\":\"é\"}", 9},
	}
	for _, c := range cases {
		if got := policySize(c.doc); got != c.want {
			t.Errorf("policySize(%q) = %d, want %d", c.doc, got, c.want)
		}
	}
}

func TestCheckPolicyDocument(t *testing.T) {
	t.Parallel()
	s := &Service{}
	cases := []struct {
		name     string
		kind     policyKind
		doc      string
		wantCode string
		wantMsg  string
	}{
		{"valid managed", kindManaged, permDoc, "", ""},
		{"no statement", kindManaged, `{"Version":"2012-10-17","Statement":[]}`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"principal in a permissions policy", kindManaged, trustDoc, "MalformedPolicyDocument", "Policy document should not specify a principal."},
		{"not json", kindManaged, `{"Version":`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"array", kindInlineRole, `[]`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"null", kindTrust, `null`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"trailing garbage", kindManaged, `{} x`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"two objects", kindManaged, `{}{}`, "MalformedPolicyDocument", "Syntax errors in policy."},
		{"trailing whitespace", kindManaged, permDoc + "\n  ", "", ""},
		{"managed at quota", kindManaged, docOfSize(t, 6144), "", ""},
		{"managed over quota", kindManaged, docOfSize(t, 6145), "LimitExceeded", "Cannot exceed quota for PolicySize: 6144"},
		{"trust at quota", kindTrust, trustDocOfSize(t, 2048), "", ""},
		{"trust over quota", kindTrust, trustDocOfSize(t, 2049), "LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048"},
		// Inline quotas are aggregate per identity: not checked here.
		{"inline large", kindInlineUser, docOfSize(t, 9000), "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			err := s.checkPolicyDocument(c.kind, c.doc)
			if c.wantCode == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			e := awserr.As(err)
			if err == nil || e.Code != c.wantCode || e.Message != c.wantMsg {
				t.Fatalf("got %v, want %s: %s", err, c.wantCode, c.wantMsg)
			}
		})
	}
}
