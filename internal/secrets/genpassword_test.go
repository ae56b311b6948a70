package secrets

import (
	"math"
	"strings"
	"testing"
)

func TestGeneratePassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		length  int
		classes []CharClass
		want    []CharClass // classes that must all appear, and nothing else
	}{
		{"console default", 16, nil, []CharClass{Uppercase, Lowercase, Digits, Symbols}},
		{"minimum for four classes", 4, nil, []CharClass{Uppercase, Lowercase, Digits, Symbols}},
		{"maximum", MaxPasswordLength, nil, []CharClass{Uppercase, Lowercase, Digits, Symbols}},
		{"letters and digits", 12, []CharClass{Uppercase, Lowercase, Digits}, []CharClass{Uppercase, Lowercase, Digits}},
		{"digits only", 6, []CharClass{Digits}, []CharClass{Digits}},
		{"duplicates ignored", 2, []CharClass{Symbols, Symbols, Lowercase}, []CharClass{Symbols, Lowercase}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			seen := map[string]bool{}
			for range 300 {
				pw, err := GeneratePassword(tc.length, tc.classes...)
				if err != nil {
					t.Fatal(err)
				}
				if len(pw) != tc.length {
					t.Fatalf("%q has length %d, want %d", pw, len(pw), tc.length)
				}
				checkClasses(t, pw, tc.want)
				seen[pw] = true
			}
			if want := distinctDraws(tc.length, tc.want); len(seen) < want {
				t.Errorf("only %d distinct passwords in 300 draws, want at least %d", len(seen), want)
			}
		})
	}
}

// distinctDraws is how many of 300 draws of a working generator are
// distinct but for odds below one in a billion. With a space of S
// passwords the number of colliding pairs is about Poisson with mean
// 300*299/(2S): past 10^12 passwords every draw must differ; six digits
// (mean 0.045) may repeat a few times, five times or more with odds near
// 10^-9; tiny spaces are not checked.
func distinctDraws(length int, classes []CharClass) int {
	alphabet := 0
	for _, c := range classes {
		alphabet += len(classAlphabets[c])
	}
	space := math.Pow(float64(alphabet), float64(length))
	switch {
	case space >= 1e12:
		return 300
	case space >= 1e6:
		return 296
	}
	return 0
}

func checkClasses(t *testing.T, pw string, want []CharClass) {
	t.Helper()
	allowed := ""
	for _, c := range want {
		alphabet := classAlphabets[c]
		allowed += alphabet
		if !strings.ContainsAny(pw, alphabet) {
			t.Fatalf("%q lacks a character of class %d (%q)", pw, c, alphabet)
		}
	}
	for _, r := range pw {
		if !strings.ContainsRune(allowed, r) {
			t.Fatalf("%q contains %q, outside the requested classes", pw, r)
		}
	}
}

func TestGeneratePasswordRejectsBadInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		length  int
		classes []CharClass
	}{
		{"zero", 0, nil},
		{"negative", -1, nil},
		{"shorter than classes", 3, nil},
		{"too long", MaxPasswordLength + 1, nil},
		{"unknown class", 8, []CharClass{CharClass(9)}},
		{"negative class", 8, []CharClass{CharClass(-1)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if pw, err := GeneratePassword(tc.length, tc.classes...); err == nil {
				t.Errorf("GeneratePassword(%d, %v) = %q, want error", tc.length, tc.classes, pw)
			}
		})
	}
}

func TestPasswordSymbolsAreAWSs(t *testing.T) {
	t.Parallel()
	// AWS documents the set as "! @ # $ % ^ & * ( ) _ + - = [ ] { } | '".
	documented := strings.ReplaceAll("! @ # $ % ^ & * ( ) _ + - = [ ] { } | '", " ", "")
	if PasswordSymbols != documented {
		t.Errorf("PasswordSymbols = %q, want %q", PasswordSymbols, documented)
	}
}

// TestGeneratePasswordGivesUpOnBrokenSource checks that a random source that
// never yields every class ends in an error, not an endless loop.
func TestGeneratePasswordGivesUpOnBrokenSource(t *testing.T) {
	t.Parallel()
	stuck := &repeatReader{pattern: []byte{0}} // always the first character
	if pw, err := generatePassword(stuck, 8); err == nil {
		t.Errorf("generatePassword with a stuck source = %q, want error", pw)
	}
}
