package secrets

import (
	"fmt"
	"log/slog"
)

// Redacted is what a Secret prints as everywhere.
const Redacted = "[REDACTED]"

// Secret is a string that never prints its value: fmt (every verb and flag),
// log/slog, encoding/json and encoding text marshalling all see Redacted.
// Hold secret access keys, passwords and session tokens as Secret from the
// moment they are read, and call Reveal only where the value itself is
// needed, such as deriving a signing key or writing a response field.
type Secret string

// Reveal returns the secret value. Every call site is a place where the
// value can escape, so keep them few.
func (s Secret) Reveal() string { return string(s) }

// String returns Redacted.
func (s Secret) String() string { return Redacted }

// GoString returns Redacted, for %#v.
func (s Secret) GoString() string { return Redacted }

// Format writes Redacted for every verb, so that verbs fmt would not route
// through String (%d, %x on a string kind, ...) cannot print the value.
func (s Secret) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(Redacted)) }

// LogValue returns Redacted, so slog handlers never see the value.
func (s Secret) LogValue() slog.Value { return slog.StringValue(Redacted) }

// MarshalJSON returns the JSON string "[REDACTED]".
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + Redacted + `"`), nil }

// MarshalText returns Redacted, for encoding/xml, TOML, YAML and slog's text
// handler.
func (s Secret) MarshalText() ([]byte, error) { return []byte(Redacted), nil }
