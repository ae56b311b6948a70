package secrets

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestLoadOrCreateMasterKeyCreatesThenLoads(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "master.key")
	first, err := LoadOrCreateMasterKey(path)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if len(first) != KeySize {
		t.Fatalf("key is %d bytes, want %d", len(first), KeySize)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("created file mode %04o, want 0600", perm)
	}
	content, _ := os.ReadFile(path)
	if got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(content))); err != nil || !bytes.Equal(got, first) {
		t.Errorf("file does not hold the key in base64: %q", content)
	}
	second, err := LoadOrCreateMasterKey(path)
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Errorf("second call returned a different key")
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the key file", len(entries))
	}
}

func TestLoadOrCreateMasterKeyConcurrentCallersAgree(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "master.key")
	const callers = 8
	keys := make([][]byte, callers)
	errs := make([]error, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() { keys[i], errs[i] = LoadOrCreateMasterKey(path) })
	}
	wg.Wait()
	for i := range callers {
		if errs[i] != nil {
			t.Fatalf("caller %d: %v", i, errs[i])
		}
		if !bytes.Equal(keys[i], keys[0]) {
			t.Errorf("caller %d got a different key", i)
		}
	}
}

func TestLoadOrCreateMasterKeyPermissions(t *testing.T) {
	t.Parallel()
	valid := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, KeySize)) + "\n"
	tests := []struct {
		name     string
		mode     os.FileMode
		insecure bool
	}{
		{"owner read-write", 0o600, false},
		{"owner read-only", 0o400, false},
		{"group readable", 0o640, true},
		{"world readable", 0o604, true},
		{"group writable", 0o620, true},
		{"world everything", 0o777, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "master.key")
			if err := os.WriteFile(path, []byte(valid), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil { // bypass umask
				t.Fatal(err)
			}
			key, err := LoadOrCreateMasterKey(path)
			if tc.insecure {
				if !errors.Is(err, ErrInsecureKeyFile) || key != nil {
					t.Fatalf("mode %04o: got key=%v err=%v, want ErrInsecureKeyFile", tc.mode, key != nil, err)
				}
				if !strings.Contains(err.Error(), "chmod 600") {
					t.Errorf("error %q does not tell how to fix it", err)
				}
				// The file was neither used nor replaced.
				if content, _ := os.ReadFile(path); string(content) != valid {
					t.Errorf("insecure file was modified")
				}
				return
			}
			if err != nil || !bytes.Equal(key, bytes.Repeat([]byte{7}, KeySize)) {
				t.Errorf("mode %04o: key %x, %v", tc.mode, key, err)
			}
		})
	}
}

func TestLoadOrCreateMasterKeyRejectsBadFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string
	}{
		{"empty", ""},
		{"not base64", "this is not a key!"},
		{"16 bytes", base64.StdEncoding.EncodeToString(make([]byte, 16))},
		{"64 bytes", base64.StdEncoding.EncodeToString(make([]byte, 64))},
		{"huge", strings.Repeat("A", 4096)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "master.key")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if key, err := LoadOrCreateMasterKey(path); err == nil {
				t.Errorf("loaded %d-byte key from bad file", len(key))
			}
			// A bad file is reported, never silently replaced by a new key.
			if content, _ := os.ReadFile(path); string(content) != tc.content {
				t.Errorf("bad key file was overwritten")
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		if err := os.Chmod(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadOrCreateMasterKey(dir); !errors.Is(err, ErrInsecureKeyFile) {
			t.Errorf("directory as key file: %v, want ErrInsecureKeyFile", err)
		}
	})
	t.Run("missing directory", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "no", "such", "dir", "master.key")
		if _, err := LoadOrCreateMasterKey(path); err == nil {
			t.Errorf("created a key under a missing directory")
		}
	})
}

func TestParseMasterKey(t *testing.T) {
	t.Parallel()
	raw := make([]byte, KeySize)
	for i := range raw {
		raw[i] = byte(0xf0 + i) // high bytes so std and URL alphabets differ
	}
	valid := []struct{ name, s string }{
		{"std padded", base64.StdEncoding.EncodeToString(raw)},
		{"std raw", base64.RawStdEncoding.EncodeToString(raw)},
		{"url padded", base64.URLEncoding.EncodeToString(raw)},
		{"url raw", base64.RawURLEncoding.EncodeToString(raw)},
		{"whitespace", "  " + base64.StdEncoding.EncodeToString(raw) + "\r\n"},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseMasterKey(tc.s)
			if err != nil || !bytes.Equal(got, raw) {
				t.Errorf("ParseMasterKey(%q) = %x, %v", tc.s, got, err)
			}
		})
	}
	secretText := base64.StdEncoding.EncodeToString(raw[:31])
	invalid := []struct{ name, s string }{
		{"empty", ""},
		{"spaces", "   "},
		{"31 bytes", secretText},
		{"33 bytes", base64.StdEncoding.EncodeToString(append(raw, 1))},
		{"hex", strings.Repeat("ab", 32)},
		{"garbage", "not*base64"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseMasterKey(tc.s)
			if err == nil {
				t.Fatalf("ParseMasterKey(%q) succeeded", tc.s)
			}
			if strings.TrimSpace(tc.s) != "" && strings.Contains(err.Error(), strings.TrimSpace(tc.s)) {
				t.Errorf("error %q contains the key text", err)
			}
		})
	}
}
