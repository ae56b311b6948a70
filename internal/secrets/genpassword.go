package secrets

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
)

// CharClass is a class of characters a generated password must contain.
type CharClass int

// The character classes of IAM's account password policy
// (RequireUppercaseCharacters, RequireLowercaseCharacters, RequireNumbers,
// RequireSymbols).
const (
	Uppercase CharClass = iota // A-Z
	Lowercase                  // a-z
	Digits                     // 0-9
	Symbols                    // PasswordSymbols
)

// PasswordSymbols are the non-alphanumeric characters IAM's password policy
// counts as symbols: ! @ # $ % ^ & * ( ) _ + - = [ ] { } | '
// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccountPasswordPolicy.html).
const PasswordSymbols = "!@#$%^&*()_+-=[]{}|'"

// MaxPasswordLength is the longest password IAM accepts.
const MaxPasswordLength = 128

// maxPasswordAttempts bounds rejection sampling in GeneratePassword. Even the
// worst case (four classes in a four-character password) is accepted with
// probability about 7%, so hitting the bound means the random source is
// broken, not bad luck.
const maxPasswordAttempts = 10000

var classAlphabets = [...]string{
	Uppercase: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
	Lowercase: "abcdefghijklmnopqrstuvwxyz",
	Digits:    "0123456789",
	Symbols:   PasswordSymbols,
}

// GeneratePassword returns a random password of length characters that
// contains at least one character of each of classes, and only characters of
// those classes. With no classes it uses all four, as the AWS console does
// for generated passwords. The result is uniform over all such passwords:
// candidates are drawn from the union alphabet and redrawn until every class
// appears, rather than forcing one character per class into fixed slots.
func GeneratePassword(length int, classes ...CharClass) (string, error) {
	return generatePassword(rand.Reader, length, classes...)
}

func generatePassword(r io.Reader, length int, classes ...CharClass) (string, error) {
	if len(classes) == 0 {
		classes = []CharClass{Uppercase, Lowercase, Digits, Symbols}
	}
	var seen [len(classAlphabets)]bool
	var alphabet strings.Builder
	required := 0
	for _, c := range classes {
		if c < 0 || int(c) >= len(classAlphabets) {
			return "", fmt.Errorf("secrets: unknown character class %d", c)
		}
		if !seen[c] {
			seen[c] = true
			required++
			alphabet.WriteString(classAlphabets[c])
		}
	}
	if length < required || length > MaxPasswordLength {
		return "", fmt.Errorf("secrets: password length %d must be between %d and %d", length, required, MaxPasswordLength)
	}
	buf := make([]byte, 0, length)
	for range maxPasswordAttempts {
		var err error
		buf, err = appendRandom(buf[:0], r, alphabet.String(), length)
		if err != nil {
			return "", err
		}
		if containsEveryClass(buf, seen) {
			return string(buf), nil
		}
	}
	return "", errors.New("secrets: could not generate a password: random source looks broken")
}

func containsEveryClass(password []byte, want [len(classAlphabets)]bool) bool {
	var found [len(classAlphabets)]bool
	for _, ch := range password {
		for c, alphabet := range classAlphabets {
			if strings.IndexByte(alphabet, ch) >= 0 {
				found[c] = true
			}
		}
	}
	return found == want
}
