package pattern

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

type vars map[string]string

func (v vars) ResolveVar(k string) (string, bool) { s, ok := v[k]; return s, ok }

func TestMatch(t *testing.T) {
	t.Parallel()
	v := vars{"aws:username": "alice"}
	tests := []struct {
		pat  string
		d    Dialect
		vars bool
		fold bool
		s    string
		want bool
	}{
		{"abc", Literal, false, false, "abc", true},
		{"a*c", Literal, false, false, "abc", false},
		{"a*c", Glob, false, false, "abbbc", true},
		{"a*c", Glob, false, false, "a:b:c", true},
		{"a?c", Glob, false, false, "abc", true},
		{"a?c", Glob, false, false, "aéc", true},
		{"*", Glob, false, false, "", true},
		{"s3:get*", Glob, false, true, "S3:GetObject", true},
		{"arn:aws:s3:::b*", ARN, false, false, "arn:aws:s3:::b/x:y", true},
		{"arn:aws:s3:::b*c", ARN, false, false, "arn:aws:s3:::b:c", false},
		{"arn:aws:s3:::b*c", ARN, false, false, "arn:aws:s3:::bxc", true},
		{"arn:aws:*:us-east-1:*", ARN, false, false, "arn:aws:ec2:us-east-1:1:instance/i", true},
		{"arn:aws:*", ARN, false, false, "arn:aws:s3:::b", true},
		{"arn:aws:s3:::?", ARN, false, false, "arn:aws:s3:::x", true},
		{"arn:aws:s3:::b?c", ARN, false, false, "arn:aws:s3:::b:c", false},
		{"home/${aws:username}/*", Glob, true, false, "home/alice/x", true},
		{"home/${aws:username}/*", Glob, false, false, "home/alice/x", false},
		{"${aws:nobody}", Literal, true, false, "", false},
		{"${aws:nobody, 'x'}", Literal, true, false, "x", true},
		{"${ aws:username }", Literal, true, false, "alice", true},
		{"${aws:UserName}", Literal, true, false, "alice", true},
		{"${unclosed", Literal, true, false, "${unclosed", true},
		{"${}", Literal, true, false, "${}", true},
		{"a${*}", Glob, true, false, "a*", true},
		{"a${*}", Glob, true, false, "ab", false},
		{"${a, 'x}y'}", Literal, true, false, "x}y", true},
		{"**a**", Glob, false, false, "bab", true},
		{"a*bc", Glob, false, false, "abxbc", true},
		{"a*b?d", Glob, false, false, "abcbxd", true},
		{"x*/y*/z", ARN, false, false, "xa/y/b/y/z", true},
		{"arn:aws:s3:::t-*/*", ARN, false, false, "arn:aws:s3:::t-p/a/b", true},
		{"arn:aws:s3:::t-*/*", ARN, false, false, "arn:aws:s3:::t-p:x/a", false},
		{"a*:b", ARN, false, false, "ax:y:b", true},
	}
	for _, tt := range tests {
		p := Compile(tt.pat, tt.d, tt.vars)
		if got := p.Match(tt.s, v, tt.fold); got != tt.want {
			t.Errorf("Compile(%q, %v, %v).Match(%q) = %v, want %v", tt.pat, tt.d, tt.vars, tt.s, got, tt.want)
		}
	}
}

func TestShapes(t *testing.T) {
	t.Parallel()
	if p := Compile("*", ARN, true); !p.IsAny() {
		t.Error("* is not Any")
	}
	if p := Compile("ec2:describe*", Glob, false); func() bool { s, ok := p.Prefix(); return !ok || s != "ec2:describe" }() {
		t.Error("prefix shape")
	}
	if p := Compile("a${*}", Glob, true); func() bool { s, ok := p.Exact(); return !ok || s != "a*" }() {
		t.Error("escape makes an exact pattern")
	}
	p := Compile("x/${aws:username}/*", Glob, true)
	if s, ok := p.Expand(vars{"aws:username": "al"}); !ok || s != "x/al/*" {
		t.Errorf("Expand = %q, %v", s, ok)
	}
	if _, ok := p.Expand(vars{}); ok {
		t.Error("Expand resolved a missing variable")
	}
}

func TestMatchDoesNotAllocate(t *testing.T) {
	p := Compile("arn:aws:s3:::home/${aws:username}/*", ARN, true)
	v := vars{"aws:username": "alice"}
	if n := testing.AllocsPerRun(100, func() { p.Match("arn:aws:s3:::home/alice/doc", v, false) }); n != 0 {
		t.Errorf("Match allocates %v times", n)
	}
}

func TestLiteralPrefix(t *testing.T) {
	t.Parallel()
	v := vars{"aws:username": "alice"}
	tests := []struct {
		pat  string
		d    Dialect
		vars bool
		want string
	}{
		{"arn:aws:s3:::bucket/key", ARN, false, "arn:aws:s3:::bucket/key"},
		{"arn:aws:s3:::bucket/*", ARN, false, "arn:aws:s3:::bucket/"},
		{"arn:aws:s3:::b?cket/*", ARN, false, "arn:aws:s3:::b"},
		{"arn:aws:s3:::target-*/*", ARN, false, "arn:aws:s3:::target-"},
		{"arn:aws:iam::*:user/x", ARN, false, "arn:aws:iam::"},
		{"arn:aws:s3:::home/${aws:username}/*", ARN, true, "arn:aws:s3:::home/"},
		{"arn:aws:s3:::home/${aws:username}/*", ARN, false, "arn:aws:s3:::home/${aws:username}/"},
		{"arn:aws:s3:::a${*}b*", ARN, true, "arn:aws:s3:::a*b"},
		{"${aws:username}/x", Literal, true, ""},
		{"*", ARN, false, ""},
		{"?x", ARN, false, ""},
		{"", ARN, false, ""},
	}
	for _, tt := range tests {
		p := Compile(tt.pat, tt.d, tt.vars)
		got := p.LiteralPrefix()
		if got != tt.want {
			t.Errorf("Compile(%q, %v, %v).LiteralPrefix() = %q, want %q", tt.pat, tt.d, tt.vars, got, tt.want)
		}
		// The prefix is necessary: a string that matches starts with it.
		for _, s := range []string{tt.pat, "arn:aws:s3:::bucket/key", "arn:aws:s3:::home/alice/x", "alice/x", "x"} {
			if p.Match(s, v, false) && !strings.HasPrefix(s, got) {
				t.Errorf("%q matches %q, which does not start with %q", tt.pat, s, got)
			}
		}
	}
}

// TestMatchAgreesWithRegexp compares Match with a regular expression
// written from the documented rules, on short random patterns and strings
// rich in colons, slashes and repeated letters, where a star's end matters.
func TestMatchAgreesWithRegexp(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 11))
	word := func(alphabet string, max int) string {
		b := make([]byte, r.IntN(max+1))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		return string(b)
	}
	for i := range 20_000 {
		src, s := word("ab:/*?", 7), word("ab:/", 8)
		d := Glob
		if i%2 == 0 {
			d = ARN
		}
		var re strings.Builder
		re.WriteString("^(?s)")
		for j := 0; j < len(src); j++ {
			switch c := src[j]; {
			case c == '?' && d == ARN:
				re.WriteString("[^:]")
			case c == '?':
				re.WriteString(".")
			case c == '*' && d == ARN && j+1 < len(src) && src[j+1] != ':':
				re.WriteString("[^:]*")
			case c == '*':
				re.WriteString(".*")
			default:
				re.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		re.WriteString("$")
		p := Compile(src, d, false)
		if got, want := p.Match(s, nil, false), regexp.MustCompile(re.String()).MatchString(s); got != want {
			t.Fatalf("Compile(%q, %v).Match(%q) = %v, want %v", src, d, s, got, want)
		}
	}
}
