package sigv4

import (
	"net/url"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
)

func TestParseAuthorization(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, header string
		want         *AuthHeader
		wantMsg      string
	}{
		{name: "sdk form", header: goodAuth, want: &AuthHeader{Algorithm: Algorithm,
			Credential: "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request", SignedHeaders: "host;x-amz-date",
			Signature: "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"}},
		{name: "no spaces, unknown key, repeated key", header: "AWS4-HMAC-SHA256 Credential=a/b,Foo=bar,SignedHeaders=host,Signature=1,Signature=2",
			want: &AuthHeader{Algorithm: Algorithm, Credential: "a/b", SignedHeaders: "host", Signature: "2"}},
		{name: "leading spaces and empty parts", header: "  AWS4-HMAC-SHA256 ,, Credential=c ,\tSignedHeaders= ,Signature=s",
			want: &AuthHeader{Algorithm: Algorithm, Credential: "c", Signature: "s"}},
		{name: "empty credential is missing", header: "AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=s",
			wantMsg: "Authorization header requires 'Credential' parameter. Authorization=AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=s"},
		{name: "value with equals sign", header: "AWS4-HMAC-SHA256 Credential=a=b, SignedHeaders=host, Signature=s",
			want: &AuthHeader{Algorithm: Algorithm, Credential: "a=b", SignedHeaders: "host", Signature: "s"}},
		{name: "bare word", header: "AWS4-HMAC-SHA256 Credential=c, host, Signature=s",
			wantMsg: "'host' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential=c, host, Signature=s'."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseAuthorization(tc.header)
			if tc.wantMsg != "" {
				if e := awserr.As(err); e.Code != "IncompleteSignature" || e.Message != tc.wantMsg {
					t.Fatalf("err = %v, want IncompleteSignature %q", err, tc.wantMsg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParsePresigned(t *testing.T) {
	t.Parallel()
	q, err := url.ParseQuery(presignedQuery() + "&X-Amz-Security-Token=tok&X-Amz-Content-Sha256=UNSIGNED-PAYLOAD")
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParsePresigned(q)
	if err != nil {
		t.Fatal(err)
	}
	want := &PresignedParams{Algorithm: Algorithm, Credential: "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request",
		Date: "20150830T123600Z", SignedHeaders: "host", Signature: "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
		SecurityToken: "tok", Expires: 900 * time.Second, HasExpires: true, ContentSHA256: "UNSIGNED-PAYLOAD"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	q.Del("X-Amz-Expires")
	if got, err := ParsePresigned(q); err != nil || got.HasExpires {
		t.Errorf("without X-Amz-Expires: %+v, %v", got, err)
	}
	q.Del("X-Amz-Signature")
	if _, err := ParsePresigned(q); !awserr.Is(err, "IncompleteSignature") {
		t.Errorf("without X-Amz-Signature: err = %v", err)
	}
}

func TestParseScope(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want scope
		ok   bool
	}{
		{"AKID/20150830/us-east-1/iam/aws4_request", scope{"AKID", "20150830", "us-east-1", "iam", "aws4_request"}, true},
		{"AKID/20150830/us-east-1/iam/aws4_request//", scope{"AKID", "20150830", "us-east-1", "iam", "aws4_request"}, true},
		{"AKID//us-east-1/iam/aws4_request", scope{"AKID", "", "us-east-1", "iam", "aws4_request"}, true},
		{"/a/b/c/d", scope{"", "a", "b", "c", "d"}, true},
		{"a/b/c/d", scope{}, false},
		{"a/b/c/d/e/f", scope{}, false},
		{"", scope{}, false},
		{"////", scope{}, false},
	}
	for _, tc := range tests {
		got, err := parseScope(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseScope(%q) = %+v, %v; want %+v ok=%v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestEncoding(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, encoded string }{
		{"abcXYZ019-_.~", "abcXYZ019-_.~"},
		{"a b", "a%20b"},
		{"a/b=c&d+e", "a%2Fb%3Dc%26d%2Be"},
		{"ü€", "%C3%BC%E2%82%AC"},
		{"*'!()", "%2A%27%21%28%29"},
		{"\x00\xff", "%00%FF"},
	} {
		if got := encode(tc.in); got != tc.encoded {
			t.Errorf("encode(%q) = %q, want %q", tc.in, got, tc.encoded)
		}
		if got := unescape(tc.encoded); got != tc.in {
			t.Errorf("unescape(%q) = %q, want %q", tc.encoded, got, tc.in)
		}
	}
	for in, want := range map[string]string{"a+b": "a b", "%zz": "%zz", "%4": "%4", "100%": "100%", "%41%42": "AB", "%e2%82%ac": "€"} {
		if got := unescape(in); got != want {
			t.Errorf("unescape(%q) = %q, want %q", in, got, want)
		}
	}
	if got := string(appendCanonicalURI(nil, "/a%20b/ü~")); got != "/a%2520b/%C3%BC~" {
		t.Errorf("canonical URI = %q", got)
	}
}

func TestAppendTrimmed(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"  a   b  ": "a b", "\ta\t": "a", "a\t\tb": "a\t\tb", "": "", "   ": "", "x": "x",
	} {
		if got := string(appendTrimmed(nil, in)); got != want {
			t.Errorf("appendTrimmed(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRemoveDotSegments(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"": "/", "/": "/", "/a/./b/../c": "/a/c", "//double//slash": "/double/slash",
		"/a/": "/a/", "/..": "/", "/a/b/../../..": "/", "/%2E%2E/x": "/%2E%2E/x",
	} {
		if got := removeDotSegments(in); got != want {
			t.Errorf("removeDotSegments(%q) = %q, want %q", in, got, want)
		}
	}
}
