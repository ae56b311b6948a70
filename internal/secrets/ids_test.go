package secrets

import (
	"bytes"
	"crypto/rand"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

func TestIdentifierFormats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		gen  func() (string, error)
		re   *regexp.Regexp
	}{
		{"access key ID", func() (string, error) { return NewAccessKeyID(PrefixAccessKey) }, regexp.MustCompile(`^AKIA[A-Z2-7]{16}$`)},
		{"temporary access key ID", func() (string, error) { return NewAccessKeyID(PrefixTemporaryAccessKey) }, regexp.MustCompile(`^ASIA[A-Z2-7]{16}$`)},
		{"user ID", func() (string, error) { return NewUniqueID(PrefixUser) }, regexp.MustCompile(`^AIDA[A-Z2-7]{17}$`)},
		{"group ID", func() (string, error) { return NewUniqueID(PrefixGroup) }, regexp.MustCompile(`^AGPA[A-Z2-7]{17}$`)},
		{"role ID", func() (string, error) { return NewUniqueID(PrefixRole) }, regexp.MustCompile(`^AROA[A-Z2-7]{17}$`)},
		{"policy ID", func() (string, error) { return NewUniqueID(PrefixManagedPolicy) }, regexp.MustCompile(`^ANPA[A-Z2-7]{17}$`)},
		{"instance profile ID", func() (string, error) { return NewUniqueID(PrefixInstanceProfile) }, regexp.MustCompile(`^AIPA[A-Z2-7]{17}$`)},
		{"certificate ID", func() (string, error) { return NewUniqueID(PrefixCertificate) }, regexp.MustCompile(`^ASCA[A-Z2-7]{17}$`)},
		{"secret access key", NewSecretAccessKey, regexp.MustCompile(`^[A-Za-z0-9+/]{40}$`)},
		{"account ID", NewAccountID, regexp.MustCompile(`^[1-9][0-9]{11}$`)},
		{"request ID", NewRequestID, regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)},
	}
	const draws = 2000
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			seen := make(map[string]bool, draws)
			for range draws {
				id, err := tc.gen()
				if err != nil {
					t.Fatalf("generate: %v", err)
				}
				if !tc.re.MatchString(id) {
					t.Fatalf("%q does not match %s", id, tc.re)
				}
				if seen[id] {
					t.Fatalf("%q drawn twice in %d draws", id, draws)
				}
				seen[id] = true
			}
		})
	}
}

// TestAWSExampleIDsMatchOurFormat checks the formats against AWS's own
// documented examples, so that the regexps above are not only self-consistent.
func TestAWSExampleIDsMatchOurFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		example string
		re      string
	}{
		{"AKIAIOSFODNN7EXAMPLE", `^AKIA[A-Z2-7]{16}$`},
		{"AIDAJQABLZS4A3QDU576Q", `^AIDA[A-Z2-7]{17}$`},
		{"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", `^[A-Za-z0-9+/]{40}$`},
	}
	for _, tc := range tests {
		if !regexp.MustCompile(tc.re).MatchString(tc.example) {
			t.Errorf("AWS example %q does not match %s", tc.example, tc.re)
		}
	}
	if len("AKIAIOSFODNN7EXAMPLE") != accessKeyIDLength || len("AIDAJQABLZS4A3QDU576Q") != uniqueIDLength ||
		len("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY") != secretAccessKeyLength {
		t.Errorf("length constants disagree with AWS's examples")
	}
}

func TestIDPrefixValidation(t *testing.T) {
	t.Parallel()
	for _, prefix := range []string{"", "AKI", "AKIAX", "akia", "AK1A", "AKÍA", "AK A"} {
		if id, err := NewAccessKeyID(prefix); err == nil {
			t.Errorf("NewAccessKeyID(%q) = %q, want error", prefix, id)
		}
		if id, err := NewUniqueID(prefix); err == nil {
			t.Errorf("NewUniqueID(%q) = %q, want error", prefix, id)
		}
	}
}

// repeatReader yields its pattern forever.
type repeatReader struct {
	pattern []byte
	pos     int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.pattern[r.pos%len(r.pattern)]
		r.pos++
	}
	return len(p), nil
}

// TestAppendRandomRejectsBiasedBytes feeds bytes that a plain modulo would
// map to digits and checks they are skipped: 250-255 are the bytes that would
// make 0-5 more likely than 6-9.
func TestAppendRandomRejectsBiasedBytes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		alphabet string
		pattern  []byte
		n        int
		want     string
	}{
		{"digits skip 250-255", digits, []byte{250, 251, 252, 253, 254, 255, 7, 249}, 4, "7979"},
		{"digits keep 0 and 249", digits, []byte{0, 249}, 4, "0909"},
		{"base32 uses every byte", base32Alphabet, []byte{255, 0, 31, 32}, 4, "7A7A"},
		{"base64 uses every byte", base64Alphabet, []byte{255, 63, 64}, 3, "//A"},
		{"1-9 skip 252-255", digits[1:], []byte{252, 253, 254, 255, 8, 251}, 2, "99"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := appendRandom(nil, &repeatReader{pattern: tc.pattern}, tc.alphabet, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("appendRandom = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestGeneratorsPropagateReaderErrors(t *testing.T) {
	t.Parallel()
	broken := func() io.Reader { return bytes.NewReader([]byte{1, 2, 3}) } // ends too soon
	tests := []struct {
		name string
		gen  func(io.Reader) (string, error)
	}{
		{"prefixed ID", func(r io.Reader) (string, error) { return newPrefixedID(r, PrefixUser, uniqueIDLength) }},
		{"account ID", newAccountID},
		{"UUID", newUUIDv4},
		{"password", func(r io.Reader) (string, error) { return generatePassword(r, 16) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got, err := tc.gen(broken()); !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
				t.Errorf("with a failing reader got %q, %v; want a read error", got, err)
			}
		})
	}
}

// TestCharacterDistributionIsUniform draws many characters from each
// alphabet and applies a chi-squared test. The thresholds are the
// p = 1e-6 critical values, so a correct generator fails about once in a
// million runs, while the modulo bias of a 10-character alphabet (2.3%
// extra on six digits) is caught with a sample this size.
func TestCharacterDistributionIsUniform(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		alphabet string
		critical float64 // chi-squared, df = len-1, p = 1e-6
	}{
		{"digits", digits, 44.8},
		{"1-9", digits[1:], 42.7},
		{"base32", base32Alphabet, 83.6},
		{"password symbols", PasswordSymbols, 63.7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			const perSymbol = 20000
			n := perSymbol * len(tc.alphabet)
			sample, err := appendRandom(make([]byte, 0, n), rand.Reader, tc.alphabet, n)
			if err != nil {
				t.Fatal(err)
			}
			if got := chiSquared(sample, tc.alphabet); got > tc.critical {
				t.Errorf("chi-squared %.1f > %.1f: distribution over %q is not uniform", got, tc.critical, tc.alphabet)
			}
		})
	}
	// The test must be able to fail: a biased modulo sampler over the same
	// sample size must exceed the threshold.
	t.Run("detects modulo bias", func(t *testing.T) {
		t.Parallel()
		const n = 20000 * 10
		raw := make([]byte, n)
		rand.Read(raw)
		biased := make([]byte, n)
		for i, b := range raw {
			biased[i] = digits[int(b)%10]
		}
		if got := chiSquared(biased, digits); got <= 44.8 {
			t.Skipf("biased sampler scored %.1f; bias undetected this run (rare)", got)
		}
	})
}

func chiSquared(sample []byte, alphabet string) float64 {
	counts := make(map[byte]int, len(alphabet))
	for _, b := range sample {
		if strings.IndexByte(alphabet, b) < 0 {
			return 1e9
		}
		counts[b]++
	}
	expected := float64(len(sample)) / float64(len(alphabet))
	var chi float64
	for i := range len(alphabet) {
		d := float64(counts[alphabet[i]]) - expected
		chi += d * d / expected
	}
	return chi
}

func BenchmarkNewAccessKeyID(b *testing.B) {
	for b.Loop() {
		if _, err := NewAccessKeyID(PrefixAccessKey); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNewSecretAccessKey(b *testing.B) {
	for b.Loop() {
		if _, err := NewSecretAccessKey(); err != nil {
			b.Fatal(err)
		}
	}
}
