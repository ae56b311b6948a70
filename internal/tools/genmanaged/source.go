package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// dataMarker opens the Python triple-quoted string that holds moto's copy of
// AWS's managed policies, as a JSON object keyed by policy name.
const dataMarker = `aws_managed_policies_data = """`

// sourcePolicy is one entry of moto's data, as moto writes it. Document stays
// raw so that its keys keep exactly the order and spelling of the source.
type sourcePolicy struct {
	CreateDate       string          `json:"CreateDate"`
	UpdateDate       string          `json:"UpdateDate"`
	DefaultVersionID string          `json:"DefaultVersionId"`
	Path             string          `json:"Path"`
	Document         json.RawMessage `json:"Document"`
}

// extractJSON returns the JSON text inside moto's aws_managed_policies.py.
//
// The file is Python source: `aws_managed_policies_data = """ ... """`.
// Reading it directly keeps the generator free of a Python dependency, but a
// Python string literal would turn backslash escapes into other characters;
// rather than emulate Python's escape rules, the generator refuses such a
// file (moto's has none) so that it can never silently alter a document.
func extractJSON(py []byte) ([]byte, error) {
	start := bytes.Index(py, []byte(dataMarker))
	if start < 0 {
		return nil, fmt.Errorf("marker %q not found", dataMarker)
	}
	body := py[start+len(dataMarker):]
	end := bytes.Index(body, []byte(`"""`))
	if end < 0 {
		return nil, errors.New("unterminated triple-quoted string after the marker")
	}
	body = body[:end]
	if i := bytes.IndexByte(body, '\\'); i >= 0 {
		return nil, fmt.Errorf("the string holds a backslash at byte %d: Python would rewrite its escapes, which this generator does not emulate", i)
	}
	return body, nil
}

// managedPolicy is one policy ready to be written: every field checked and
// the document compacted without reordering anything.
type managedPolicy struct {
	Name         string
	sourcePolicy // its Document is compact here
}

// parseSource decodes moto's JSON object of policies, in source order. It
// fails on a duplicate name, a document that is not a JSON object, a missing
// field or a date that is not RFC 3339, because any of these would reach
// users as a wrong answer rather than an error.
func parseSource(data []byte) ([]managedPolicy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("top level: %w", err)
	}
	seen := make(map[string]bool)
	var out []managedPolicy
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("after %d policies: %w", len(out), err)
		}
		name, ok := tok.(string)
		if !ok {
			return nil, fmt.Errorf("after %d policies: expected a policy name, got %v", len(out), tok)
		}
		if seen[name] {
			return nil, fmt.Errorf("policy %q appears twice", name)
		}
		seen[name] = true
		var sp sourcePolicy
		if err := dec.Decode(&sp); err != nil {
			return nil, fmt.Errorf("policy %q: %w", name, err)
		}
		p, err := checkPolicy(name, sp)
		if err != nil {
			return nil, fmt.Errorf("policy %q: %w", name, err)
		}
		out = append(out, p)
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, fmt.Errorf("top level: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the policies object")
	}
	return out, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, got %v", want, tok)
	}
	return nil
}

// checkPolicy validates one entry and compacts its document.
func checkPolicy(name string, sp sourcePolicy) (managedPolicy, error) {
	if name == "" {
		return managedPolicy{}, errors.New("empty name")
	}
	if sp.Path == "" || sp.Path[0] != '/' || sp.Path[len(sp.Path)-1] != '/' {
		return managedPolicy{}, fmt.Errorf("path %q does not start and end with /", sp.Path)
	}
	if sp.DefaultVersionID == "" {
		return managedPolicy{}, errors.New("no DefaultVersionId")
	}
	for field, v := range map[string]string{"CreateDate": sp.CreateDate, "UpdateDate": sp.UpdateDate} {
		if _, err := time.Parse(time.RFC3339, v); err != nil {
			return managedPolicy{}, fmt.Errorf("%s: %w", field, err)
		}
	}
	var doc bytes.Buffer
	if err := json.Compact(&doc, sp.Document); err != nil {
		return managedPolicy{}, fmt.Errorf("document: %w", err)
	}
	if doc.Len() == 0 || doc.Bytes()[0] != '{' {
		return managedPolicy{}, errors.New("document is not a JSON object")
	}
	sp.Document = doc.Bytes()
	return managedPolicy{Name: name, sourcePolicy: sp}, nil
}
