package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedFilesAreCurrent regenerates both services into a temporary
// directory and compares with the checked-in files: the generator is
// deterministic and nobody edited its output.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	t.Parallel()
	if err := exec.Command("python3", "-c", "import botocore").Run(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("python3 with botocore is required in CI: %v", err)
		}
		t.Skipf("python3 with botocore not available: %v", err)
	}
	for _, service := range []string{"iam", "sts"} {
		t.Run(service, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			for round := 0; round < 2; round++ {
				if err := run(service, dir, service); err != nil {
					t.Fatal(err)
				}
				for _, name := range []string{"zz_generated_shapes.go", "zz_generated_validate.go", "zz_generated_operations.go"} {
					got, err := os.ReadFile(filepath.Join(dir, name))
					if err != nil {
						t.Fatal(err)
					}
					want, err := os.ReadFile(filepath.Join("..", "..", "service", service, name))
					if err != nil {
						t.Fatal(err)
					}
					if !bytes.Equal(got, want) {
						t.Errorf("%s/%s is stale (round %d): run go generate ./internal/service/%s", service, name, round, service)
					}
				}
			}
		})
	}
}

func TestRunRejectsUnknownService(t *testing.T) {
	t.Parallel()
	if err := run("", t.TempDir(), ""); err == nil {
		t.Error("run accepted an empty service")
	}
	if err := run("s3", t.TempDir(), ""); err == nil {
		t.Error("run accepted a service it has no model version for")
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, exported, lower string }{
		{"UserName", "UserName", "userName"},
		{"isTruncated", "IsTruncated", "isTruncated"},
		{"arn", "Arn", "arn"},
		{"SAMLAssertion", "SAMLAssertion", "sAMLAssertion"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := exported(tt.in); got != tt.exported {
			t.Errorf("exported(%q) = %q, want %q", tt.in, got, tt.exported)
		}
		if got := lowerCamel(tt.in); got != tt.lower {
			t.Errorf("lowerCamel(%q) = %q, want %q", tt.in, got, tt.lower)
		}
	}
}
