package store

import "time"

// The records the store keeps. They are domain values, not wire shapes: the
// services derive ARNs and AWS's output shapes from them. Every record
// belongs to one account; names are unique per account compared
// case-insensitively (IAM's rule) and keep the case they were created with.

// Account is one AWS-style account with its root user.
type Account struct {
	ID        string // 12 digits
	Name      string
	Email     string
	CreatedAt time.Time
}

// User is an IAM user.
type User struct {
	AccountID           string
	ID                  string // AIDA...
	Name                string
	Path                string
	CreatedAt           time.Time
	PasswordLastUsed    *time.Time
	PermissionsBoundary string // policy ARN, "" for none
}

// Group is an IAM group.
type Group struct {
	AccountID string
	ID        string // AGPA...
	Name      string
	Path      string
	CreatedAt time.Time
}

// Role is an IAM role.
type Role struct {
	AccountID           string
	ID                  string // AROA...
	Name                string
	Path                string
	AssumeRolePolicy    string // the document as given
	Description         string
	MaxSessionDuration  int32 // seconds
	PermissionsBoundary string
	CreatedAt           time.Time
	LastUsedAt          *time.Time
	LastUsedRegion      string
}

// ManagedPolicy is a customer managed policy (AWS managed policies are a
// read-only catalog outside the store).
type ManagedPolicy struct {
	AccountID        string
	ID               string // ANPA...
	Name             string
	Path             string
	Description      string
	DefaultVersionID string // "v1", "v2", ...
	CreatedAt        time.Time
	UpdatedAt        time.Time
	// NextVersion is the number the next created version gets; version IDs
	// are never reused, as in AWS.
	NextVersion int
}

// PolicyVersion is one version of a customer managed policy.
type PolicyVersion struct {
	PolicyID  string
	VersionID string // "v1"...
	Document  string // as given by the caller
	IsDefault bool
	CreatedAt time.Time
}

// OwnerKind says what kind of identity owns inline policies or attachments.
type OwnerKind string

// The identities that policies attach to.
const (
	OwnerUser  OwnerKind = "user"
	OwnerGroup OwnerKind = "group"
	OwnerRole  OwnerKind = "role"
)

// Owner addresses a user, group or role by its unique ID.
type Owner struct {
	AccountID string
	Kind      OwnerKind
	ID        string
}

// InlinePolicy is a policy embedded in one user, group or role.
type InlinePolicy struct {
	Owner    Owner
	Name     string
	Document string
}

// Attachment links a managed policy (customer or AWS, by ARN) to an owner.
type Attachment struct {
	Owner     Owner
	PolicyARN string
}

// AccessKeyStatus is Active or Inactive.
type AccessKeyStatus string

// Access key states as IAM names them.
const (
	KeyActive   AccessKeyStatus = "Active"
	KeyInactive AccessKeyStatus = "Inactive"
)

// AccessKey is a long-term access key of a user or of an account's root.
type AccessKey struct {
	ID        string // AKIA...
	AccountID string
	UserID    string // "" for the root user's keys
	// SealedSecret is the secret access key encrypted by the service's
	// keyring; the store never sees the plaintext.
	SealedSecret []byte
	Status       AccessKeyStatus
	CreatedAt    time.Time
	LastUsedAt   *time.Time
	LastService  string
	LastRegion   string
}

// LoginProfile is a user's console password.
type LoginProfile struct {
	AccountID             string
	UserID                string
	PasswordHash          string // argon2id PHC string
	PasswordResetRequired bool
	CreatedAt             time.Time
}

// InstanceProfile is a container for at most one role.
type InstanceProfile struct {
	AccountID string
	ID        string // AIPA...
	Name      string
	Path      string
	CreatedAt time.Time
	RoleIDs   []string // filled by Get/List
}

// Tag is a key-value pair on a taggable entity.
type Tag struct {
	Key   string
	Value string
}

// TaggableKind names the entity kinds that carry tags.
type TaggableKind string

// The taggable entity kinds.
const (
	TagUser            TaggableKind = "user"
	TagRole            TaggableKind = "role"
	TagPolicy          TaggableKind = "policy"
	TagInstanceProfile TaggableKind = "instance-profile"
)

// Page asks for one page of a listing. Marker is opaque: pass back the
// NextMarker of the previous page. MaxItems <= 0 means the default, 100.
type Page struct {
	Marker   string
	MaxItems int
}

// Limit returns the effective page size.
func (p Page) Limit() int {
	if p.MaxItems <= 0 {
		return 100
	}
	return p.MaxItems
}
