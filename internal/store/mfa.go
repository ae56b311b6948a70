package store

import (
	"context"
	"time"
)

// MFADevice is a virtual MFA device (CreateVirtualMFADevice): a TOTP seed
// with a name, optionally assigned to one IAM user or to the root user.
type MFADevice struct {
	AccountID string
	ID        string // unique, internal (AWS shows devices by serial number)
	// Path and Name make the serial number,
	// arn:aws:iam::ACCOUNT:mfa/PATH/NAME. Names are unique per account,
	// compared case-insensitively, whatever the path.
	Path string
	Name string
	// SealedSeed is the TOTP seed as the service sealed it: the store never
	// sees the seed itself.
	SealedSeed []byte
	CreatedAt  time.Time
	// Assigned says the device is enabled for UserID, or for the root user
	// when UserID is "". EnabledAt is set exactly when Assigned is.
	Assigned  bool
	UserID    string
	EnabledAt *time.Time
	// LastStep is the last TOTP time step accepted (Unix time / 30 s), so
	// that a code is accepted once only; 0 before any.
	LastStep int64
	// StepOffset is the device clock's drift in steps, learnt by
	// ResyncMFADevice: codes are checked around now's step plus it.
	StepOffset int64
}

// TagMFADevice is the taggable kind of virtual MFA devices.
const TagMFADevice TaggableKind = "mfa"

// DependentMFAAssignment blocks deleting a device still assigned to a user.
const DependentMFAAssignment Dependent = "mfa assignment"

// MFADevices holds virtual MFA devices.
type MFADevices interface {
	// Create stores an unassigned device; ErrAlreadyExists if the account
	// has a device with that name (case-insensitively) or the ID is taken.
	Create(ctx context.Context, d *MFADevice) error
	// Get finds a device by name (case-insensitively); ErrNotFound if
	// absent.
	Get(ctx context.Context, accountID, name string) (*MFADevice, error)
	// Delete removes the device and its tags; ErrNotFound if absent;
	// *ConflictError (DependentMFAAssignment) while it is assigned.
	Delete(ctx context.Context, accountID, id string) error
	// Enable assigns the device to userID ("" for the root) with its
	// enable date and the TOTP step its codes were accepted at;
	// ErrNotFound if absent; ErrAlreadyExists if it is already assigned
	// (to anyone); ErrLimitExceeded if the user already has max devices
	// (0: no limit). Atomic under concurrent callers.
	Enable(ctx context.Context, accountID, id, userID string, at time.Time, step int64, max int) error
	// Deactivate unassigns the device, clearing its enable date, last
	// step and offset; ErrNotFound if it is absent or not assigned to
	// userID ("" for the root).
	Deactivate(ctx context.Context, accountID, id, userID string) error
	// AcceptStep records step as the last accepted one (and the device's
	// offset) only if it is greater than the last accepted step:
	// ErrConflict if it is not (a replay, also under concurrent callers);
	// ErrNotFound if the device is absent.
	AcceptStep(ctx context.Context, accountID, id string, step, offset int64) error
	// List lists the account's devices ordered by name; assigned nil lists
	// all, else only those assigned (true) or not (false).
	List(ctx context.Context, accountID string, assigned *bool, p Page) ([]*MFADevice, string, error)
	// ListForUser lists the devices assigned to userID ("" for the root),
	// ordered by name.
	ListForUser(ctx context.Context, accountID, userID string) ([]*MFADevice, error)
}
