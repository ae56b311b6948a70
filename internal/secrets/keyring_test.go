package secrets

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
)

func randomKey(t testing.TB, id byte) Key {
	t.Helper()
	m := make([]byte, KeySize)
	rand.Read(m)
	return Key{ID: id, Material: m}
}

func newTestKeyring(t testing.TB) *Keyring {
	t.Helper()
	k, err := NewKeyring(randomKey(t, 1))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestKeyringRoundTrip(t *testing.T) {
	t.Parallel()
	k := newTestKeyring(t)
	tests := []struct {
		name      string
		plaintext []byte
		ad        []byte
	}{
		{"secret key bound to access key ID", []byte("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), []byte("AKIAIOSFODNN7EXAMPLE")},
		{"empty plaintext", nil, []byte("row")},
		{"nil associated data", []byte("x"), nil},
		{"binary", []byte{0, 1, 2, 255}, []byte{0}},
		{"large", bytes.Repeat([]byte("a"), 1<<16), []byte("big")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sealed, err := k.Seal(tc.plaintext, tc.ad)
			if err != nil {
				t.Fatal(err)
			}
			if want := headerSize + 12 + len(tc.plaintext) + 16; len(sealed) != want {
				t.Errorf("sealed length %d, want %d", len(sealed), want)
			}
			if len(tc.plaintext) > 8 && bytes.Contains(sealed, tc.plaintext[:8]) {
				t.Errorf("sealed value contains the plaintext")
			}
			got, err := k.Open(sealed, tc.ad)
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if !bytes.Equal(got, tc.plaintext) {
				t.Errorf("Open = %q, want %q", got, tc.plaintext)
			}
			if id, err := KeyIDOf(sealed); err != nil || id != 1 {
				t.Errorf("KeyIDOf = %d, %v; want 1", id, err)
			}
		})
	}
}

func TestKeyringSealIsRandomized(t *testing.T) {
	t.Parallel()
	k := newTestKeyring(t)
	a, _ := k.Seal([]byte("same"), []byte("ad"))
	b, _ := k.Seal([]byte("same"), []byte("ad"))
	if bytes.Equal(a, b) {
		t.Errorf("two seals of one plaintext are identical: nonce reuse")
	}
}

// TestKeyringTamper flips one bit in every byte of a sealed value, covering
// each region (version, key ID, nonce, ciphertext, tag), and truncates it at
// every length: Open must fail every time.
func TestKeyringTamper(t *testing.T) {
	t.Parallel()
	k := newTestKeyring(t)
	ad := []byte("AKIAIOSFODNN7EXAMPLE")
	sealed, err := k.Seal([]byte("the secret access key"), ad)
	if err != nil {
		t.Fatal(err)
	}
	region := func(i int) string {
		switch {
		case i == 0:
			return "version"
		case i == 1:
			return "key ID"
		case i < headerSize+12:
			return "nonce"
		case i < len(sealed)-16:
			return "ciphertext"
		default:
			return "tag"
		}
	}
	for i := range sealed {
		for _, mask := range []byte{0x01, 0x80, 0xff} {
			tampered := bytes.Clone(sealed)
			tampered[i] ^= mask
			if got, err := k.Open(tampered, ad); err == nil {
				t.Errorf("flip %#x at byte %d (%s): Open = %q, want error", mask, i, region(i), got)
			} else if !errors.Is(err, ErrInvalidCiphertext) && !errors.Is(err, ErrUnknownKey) {
				t.Errorf("flip at byte %d (%s): error %v wraps neither sentinel", i, region(i), err)
			}
		}
	}
	for n := range len(sealed) {
		if _, err := k.Open(sealed[:n], ad); !errors.Is(err, ErrInvalidCiphertext) {
			t.Errorf("truncated to %d bytes: error %v, want ErrInvalidCiphertext", n, err)
		}
	}
	if _, err := k.Open(append(bytes.Clone(sealed), 0), ad); !errors.Is(err, ErrInvalidCiphertext) {
		t.Errorf("extended by one byte: error %v, want ErrInvalidCiphertext", err)
	}
	// The original still opens: the loop above did not corrupt it.
	if _, err := k.Open(sealed, ad); err != nil {
		t.Fatalf("untampered Open: %v", err)
	}
}

func TestKeyringRejectsWrongAssociatedData(t *testing.T) {
	t.Parallel()
	k := newTestKeyring(t)
	sealed, _ := k.Seal([]byte("secret of key A"), []byte("AKIAAAAAAAAAAAAAAAAA"))
	for _, ad := range [][]byte{
		[]byte("AKIABBBBBBBBBBBBBBBB"), // another row
		[]byte("AKIAAAAAAAAAAAAAAAA"),  // prefix
		[]byte("AKIAAAAAAAAAAAAAAAAAA"),
		nil,
	} {
		if _, err := k.Open(sealed, ad); !errors.Is(err, ErrInvalidCiphertext) {
			t.Errorf("Open with associated data %q: %v, want ErrInvalidCiphertext", ad, err)
		}
	}
}

func TestKeyringRotation(t *testing.T) {
	t.Parallel()
	oldKey, newKey := randomKey(t, 1), randomKey(t, 2)
	before, err := NewKeyring(oldKey)
	if err != nil {
		t.Fatal(err)
	}
	sealedOld, _ := before.Seal([]byte("old"), []byte("ad"))

	after, err := NewKeyring(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if after.CurrentKeyID() != 2 {
		t.Errorf("CurrentKeyID = %d, want 2", after.CurrentKeyID())
	}
	if got, err := after.Open(sealedOld, []byte("ad")); err != nil || string(got) != "old" {
		t.Errorf("Open(old ciphertext) after rotation = %q, %v", got, err)
	}
	sealedNew, _ := after.Seal([]byte("new"), []byte("ad"))
	if id, _ := KeyIDOf(sealedNew); id != 2 {
		t.Errorf("new ciphertext sealed with key %d, want 2", id)
	}
	// The pre-rotation keyring does not know key 2.
	if _, err := before.Open(sealedNew, []byte("ad")); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("Open with unknown key ID: %v, want ErrUnknownKey", err)
	}
	// Same ID, different material: authentication fails.
	impostor, _ := NewKeyring(randomKey(t, 1))
	if _, err := impostor.Open(sealedOld, []byte("ad")); !errors.Is(err, ErrInvalidCiphertext) {
		t.Errorf("Open with wrong key material: %v, want ErrInvalidCiphertext", err)
	}
}

func TestNewKeyringRejectsBadKeys(t *testing.T) {
	t.Parallel()
	good := randomKey(t, 1)
	tests := []struct {
		name    string
		current Key
		older   []Key
	}{
		{"short key", Key{ID: 1, Material: make([]byte, 16)}, nil},
		{"nil key", Key{ID: 1}, nil},
		{"long key", Key{ID: 1, Material: make([]byte, 33)}, nil},
		{"duplicate ID", good, []Key{randomKey(t, 1)}},
		{"bad older key", good, []Key{{ID: 2, Material: make([]byte, 24)}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := NewKeyring(tc.current, tc.older...); err == nil {
				t.Errorf("NewKeyring succeeded, want error")
			}
		})
	}
}

func TestSealToStringRoundTrip(t *testing.T) {
	t.Parallel()
	k := newTestKeyring(t)
	token, err := k.SealToString([]byte(`{"arn":"arn:aws:sts::123456789012:assumed-role/r/s"}`), []byte("sts"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(token, "+/=") {
		t.Errorf("token %q is not unpadded URL-safe base64", token)
	}
	got, err := k.OpenString(token, []byte("sts"))
	if err != nil || !strings.Contains(string(got), "assumed-role") {
		t.Errorf("OpenString = %q, %v", got, err)
	}
	bad := []struct{ name, token string }{
		{"empty", ""},
		{"not base64", "!!!!"},
		{"std alphabet", strings.NewReplacer("-", "+", "_", "/").Replace(token) + "+"},
		{"padded", token + "="},
		{"truncated", token[:len(token)-2]},
		{"re-encoded tampered", tamperB64(token)},
	}
	for _, tc := range bad {
		if _, err := k.OpenString(tc.token, []byte("sts")); !errors.Is(err, ErrInvalidCiphertext) {
			t.Errorf("OpenString(%s): %v, want ErrInvalidCiphertext", tc.name, err)
		}
	}
}

func tamperB64(token string) string {
	raw, _ := base64.RawURLEncoding.DecodeString(token)
	raw[len(raw)/2] ^= 1
	return base64.RawURLEncoding.EncodeToString(raw)
}

func TestDeriveKey(t *testing.T) {
	t.Parallel()
	master := randomKey(t, 0).Material
	a1, err := DeriveKey(master, "access keys v1")
	if err != nil {
		t.Fatal(err)
	}
	a2, _ := DeriveKey(master, "access keys v1")
	b, _ := DeriveKey(master, "session tokens v1")
	if len(a1) != KeySize || !bytes.Equal(a1, a2) {
		t.Errorf("DeriveKey is not a deterministic %d-byte key", KeySize)
	}
	if bytes.Equal(a1, b) || bytes.Equal(a1, master) {
		t.Errorf("DeriveKey does not separate purposes")
	}
	// A value sealed under one purpose's key does not open under another's.
	ka, _ := NewKeyring(Key{ID: 1, Material: a1})
	kb, _ := NewKeyring(Key{ID: 1, Material: b})
	sealed, _ := ka.Seal([]byte("x"), nil)
	if _, err := kb.Open(sealed, nil); err == nil {
		t.Errorf("ciphertext opened under another purpose's key")
	}
	if _, err := DeriveKey(master[:16], "p"); err == nil {
		t.Errorf("DeriveKey accepted a short master key")
	}
	if _, err := DeriveKey(master, ""); err == nil {
		t.Errorf("DeriveKey accepted an empty purpose")
	}
}

func BenchmarkKeyringSeal(b *testing.B) {
	k := newTestKeyring(b)
	plaintext := []byte("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	ad := []byte("AKIAIOSFODNN7EXAMPLE")
	b.SetBytes(int64(len(plaintext)))
	for b.Loop() {
		if _, err := k.Seal(plaintext, ad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKeyringOpen(b *testing.B) {
	k := newTestKeyring(b)
	plaintext := []byte("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	ad := []byte("AKIAIOSFODNN7EXAMPLE")
	sealed, _ := k.Seal(plaintext, ad)
	b.SetBytes(int64(len(plaintext)))
	for b.Loop() {
		if _, err := k.Open(sealed, ad); err != nil {
			b.Fatal(err)
		}
	}
}
