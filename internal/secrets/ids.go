package secrets

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
)

// Four-letter prefixes AWS gives its identifiers, from "Understanding unique
// ID prefixes" in the IAM user guide
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-prefixes).
const (
	PrefixAccessKey          = "AKIA" // long-term access key IDs
	PrefixTemporaryAccessKey = "ASIA" // STS temporary access key IDs
	PrefixUser               = "AIDA"
	PrefixGroup              = "AGPA"
	PrefixRole               = "AROA"
	PrefixManagedPolicy      = "ANPA"
	PrefixPolicyVersion      = "ANVA"
	PrefixInstanceProfile    = "AIPA"
	PrefixCertificate        = "ASCA"
	PrefixPublicKey          = "APKA"
	PrefixBearerToken        = "ABIA"
	PrefixContextCredential  = "ACCA"
)

// Alphabets and lengths of AWS's identifiers.
const (
	// base32Alphabet is RFC 4648 base32, the alphabet of AWS's key IDs and
	// unique IDs ([A-Z2-7]).
	base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	// base64Alphabet is the alphabet of secret access keys.
	base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	digits         = "0123456789"

	prefixLength          = 4
	accessKeyIDLength     = 20 // AKIAIOSFODNN7EXAMPLE
	uniqueIDLength        = 21 // AIDAJQABLZS4A3QDU576Q
	secretAccessKeyLength = 40 // wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
	accountIDLength       = 12
)

// NewAccessKeyID returns prefix (PrefixAccessKey or PrefixTemporaryAccessKey)
// followed by 16 random characters of [A-Z2-7]: 20 characters in all, 80 bits
// of randomness. The prefix must be four letters A-Z.
func NewAccessKeyID(prefix string) (string, error) {
	return newPrefixedID(rand.Reader, prefix, accessKeyIDLength)
}

// NewUniqueID returns prefix (PrefixUser, PrefixRole, ...) followed by 17
// random characters of [A-Z2-7]: 21 characters in all, as AWS's unique IDs
// such as AIDAJQABLZS4A3QDU576Q. The prefix must be four letters A-Z.
func NewUniqueID(prefix string) (string, error) {
	return newPrefixedID(rand.Reader, prefix, uniqueIDLength)
}

// NewSecretAccessKey returns 40 random characters of [A-Za-z0-9+/], the shape
// of an AWS secret access key: 240 bits of randomness.
func NewSecretAccessKey() (string, error) {
	b, err := appendRandom(make([]byte, 0, secretAccessKeyLength), rand.Reader, base64Alphabet, secretAccessKeyLength)
	return string(b), err
}

// NewAccountID returns a random 12-digit AWS account ID. The first digit is
// never 0, so the ID survives any tool that parses it as a number.
func NewAccountID() (string, error) {
	return newAccountID(rand.Reader)
}

// NewRequestID returns a random (version 4) UUID in its canonical lowercase
// 8-4-4-4-12 form, as AWS writes RequestId in its responses.
func NewRequestID() (string, error) {
	return newUUIDv4(rand.Reader)
}

func newPrefixedID(r io.Reader, prefix string, length int) (string, error) {
	if err := checkPrefix(prefix); err != nil {
		return "", err
	}
	b := make([]byte, 0, length)
	b = append(b, prefix...)
	b, err := appendRandom(b, r, base32Alphabet, length-prefixLength)
	return string(b), err
}

func checkPrefix(prefix string) error {
	if len(prefix) != prefixLength {
		return fmt.Errorf("secrets: ID prefix %q must be %d letters", prefix, prefixLength)
	}
	for i := range len(prefix) {
		if prefix[i] < 'A' || prefix[i] > 'Z' {
			return fmt.Errorf("secrets: ID prefix %q must be letters A-Z", prefix)
		}
	}
	return nil
}

func newAccountID(r io.Reader) (string, error) {
	b := make([]byte, 0, accountIDLength)
	b, err := appendRandom(b, r, digits[1:], 1)
	if err != nil {
		return "", err
	}
	b, err = appendRandom(b, r, digits, accountIDLength-1)
	return string(b), err
}

func newUUIDv4(r io.Reader) (string, error) {
	var u [16]byte
	if _, err := io.ReadFull(r, u[:]); err != nil {
		return "", fmt.Errorf("secrets: reading randomness: %w", err)
	}
	u[6] = u[6]&0x0f | 0x40 // version 4 (RFC 9562 §5.4)
	u[8] = u[8]&0x3f | 0x80 // variant 10xx
	var s [36]byte
	hex.Encode(s[0:8], u[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], u[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], u[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], u[8:10])
	s[23] = '-'
	hex.Encode(s[24:36], u[10:16])
	return string(s[:]), nil
}

// appendRandom appends n characters drawn uniformly from alphabet (1 to 256
// characters) to dst. Each random byte b maps to alphabet[b % len] only when
// b is below the largest multiple of len that fits in a byte; larger bytes are
// discarded. Without that rejection, for a 10-digit alphabet the digits 0-5
// would come up 26/256 of the time and 6-9 only 25/256.
func appendRandom(dst []byte, r io.Reader, alphabet string, n int) ([]byte, error) {
	size := len(alphabet)
	if size == 0 || size > 256 {
		return dst, fmt.Errorf("secrets: alphabet of %d characters, want 1 to 256", size)
	}
	limit := 256 - 256%size // bytes >= limit are rejected
	var buf [64]byte
	for n > 0 {
		// Read a little more than needed so that a few rejections rarely
		// cost another read.
		chunk := buf[:min(len(buf), n+n/4+1)]
		if _, err := io.ReadFull(r, chunk); err != nil {
			return dst, fmt.Errorf("secrets: reading randomness: %w", err)
		}
		for _, b := range chunk {
			if int(b) >= limit {
				continue
			}
			dst = append(dst, alphabet[int(b)%size])
			n--
			if n == 0 {
				break
			}
		}
	}
	return dst, nil
}
