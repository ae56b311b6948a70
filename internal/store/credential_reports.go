package store

import (
	"context"
	"time"
)

// CredentialReport is an account's most recent credential report
// (GenerateCredentialReport): the CSV exactly as GetCredentialReport
// returns it, and when it was made.
type CredentialReport struct {
	AccountID   string
	GeneratedAt time.Time
	Content     []byte // the CSV
}

// CredentialReports keeps the latest credential report of each account,
// so that every node serves the same report and generation is rate
// limited account-wide.
type CredentialReports interface {
	// Put stores r as the account's report, replacing any earlier one.
	Put(ctx context.Context, r *CredentialReport) error
	// Get returns the account's report; ErrNotFound if none was made.
	Get(ctx context.Context, accountID string) (*CredentialReport, error)
}
