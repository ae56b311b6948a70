package session

import (
	"errors"
	"testing"
)

// FuzzOpen: no input makes Open panic, and anything it accepts is a
// complete session that seals again.
func FuzzOpen(f *testing.F) {
	z := testSealer(f, testMaster)
	token, err := z.Seal(roleSession(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(token)
	f.Add("")
	f.Add("AQE")
	f.Add(token[:len(token)/2])
	f.Fuzz(func(t *testing.T, tok string) {
		s, err := z.Open(tok)
		if err != nil {
			if !errors.Is(err, ErrInvalidToken) {
				t.Fatalf("Open error %v does not wrap ErrInvalidToken", err)
			}
			return
		}
		if _, err := z.Seal(s); err != nil {
			t.Fatalf("an opened session does not seal again: %v", err)
		}
	})
}
