package secrets

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// ErrInsecureKeyFile is wrapped by LoadOrCreateMasterKey's error when the key
// file can be read by group or others, or is not a regular file.
var ErrInsecureKeyFile = errors.New("insecure master key file")

// maxKeyFileSize bounds what is read from a key file: base64 of 32 bytes is
// 44 characters, plus a newline or some whitespace.
const maxKeyFileSize = 1024

// LoadOrCreateMasterKey returns the KeySize-byte master key stored base64 in
// the file at path, creating the file with a fresh random key and mode 0600
// if it does not exist. An existing file that group or others may read (any
// bit of 0077), or that is not a regular file, is refused with an error
// wrapping ErrInsecureKeyFile rather than used: whoever can read it can read
// every secret iamd stores.
//
// Creation is atomic: the key is written to a temporary file in the same
// directory, synced, and hard-linked into place, which fails if another
// process created path first; that process's key is then read and returned,
// so two processes starting together agree on one key.
func LoadOrCreateMasterKey(path string) ([]byte, error) {
	key, err := readMasterKeyFile(path)
	if !errors.Is(err, fs.ErrNotExist) {
		return key, err
	}
	if err := createMasterKeyFile(path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return readMasterKeyFile(path)
		}
		return nil, err
	}
	return readMasterKeyFile(path)
}

// ParseMasterKey decodes an operator-supplied master key: base64 (standard or
// URL alphabet, padded or not) of exactly KeySize bytes, surrounding
// whitespace ignored. Its errors never contain the key text.
func ParseMasterKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("secrets: master key is empty")
	}
	for _, enc := range []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	} {
		key, err := enc.DecodeString(s)
		if err != nil {
			continue
		}
		if len(key) != KeySize {
			return nil, fmt.Errorf("secrets: master key decodes to %d bytes, want %d (generate one with: head -c 32 /dev/urandom | base64)",
				len(key), KeySize)
		}
		return key, nil
	}
	return nil, fmt.Errorf("secrets: master key is not valid base64 (%d characters)", len(s))
}

// readMasterKeyFile opens path, checks its mode on the opened file (so the
// check and the read see the same file) and parses its content.
func readMasterKeyFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("secrets: master key file: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("secrets: master key file: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("secrets: master key file %s: %w: not a regular file", path, ErrInsecureKeyFile)
	}
	if perm := info.Mode().Perm(); perm&0o077 != 0 {
		return nil, fmt.Errorf("secrets: master key file %s: %w: mode %04o lets group or others read it; run chmod 600 %s",
			path, ErrInsecureKeyFile, perm, path)
	}
	content, err := io.ReadAll(io.LimitReader(f, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("secrets: master key file %s: %w", path, err)
	}
	if len(content) > maxKeyFileSize {
		return nil, fmt.Errorf("secrets: master key file %s is larger than %d bytes", path, maxKeyFileSize)
	}
	key, err := ParseMasterKey(string(content))
	if err != nil {
		return nil, fmt.Errorf("master key file %s: %w", path, err)
	}
	return key, nil
}

// createMasterKeyFile writes a new random key to path, failing with an error
// wrapping fs.ErrExist if path already exists.
func createMasterKeyFile(path string) (err error) {
	dir := filepath.Dir(path)
	// CreateTemp makes the file with mode 0600, so the key is never readable
	// by others, not even for a moment.
	tmp, err := os.CreateTemp(dir, ".masterkey-*")
	if err != nil {
		return fmt.Errorf("secrets: creating master key file: %w", err)
	}
	defer func() {
		tmp.Close()
		os.Remove(tmp.Name())
	}()
	key := make([]byte, KeySize)
	if _, err := io.ReadFull(rand.Reader, key); err != nil {
		return fmt.Errorf("secrets: creating master key: %w", err)
	}
	if _, err := tmp.WriteString(base64.StdEncoding.EncodeToString(key) + "\n"); err != nil {
		return fmt.Errorf("secrets: writing master key file: %w", err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("secrets: writing master key file: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("secrets: writing master key file: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("secrets: creating master key file: %w", err)
	}
	// Sync the directory so the new name survives a crash.
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
