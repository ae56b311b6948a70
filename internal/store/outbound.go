package store

import (
	"context"
	"time"
)

// OutboundIssuer is an account's outbound web identity federation
// (EnableOutboundWebIdentityFederation): the issuer iamd signs the
// account's GetWebIdentityToken tokens as, and its signing keys.
type OutboundIssuer struct {
	AccountID string
	// IssuerID names the issuer in its URL; it is random, unique, and kept
	// when the feature is disabled and enabled again.
	IssuerID string
	// IssuerURL is the issuer's URL, fixed when it is created: tokens and
	// verifiers name it, so it must not follow later changes of the
	// address iamd is reached at.
	IssuerURL string
	// Enabled is whether principals may get tokens now. A disabled
	// issuer still publishes its keys: tokens issued before stay
	// verifiable until they expire.
	Enabled bool
	// SealedKeys are the private signing keys, sealed by the caller.
	SealedKeys []byte
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// OutboundIssuers keeps each account's outbound issuer.
type OutboundIssuers interface {
	// Create stores a new issuer; ErrAlreadyExists if the account has one.
	Create(ctx context.Context, i *OutboundIssuer) error
	// SetEnabled turns the account's issuer on or off and stamps
	// UpdatedAt; ErrNotFound if it has none.
	SetEnabled(ctx context.Context, accountID string, enabled bool, at time.Time) error
	// Get returns the account's issuer; ErrNotFound if it has none.
	Get(ctx context.Context, accountID string) (*OutboundIssuer, error)
	// GetByIssuerID returns the issuer with that ID; ErrNotFound if none.
	GetByIssuerID(ctx context.Context, issuerID string) (*OutboundIssuer, error)
}
