package console

import (
	"reflect"
	"strings"
	"testing"
)

// script writes a diff compactly: " x" same, "-x" removed, "+x" added.
func script(lines []diffLine) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = string(" -+"[l.Op]) + l.Text
	}
	return out
}

func TestLineDiff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		a, b string
		want []string
	}{
		{"both empty", "", "", []string{}},
		{"identical", "a b c", "a b c", []string{" a", " b", " c"}},
		{"all added", "", "a b", []string{"+a", "+b"}},
		{"all removed", "a b", "", []string{"-a", "-b"}},
		{"one line changed", "a b c", "a x c", []string{" a", "-b", "+x", " c"}},
		{"insert in the middle", "a c", "a b c", []string{" a", "+b", " c"}},
		{"delete at the start", "a b c", "b c", []string{"-a", " b", " c"}},
		{"append at the end", "a b", "a b c", []string{" a", " b", "+c"}},
		{"runs of changes", "a b c d e", "a x y d e f", []string{" a", "-b", "-c", "+x", "+y", " d", " e", "+f"}},
		{"moved line keeps the longest common part", "a b c d", "b c d a", []string{"-a", " b", " c", " d", "+a"}},
		{"repeated lines", "x x y", "x y x", []string{" x", "-x", " y", "+x"}},
		{"nothing in common", "a b", "c d", []string{"-a", "-b", "+c", "+d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := script(lineDiff(strings.Fields(tt.a), strings.Fields(tt.b)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			// Applying the script to a yields b, and its unchanged lines
			// are a longest common subsequence (checked on small inputs
			// by the cases' expectations).
			var from, to []string
			for _, l := range got {
				if l[0] != '+' {
					from = append(from, l[1:])
				}
				if l[0] != '-' {
					to = append(to, l[1:])
				}
			}
			if strings.Join(from, " ") != tt.a || strings.Join(to, " ") != tt.b {
				t.Errorf("the script does not turn %q into %q", tt.a, tt.b)
			}
		})
	}
}

func TestLineDiffTooLargeForTheTable(t *testing.T) {
	t.Parallel()
	n := 5000
	a, b := make([]string, n), make([]string, n)
	for i := range a {
		a[i], b[i] = "a", "b"
	}
	got := lineDiff(a, b)
	if len(got) != 2*n || got[0].Op != diffDel || got[n].Op != diffAdd {
		t.Errorf("%d lines, first %+v, middle %+v", len(got), got[0], got[n])
	}
}

func TestSideBySide(t *testing.T) {
	t.Parallel()
	same := func(s string) diffCell { return diffCell{Text: "  " + s} }
	blank := diffCell{Blank: true}
	tests := []struct {
		name string
		a, b string
		want []diffRow
	}{
		{"unchanged lines sit on both sides", "a b", "a b", []diffRow{{same("a"), same("a")}, {same("b"), same("b")}}},
		{"a replaced line sits beside its replacement", "a b c", "a x c", []diffRow{
			{same("a"), same("a")},
			{diffCell{Class: "del", Text: "- b"}, diffCell{Class: "add", Text: "+ x"}},
			{same("c"), same("c")},
		}},
		{"the shorter side of a change is padded", "a b c d", "a x d", []diffRow{
			{same("a"), same("a")},
			{diffCell{Class: "del", Text: "- b"}, diffCell{Class: "add", Text: "+ x"}},
			{diffCell{Class: "del", Text: "- c"}, blank},
			{same("d"), same("d")},
		}},
		{"an insertion has a blank beside it", "a", "a y", []diffRow{{same("a"), same("a")}, {blank, diffCell{Class: "add", Text: "+ y"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := sideBySide(lineDiff(strings.Fields(tt.a), strings.Fields(tt.b)))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestPrettyPolicy(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"keys keep their written order", `{"Version":"2012-10-17","Statement":{"Resource":"*","Effect":"Allow","Action":["s3:A","s3:B"]}}`,
			"{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Resource\": \"*\",\n    \"Effect\": \"Allow\",\n    \"Action\": [\n      \"s3:A\",\n      \"s3:B\"\n    ]\n  }\n}"},
		{"already indented text is re-indented", "{\n\t\"a\":   1}\n", "{\n  \"a\": 1\n}"},
		{"not JSON is shown as written", "{oops", "{oops"},
	}
	for _, tt := range tests {
		if got := prettyPolicy(tt.in); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSplitLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a", []string{"a"}},
		{"a\nb\n", []string{"a", "b"}},
		{"a\n\nb", []string{"a", "", "b"}},
	}
	for _, tt := range tests {
		if got := splitLines(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
