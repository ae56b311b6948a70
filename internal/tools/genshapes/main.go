// Command genshapes generates Go types, validators and the operation table of
// an AWS Query service from botocore's JSON model, so that the wire shapes of
// iamd are exactly the shapes the AWS SDKs use.
//
// Usage (from a //go:generate line in the service package):
//
//	go run ./internal/tools/genshapes -service iam -out internal/service/iam
//
// botocore's data directory is found by running python3, or taken from the
// BOTOCORE_DATA environment variable. The output is deterministic, so CI can
// check that `go generate` leaves the tree unchanged.
package main

import (
	"flag"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
)

func main() {
	service := flag.String("service", "", "botocore service name (iam, sts)")
	out := flag.String("out", ".", "directory of the Go package to write")
	pkg := flag.String("package", "", "Go package name (default: the service name)")
	flag.Parse()
	if err := run(*service, *out, *pkg); err != nil {
		fmt.Fprintln(os.Stderr, "genshapes:", err)
		os.Exit(1)
	}
}

func run(service, outDir, pkg string) error {
	if service == "" {
		return fmt.Errorf("-service is required")
	}
	if pkg == "" {
		pkg = service
	}
	m, err := loadModel(service)
	if err != nil {
		return err
	}
	g := newGenerator(m, service, pkg)
	files := map[string]func() ([]byte, error){
		"zz_generated_shapes.go":     g.shapesFile,
		"zz_generated_validate.go":   g.validateFile,
		"zz_generated_operations.go": g.operationsFile,
	}
	for name, build := range files {
		src, err := build()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		formatted, err := format.Source(src)
		if err != nil {
			return fmt.Errorf("gofmt %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(outDir, name), formatted, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}
