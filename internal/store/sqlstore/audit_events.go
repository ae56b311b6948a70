package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// AuditEvents returns the audit trail aggregate.
func (s *Store) AuditEvents() store.AuditEvents { return auditEvents{s} }

type auditEvents struct{ s *Store }

const auditColumns = "id, account_id, event_time, event_source, event_name, read_only, username, access_key_id," +
	" resource_type, resource_name, error_code, record"

// auditRowsPerInsert bounds one INSERT's rows: at 12 parameters a row it
// stays far below both engines' limits on bound parameters (SQLite 32766,
// PostgreSQL 65535) while a typical batch is still one statement.
const auditRowsPerInsert = 200

// auditDeleteBatch bounds the rows one DELETE of DeleteBefore removes, so
// that a retention sweep over a large trail never holds SQLite's write
// lock for longer than other writers wait for it (busy_timeout).
const auditDeleteBatch = 5000

// auditAttributes maps LookupEvents' attribute keys to their columns.
var auditAttributes = map[string]string{
	"EventId":      "id",
	"EventName":    "event_name",
	"ReadOnly":     "read_only",
	"Username":     "username",
	"ResourceType": "resource_type",
	"ResourceName": "resource_name",
	"EventSource":  "event_source",
	"AccessKeyId":  "access_key_id",
}

// Append inserts the batch, skipping stored IDs, in the caller's
// transaction when there is one, else in one of its own that is not marked
// as a write: the trail is no authorization input, so caches keyed on the
// generation must not be emptied by it.
func (a auditEvents) Append(ctx context.Context, events []*store.AuditEvent) error {
	const op = "append audit events"
	if len(events) == 0 {
		return nil
	}
	for i, e := range events {
		if e == nil || e.ID == "" {
			return fmt.Errorf("sqlstore: %s: event %d has no ID", op, i)
		}
	}
	run := func(tx *Store) error {
		for start := 0; start < len(events); start += auditRowsPerInsert {
			if err := insertAuditEvents(ctx, tx, events[start:min(start+auditRowsPerInsert, len(events))]); err != nil {
				return err
			}
		}
		return nil
	}
	if s := a.s.bound(ctx); s.tx != nil {
		if len(events) <= auditRowsPerInsert {
			return a.s.d.wrap(op, run(s)) // one statement is atomic already
		}
		return a.s.d.wrap(op, s.savepoint(ctx, run))
	}
	var err error
	for attempt := 0; attempt < maxTxAttempts; attempt++ {
		// Concurrent batches that share IDs (a batch written again
		// after a failure) can deadlock on PostgreSQL; run it again.
		if _, err = a.s.runTx(ctx, run); err == nil || !a.s.d.retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return a.s.d.wrap(op, err)
}

// insertAuditEvents inserts events with one multi-row statement.
func insertAuditEvents(ctx context.Context, tx *Store, events []*store.AuditEvent) error {
	var b strings.Builder
	b.WriteString("INSERT INTO audit_events (" + auditColumns + ") VALUES ")
	args := make([]any, 0, 12*len(events))
	for i, e := range events {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		// The record goes in as a string so that SQLite stores TEXT (a
		// []byte would be a BLOB) and PostgreSQL checks it is UTF-8.
		args = append(args, e.ID, e.AccountID, dbTime(e.Time), e.Source, e.Name, e.ReadOnly, e.Username,
			e.AccessKeyID, e.ResourceType, e.ResourceName, e.ErrorCode, string(e.Record))
	}
	b.WriteString(" ON CONFLICT (id) DO NOTHING")
	_, err := tx.exec(ctx, b.String(), args...)
	return err
}

// Lookup pages through (event_time, id) in the requested direction. Its
// markers carry the direction besides the last event's time (in
// microseconds) and ID, so that a marker of the other order is rejected
// instead of silently skipping events.
func (a auditEvents) Lookup(ctx context.Context, f store.AuditFilter, p store.Page) ([]*store.AuditEvent, string, error) {
	const op = "look up audit events"
	query := "SELECT " + auditColumns + " FROM audit_events WHERE 1 = 1"
	var args []any
	if f.AccountID != "" {
		query += " AND account_id = ?"
		args = append(args, f.AccountID)
	}
	if !f.Start.IsZero() {
		query += " AND event_time >= ?"
		args = append(args, ceilMicro(f.Start))
	}
	if !f.End.IsZero() {
		query += " AND event_time <= ?"
		args = append(args, dbTime(f.End))
	}
	if f.AttributeKey != "" {
		column, value, err := auditAttribute(f.AttributeKey, f.AttributeValue)
		if err != nil {
			return nil, "", a.s.d.wrap(op, err)
		}
		query += " AND " + column + " = ?"
		args = append(args, value)
	}
	dir, cmp, tag := "DESC", "<", "newest"
	if f.Oldest {
		dir, cmp, tag = "ASC", ">", "oldest"
	}
	if p.Marker != "" {
		at, id, err := decodeAuditMarker(p.Marker, tag)
		if err != nil {
			return nil, "", a.s.d.wrap(op, err)
		}
		// A row-value comparison, unlike the equivalent OR, bounds the
		// index scan on both engines.
		query += " AND (event_time, id) " + cmp + " (?, ?)"
		args = append(args, at, id)
	}
	limit := p.Limit()
	query += " ORDER BY event_time " + dir + ", id " + dir + " LIMIT ?"
	args = append(args, limit+1)
	rows, err := a.s.query(ctx, query, args...)
	if err != nil {
		return nil, "", a.s.d.wrap(op, err)
	}
	defer rows.Close()
	var out []*store.AuditEvent
	for rows.Next() {
		if len(out) == limit {
			// One row beyond the page: there is more.
			last := out[len(out)-1]
			return out, encodeMarker([]string{tag, strconv.FormatInt(last.Time.UnixMicro(), 10), last.ID}), a.s.d.wrap(op, rows.Close())
		}
		e, err := scanAuditEvent(rows)
		if err != nil {
			return nil, "", a.s.d.wrap(op, err)
		}
		out = append(out, e)
	}
	return out, "", a.s.d.wrap(op, rows.Err())
}

func scanAuditEvent(rows *sql.Rows) (*store.AuditEvent, error) {
	var e store.AuditEvent
	var at time.Time
	if err := rows.Scan(&e.ID, &e.AccountID, &at, &e.Source, &e.Name, &e.ReadOnly, &e.Username, &e.AccessKeyID,
		&e.ResourceType, &e.ResourceName, &e.ErrorCode, &e.Record); err != nil {
		return nil, err
	}
	e.Time = at.UTC()
	return &e, nil
}

// auditAttribute returns the column and the value to compare for one of
// LookupEvents' attribute keys. The service validates both before; an
// error here is a caller's bug, not a request to match nothing.
func auditAttribute(key, value string) (string, any, error) {
	column, ok := auditAttributes[key]
	if !ok {
		return "", nil, fmt.Errorf("unknown audit lookup attribute %q", key)
	}
	if column != "read_only" {
		return column, value, nil
	}
	switch value {
	case "true":
		return column, true, nil
	case "false":
		return column, false, nil
	}
	return "", nil, fmt.Errorf("ReadOnly lookup value %q is neither \"true\" nor \"false\"", value)
}

// decodeAuditMarker returns the time and ID a marker of the listing in
// direction tag continues after.
func decodeAuditMarker(marker, tag string) (time.Time, string, error) {
	key, err := decodeMarker(marker, 3)
	if err != nil {
		return time.Time{}, "", err
	}
	micros, err := strconv.ParseInt(key[1], 10, 64)
	if key[0] != tag || err != nil || key[2] == "" {
		return time.Time{}, "", store.ErrInvalidMarker
	}
	return time.UnixMicro(micros).UTC(), key[2], nil
}

// DeleteBefore deletes in batches of auditDeleteBatch rows, each its own
// statement, until a batch comes up short.
func (a auditEvents) DeleteBefore(ctx context.Context, t time.Time) (int, error) {
	const op = "delete audit events"
	cutoff := ceilMicro(t)
	total := 0
	for {
		res, err := a.s.exec(ctx, "DELETE FROM audit_events WHERE id IN"+
			" (SELECT id FROM audit_events WHERE event_time < ? LIMIT ?)", cutoff, auditDeleteBatch)
		if err != nil {
			return total, a.s.d.wrap(op, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return total, a.s.d.wrap(op, err)
		}
		total += int(n)
		if n < auditDeleteBatch {
			return total, nil
		}
		if err := ctx.Err(); err != nil {
			return total, a.s.d.wrap(op, err)
		}
	}
}

// ceilMicro is the first stored time (microseconds, UTC) not before t:
// stored times compare with t as they compare with it.
func ceilMicro(t time.Time) time.Time {
	c := dbTime(t)
	if c.Before(t) {
		c = c.Add(time.Microsecond)
	}
	return c
}
