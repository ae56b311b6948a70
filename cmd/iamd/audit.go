package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/iamd/iamd/internal/app"
	"github.com/iamd/iamd/internal/store"
)

// auditCommand runs "iamd audit export".
func auditCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		fmt.Fprint(stderr, usage)
		return usageError{"audit needs a subcommand: export"}
	}
	cfg := loadConfig()
	fs := flag.NewFlagSet("audit export", flag.ContinueOnError)
	storeFlags(fs, &cfg)
	var account, start, end, out string
	fs.StringVar(&account, "account", "", "export only this account's events (default: every account's)")
	fs.StringVar(&start, "start", "", "oldest event time to export, RFC 3339 (2026-11-23T00:00:00Z)")
	fs.StringVar(&end, "end", "", "newest event time to export, RFC 3339")
	fs.StringVar(&out, "out", "-", "file to write, - for standard output")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	filter := store.AuditFilter{AccountID: account, Oldest: true}
	var err error
	if filter.Start, err = parseTime("start", start); err != nil {
		return err
	}
	if filter.End, err = parseTime("end", end); err != nil {
		return err
	}
	st, _, err := app.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	w := stdout
	if out != "-" {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	n, err := exportEvents(ctx, st.AuditEvents(), filter, w, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "exported %d events\n", n)
	return nil
}

// exportEvents writes the events f selects as JSON Lines, one CloudTrail
// record per line, oldest first, and reports progress every 10,000 events.
func exportEvents(ctx context.Context, events store.AuditEvents, f store.AuditFilter, w, progress io.Writer) (int, error) {
	buf := bufio.NewWriterSize(w, 1<<16)
	page := store.Page{MaxItems: 1000}
	n := 0
	for {
		evs, next, err := events.Lookup(ctx, f, page)
		if err != nil {
			return n, fmt.Errorf("read events: %w", err)
		}
		for _, ev := range evs {
			if _, err := buf.Write(ev.Record); err != nil {
				return n, err
			}
			if err := buf.WriteByte('\n'); err != nil {
				return n, err
			}
			n++
			if n%10000 == 0 {
				fmt.Fprintf(progress, "exported %d events…\n", n)
			}
		}
		if next == "" {
			return n, buf.Flush()
		}
		page.Marker = next
	}
}

func parseTime(name, value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339, value)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--%s: %q is not an RFC 3339 time like 2026-11-23T00:00:00Z", name, value)}
	}
	return t, nil
}
