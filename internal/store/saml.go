package store

import (
	"context"
	"time"
)

// SAMLProvider is an IAM SAML 2.0 identity provider: the IdP whose signed
// responses AssumeRoleWithSAML exchanges for a role's session. Its ARN is
// arn:aws:iam::ACCOUNT:saml-provider/NAME.
type SAMLProvider struct {
	AccountID string
	ID        string // unique, internal (AWS exposes the ARN and the UUID)
	Name      string
	// UUID is AWS's SAMLProviderUUID.
	UUID string
	// MetadataDocument is the IdP's metadata, exactly as uploaded.
	MetadataDocument string
	// AssertionEncryptionMode is "", "Allowed" or "Required".
	AssertionEncryptionMode string
	CreatedAt               time.Time
	ValidUntil              time.Time
}

// TagSAMLProvider is the taggable kind of SAML providers.
const TagSAMLProvider TaggableKind = "saml-provider"

// SAMLProviders holds SAML providers, names unique per account compared
// case-insensitively.
type SAMLProviders interface {
	// Create stores a provider; ErrAlreadyExists if the name (or the ID)
	// is taken; ErrLimitExceeded if the account already has max providers
	// (0: no limit), checked atomically with the insert.
	Create(ctx context.Context, p *SAMLProvider, max int) error
	// Get finds a provider by name; ErrNotFound if absent.
	Get(ctx context.Context, accountID, name string) (*SAMLProvider, error)
	// List lists the account's providers ordered by name.
	List(ctx context.Context, accountID string) ([]*SAMLProvider, error)
	// Update stores MetadataDocument, ValidUntil and
	// AssertionEncryptionMode of the provider with p.ID; ErrNotFound if
	// absent.
	Update(ctx context.Context, p *SAMLProvider) error
	// Delete removes the provider and its tags; ErrNotFound if absent.
	Delete(ctx context.Context, accountID, id string) error
}
