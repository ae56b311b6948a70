package sts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/session"
)

func TestPackedPercent(t *testing.T) {
	t.Parallel()
	small := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	pct, err := checkPacked(small, nil, nil)
	if err != nil || pct == nil || *pct < 1 || *pct > 10 {
		t.Fatalf("small policy packs to %v%% (%v), want 1..10", pct, err)
	}
	if p, err := checkPacked("", nil, nil); p != nil || err != nil {
		t.Errorf("nothing passed: %v %v, want no PackedPolicySize", p, err)
	}
	// Fifty tags of random, incompressible values exceed the limit.
	var tags []session.Tag
	for i := range 50 {
		b := make([]byte, 96)
		if _, err := rand.Read(b); err != nil {
			t.Fatal(err)
		}
		tags = append(tags, session.Tag{Key: "k" + string(rune('a'+i%26)) + strings.Repeat("x", i), Value: base64.StdEncoding.EncodeToString(b)})
	}
	_, err = checkPacked("", nil, tags)
	if !awserr.Is(err, "PackedPolicyTooLarge") || !strings.HasPrefix(awserr.As(err).Message, "Packed policy consumes ") ||
		!strings.HasSuffix(awserr.As(err).Message, "% of allotted space, please use smaller policy.") {
		t.Errorf("large tags: %v", err)
	}
}

func TestSessionTags(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name       string
		tags       []Tag
		transitive []string
		inherited  []session.Tag
		wantCode   string
		wantLen    int
	}{
		{name: "ok", tags: []Tag{{"a", "1"}, {"b", "2"}}, transitive: []string{"A"}, wantLen: 2},
		{name: "duplicate key ignoring case", tags: []Tag{{"a", "1"}, {"A", "2"}}, wantCode: "InvalidParameterValue"},
		{name: "transitive key not a tag", tags: []Tag{{"a", "1"}}, transitive: []string{"b"}, wantCode: "InvalidParameterValue"},
		{name: "inherited kept", tags: []Tag{{"b", "2"}}, inherited: []session.Tag{{Key: "a", Value: "1"}}, wantLen: 2},
		{name: "inherited not overridden", tags: []Tag{{"A", "2"}}, inherited: []session.Tag{{Key: "a", Value: "1"}}, wantCode: "InvalidParameterValue"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			got, err := sessionTags(c.tags, c.transitive, c.inherited)
			if c.wantCode != "" {
				if !awserr.Is(err, c.wantCode) {
					t.Fatalf("err = %v, want %s", err, c.wantCode)
				}
				return
			}
			if err != nil || len(got) != c.wantLen {
				t.Fatalf("got %v, %v", got, err)
			}
		})
	}
}

func TestSessionPolicyValidation(t *testing.T) {
	t.Parallel()
	s := NewService(Config{})
	long := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::` + strings.Repeat("b", 2048) + `"}]}`
	if _, err := s.sessionPolicy(context.Background(), "111122223333", long, nil); !awserr.Is(err, "ValidationError") ||
		!strings.Contains(err.Error(), "at 'policy' failed to satisfy constraint: Member must have length less than or equal to 2048") {
		t.Errorf("long policy: %v", err)
	}
	if _, err := s.sessionPolicy(context.Background(), "111122223333", `{"Statement":`, nil); !awserr.Is(err, "MalformedPolicyDocument") {
		t.Errorf("malformed policy: %v", err)
	}
	arns := make([]PolicyDescriptorType, 11)
	if _, err := s.sessionPolicy(context.Background(), "111122223333", "", arns); !awserr.Is(err, "ValidationError") {
		t.Errorf("11 policy ARNs: %v", err)
	}
}

func TestSplitRoleARN(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"arn:aws:iam::111122223333:role/R":        "111122223333/R",
		"arn:aws:iam::111122223333:role/a/b/Name": "111122223333/Name",
		"arn:aws:iam::111122223333:user/R":        "",
		"arn:aws:iam::1111:role/R":                "",
		"arn:aws:iam::111122223333:role/":         "",
	} {
		a, n, ok := splitRoleARN(in)
		got := ""
		if ok {
			got = a + "/" + n
		}
		if got != want {
			t.Errorf("splitRoleARN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGetAccessKeyInfoDecodesTemporaryKeys(t *testing.T) {
	t.Parallel()
	id, err := session.NewAccessKeyID("444455556666")
	if err != nil {
		t.Fatal(err)
	}
	out, err := NewService(Config{}).GetAccessKeyInfo(context.Background(), &GetAccessKeyInfoRequest{AccessKeyId: id})
	if err != nil || out.Account != "444455556666" {
		t.Fatalf("GetAccessKeyInfo = %v, %v", out, err)
	}
	if _, err := NewService(Config{}).GetAccessKeyInfo(context.Background(), &GetAccessKeyInfoRequest{AccessKeyId: "ASIA_not_base32_____"}); !awserr.Is(err, "InvalidParameterValue") {
		t.Errorf("invalid key ID: %v", err)
	}
}
