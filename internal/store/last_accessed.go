package store

import (
	"context"
	"time"
)

// LastAccessedReport is a service last accessed report
// (GenerateServiceLastAccessedDetails), kept in the store so that any node
// serves it to the principal that asked for it.
type LastAccessedReport struct {
	AccountID string
	JobID     string
	// Requester is the ARN of the principal that generated the report;
	// AWS serves a job ID only to the user or role session that made it.
	Requester string
	CreatedAt time.Time
	// Content is the report as its service encodes it; the store does not
	// read it.
	Content []byte
}

// LastAccessedReports keeps service last accessed reports. Reports are no
// authorization input: storing one leaves the generation alone.
type LastAccessedReports interface {
	// Put stores r under its job ID and removes every report created
	// before expireBefore, of any account.
	Put(ctx context.Context, r *LastAccessedReport, expireBefore time.Time) error
	// Get returns the account's report; ErrNotFound if it has none with
	// that job ID.
	Get(ctx context.Context, accountID, jobID string) (*LastAccessedReport, error)
}
