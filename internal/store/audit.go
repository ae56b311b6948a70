package store

import (
	"context"
	"time"
)

// AuditEvent is one request's entry in the audit trail: the indexed facts
// that LookupEvents filters on, and the whole CloudTrail record.
type AuditEvent struct {
	// ID is the record's eventID (a UUID), unique across accounts.
	ID string
	// AccountID is the account whose trail holds the event; "" when no
	// account could be attributed (a request signed with an unknown key).
	AccountID string
	Time      time.Time
	// Source is the eventSource ("iam.amazonaws.com").
	Source string
	// Name is the eventName ("CreateUser").
	Name     string
	ReadOnly bool
	// Username, AccessKeyID, ResourceType and ResourceName are the other
	// attributes LookupEvents filters on; "" when the event has none.
	Username     string
	AccessKeyID  string
	ResourceType string
	ResourceName string
	// ErrorCode is the request's error code, "" when it succeeded.
	ErrorCode string
	// Record is the CloudTrail record, as JSON.
	Record []byte
}

// AuditFilter selects audit events.
type AuditFilter struct {
	// AccountID selects one account's trail; "" selects every event of
	// every account (only for the operator's export, never for a caller).
	AccountID string
	// Start and End bound the event time, both inclusive; zero is unbounded.
	Start, End time.Time
	// AttributeKey is one of LookupEvents' attribute keys (EventId,
	// EventName, ReadOnly, Username, ResourceType, ResourceName,
	// EventSource, AccessKeyId), matched exactly against AttributeValue
	// (ReadOnly against "true" or "false"); "" matches every event.
	AttributeKey   string
	AttributeValue string
	// Oldest lists oldest first; the default is newest first, as
	// CloudTrail's LookupEvents returns them.
	Oldest bool
}

// AuditEvents holds the audit trail.
type AuditEvents interface {
	// Append stores the events. An event whose ID is already stored is
	// skipped, so a batch may be written again after a failure. Like
	// Activity.Record it changes no authorization input and does not count
	// as a write for Generation; inside WithTx it commits or rolls back with
	// the transaction.
	Append(ctx context.Context, events []*AuditEvent) error
	// Lookup lists the events matching f ordered by time (newest first
	// unless f.Oldest), ties by ID, at most p.Limit() of them, and the
	// marker of the next page ("" when none remain). ErrInvalidMarker for a
	// marker the store did not issue for the same order.
	Lookup(ctx context.Context, f AuditFilter, p Page) ([]*AuditEvent, string, error)
	// DeleteBefore removes every event older than t and reports how many.
	DeleteBefore(ctx context.Context, t time.Time) (int, error)
}
