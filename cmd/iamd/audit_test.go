package main

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

// pagedEvents serves n events in pages, oldest first, as the store does.
type pagedEvents struct {
	store.AuditEvents
	n int
}

func (p pagedEvents) Lookup(_ context.Context, f store.AuditFilter, page store.Page) ([]*store.AuditEvent, string, error) {
	if !f.Oldest {
		return nil, "", fmt.Errorf("export must read oldest first")
	}
	start := 0
	if page.Marker != "" {
		start, _ = strconv.Atoi(page.Marker)
	}
	var out []*store.AuditEvent
	for i := start; i < p.n && len(out) < page.Limit(); i++ {
		out = append(out, &store.AuditEvent{ID: strconv.Itoa(i), Record: []byte(fmt.Sprintf(`{"eventID":"%d"}`, i))})
	}
	next := ""
	if start+len(out) < p.n {
		next = strconv.Itoa(start + len(out))
	}
	return out, next, nil
}

func TestExportEventsWritesJSONLinesWithProgress(t *testing.T) {
	for _, n := range []int{0, 1, 999, 1000, 25001} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var out, progress bytes.Buffer
			got, err := exportEvents(context.Background(), pagedEvents{n: n}, store.AuditFilter{Oldest: true}, &out, &progress)
			if err != nil || got != n {
				t.Fatalf("exportEvents = %d, %v; want %d", got, err, n)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if n == 0 {
				lines = nil
			}
			if len(lines) != n {
				t.Fatalf("%d lines, want %d", len(lines), n)
			}
			for i, line := range lines {
				if line != fmt.Sprintf(`{"eventID":"%d"}`, i) {
					t.Fatalf("line %d = %q", i, line)
				}
			}
			if want := n / 10000; strings.Count(progress.String(), "exported") != want {
				t.Errorf("progress = %q, want %d reports", progress.String(), want)
			}
		})
	}
}
