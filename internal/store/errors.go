package store

import (
	"errors"
	"fmt"
)

// Storage sentinels. Services translate them into AWS errors with AWS's own
// messages; the store never formats a wire message.
var (
	// ErrNotFound: the addressed entity does not exist (in that account).
	ErrNotFound = errors.New("store: not found")
	// ErrAlreadyExists: a unique name (compared case-insensitively where IAM
	// does) or ID is taken.
	ErrAlreadyExists = errors.New("store: already exists")
	// ErrLimitExceeded: a quota passed to the call (per entity or per
	// account) would be exceeded. Quota checks are atomic with the write.
	ErrLimitExceeded = errors.New("store: limit exceeded")
	// ErrConflict: the entity has dependents that must go first; the error
	// is a *ConflictError naming them.
	ErrConflict = errors.New("store: conflict")
	// ErrInvalidMarker: a listing's Page.Marker is not one the store issued
	// (it does not decode). Every listing returns it instead of guessing a
	// position, so that a client echoing a corrupted marker gets an error
	// rather than a silent first (or empty) page.
	ErrInvalidMarker = errors.New("store: invalid pagination marker")
)

// Dependent names what blocks a delete.
type Dependent string

// The dependents a delete can be blocked by, as IAM reports them.
const (
	DependentAccessKeys       Dependent = "access keys"
	DependentLoginProfile     Dependent = "login profile"
	DependentGroupMemberships Dependent = "group memberships" // a user still in groups
	DependentGroupMembers     Dependent = "group members"     // a group still holding users
	DependentInlinePolicies   Dependent = "inline policies"
	DependentAttachedPolicies Dependent = "attached policies"
	DependentAttachments      Dependent = "attachments"       // a managed policy still attached
	DependentPolicyVersions   Dependent = "policy versions"   // non-default versions remain
	DependentInstanceProfiles Dependent = "instance profiles" // a role still in profiles
	DependentRoles            Dependent = "roles"             // a profile still holding a role
	DependentDefaultVersion   Dependent = "default version"   // deleting a policy's default version
)

// ConflictError says which dependents block a delete.
type ConflictError struct{ Dependent Dependent }

func (e *ConflictError) Error() string {
	return fmt.Sprintf("store: conflict: entity still has %s", e.Dependent)
}

// Is makes errors.Is(err, ErrConflict) true for every *ConflictError.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }
