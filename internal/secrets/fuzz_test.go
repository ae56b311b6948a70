package secrets

import (
	"bytes"
	"testing"
)

// FuzzParsePHC checks that any input parses without panicking, that an
// accepted input is within bounds (so Verify could never be made to allocate
// more than maxMemoryKiB), and that it is in canonical form: formatting the
// parsed value gives back the input exactly.
func FuzzParsePHC(f *testing.F) {
	f.Add("$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=65536,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g")
	f.Add("$argon2i$v=19$m=64,t=1,p=1$$")
	f.Add("$argon2id$v=19$m=064,t=1,p=1$AA$AA")
	f.Add("$$$$$")
	f.Add("")
	f.Fuzz(func(t *testing.T, encoded string) {
		params, salt, key, err := parsePHC(encoded)
		if err != nil {
			return
		}
		if params.Validate() != nil || params.Memory > maxMemoryKiB {
			t.Fatalf("accepted out-of-bounds params %+v from %q", params, encoded)
		}
		if got := formatPHC(params, salt, key); got != encoded {
			t.Fatalf("non-canonical input accepted: %q formats back as %q", encoded, got)
		}
	})
}

// FuzzKeyringOpen checks that Open never panics and never accepts data it
// did not seal, and that whatever it sealed opens.
func FuzzKeyringOpen(f *testing.F) {
	k := newTestKeyring(f)
	sealed, err := k.Seal([]byte("seed"), []byte("ad"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sealed, []byte("ad"))
	f.Add([]byte{}, []byte{})
	f.Add([]byte{1, 1}, []byte("ad"))
	f.Add([]byte{1, 9, 0, 0}, []byte(nil))
	f.Fuzz(func(t *testing.T, data, ad []byte) {
		if got, err := k.Open(data, ad); err == nil && !bytes.Equal(data, sealed) {
			t.Fatalf("Open accepted forged input %x -> %q", data, got)
		}
		if s, err := k.OpenString(string(data), ad); err == nil {
			t.Fatalf("OpenString accepted forged input %q -> %q", data, s)
		}
		resealed, err := k.Seal(data, ad)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := k.Open(resealed, ad); err != nil || !bytes.Equal(got, data) {
			t.Fatalf("round trip of %x failed: %q, %v", data, got, err)
		}
	})
}
