package main

import (
	"regexp"
	"testing"
)

func TestTranslateJavaRegex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		java    string
		match   []string
		noMatch []string
		fails   bool
	}{
		{java: `[\w+=,.@-]+`, match: []string{"alice", "a.b@c=d,e+f-g_h"}, noMatch: []string{"", "a b", "a/b", "ü"}},
		{java: `(\u002F)|(\u002F[\u0021-\u007E]+\u002F)`, match: []string{"/", "/a/b/"}, noMatch: []string{"a", "/a", "/a b/"}},
		{java: `[\u0009\u000A\u000D\u0020-\u00FF]+`, match: []string{"{\"a\": 1}\n", "é"}, noMatch: []string{"", "\u0100", "\x01"}},
		{java: `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]+`,
			match: []string{"abc", "日本", "😀"}, noMatch: []string{"\x00", "\x7f"}},
		{java: `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`, match: []string{"", "Ünïcode 12:/=+-@"}, noMatch: []string{"a!b"}},
		{java: `\d{12}`, match: []string{"123456789012"}, noMatch: []string{"12345678901", "1234567890123"}},
		{java: `^o-[0-9a-z]{10,32}\/r-[0-9a-z]{4,32}[0-9a-z-\/]*`, match: []string{"o-abcdefghij/r-abcd/ou-x"}, noMatch: []string{"xo-abcdefghij/r-abcd"}},
		{java: `^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$`, fails: true},
		{java: `v[1-9][0-9]*(\.[A-Za-z0-9-]*)?`, match: []string{"v1", "v12.abc"}, noMatch: []string{"v0", "xv1"}},
	}
	for _, tt := range tests {
		t.Run(tt.java, func(t *testing.T) {
			t.Parallel()
			got, err := translateJavaRegex(tt.java)
			if tt.fails {
				if err == nil {
					t.Fatalf("translate(%q) = %q, want an error", tt.java, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("translate(%q): %v", tt.java, err)
			}
			re := regexp.MustCompile(got)
			for _, s := range tt.match {
				if !re.MatchString(s) {
					t.Errorf("%s does not match %q", got, s)
				}
			}
			for _, s := range tt.noMatch {
				if re.MatchString(s) {
					t.Errorf("%s matches %q", got, s)
				}
			}
		})
	}
}
