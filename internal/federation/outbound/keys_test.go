package outbound

import (
	"encoding/json"
	"testing"
)

func TestParseKeysRefusesIncompleteSets(t *testing.T) {
	t.Parallel()
	keys, err := GenerateKeys()
	if err != nil {
		t.Fatal(err)
	}
	full, err := keys.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseKeys(full); err != nil {
		t.Fatalf("round trip: %v", err)
	}
	public, _ := json.Marshal(keys.PublicSet())
	for name, b := range map[string][]byte{
		"not JSON":    []byte("{"),
		"empty set":   []byte(`{"keys":[]}`),
		"public only": public,
	} {
		if _, err := ParseKeys(b); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}
