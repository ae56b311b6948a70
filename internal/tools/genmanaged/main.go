// Command genmanaged writes internal/awsmanaged/policies.json.gz, the catalog
// of AWS managed policies that iamd embeds, from the copy that the moto
// Python package ships (moto/iam/aws_managed_policies.py).
//
// Refresh the catalog with one command, after upgrading moto:
//
//	go generate ./internal/awsmanaged
//
// which runs `go run ../tools/genmanaged -out policies.json.gz` in that
// directory. Without -src, moto is located through python3; with -src, the
// given aws_managed_policies.py is read and python3 is not needed. The output
// is deterministic: equal input gives equal bytes, so CI can check that the
// committed file is current.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "genmanaged:", err)
		os.Exit(1)
	}
}

// run is main without the process: it parses args, generates and reports
// progress on out.
func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("genmanaged", flag.ContinueOnError)
	fs.SetOutput(out)
	src := fs.String("src", "", "moto's aws_managed_policies.py (default: found with python3)")
	dst := fs.String("out", "policies.json.gz", "file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if *src == "" {
		found, err := locateMoto()
		if err != nil {
			return err
		}
		*src = found
	}
	res, err := generate(*src)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(*dst, res.gz); err != nil {
		return fmt.Errorf("write %s: %w", *dst, err)
	}
	fmt.Fprintf(out, "genmanaged: %d AWS managed policies from %s\n", res.count, *src)
	fmt.Fprintf(out, "genmanaged: wrote %s: %d bytes (%d bytes of JSON before gzip)\n", *dst, len(res.gz), res.jsonLen)
	return nil
}

// generated is the result of one generation, kept in memory so tests can
// compare runs without touching the tree.
type generated struct {
	gz      []byte
	count   int
	jsonLen int
}

// generate reads moto's file at src and returns the compressed catalog.
func generate(src string) (generated, error) {
	py, err := os.ReadFile(src)
	if err != nil {
		return generated{}, fmt.Errorf("read source: %w", err)
	}
	data, err := extractJSON(py)
	if err != nil {
		return generated{}, fmt.Errorf("%s: %w", src, err)
	}
	policies, err := parseSource(data)
	if err != nil {
		return generated{}, fmt.Errorf("%s: %w", src, err)
	}
	if len(policies) == 0 {
		return generated{}, fmt.Errorf("%s: no policies", src)
	}
	js, err := encodeCatalog(policies)
	if err != nil {
		return generated{}, err
	}
	gz, err := gzipDeterministic(js)
	if err != nil {
		return generated{}, err
	}
	return generated{gz: gz, count: len(policies), jsonLen: len(js)}, nil
}

// locateMoto asks python3 where moto is installed and returns the path of
// its managed-policy data file.
func locateMoto() (string, error) {
	cmd := exec.Command("python3", "-c", "import moto,os;print(os.path.dirname(moto.__file__))")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	outBytes, err := cmd.Output()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if errors.Is(err, exec.ErrNotFound) {
			msg = "python3 not found"
		}
		return "", fmt.Errorf("locate moto (install it with `pip install moto`, or pass -src): %w: %s", err, msg)
	}
	dir := strings.TrimSpace(string(outBytes))
	path := filepath.Join(dir, "iam", "aws_managed_policies.py")
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("locate moto: %w", err)
	}
	return path, nil
}
