package pattern

import "testing"

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
