// Package store defines what iamd persists, as one small interface per
// aggregate, each method's contract stated in its comment. Implementations
// live in sqlstore (SQLite and PostgreSQL); storetest is the conformance
// suite every implementation passes.
//
// Conventions for every method:
//   - Everything is scoped by account ID: no method ever returns another
//     account's record, and a record of another account is ErrNotFound.
//   - Names (users, groups, roles, policies, instance profiles, inline
//     policies) are unique per account and owner, compared
//     case-insensitively; lookups by name are case-insensitive too.
//   - Listings are ordered by name compared case-insensitively (ties by
//     the exact name), return at most Page.Limit() items, and a non-empty
//     next marker when more remain.
//   - Quota arguments (max ...) are enforced atomically with the write, even
//     under concurrent callers on several nodes: exactly max can exist and
//     every loser gets ErrLimitExceeded. A max of 0 means no limit.
//   - A Page.Marker the store did not issue is ErrInvalidMarker.
//   - Writes made through the Store returned by WithTx commit or roll back
//     together.
package store

import (
	"context"
	"time"
)

// Store is the whole persistent state of iamd.
type Store interface {
	Accounts() Accounts
	Users() Users
	Groups() Groups
	Roles() Roles
	Policies() Policies
	InlinePolicies() InlinePolicies
	Attachments() Attachments
	AccessKeys() AccessKeys
	LoginProfiles() LoginProfiles
	InstanceProfiles() InstanceProfiles
	Tags() Tags
	OIDCProviders() OIDCProviders
	SAMLProviders() SAMLProviders
	SSHPublicKeys() SSHPublicKeys
	SigningCertificates() SigningCertificates
	ServerCertificates() ServerCertificates
	ServiceSpecificCredentials() ServiceSpecificCredentials
	STSPreferences() STSPreferences
	PasswordPolicies() PasswordPolicies
	AccountAliases() AccountAliases
	CredentialReports() CredentialReports
	MFADevices() MFADevices
	Activity() Activity
	LastAccessedReports() LastAccessedReports
	OutboundIssuers() OutboundIssuers
	AuditEvents() AuditEvents
	ConsoleSessions() ConsoleSessions
	RootPasswords() RootPasswords

	// WithTx runs fn in one transaction with a Store bound to it; fn's error
	// rolls back and is returned unchanged (so sentinels survive). Nested
	// WithTx on a transactional Store joins the outer transaction.
	WithTx(ctx context.Context, fn func(tx Store) error) error

	// A transaction can also travel in a context (ContextWithTx): every
	// method of the Store that began it, called with that context, runs in
	// the transaction as if called on tx, and reads bypass caches. This is
	// how a request's handler and its audit event commit together without
	// the handler knowing it runs in a transaction.

	// Generation is a number that grows after every committed write. It
	// grows before the writing call returns for writes made through this
	// Store, and within one second of the commit for writes made by any
	// other Store sharing the database (another node on PostgreSQL, another
	// process on the same SQLite file). A rolled-back transaction need not
	// move it. It may also grow without a write (it is a hint to drop
	// caches, never a count). Caches key on it to drop stale entries.
	Generation() uint64

	// Close releases the database and stops watching for other Stores'
	// writes.
	Close() error
}

// Accounts holds accounts.
type Accounts interface {
	// Create returns ErrAlreadyExists if the ID is taken.
	Create(ctx context.Context, a *Account) error
	// Get returns ErrNotFound if there is no such account.
	Get(ctx context.Context, id string) (*Account, error)
	// List returns every account ordered by ID.
	List(ctx context.Context) ([]*Account, error)
}

// Users holds IAM users.
type Users interface {
	// Create returns ErrAlreadyExists if the name is taken (case-insensitively)
	// or the ID is, and ErrLimitExceeded if the account already has max
	// users (0: no limit), checked atomically with the insert.
	Create(ctx context.Context, u *User, max int) error
	// Get finds a user by name; ErrNotFound if absent.
	Get(ctx context.Context, accountID, name string) (*User, error)
	// GetByID finds a user by unique ID; ErrNotFound if absent.
	GetByID(ctx context.Context, accountID, id string) (*User, error)
	// Update stores Name, Path, PermissionsBoundary and PasswordLastUsed of
	// the user with u.ID; ErrNotFound if absent, ErrAlreadyExists if the new
	// name is taken by another user.
	Update(ctx context.Context, u *User) error
	// Delete removes the user; ErrNotFound if absent; *ConflictError if it
	// still has access keys, a login profile, group memberships, inline
	// policies or attached policies (checked in that order). Its tags and
	// its console sessions go with it.
	Delete(ctx context.Context, accountID, id string) error
	// List lists users whose path starts with pathPrefix ("" or "/" = all).
	List(ctx context.Context, accountID, pathPrefix string, p Page) ([]*User, string, error)
	// Count counts the account's users.
	Count(ctx context.Context, accountID string) (int, error)
}

// Groups holds IAM groups and their memberships.
type Groups interface {
	// Create returns ErrAlreadyExists if the name is taken and
	// ErrLimitExceeded if the account already has max groups (0: no limit),
	// checked atomically with the insert.
	Create(ctx context.Context, g *Group, max int) error
	// Get finds a group by name; ErrNotFound if absent.
	Get(ctx context.Context, accountID, name string) (*Group, error)
	// GetByID finds a group by unique ID; ErrNotFound if absent.
	GetByID(ctx context.Context, accountID, id string) (*Group, error)
	// Update stores Name and Path of the group with g.ID; ErrNotFound,
	// ErrAlreadyExists as for users.
	Update(ctx context.Context, g *Group) error
	// Delete removes the group; *ConflictError if it still has members,
	// inline policies or attached policies.
	Delete(ctx context.Context, accountID, id string) error
	List(ctx context.Context, accountID, pathPrefix string, p Page) ([]*Group, string, error)
	// Count counts the account's groups.
	Count(ctx context.Context, accountID string) (int, error)
	// AddMember is idempotent; ErrNotFound if either side is absent;
	// ErrLimitExceeded if the user would be in more than maxGroupsPerUser.
	AddMember(ctx context.Context, accountID, groupID, userID string, maxGroupsPerUser int) error
	// RemoveMember returns ErrNotFound if the user is not a member.
	RemoveMember(ctx context.Context, accountID, groupID, userID string) error
	// Members lists the group's users.
	Members(ctx context.Context, accountID, groupID string, p Page) ([]*User, string, error)
	// GroupsForUser lists the groups the user belongs to.
	GroupsForUser(ctx context.Context, accountID, userID string, p Page) ([]*Group, string, error)
}

// Roles holds IAM roles.
type Roles interface {
	// Create returns ErrAlreadyExists if the name is taken and
	// ErrLimitExceeded if the account already has max roles (0: no limit),
	// checked atomically with the insert.
	Create(ctx context.Context, r *Role, max int) error
	Get(ctx context.Context, accountID, name string) (*Role, error)
	GetByID(ctx context.Context, accountID, id string) (*Role, error)
	// Update stores every mutable field (AssumeRolePolicy, Description,
	// MaxSessionDuration, PermissionsBoundary, LastUsed*) of the role with r.ID.
	Update(ctx context.Context, r *Role) error
	// Delete removes the role; *ConflictError if it is still in instance
	// profiles or has inline or attached policies.
	Delete(ctx context.Context, accountID, id string) error
	List(ctx context.Context, accountID, pathPrefix string, p Page) ([]*Role, string, error)
	// Count counts the account's roles.
	Count(ctx context.Context, accountID string) (int, error)
}

// Policies holds customer managed policies and their versions.
type Policies interface {
	// Create stores the policy and its first version (v1, default);
	// ErrAlreadyExists if the name is taken in the account; ErrLimitExceeded
	// if the account already has max customer managed policies (0: no
	// limit), checked atomically with the insert.
	Create(ctx context.Context, p *ManagedPolicy, firstVersion *PolicyVersion, max int) error
	// Get finds a policy by name (names are unique per account regardless
	// of path); ErrNotFound if absent.
	Get(ctx context.Context, accountID, name string) (*ManagedPolicy, error)
	GetByID(ctx context.Context, accountID, id string) (*ManagedPolicy, error)
	// Update stores Description, DefaultVersionID and UpdatedAt.
	Update(ctx context.Context, p *ManagedPolicy) error
	// Delete removes the policy with its default version; *ConflictError if
	// it is attached to any identity or used as a permissions boundary
	// (DependentAttachments) or has non-default versions
	// (DependentPolicyVersions).
	Delete(ctx context.Context, accountID, id string) error
	List(ctx context.Context, accountID, pathPrefix string, p Page) ([]*ManagedPolicy, string, error)
	// Count counts the account's customer managed policies.
	Count(ctx context.Context, accountID string) (int, error)

	// CreateVersion adds the next version (ID "v"+NextVersion) and, when
	// setDefault, makes it the default; ErrLimitExceeded when the policy
	// already has maxVersions versions. It fills v.VersionID.
	CreateVersion(ctx context.Context, accountID, policyID string, v *PolicyVersion, setDefault bool, maxVersions int) error
	// GetVersion returns ErrNotFound for an unknown policy or version.
	GetVersion(ctx context.Context, accountID, policyID, versionID string) (*PolicyVersion, error)
	// ListVersions lists versions newest first.
	ListVersions(ctx context.Context, accountID, policyID string) ([]*PolicyVersion, error)
	// DeleteVersion removes a non-default version; *ConflictError
	// (DependentDefaultVersion) for the default one.
	DeleteVersion(ctx context.Context, accountID, policyID, versionID string) error
	// SetDefaultVersion returns ErrNotFound for an unknown version.
	SetDefaultVersion(ctx context.Context, accountID, policyID, versionID string, now time.Time) error
}

// InlinePolicies holds the policies embedded in users, groups and roles.
type InlinePolicies interface {
	// Put creates or replaces the named policy of owner; ErrNotFound if the
	// owner is absent. size is the document's size as the caller counts it
	// for its quota (the store keeps it beside the document); Put returns
	// ErrLimitExceeded, atomically with the write, when the sizes of the
	// owner's inline policies, with this one replacing any of the same name,
	// would add up to more than maxTotal (0: no limit).
	Put(ctx context.Context, p *InlinePolicy, size, maxTotal int) error
	// Get returns ErrNotFound if the owner has no policy of that name.
	Get(ctx context.Context, owner Owner, name string) (*InlinePolicy, error)
	// Delete returns ErrNotFound if the owner has no policy of that name.
	Delete(ctx context.Context, owner Owner, name string) error
	// List lists the owner's inline policies ordered by name.
	List(ctx context.Context, owner Owner, p Page) ([]*InlinePolicy, string, error)
}

// EntityFilter narrows ListEntities.
type EntityFilter struct {
	Kinds      []OwnerKind // empty: all
	PathPrefix string
}

// Attachments links managed policies (by ARN) to users, groups and roles.
type Attachments interface {
	// Attach is idempotent; ErrNotFound if the owner is absent;
	// ErrLimitExceeded if the owner would have more than max policies.
	Attach(ctx context.Context, a *Attachment, max int) error
	// Detach returns ErrNotFound if the policy is not attached to the owner.
	Detach(ctx context.Context, a *Attachment) error
	// ListForOwner lists the owner's policy ARNs ordered by ARN.
	ListForOwner(ctx context.Context, owner Owner, p Page) ([]string, string, error)
	// ListEntities lists the owners a policy is attached to, in the account.
	ListEntities(ctx context.Context, accountID, policyARN string, f EntityFilter, p Page) ([]Owner, string, error)
	// Count counts the account's attachments of a policy.
	Count(ctx context.Context, accountID, policyARN string) (int, error)
	// AttachedARNs maps every policy ARN attached to some identity of the
	// account to its number of attachments there (Count for all policies
	// at once); policies attached nowhere are absent.
	AttachedARNs(ctx context.Context, accountID string) (map[string]int, error)
	// BoundaryARNs maps every policy ARN that some user or role of the
	// account uses as its permissions boundary to the number of them
	// (CountBoundaryUses for all policies at once).
	BoundaryARNs(ctx context.Context, accountID string) (map[string]int, error)
	// CountBoundaryUses counts users and roles of the account whose
	// permissions boundary is the policy.
	CountBoundaryUses(ctx context.Context, accountID, policyARN string) (int, error)
}

// AccessKeys holds long-term access keys.
type AccessKeys interface {
	// Create returns ErrLimitExceeded if the user (or the root, UserID "")
	// already has max keys; ErrNotFound if the user is absent.
	Create(ctx context.Context, k *AccessKey, max int) error
	// Lookup finds a key by its globally unique ID, in any account, for
	// authentication; ErrNotFound if absent.
	Lookup(ctx context.Context, id string) (*AccessKey, error)
	// List lists the user's (or the root's) keys ordered by creation.
	List(ctx context.Context, accountID, userID string) ([]*AccessKey, error)
	// UpdateStatus returns ErrNotFound unless the key belongs to that user.
	UpdateStatus(ctx context.Context, accountID, userID, id string, s AccessKeyStatus) error
	// Delete returns ErrNotFound unless the key belongs to that user.
	Delete(ctx context.Context, accountID, userID, id string) error
	// RecordUse sets last-used date, service and region; it may be
	// best-effort and is not counted as a write for Generation.
	RecordUse(ctx context.Context, id string, at time.Time, service, region string) error
}

// LoginProfiles holds console passwords.
type LoginProfiles interface {
	// Create returns ErrAlreadyExists if the user has one already.
	Create(ctx context.Context, lp *LoginProfile) error
	// Get returns ErrNotFound if the user has none.
	Get(ctx context.Context, accountID, userID string) (*LoginProfile, error)
	// Update stores PasswordHash and PasswordResetRequired.
	Update(ctx context.Context, lp *LoginProfile) error
	Delete(ctx context.Context, accountID, userID string) error
}

// InstanceProfiles holds instance profiles and their role.
type InstanceProfiles interface {
	// Create returns ErrAlreadyExists if the name is taken and
	// ErrLimitExceeded if the account already has max instance profiles
	// (0: no limit), checked atomically with the insert.
	Create(ctx context.Context, ip *InstanceProfile, max int) error
	Get(ctx context.Context, accountID, name string) (*InstanceProfile, error)
	// Delete returns *ConflictError (DependentRoles) while it holds a role.
	Delete(ctx context.Context, accountID, id string) error
	List(ctx context.Context, accountID, pathPrefix string, p Page) ([]*InstanceProfile, string, error)
	// Count counts the account's instance profiles.
	Count(ctx context.Context, accountID string) (int, error)
	// AddRole returns ErrLimitExceeded if the profile already holds max
	// roles (IAM: 1), ErrAlreadyExists if it holds this one.
	AddRole(ctx context.Context, accountID, profileID, roleID string, max int) error
	// RemoveRole returns ErrNotFound if the role is not in the profile.
	RemoveRole(ctx context.Context, accountID, profileID, roleID string) error
	ListForRole(ctx context.Context, accountID, roleID string, p Page) ([]*InstanceProfile, string, error)
}

// Tags holds the tags of users, roles, policies and instance profiles.
type Tags interface {
	// Set adds or overwrites tags (keys compared case-insensitively, as IAM
	// does; the new key's case wins); ErrLimitExceeded if the entity would
	// carry more than max tags.
	Set(ctx context.Context, accountID string, kind TaggableKind, id string, tags []Tag, max int) error
	// Remove deletes the named keys; absent keys are ignored.
	Remove(ctx context.Context, accountID string, kind TaggableKind, id string, keys []string) error
	// List lists an entity's tags ordered by key.
	List(ctx context.Context, accountID string, kind TaggableKind, id string) ([]Tag, error)
}

type txContextKey struct{}

// ContextWithTx returns ctx carrying tx, a Store that WithTx handed to its
// function.
func ContextWithTx(ctx context.Context, tx Store) context.Context {
	return context.WithValue(ctx, txContextKey{}, tx)
}

// TxFromContext returns the transaction-bound Store ctx carries, or nil.
func TxFromContext(ctx context.Context) Store {
	tx, _ := ctx.Value(txContextKey{}).(Store)
	return tx
}
