package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// readCatalog decompresses a generated file and decodes its records.
func readCatalog(t *testing.T, gz []byte) (records []record, header gzip.Header) {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	js, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &records); err != nil {
		t.Fatal(err)
	}
	return records, zr.Header
}

func writeFake(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "aws_managed_policies.py")
	if err := os.WriteFile(src, fakeSource("{"+fakeB+",\n"+fakeA+"}"), 0o644); err != nil {
		t.Fatal(err)
	}
	return src
}

func TestRunWritesSortedDeterministicCatalog(t *testing.T) {
	t.Parallel()
	src := writeFake(t)
	dir := t.TempDir()
	var files [][]byte
	for i, name := range []string{"one.json.gz", "two.json.gz"} {
		var out strings.Builder
		dst := filepath.Join(dir, name)
		if err := run([]string{"-src", src, "-out", dst}, &out); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
		if !strings.Contains(out.String(), "2 AWS managed policies") || !strings.Contains(out.String(), "bytes") {
			t.Errorf("progress output = %q", out.String())
		}
		data, err := os.ReadFile(dst)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, data)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two runs on the same source wrote different bytes")
	}
	records, header := readCatalog(t, files[0])
	if !header.ModTime.IsZero() || header.Name != "" || header.Comment != "" || len(header.Extra) != 0 {
		t.Errorf("gzip header carries %+v; want it empty", header)
	}
	want := []record{
		{Name: "A", Path: "/aws-service-role/", CreateDate: "2018-04-19T18:04:44+00:00", UpdateDate: "2018-04-19T18:04:44+00:00", DefaultVersionID: "v1",
			Document: `{"Statement":{"Sid":"Z","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::<b>&"},"Version":"2012-10-17"}`},
		{Name: "B", Path: "/", CreateDate: "2015-02-06T18:39:46+00:00", UpdateDate: "2016-01-01T00:00:00+00:00", DefaultVersionID: "v2",
			Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`},
	}
	if len(records) != len(want) {
		t.Fatalf("got %d records, want %d", len(records), len(want))
	}
	for i := range want {
		if records[i] != want[i] {
			t.Errorf("record %d = %+v\nwant %+v", i, records[i], want[i])
		}
	}
}

func TestRunErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.py")
	if err := os.WriteFile(bad, []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.py")
	if err := os.WriteFile(empty, fakeSource("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"missing source", []string{"-src", filepath.Join(dir, "nope.py"), "-out", filepath.Join(dir, "o.gz")}, "read source"},
		{"not moto's file", []string{"-src", bad, "-out", filepath.Join(dir, "o.gz")}, "not found"},
		{"no policies", []string{"-src", empty, "-out", filepath.Join(dir, "o.gz")}, "no policies"},
		{"stray argument", []string{"-src", bad, "extra"}, "unexpected arguments"},
		{"unwritable output", []string{"-src", writeFake(t), "-out", filepath.Join(dir, "no-such-dir", "o.gz")}, "write"},
	}
	// Cleanup runs after the parallel subtests have finished.
	t.Cleanup(func() {
		if _, err := os.Stat(filepath.Join(dir, "o.gz")); !os.IsNotExist(err) {
			t.Errorf("a failed run left an output file: %v", err)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := run(tt.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}

// motoSource returns moto's data file, or skips when python3 and moto are
// missing, except in CI (CI=true), where the check must run.
func motoSource(t *testing.T) string {
	t.Helper()
	src, err := locateMoto()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return src
}

// TestCommittedCatalogIsCurrent regenerates from the installed moto, twice,
// and compares with the file in internal/awsmanaged: what `go generate`
// would write must already be there.
func TestCommittedCatalogIsCurrent(t *testing.T) {
	t.Parallel()
	src := motoSource(t)
	first, err := generate(src)
	if err != nil {
		t.Fatal(err)
	}
	second, err := generate(src)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.gz, second.gz) {
		t.Fatal("two generations from moto differ")
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "awsmanaged", "policies.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, first.gz) {
		t.Errorf("internal/awsmanaged/policies.json.gz (%d bytes) differs from a fresh generation (%d bytes): run go generate ./internal/awsmanaged",
			len(committed), len(first.gz))
	}
	records, _ := readCatalog(t, first.gz)
	for i, r := range records {
		if i > 0 && records[i-1].Name >= r.Name {
			t.Fatalf("record %d %q is out of order", i, r.Name)
		}
		if _, err := time.Parse(time.RFC3339, r.UpdateDate); err != nil {
			t.Fatalf("%s: %v", r.Name, err)
		}
	}
	t.Logf("%d policies, %d bytes gzip, %d bytes JSON", first.count, len(first.gz), first.jsonLen)
}
