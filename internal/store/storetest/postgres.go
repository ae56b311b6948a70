package storetest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// ErrNoPostgres: the PostgreSQL server binaries (initdb, pg_ctl) are not
// installed.
var ErrNoPostgres = errors.New("storetest: PostgreSQL binaries (initdb, pg_ctl) not found")

// postgresBinDirs are searched for initdb and pg_ctl after PATH (Debian
// keeps them out of PATH).
var postgresBinDirs = []string{"/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"}

// PostgresCluster is a throwaway PostgreSQL cluster in a temporary
// directory, listening only on a Unix socket there, with fsync off: for
// tests, never for data.
type PostgresCluster struct {
	dir     string // temporary root: data/, the socket, the log
	binDir  string
	asUser  string // the unprivileged user running the server when we are root
	dbs     atomic.Uint64
	stopped atomic.Bool
}

// StartPostgresCluster initialises and starts a cluster; Stop removes it.
// Suits TestMain: start one per package run, NewDatabase per test. It
// returns ErrNoPostgres when the binaries are missing.
func StartPostgresCluster() (*PostgresCluster, error) {
	bin, err := findPostgres()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "iamd-pg-")
	if err != nil {
		return nil, err
	}
	c := &PostgresCluster{dir: dir, binDir: bin}
	if os.Geteuid() == 0 {
		// PostgreSQL refuses to run as root: hand the directory to the
		// postgres user and run the server as that user.
		c.asUser = "postgres"
		u, err := user.Lookup(c.asUser)
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("storetest: running as root needs a %q user: %w", c.asUser, err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	if err := c.start(); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

func findPostgres() (string, error) {
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if _, err := exec.LookPath("initdb"); err == nil {
			// PATH often holds symlinks into the versioned directory,
			// which also has psql.
			if real, err := filepath.EvalSymlinks(p); err == nil {
				p = real
			}
			return filepath.Dir(p), nil
		}
	}
	for _, d := range postgresBinDirs {
		if _, err := os.Stat(filepath.Join(d, "pg_ctl")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoPostgres
}

// run runs a PostgreSQL binary, as the unprivileged user when root.
func (c *PostgresCluster) run(name string, args ...string) error {
	bin := filepath.Join(c.binDir, name)
	var cmd *exec.Cmd
	if c.asUser != "" {
		cmd = exec.Command("runuser", append([]string{"-u", c.asUser, "--", bin}, args...)...)
	} else {
		cmd = exec.Command(bin, args...)
	}
	cmd.Dir = c.dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("storetest: %s %s: %w\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

func (c *PostgresCluster) start() error {
	data := c.DataDir()
	if err := c.run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		return err
	}
	opts := strings.Join([]string{
		"-c listen_addresses=''",
		"-c unix_socket_directories=" + c.dir,
		"-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off",
		"-c max_connections=300", "-c shared_buffers=32MB",
	}, " ")
	if err := c.run("pg_ctl", "-D", data, "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "60", "-o", opts, "start"); err != nil {
		if log, rerr := os.ReadFile(filepath.Join(c.dir, "server.log")); rerr == nil {
			err = fmt.Errorf("%w\nserver log:\n%s", err, log)
		}
		return err
	}
	return nil
}

// psql runs one SQL command as the superuser through the psql client, so
// that this package needs no database driver.
func (c *PostgresCluster) psql(ctx context.Context, command string) error {
	cmd := exec.CommandContext(ctx, filepath.Join(c.binDir, "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1",
		"-h", c.dir, "-U", "postgres", "-d", "postgres", "-c", command)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("storetest: psql %q: %w\n%s", command, err, out)
	}
	return nil
}

// DataDir is the cluster's data directory, for tests that inspect the
// files the server writes.
func (c *PostgresCluster) DataDir() string { return filepath.Join(c.dir, "data") }

func (c *PostgresCluster) url(db string) string {
	return "postgres://postgres@/" + db + "?host=" + c.dir + "&sslmode=disable"
}

// URL returns the URL of a database of the cluster, as the superuser
// "postgres" (trust authentication, Unix socket).
func (c *PostgresCluster) URL(database string) string { return c.url(database) }

// NewDatabase creates a fresh, empty database and returns its URL.
// CREATE DATABASE takes about a second on a small machine; suites that
// need many fresh stores can instead give each its own schema in one
// database (see sqlstore's postgres_test.go).
func (c *PostgresCluster) NewDatabase(t testing.TB) string {
	t.Helper()
	name := fmt.Sprintf("iamd_test_%d", c.dbs.Add(1))
	if err := c.psql(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	return c.url(name)
}

// Checkpoint forces the server to write everything to the data files.
func (c *PostgresCluster) Checkpoint(ctx context.Context) error {
	return c.psql(ctx, "CHECKPOINT")
}

// Stop stops the server at once and removes the cluster's directory.
func (c *PostgresCluster) Stop() error {
	if !c.stopped.CompareAndSwap(false, true) {
		return nil
	}
	var err error
	if _, statErr := os.Stat(filepath.Join(c.DataDir(), "postmaster.pid")); statErr == nil {
		err = c.run("pg_ctl", "-D", c.DataDir(), "-m", "immediate", "-w", "stop")
	}
	return errors.Join(err, os.RemoveAll(c.dir))
}

// SkipOrFailWithoutPostgres handles a StartPostgresCluster error in a
// test: it skips when the binaries are missing, unless CI=true, where a
// missing PostgreSQL is a broken environment and fails loudly; any other
// error fails.
func SkipOrFailWithoutPostgres(t testing.TB, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if errors.Is(err, ErrNoPostgres) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	t.Fatal(err)
}

// StartPostgres starts a cluster for this test alone (stopped and removed
// at cleanup) and returns the URL of a fresh database in it. Without the
// binaries it skips, or fails when CI=true.
func StartPostgres(t testing.TB) string {
	t.Helper()
	started := time.Now()
	c, err := StartPostgresCluster()
	SkipOrFailWithoutPostgres(t, err)
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Errorf("stop postgres: %v", err)
		}
	})
	t.Logf("PostgreSQL cluster started in %v", time.Since(started).Round(time.Millisecond))
	return c.NewDatabase(t)
}
