package awsmanaged

import (
	"bytes"
	"compress/gzip"
	_ "embed" // for policies.json.gz
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"sync"
)

// embedded is the catalog written by internal/tools/genmanaged: a gzip'd JSON
// array of records sorted by name.
//
//go:embed policies.json.gz
var embedded []byte

// record is one element of policies.json.gz, as genmanaged writes it.
type record struct {
	Name             string `json:"name"`
	Path             string `json:"path"`
	CreateDate       string `json:"createDate"`
	UpdateDate       string `json:"updateDate"`
	DefaultVersionID string `json:"defaultVersionId"`
	Document         string `json:"document"`
}

// catalog is the decoded, indexed data. It never changes once built.
type catalog struct {
	sorted []*Policy
	byARN  map[string]*Policy
}

var (
	loadOnce sync.Once
	loaded   *catalog
	loadErr  error
)

// get returns the catalog, decoding the embedded file on first use.
func get() *catalog {
	loadOnce.Do(func() {
		loaded, loadErr = decode(embedded)
		if loadErr != nil {
			loaded = &catalog{byARN: map[string]*Policy{}}
		}
	})
	return loaded
}

// Load decodes the catalog now rather than on first use, and reports whether
// the embedded data was usable. A server calls it at start-up so that the
// first ListPolicies does not pay for decoding, and so that a broken build
// fails loudly; after an error the catalog is empty.
func Load() error {
	get()
	return loadErr
}

// All returns every AWS managed policy, sorted by name as ListPolicies
// returns them. The slice is the caller's own; the policies are shared and
// must not be modified.
func All() []*Policy {
	c := get()
	out := make([]*Policy, len(c.sorted))
	copy(out, c.sorted)
	return out
}

// ByARN returns the policy whose ARN is exactly arn. ARNs are case-sensitive,
// so "arn:aws:iam::aws:policy/administratoraccess" is not found.
func ByARN(arn string) (*Policy, bool) {
	p, ok := get().byARN[arn]
	return p, ok
}

// Count returns the number of AWS managed policies in the catalog.
func Count() int {
	return len(get().sorted)
}

// decode reads the gzip'd JSON array one record at a time, so the whole
// decompressed text (about 3 MB) is never held at once: each document exists
// only as its Policy's string.
func decode(gz []byte) (*catalog, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, fmt.Errorf("awsmanaged: embedded catalog: %w", err)
	}
	defer zr.Close()
	dec := json.NewDecoder(zr)
	if err := expectDelim(dec, '['); err != nil {
		return nil, fmt.Errorf("awsmanaged: embedded catalog: %w", err)
	}
	c := &catalog{byARN: make(map[string]*Policy, 2048)}
	for dec.More() {
		var r record
		if err := dec.Decode(&r); err != nil {
			return nil, fmt.Errorf("awsmanaged: embedded catalog, record %d: %w", len(c.sorted), err)
		}
		p, err := newPolicy(r)
		if err != nil {
			return nil, fmt.Errorf("awsmanaged: embedded catalog: %w", err)
		}
		if _, dup := c.byARN[p.ARN]; dup {
			return nil, fmt.Errorf("awsmanaged: embedded catalog: %s appears twice", p.ARN)
		}
		c.byARN[p.ARN] = p
		c.sorted = append(c.sorted, p)
	}
	if err := expectDelim(dec, ']'); err != nil {
		return nil, fmt.Errorf("awsmanaged: embedded catalog: %w", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("awsmanaged: embedded catalog: trailing data after the array")
	}
	// The generator sorts; sorting again is cheap and makes the order a
	// property of this package rather than of the file.
	sort.Slice(c.sorted, func(i, j int) bool {
		a, b := c.sorted[i], c.sorted[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		return a.ARN < b.ARN
	})
	return c, nil
}

// expectDelim consumes the next token and checks that it is want.
func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return fmt.Errorf("expected %q: %w", want, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}
