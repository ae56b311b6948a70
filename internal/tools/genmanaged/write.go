package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// record is one element of policies.json.gz. internal/awsmanaged decodes the
// same field names; its tests check the committed file, so a drift between
// the two shows up there.
type record struct {
	Name             string `json:"name"`
	Path             string `json:"path"`
	CreateDate       string `json:"createDate"`
	UpdateDate       string `json:"updateDate"`
	DefaultVersionID string `json:"defaultVersionId"`
	// Document is the policy document as compact JSON text, keys in the
	// source's order, so it can be returned to clients byte for byte.
	Document string `json:"document"`
}

// encodeCatalog renders the policies as a JSON array sorted by name, one
// record per line so that the decompressed file reads well in a diff.
func encodeCatalog(policies []managedPolicy) ([]byte, error) {
	sorted := make([]managedPolicy, len(policies))
	copy(sorted, policies)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Name < sorted[j].Name })

	var buf bytes.Buffer
	buf.WriteString("[\n")
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "<", ">" and "&" readable; the bytes decode the same
	for i, p := range sorted {
		if i > 0 {
			buf.WriteString(",\n")
		}
		err := enc.Encode(record{
			Name:             p.Name,
			Path:             p.Path,
			CreateDate:       p.CreateDate,
			UpdateDate:       p.UpdateDate,
			DefaultVersionID: p.DefaultVersionID,
			Document:         string(p.Document),
		})
		if err != nil {
			return nil, fmt.Errorf("encode %q: %w", p.Name, err)
		}
		buf.Truncate(buf.Len() - 1) // Encode ends each value with a newline
	}
	buf.WriteString("\n]\n")
	return buf.Bytes(), nil
}

// gzipDeterministic compresses data so that equal input always gives equal
// bytes: the header carries no name, no comment and a zero modification time,
// and the compression level is fixed.
func gzipDeterministic(data []byte) ([]byte, error) {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	// The zero Header (ModTime zero, OS unknown) is what NewWriterLevel sets;
	// nothing here depends on the clock or the machine.
	if _, err := zw.Write(data); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return buf.Bytes(), nil
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory, so an interrupted run never leaves a truncated catalog.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".genmanaged-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
