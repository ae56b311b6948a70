package session

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strconv"
)

// Temporary access key IDs carry their account, laid out as AWS lays out
// its own key IDs, so that sts:GetAccessKeyInfo answers for an ASIA key
// without its token and without any stored row (iamd keeps none per
// session, by design). The 16 characters after the prefix are the base32 of
// 10 bytes; bits 46..7 of the first six bytes, read big-endian, are the
// account ID, the remaining 41 bits random. This is the layout the public
// decoders of AWS key IDs read (for example
// https://awsteele.com/blog/2020/09/26/aws-access-key-format.html), so
// those tools agree with iamd. The key ID is not a secret and needs no
// uniqueness: the session token, which must match it, is what authenticates.

// accountMask selects the account bits of the 48-bit head.
const accountMask uint64 = 0x7fffffffff80

// maxAccount is the largest 12-digit account ID.
const maxAccount = 999_999_999_999

var keyIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// TemporaryKeyPrefix starts every temporary access key ID.
const TemporaryKeyPrefix = "ASIA"

// NewAccessKeyID returns a fresh ASIA... key ID (20 characters of
// [A-Z2-7]) encoding accountID, a 12-digit account ID.
func NewAccessKeyID(accountID string) (string, error) {
	acct, err := parseAccount(accountID)
	if err != nil {
		return "", err
	}
	var b [10]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("session: access key ID: %w", err)
	}
	head := uint64(0)
	for i := range 6 {
		head = head<<8 | uint64(b[i])
	}
	head = head&^accountMask | acct<<7
	for i := 5; i >= 0; i-- {
		b[i] = byte(head)
		head >>= 8
	}
	return TemporaryKeyPrefix + keyIDEncoding.EncodeToString(b[:]), nil
}

// AccountFromAccessKeyID decodes the account ID from an access key ID laid
// out as NewAccessKeyID (and AWS) lays it out. ok is false when the ID is
// not 20 characters of a 4-letter prefix and base32, or decodes to no
// 12-digit account.
func AccountFromAccessKeyID(keyID string) (accountID string, ok bool) {
	if len(keyID) != 20 {
		return "", false
	}
	b, err := keyIDEncoding.DecodeString(keyID[4:])
	if err != nil || len(b) != 10 {
		return "", false
	}
	head := uint64(0)
	for i := range 6 {
		head = head<<8 | uint64(b[i])
	}
	acct := (head & accountMask) >> 7
	if acct > maxAccount {
		return "", false
	}
	return fmt.Sprintf("%012d", acct), true
}

func parseAccount(accountID string) (uint64, error) {
	if len(accountID) != 12 {
		return 0, fmt.Errorf("session: account ID %q is not 12 digits", accountID)
	}
	n, err := strconv.ParseUint(accountID, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("session: account ID %q is not 12 digits", accountID)
	}
	return n, nil
}
