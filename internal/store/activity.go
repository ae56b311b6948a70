package store

import (
	"context"
	"time"
)

// ServiceActivity is when and where one principal last authenticated to
// one service, or to one action of it: the data behind IAM's "last
// accessed" reports.
type ServiceActivity struct {
	AccountID string
	// PrincipalARN is the user's or role's ARN (a role session is recorded
	// under its role).
	PrincipalARN string
	// Namespace is the service namespace ("iam", "sts").
	Namespace string
	// Action is the action name ("CreateUser") for action-level records,
	// "" for the service-level record.
	Action string
	At     time.Time
	Region string
}

// Activity holds service last accessed data.
type Activity interface {
	// Record upserts each record by (account, principal ARN, namespace,
	// action), keeping the later of the stored and the given time (and that
	// time's region). Like AccessKeys.RecordUse it changes no
	// authorization input and does not count as a write for Generation.
	Record(ctx context.Context, records []ServiceActivity) error
	// List returns the account's records whose principal ARN is one of
	// arns (every record of the account when arns is empty), ordered by
	// principal ARN, namespace and action.
	List(ctx context.Context, accountID string, arns []string) ([]ServiceActivity, error)
}
