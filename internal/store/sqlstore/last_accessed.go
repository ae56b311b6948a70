package sqlstore

import (
	"context"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// LastAccessedReports returns the service last accessed reports aggregate.
func (s *Store) LastAccessedReports() store.LastAccessedReports { return lastAccessedReports{s} }

// lastAccessedReports runs its statements through exec and query, not
// write, for the reason consoleSessions does: a report is no authorization
// input, so storing one must not empty every node's caches. Job IDs are
// random UUIDs, so Put's insert meets no conflict in practice; if one did,
// ON CONFLICT keeps the caller's transaction alive on PostgreSQL and the
// earlier report stands.
type lastAccessedReports struct{ s *Store }

func (lr lastAccessedReports) Put(ctx context.Context, r *store.LastAccessedReport, expireBefore time.Time) error {
	if _, err := lr.s.exec(ctx, "DELETE FROM last_accessed_reports WHERE created_at < ?", dbTime(expireBefore)); err != nil {
		return lr.s.d.wrap("expire last accessed reports", err)
	}
	_, err := lr.s.exec(ctx, "INSERT INTO last_accessed_reports (account_id, job_id, requester, created_at, content)"+
		" VALUES (?, ?, ?, ?, ?) ON CONFLICT (account_id, job_id) DO NOTHING",
		r.AccountID, r.JobID, r.Requester, dbTime(r.CreatedAt), r.Content)
	return lr.s.d.wrap("put last accessed report", err)
}

func (lr lastAccessedReports) Get(ctx context.Context, accountID, jobID string) (*store.LastAccessedReport, error) {
	r := &store.LastAccessedReport{AccountID: accountID, JobID: jobID}
	err := lr.s.queryRow(ctx, "SELECT requester, created_at, content FROM last_accessed_reports WHERE account_id = ? AND job_id = ?",
		accountID, jobID).Scan(&r.Requester, &r.CreatedAt, &r.Content)
	if err != nil {
		return nil, lr.s.d.wrap("get last accessed report", notFound(err))
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return r, nil
}
