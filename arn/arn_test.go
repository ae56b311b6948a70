package arn

import (
	"errors"
	"testing"
)

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    ARN
		wantErr bool
	}{
		{in: "arn:aws:iam::123456789012:user/Bob", want: ARN{"aws", "iam", "", "123456789012", "user/Bob"}},
		{in: "arn:aws:s3:::bucket/key/with:colon", want: ARN{"aws", "s3", "", "", "bucket/key/with:colon"}},
		{in: "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g:log-stream:s", want: ARN{"aws-cn", "logs", "cn-north-1", "123456789012", "log-group:g:log-stream:s"}},
		{in: "arn:aws:sts::123456789012:assumed-role/R/session", want: ARN{"aws", "sts", "", "123456789012", "assumed-role/R/session"}},
		{in: "arn:aws:sqs:us-east-2:123456789012:", want: ARN{"aws", "sqs", "us-east-2", "123456789012", ""}},
		{in: "arn:aws:iam::123456789012", wantErr: true},
		{in: "arn:aws:iam:", wantErr: true},
		{in: "", wantErr: true},
		{in: "*", wantErr: true},
		{in: "ARN:aws:iam::1:root", wantErr: true},
		{in: "nra:aws:iam::1:root", wantErr: true},
		{in: "arn::iam::1:root", wantErr: true},
		{in: "arn:aws:::1:root", wantErr: true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.wantErr {
			if err == nil || !errors.Is(err, ErrMalformed) {
				t.Errorf("Parse(%q) error = %v, want ErrMalformed", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) error = %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := got.String(); s != tt.in {
			t.Errorf("Parse(%q).String() = %q", tt.in, s)
		}
		if !IsARN(tt.in) {
			t.Errorf("IsARN(%q) = false", tt.in)
		}
	}
}

func TestResourceType(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"arn:aws:iam::123456789012:user/path/Bob":   "user",
		"arn:aws:logs:us-east-1:1:log-group:name":   "log-group",
		"arn:aws:s3:::bucket":                       "",
		"arn:aws:iam::123456789012:root":            "",
		"arn:aws:sns:us-east-1:123456789012:topic1": "",
	}
	for in, want := range tests {
		a, err := Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.ResourceType(); got != want {
			t.Errorf("ResourceType(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccountHelpers(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{"123456789012": true, "12345678901": false, "12345678901a": false, "": false, "1234567890123": false} {
		if got := IsAccountID(s); got != want {
			t.Errorf("IsAccountID(%q) = %v", s, got)
		}
	}
	if got := RootARN("aws", "123456789012"); got != "arn:aws:iam::123456789012:root" {
		t.Errorf("RootARN = %q", got)
	}
}

func TestParseDoesNotAllocate(t *testing.T) {
	s := "arn:aws:iam::123456789012:role/path/Name"
	if n := testing.AllocsPerRun(100, func() { _, _ = Parse(s) }); n != 0 {
		t.Errorf("Parse allocates %v times", n)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"arn:aws:iam::123456789012:root", "arn:aws:s3:::b/k", "arn:::::", "arn:a:b:c:d:e:f:g", "", "::::::"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			return
		}
		if a.String() != s {
			t.Fatalf("round trip: %q -> %q", s, a.String())
		}
		b, err := Parse(a.String())
		if err != nil || b != a {
			t.Fatalf("reparse of %q: %+v, %v", s, b, err)
		}
	})
}
