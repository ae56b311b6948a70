// Package iam implements the IAM API (2010-05-08) as typed operations over
// the store: AWS's validation, quotas, error codes and messages, unique-ID
// prefixes and ARNs. It knows nothing of HTTP, SQL or the wire encoding.
package iam

import (
	"context"
	"time"

	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/throttle"
)

// Sealer encrypts secrets at rest; associated data binds a ciphertext to
// its row (the access key ID) so a secret cannot be moved between rows.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
	Open(sealed, associatedData []byte) ([]byte, error)
}

// PasswordHasher hashes console passwords (argon2id in production).
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Verify(ctx context.Context, password, encoded string) (bool, error)
}

// Quotas are IAM's per-account and per-entity limits. Defaults are AWS's.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
type Quotas struct {
	Users                   int
	Groups                  int
	Roles                   int
	Policies                int
	InstanceProfiles        int
	GroupsPerUser           int
	AccessKeysPerUser       int
	ManagedPoliciesPerUser  int
	ManagedPoliciesPerGroup int
	ManagedPoliciesPerRole  int
	VersionsPerPolicy       int
	TagsPerEntity           int
	RolesPerInstanceProfile int
}

// DefaultQuotas returns AWS's default quotas.
func DefaultQuotas() Quotas {
	return Quotas{
		Users:                   5000,
		Groups:                  300,
		Roles:                   1000,
		Policies:                1500,
		InstanceProfiles:        1000,
		GroupsPerUser:           10,
		AccessKeysPerUser:       2,
		ManagedPoliciesPerUser:  10,
		ManagedPoliciesPerGroup: 10,
		ManagedPoliciesPerRole:  10,
		VersionsPerPolicy:       5,
		TagsPerEntity:           50,
		RolesPerInstanceProfile: 1,
	}
}

// Config is what the service is built from; nothing is global.
type Config struct {
	Store  store.Store
	Sealer Sealer
	Hasher PasswordHasher
	Clock  func() time.Time // defaults to time.Now
	Quotas Quotas           // zero value means DefaultQuotas()
	// NewID makes unique IDs (AIDA..., AGPA...); defaults to secrets.NewUniqueID.
	NewID func(prefix string) (string, error)
	// NewKey makes an access key pair; defaults to secrets' AKIA generator.
	NewKey func() (id, secret string, err error)
	// Permissions loads principals' policies for the policy simulator; share
	// the authorizer's so both see one cache. Defaults to a loader over
	// Store.
	Permissions *permissions.Loader
	// PasswordThrottle limits password verification per user and source
	// address; share it with the console's sign-in. Defaults to a
	// throttle.Limiter with its default settings on Clock.
	PasswordThrottle *throttle.Limiter
	// Outbound switches outbound identity federation; nil: its
	// operations fail.
	Outbound OutboundFederation
}

// Service is the IAM API.
type Service struct {
	store  store.Store
	sealer Sealer
	hasher PasswordHasher
	clock  func() time.Time
	quotas Quotas
	newID  func(prefix string) (string, error)
	newKey func() (id, secret string, err error)
	// permissions loads principals' policy sets (SimulatePrincipalPolicy).
	permissions *permissions.Loader
	// passwordThrottle slows password guessing (ChangePassword, sign-in).
	passwordThrottle *throttle.Limiter
	outbound         OutboundFederation
}

// New builds the service.
func New(cfg Config) *Service {
	s := &Service{
		store:  cfg.Store,
		sealer: cfg.Sealer,
		hasher: cfg.Hasher,
		clock:  cfg.Clock,
		quotas: cfg.Quotas,
		newID:  cfg.NewID,
		newKey: cfg.NewKey,

		permissions: cfg.Permissions,
		outbound:    cfg.Outbound,
	}
	if s.permissions == nil && s.store != nil {
		s.permissions = permissions.NewLoader(s.store)
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.newID == nil {
		s.newID = secrets.NewUniqueID
	}
	if s.newKey == nil {
		s.newKey = newAccessKeyPair
	}
	if s.passwordThrottle = cfg.PasswordThrottle; s.passwordThrottle == nil {
		s.passwordThrottle = throttle.New(throttle.Config{}, s.clock)
	}
	if s.quotas == (Quotas{}) {
		s.quotas = DefaultQuotas()
	}
	return s
}

// newAccessKeyPair makes a long-term (AKIA) access key ID and its secret.
func newAccessKeyPair() (id, secret string, err error) {
	if id, err = secrets.NewAccessKeyID("AKIA"); err != nil {
		return "", "", err
	}
	if secret, err = secrets.NewSecretAccessKey(); err != nil {
		return "", "", err
	}
	return id, secret, nil
}

// now is the service clock truncated to seconds, as IAM reports times.
func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Second) }

// Operations declares every implemented IAM operation. Each resource
// family lists its own in its file.
func (s *Service) Operations() []service.Operation {
	var ops []service.Operation
	for _, family := range s.families() {
		ops = append(ops, family()...)
	}
	return ops
}
