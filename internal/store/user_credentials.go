package store

import (
	"context"
	"time"
)

// SSHPublicKey is a user's SSH public key for AWS CodeCommit
// (UploadSSHPublicKey). Its ID is APKA...; Fingerprint is the MD5
// colon-hex fingerprint AWS reports, unique per user.
type SSHPublicKey struct {
	AccountID   string
	UserID      string
	ID          string
	Body        string // the key as uploaded (OpenSSH or PEM)
	Fingerprint string
	Status      AccessKeyStatus
	UploadedAt  time.Time
}

// SigningCertificate is an X.509 signing certificate of a user, or of the
// account's root user (UserID ""). Fingerprint identifies the certificate
// (a digest of its DER form) and is unique per account: AWS refuses one
// certificate on two owners.
type SigningCertificate struct {
	AccountID   string
	UserID      string
	ID          string
	Body        string // PEM, as uploaded
	Fingerprint string
	Status      AccessKeyStatus
	UploadedAt  time.Time
}

// ServerCertificate is an account's server certificate with its private
// key, which the service seals before it reaches the store. Its ARN is
// arn:aws:iam::ACCOUNT:server-certificate/PATH/NAME; names are unique per
// account compared case-insensitively.
type ServerCertificate struct {
	AccountID        string
	ID               string // ASCA...
	Name             string
	Path             string
	Body             string
	Chain            string
	SealedPrivateKey []byte
	Expiration       time.Time
	UploadedAt       time.Time
}

// TagServerCertificate is the taggable kind of server certificates.
const TagServerCertificate TaggableKind = "server-certificate"

// ServiceSpecificCredential is a user's password for one AWS service
// (CodeCommit, Amazon Keyspaces). The password is sealed by the service.
type ServiceSpecificCredential struct {
	AccountID       string
	UserID          string
	ID              string // ACCA...
	ServiceName     string
	ServiceUserName string
	SealedPassword  []byte
	Status          AccessKeyStatus
	CreatedAt       time.Time
}

// SSHPublicKeys holds users' SSH public keys.
type SSHPublicKeys interface {
	// Create returns ErrNotFound if the user is absent, ErrAlreadyExists
	// if the user has a key with the same Fingerprint (or the ID is
	// taken), and ErrLimitExceeded if the user already has max keys (0: no
	// limit), checked atomically with the insert.
	Create(ctx context.Context, k *SSHPublicKey, max int) error
	// Get returns ErrNotFound unless the key belongs to that user.
	Get(ctx context.Context, accountID, userID, id string) (*SSHPublicKey, error)
	// List lists the user's keys in upload order (ties by ID).
	List(ctx context.Context, accountID, userID string) ([]*SSHPublicKey, error)
	// UpdateStatus returns ErrNotFound unless the key belongs to that user.
	UpdateStatus(ctx context.Context, accountID, userID, id string, s AccessKeyStatus) error
	// Delete returns ErrNotFound unless the key belongs to that user.
	Delete(ctx context.Context, accountID, userID, id string) error
}

// SigningCertificates holds signing certificates of users and root users.
type SigningCertificates interface {
	// Create returns ErrNotFound if the user is absent, ErrAlreadyExists
	// if the account has a certificate with the same Fingerprint (or the
	// ID is taken), and ErrLimitExceeded if the owner already has max
	// certificates (0: no limit), checked atomically with the insert.
	Create(ctx context.Context, c *SigningCertificate, max int) error
	// List lists the owner's certificates in upload order (ties by ID).
	List(ctx context.Context, accountID, userID string) ([]*SigningCertificate, error)
	// UpdateStatus returns ErrNotFound unless the certificate belongs to
	// that owner.
	UpdateStatus(ctx context.Context, accountID, userID, id string, s AccessKeyStatus) error
	// Delete returns ErrNotFound unless the certificate belongs to that
	// owner.
	Delete(ctx context.Context, accountID, userID, id string) error
}

// ServerCertificates holds server certificates.
type ServerCertificates interface {
	// Create returns ErrAlreadyExists if the name is taken (or the ID is),
	// and ErrLimitExceeded if the account already has max certificates
	// (0: no limit), checked atomically with the insert.
	Create(ctx context.Context, c *ServerCertificate, max int) error
	// Get finds a certificate by name; ErrNotFound if absent.
	Get(ctx context.Context, accountID, name string) (*ServerCertificate, error)
	// List lists certificates whose path starts with pathPrefix ("" or "/"
	// = all), ordered by name.
	List(ctx context.Context, accountID, pathPrefix string, p Page) ([]*ServerCertificate, string, error)
	// Update stores Name and Path of the certificate with c.ID;
	// ErrNotFound if absent, ErrAlreadyExists if the new name is taken by
	// another certificate.
	Update(ctx context.Context, c *ServerCertificate) error
	// Delete removes the certificate and its tags; ErrNotFound if absent.
	Delete(ctx context.Context, accountID, id string) error
}

// ServiceSpecificCredentials holds users' service-specific credentials.
type ServiceSpecificCredentials interface {
	// Create returns ErrNotFound if the user is absent and
	// ErrLimitExceeded if the user already has maxPerService credentials
	// for c.ServiceName (0: no limit), checked atomically with the insert.
	Create(ctx context.Context, c *ServiceSpecificCredential, maxPerService int) error
	// Get returns ErrNotFound unless the credential belongs to that user.
	Get(ctx context.Context, accountID, userID, id string) (*ServiceSpecificCredential, error)
	// List lists the user's credentials, for one service unless
	// serviceName is "", in creation order (ties by ID).
	List(ctx context.Context, accountID, userID, serviceName string) ([]*ServiceSpecificCredential, error)
	// UpdateStatus returns ErrNotFound unless the credential belongs to
	// that user.
	UpdateStatus(ctx context.Context, accountID, userID, id string, s AccessKeyStatus) error
	// SetPassword replaces the sealed password; ErrNotFound unless the
	// credential belongs to that user.
	SetPassword(ctx context.Context, accountID, userID, id string, sealed []byte) error
	// Delete returns ErrNotFound unless the credential belongs to that
	// user.
	Delete(ctx context.Context, accountID, userID, id string) error
}

// STSPreferences holds each account's SetSecurityTokenServicePreferences.
type STSPreferences interface {
	// GlobalEndpointTokenVersion returns the account's setting, "" when it
	// was never set.
	GlobalEndpointTokenVersion(ctx context.Context, accountID string) (string, error)
	// SetGlobalEndpointTokenVersion stores the setting (an upsert).
	SetGlobalEndpointTokenVersion(ctx context.Context, accountID, version string) error
}
