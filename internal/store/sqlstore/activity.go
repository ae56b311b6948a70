package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/store"
)

type activity struct{ s *Store }

// Record upserts the batch in one transaction that is not marked as a
// write: last accessed data is no authorization input, so caches keyed on
// the generation must not be emptied by it.
func (a activity) Record(ctx context.Context, records []store.ServiceActivity) error {
	if len(records) == 0 {
		return nil
	}
	run := func(tx *Store) error {
		for _, r := range records {
			_, err := tx.exec(ctx, "INSERT INTO service_activity (account_id, principal_arn, namespace, action, last_at, region)"+
				" VALUES (?, ?, ?, ?, ?, ?)"+
				" ON CONFLICT (account_id, principal_arn, namespace, action) DO UPDATE SET last_at = excluded.last_at, region = excluded.region"+
				" WHERE excluded.last_at > service_activity.last_at",
				r.AccountID, r.PrincipalARN, r.Namespace, r.Action, dbTime(r.At), r.Region)
			if err != nil {
				return err
			}
		}
		return nil
	}
	var err error
	if s := a.s.bound(ctx); s.tx != nil {
		err = run(s)
	} else {
		_, err = a.s.runTx(ctx, run)
	}
	return a.s.d.wrap("record service activity", err)
}

func (a activity) List(ctx context.Context, accountID string, arns []string) ([]store.ServiceActivity, error) {
	q := "SELECT account_id, principal_arn, namespace, action, last_at, region FROM service_activity WHERE account_id = ?"
	args := []any{accountID}
	if len(arns) > 0 {
		q += " AND principal_arn IN (?" + strings.Repeat(", ?", len(arns)-1) + ")"
		for _, arn := range arns {
			args = append(args, arn)
		}
	}
	rows, err := a.s.query(ctx, q+" ORDER BY principal_arn, namespace, action", args...)
	if err != nil {
		return nil, a.s.d.wrap("list service activity", err)
	}
	defer rows.Close()
	var out []store.ServiceActivity
	for rows.Next() {
		var r store.ServiceActivity
		var at time.Time
		if err := rows.Scan(&r.AccountID, &r.PrincipalARN, &r.Namespace, &r.Action, &at, &r.Region); err != nil {
			return nil, a.s.d.wrap("list service activity", err)
		}
		r.At = at.UTC()
		out = append(out, r)
	}
	return out, a.s.d.wrap("list service activity", rows.Err())
}
