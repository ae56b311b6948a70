package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
)

// KeySize is the size in bytes of a keyring key and of the master key:
// AES-256.
const KeySize = 32

// sealVersion is the first byte of every sealed value. A new layout would
// take a new version, and Open would keep reading the old one.
const sealVersion byte = 1

// headerSize is version + key ID. The header is authenticated as part of the
// associated data, so neither byte can be altered undetected.
const headerSize = 2

// Errors from Open. Both are wrapped, with context, by the errors Open
// returns; test them with errors.Is.
var (
	// ErrInvalidCiphertext means a sealed value is truncated, has an unknown
	// version, was tampered with, or was sealed with other associated data.
	ErrInvalidCiphertext = errors.New("invalid ciphertext")
	// ErrUnknownKey means a sealed value names a key ID the keyring does not
	// hold, typically a key that was rotated out too early.
	ErrUnknownKey = errors.New("unknown key ID")
)

// Key is one AES-256 key of a Keyring with the one-byte ID that sealed values
// carry.
type Key struct {
	ID       byte
	Material []byte
}

// Keyring seals and opens values with AES-256-GCM. It seals with its current
// key and opens with any key it holds, so that keys can rotate: add a new
// current key, keep the old ones until everything has been re-sealed. A
// Keyring is immutable and safe for concurrent use.
//
// Sealed layout: version (1 byte) | key ID (1 byte) | nonce (12 bytes) |
// ciphertext | GCM tag (16 bytes). Nonces are random, so one key must seal
// fewer than 2^32 values; rotate well before that.
type Keyring struct {
	currentID byte
	aeads     map[byte]cipher.AEAD
}

// NewKeyring returns a keyring that seals with current and opens with current
// and any of older. Every key must be KeySize bytes and IDs must be distinct.
func NewKeyring(current Key, older ...Key) (*Keyring, error) {
	k := &Keyring{currentID: current.ID, aeads: make(map[byte]cipher.AEAD, 1+len(older))}
	for _, key := range append([]Key{current}, older...) {
		if _, dup := k.aeads[key.ID]; dup {
			return nil, fmt.Errorf("secrets: keyring: duplicate key ID %d", key.ID)
		}
		if len(key.Material) != KeySize {
			return nil, fmt.Errorf("secrets: keyring: key %d is %d bytes, want %d", key.ID, len(key.Material), KeySize)
		}
		block, err := aes.NewCipher(key.Material)
		if err != nil {
			return nil, fmt.Errorf("secrets: keyring: key %d: %w", key.ID, err)
		}
		// NewGCMWithRandomNonce draws the nonce itself and prepends it, so
		// no caller can ever reuse one by mistake.
		aead, err := cipher.NewGCMWithRandomNonce(block)
		if err != nil {
			return nil, fmt.Errorf("secrets: keyring: key %d: %w", key.ID, err)
		}
		k.aeads[key.ID] = aead
	}
	return k, nil
}

// CurrentKeyID returns the ID of the key Seal uses.
func (k *Keyring) CurrentKeyID() byte { return k.currentID }

// Seal encrypts and authenticates plaintext with the current key, binding it
// to associatedData: Open succeeds only with the same associated data. Pass
// what identifies the row the value belongs to (for a secret access key, its
// access key ID), so that a ciphertext moved to another row fails to open.
func (k *Keyring) Seal(plaintext, associatedData []byte) ([]byte, error) {
	aead := k.aeads[k.currentID]
	out := make([]byte, headerSize, headerSize+len(plaintext)+aead.Overhead())
	out[0], out[1] = sealVersion, k.currentID
	return aead.Seal(out, nil, plaintext, sealAD(out[:headerSize], associatedData)), nil
}

// Open authenticates and decrypts a value made by Seal with the same
// associated data. It fails, wrapping ErrInvalidCiphertext or ErrUnknownKey,
// on any truncation or alteration, an unknown version or key ID, or other
// associated data; it never returns partial plaintext.
func (k *Keyring) Open(sealed, associatedData []byte) ([]byte, error) {
	if len(sealed) < headerSize {
		return nil, fmt.Errorf("secrets: open: %w: %d bytes is too short", ErrInvalidCiphertext, len(sealed))
	}
	if sealed[0] != sealVersion {
		return nil, fmt.Errorf("secrets: open: %w: unsupported version %d", ErrInvalidCiphertext, sealed[0])
	}
	aead, ok := k.aeads[sealed[1]]
	if !ok {
		return nil, fmt.Errorf("secrets: open: %w %d", ErrUnknownKey, sealed[1])
	}
	body := sealed[headerSize:]
	if len(body) < aead.Overhead() {
		return nil, fmt.Errorf("secrets: open: %w: %d bytes is too short", ErrInvalidCiphertext, len(sealed))
	}
	plaintext, err := aead.Open(nil, nil, body, sealAD(sealed[:headerSize], associatedData))
	if err != nil {
		// GCM says only "message authentication failed"; tampering and
		// wrong associated data are indistinguishable, by design.
		return nil, fmt.Errorf("secrets: open: %w: authentication failed", ErrInvalidCiphertext)
	}
	return plaintext, nil
}

// KeyIDOf returns the ID of the key that sealed a value, so that a rotation
// job can find values still sealed under an old key. It does not
// authenticate the value.
func KeyIDOf(sealed []byte) (byte, error) {
	if len(sealed) < headerSize || sealed[0] != sealVersion {
		return 0, fmt.Errorf("secrets: %w: no valid header", ErrInvalidCiphertext)
	}
	return sealed[1], nil
}

// SealToString is Seal followed by unpadded URL-safe base64, for values that
// travel in URLs, headers or form fields, such as STS session tokens.
func (k *Keyring) SealToString(plaintext, associatedData []byte) (string, error) {
	sealed, err := k.Seal(plaintext, associatedData)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

// OpenString reverses SealToString. Input that is not valid base64 fails
// with ErrInvalidCiphertext too.
func (k *Keyring) OpenString(s string, associatedData []byte) ([]byte, error) {
	sealed, err := base64.RawURLEncoding.Strict().DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("secrets: open: %w: not base64url", ErrInvalidCiphertext)
	}
	return k.Open(sealed, associatedData)
}

// sealAD is the associated data GCM authenticates: the header, then the
// caller's associated data. The header has a fixed size, so the
// concatenation is unambiguous.
func sealAD(header, associatedData []byte) []byte {
	ad := make([]byte, 0, len(header)+len(associatedData))
	ad = append(ad, header...)
	return append(ad, associatedData...)
}

// DeriveKey derives a KeySize-byte key for one purpose (for example
// "iamd access-key secrets v1" or "iamd sts session tokens v1") from the master
// key with HKDF-SHA-256 (RFC 5869). Keys for different purposes are
// independent, so a value sealed for one purpose never opens as another even
// if the associated data happened to coincide.
func DeriveKey(master []byte, purpose string) ([]byte, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("secrets: derive key: master key is %d bytes, want %d", len(master), KeySize)
	}
	if purpose == "" {
		return nil, errors.New("secrets: derive key: empty purpose")
	}
	key, err := hkdf.Key(sha256.New, master, nil, purpose, KeySize)
	if err != nil {
		return nil, fmt.Errorf("secrets: derive key: %w", err)
	}
	return key, nil
}
