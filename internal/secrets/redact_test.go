package secrets

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"strings"
	"testing"
)

const knownSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

// credentials is how a Secret typically travels: inside a struct that
// someone logs whole.
type credentials struct {
	AccessKeyID     string
	SecretAccessKey Secret
	Pointer         *Secret
}

func TestSecretNeverPrints(t *testing.T) {
	t.Parallel()
	s := Secret(knownSecret)
	creds := credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: s, Pointer: &s}
	formats := []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3s", "%-50v", "%T %v"}
	var out []string
	for _, f := range formats {
		out = append(out,
			fmt.Sprintf(f, s),
			fmt.Sprintf(f, creds),
			fmt.Sprintf(f, &creds),
			fmt.Sprintf(f, []Secret{s}),
			fmt.Sprintf(f, map[string]Secret{"k": s}),
			fmt.Sprintf(f, any(s)),
		)
	}
	out = append(out, fmt.Sprint(s), fmt.Sprintln(s, creds), s.String(), s.GoString())
	out = append(out, fmt.Errorf("wrapping: %w", errors.New(fmt.Sprint(s))).Error())

	var logBuf bytes.Buffer
	std := log.New(&logBuf, "", 0)
	std.Printf("creds: %+v", creds)
	std.Println(s)

	var jsonLog, textLog bytes.Buffer
	for _, h := range []slog.Handler{
		slog.NewJSONHandler(&jsonLog, &slog.HandlerOptions{Level: slog.LevelDebug}),
		slog.NewTextHandler(&textLog, &slog.HandlerOptions{Level: slog.LevelDebug}),
	} {
		l := slog.New(h)
		l.Info("direct", "secret", s)
		l.Info("any", slog.Any("secret", s))
		l.Info("pointer", "secret", &s)
		l.Info("struct", "creds", creds)
		l.Info("group", slog.Group("g", "secret", s))
		l.With("secret", s).WarnContext(context.Background(), "with")
		l.Info("slice", "secrets", []Secret{s})
		l.Debug("message " + s.String())
	}

	for _, v := range []any{s, creds, &creds, []Secret{s}, map[string]Secret{"k": s}} {
		j, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("json.Marshal(%T): %v", v, err)
		}
		out = append(out, string(j))
	}
	for _, v := range []any{s, creds, &creds} {
		x, err := xml.Marshal(v)
		if err != nil {
			t.Fatalf("xml.Marshal(%T): %v", v, err)
		}
		out = append(out, string(x))
	}
	text, _ := s.MarshalText()
	out = append(out, string(text), logBuf.String(), jsonLog.String(), textLog.String())

	all := strings.Join(out, "\n")
	for _, leak := range []string{knownSecret, knownSecret[:12], fmt.Sprintf("%x", knownSecret[:12])} {
		if strings.Contains(all, leak) {
			t.Errorf("output contains the secret (%q):\n%s", leak, all)
		}
	}
	// The test must be able to fail: the redaction marker is really there.
	for name, got := range map[string]string{"json log": jsonLog.String(), "text log": textLog.String(), "fmt": out[0]} {
		if !strings.Contains(got, Redacted) {
			t.Errorf("%s output lacks %s:\n%s", name, Redacted, got)
		}
	}
	if n := strings.Count(jsonLog.String(), "\n"); n != 8 {
		t.Errorf("JSON handler wrote %d records, want 8", n)
	}
}

func TestSecretEncodings(t *testing.T) {
	t.Parallel()
	s := Secret(knownSecret)
	if s.Reveal() != knownSecret {
		t.Errorf("Reveal = %q, want the value", s.Reveal())
	}
	j, _ := json.Marshal(s)
	if string(j) != `"[REDACTED]"` {
		t.Errorf("MarshalJSON = %s", j)
	}
	if !json.Valid(j) {
		t.Errorf("MarshalJSON is not valid JSON")
	}
	if v := s.LogValue(); v.Kind() != slog.KindString || v.String() != Redacted {
		t.Errorf("LogValue = %v", v)
	}
	// Decoding into a Secret still works (config files, requests).
	var back Secret
	if err := json.Unmarshal([]byte(`"abc"`), &back); err != nil || back.Reveal() != "abc" {
		t.Errorf("json.Unmarshal into Secret = %q, %v", back.Reveal(), err)
	}
}

func TestEqual(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"", "", true},
		{"abc", "abc", true},
		{"abc", "abd", false},
		{"abc", "ab", false},
		{"ab", "abc", false},
		{"", "a", false},
		{"5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", true},
		{"5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7", "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d8", false},
		{"\x00", "", false},
	}
	for _, tc := range tests {
		if got := Equal(tc.a, tc.b); got != tc.want {
			t.Errorf("Equal(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
