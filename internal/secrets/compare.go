package secrets

import "crypto/subtle"

// Equal compares a and b in constant time for inputs of equal length, for
// checking signatures, tokens and other secrets. The time taken still
// depends on the lengths, so Equal reveals whether the lengths differ; that
// is acceptable because the expected lengths are public (a signature is
// always 64 hex characters). Hash variable-length secrets first if their
// length matters.
func Equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
