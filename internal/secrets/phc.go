package secrets

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// ErrMalformedHash is wrapped by every error about an encoded password hash
// that cannot be parsed or carries parameters out of bounds.
var ErrMalformedHash = errors.New("malformed password hash")

// phcB64 is the PHC string format's base64: the standard alphabet without
// padding. Strict rejects encodings whose unused trailing bits are not zero,
// so each hash has exactly one accepted spelling.
var phcB64 = base64.RawStdEncoding.Strict()

// maxPHCLength bounds the input before any parsing work: the longest valid
// string (64-byte salt, 128-byte key, large parameters) is well under it.
const maxPHCLength = 512

// formatPHC writes $argon2id$v=19$m=<m>,t=<t>,p=<p>$<salt>$<hash>.
func formatPHC(p Argon2Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads,
		phcB64.EncodeToString(salt), phcB64.EncodeToString(key))
}

// parsePHC reads a string written by formatPHC. It accepts only argon2id
// version 19 with the parameters in m, t, p order, which is what every
// argon2 implementation writes, and checks the parameters against the same
// bounds as configured ones, so Verify never hands argon2 a value that would
// panic or exhaust memory.
func parsePHC(encoded string) (Argon2Params, []byte, []byte, error) {
	var none Argon2Params
	if len(encoded) > maxPHCLength {
		return none, nil, nil, malformed("longer than %d bytes", maxPHCLength)
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return none, nil, nil, malformed("want 5 '$'-separated fields")
	}
	if parts[1] != "argon2id" {
		return none, nil, nil, malformed("algorithm %q is not argon2id", parts[1])
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return none, nil, nil, malformed("unsupported version field %q", parts[2])
	}
	memory, time, threads, err := parsePHCParams(parts[3])
	if err != nil {
		return none, nil, nil, err
	}
	salt, err := phcB64.DecodeString(parts[4])
	if err != nil {
		return none, nil, nil, malformed("salt: %v", err)
	}
	key, err := phcB64.DecodeString(parts[5])
	if err != nil {
		return none, nil, nil, malformed("hash: %v", err)
	}
	params := Argon2Params{
		Memory:     memory,
		Time:       time,
		Threads:    threads,
		SaltLength: uint32(len(salt)),
		KeyLength:  uint32(len(key)),
	}
	if err := params.Validate(); err != nil {
		return none, nil, nil, malformed("%v", err)
	}
	return params, salt, key, nil
}

// parsePHCParams reads "m=<m>,t=<t>,p=<p>".
func parsePHCParams(s string) (memory, time uint32, threads uint8, err error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return 0, 0, 0, malformed("parameters %q: want m=,t=,p=", s)
	}
	m, err := parsePHCUint(fields[0], "m=", 32)
	if err != nil {
		return 0, 0, 0, err
	}
	t, err := parsePHCUint(fields[1], "t=", 32)
	if err != nil {
		return 0, 0, 0, err
	}
	p, err := parsePHCUint(fields[2], "p=", 8)
	if err != nil {
		return 0, 0, 0, err
	}
	return uint32(m), uint32(t), uint8(p), nil
}

// parsePHCUint reads name followed by a decimal without sign or leading
// zeros, as the PHC format specifies.
func parsePHCUint(field, name string, bits int) (uint64, error) {
	digits, ok := strings.CutPrefix(field, name)
	if !ok {
		return 0, malformed("parameter %q: want %s<n>", field, name)
	}
	if len(digits) > 1 && digits[0] == '0' {
		return 0, malformed("parameter %q has a leading zero", field)
	}
	n, err := strconv.ParseUint(digits, 10, bits)
	if err != nil {
		return 0, malformed("parameter %q is not a %d-bit decimal", field, bits)
	}
	return n, nil
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("secrets: %w: %s", ErrMalformedHash, fmt.Sprintf(format, args...))
}
