package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iamd/iamd/internal/store"
)

// Markers are the sort key of the last item of a page, NUL-separated and
// base64url-encoded: opaque to callers, stable across engines, and the
// next page starts strictly after that key.
func encodeMarker(key []string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(strings.Join(key, "\x00")))
}

func decodeMarker(marker string, parts int) ([]string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(marker)
	if err != nil {
		return nil, store.ErrInvalidMarker
	}
	key := strings.Split(string(raw), "\x00")
	if len(key) != parts {
		return nil, store.ErrInvalidMarker
	}
	return key, nil
}

// pageQuery is a keyset-paginated listing: base is a SELECT ... WHERE ...
// (without ORDER BY), order the sort columns (one or two; the last one
// unique within the listing), scan reads one row and returns the item with
// its sort key.
type pageQuery[T any] struct {
	base  string
	args  []any
	order []string
	scan  func(rows *sql.Rows) (T, []string, error)
}

func (pq pageQuery[T]) run(ctx context.Context, s *Store, p store.Page) ([]T, string, error) {
	query := pq.base
	args := append([]any(nil), pq.args...)
	if p.Marker != "" {
		key, err := decodeMarker(p.Marker, len(pq.order))
		if err != nil {
			return nil, "", err
		}
		switch len(pq.order) {
		case 1:
			query += " AND " + pq.order[0] + " > ?"
			args = append(args, key[0])
		case 2:
			query += " AND (" + pq.order[0] + " > ? OR (" + pq.order[0] + " = ? AND " + pq.order[1] + " > ?))"
			args = append(args, key[0], key[0], key[1])
		default:
			return nil, "", fmt.Errorf("pageQuery: %d sort columns", len(pq.order))
		}
	}
	limit := p.Limit()
	query += " ORDER BY " + strings.Join(pq.order, ", ") + " LIMIT ?"
	args = append(args, limit+1)
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var items []T
	var lastKey []string
	for rows.Next() {
		if len(items) == limit {
			// One row beyond the page: there is more.
			return items, encodeMarker(lastKey), rows.Close()
		}
		item, key, err := pq.scan(rows)
		if err != nil {
			return nil, "", err
		}
		items = append(items, item)
		lastKey = key
	}
	return items, "", rows.Err()
}

// pathFilter returns a WHERE fragment and its arguments restricting a
// listing to paths that start with prefix; "" and "/" match every path. It
// compares a prefix of the column rather than using LIKE, which is
// case-insensitive in SQLite and would need escaping.
func pathFilter(column, prefix string) (string, []any) {
	if prefix == "" || prefix == "/" {
		return "", nil
	}
	return " AND substr(" + column + ", 1, ?) = ?", []any{utf8.RuneCountInString(prefix), prefix}
}

// nameKey is the case-folded form of an IAM name, the key of its
// uniqueness constraint. IAM names are ASCII; folding all of Unicode the
// same way in Go keeps both engines identical.
func nameKey(name string) string { return strings.ToLower(name) }

// dbTime is how a time is stored: UTC, to the microsecond (PostgreSQL's
// precision, so both engines read back the same value).
func dbTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// dbTimePtr stores an optional time as NULL or a time.
func dbTimePtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dbTime(*t)
}

// timePtr reads back an optional time, in UTC.
func timePtr(nt sql.NullTime) *time.Time {
	if !nt.Valid {
		return nil
	}
	t := nt.Time.UTC()
	return &t
}
