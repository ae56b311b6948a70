package store

import (
	"context"
	"strings"
	"time"
)

// OIDCProvider is an IAM OpenID Connect identity provider: the issuer whose
// tokens AssumeRoleWithWebIdentity exchanges for a role's session.
type OIDCProvider struct {
	AccountID string
	ID        string // unique, internal (AWS exposes only the ARN)
	// URL is the issuer without its "https://" scheme, host[:port][/path],
	// as IAM reports it (GetOpenIDConnectProvider's Url) and as the ARN
	// names it: arn:aws:iam::ACCOUNT:oidc-provider/URL.
	URL string
	// ClientIDs are the audiences the provider's tokens may be for, in the
	// order they were added, each once.
	ClientIDs []string
	// Thumbprints are hex SHA-1 thumbprints of the issuer's certificates.
	Thumbprints []string
	CreatedAt   time.Time
}

// TagOIDCProvider is the taggable kind of OpenID Connect providers.
const TagOIDCProvider TaggableKind = "oidc-provider"

// OIDCProviderKey is the uniqueness key of a provider URL: the host
// compared without case (DNS names are case-insensitive), the path exactly
// (issuers are compared exactly, OpenID Connect Discovery 1.0 section 3).
func OIDCProviderKey(url string) string {
	host, path, found := strings.Cut(url, "/")
	key := strings.ToLower(host)
	if found {
		key += "/" + path
	}
	return key
}

// OIDCProviders holds OpenID Connect providers, one per URL per account.
type OIDCProviders interface {
	// Create stores a provider; ErrAlreadyExists if the account has one
	// with the same OIDCProviderKey (or the ID is taken);
	// ErrLimitExceeded if the account already has max providers (0: no
	// limit), checked atomically with the insert.
	Create(ctx context.Context, p *OIDCProvider, max int) error
	// Get finds a provider by URL (compared by OIDCProviderKey);
	// ErrNotFound if absent.
	Get(ctx context.Context, accountID, url string) (*OIDCProvider, error)
	// List lists the account's providers ordered by URL key.
	List(ctx context.Context, accountID string) ([]*OIDCProvider, error)
	// Delete removes the provider with that ID and its tags; ErrNotFound
	// if absent.
	Delete(ctx context.Context, accountID, id string) error
	// AddClientID appends clientID unless the provider has it already (a
	// no-op then); ErrNotFound if the provider is absent; ErrLimitExceeded
	// if it would have more than max client IDs (0: no limit). Atomic
	// under concurrent callers.
	AddClientID(ctx context.Context, accountID, id, clientID string, max int) error
	// RemoveClientID removes clientID if present (absent is no error);
	// ErrNotFound if the provider is absent.
	RemoveClientID(ctx context.Context, accountID, id, clientID string) error
	// SetThumbprints replaces the provider's thumbprints; ErrNotFound if
	// the provider is absent.
	SetThumbprints(ctx context.Context, accountID, id string, thumbprints []string) error
}
