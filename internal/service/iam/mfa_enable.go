package iam

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/store"
)

// Errors of VerifyMFACode, for the STS operations that take SerialNumber
// and TokenCode; STS turns them into its own AWS errors.
var (
	// ErrMFADeviceNotAssigned: no enabled virtual device with that serial
	// number belongs to the user.
	ErrMFADeviceNotAssigned = errors.New("iam: mfa device not assigned to the user")
	// ErrMFACodeInvalid: the code is not the device's code within one
	// step of now.
	ErrMFACodeInvalid = errors.New("iam: invalid mfa code")
	// ErrMFACodeReused: the code (or a later one) was already accepted.
	ErrMFACodeReused = fmt.Errorf("%w: already used", ErrMFACodeInvalid)
)

// openSeed unseals a device's seed.
func (s *Service) openSeed(d *store.MFADevice) (string, error) {
	seed, err := s.sealer.Open(d.SealedSeed, seedAAD(d))
	if err != nil {
		return "", fmt.Errorf("iam: open mfa seed of %s: %w", d.ID, err)
	}
	return string(seed), nil
}

// EnableMFADevice assigns a virtual device to a user once the user proves
// possession with two consecutive codes (the second within one step of
// now). A user has at most eight devices.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
func (s *Service) EnableMFADevice(ctx context.Context, in *EnableMFADeviceRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := getUser(ctx, s.store, accountID, in.UserName)
	if err != nil {
		return nil, err
	}
	if err := s.enable(ctx, accountID, u.ID, in.SerialNumber, in.AuthenticationCode1, in.AuthenticationCode2); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// EnableRootMFADevice assigns a virtual device to the account's root user,
// as EnableMFADevice does for users. AWS offers this only in its console
// (its API cannot enable root MFA), so it is not an API operation: iamd's
// console calls it, after CreateVirtualMFADevice with the name AWS's
// console uses, root-account-mfa-device.
func (s *Service) EnableRootMFADevice(ctx context.Context, accountID, serialNumber, code1, code2 string) error {
	return s.enable(ctx, accountID, "", serialNumber, code1, code2)
}

func (s *Service) enable(ctx context.Context, accountID, userID, serial, code1, code2 string) error {
	d, err := deviceBySerial(ctx, s.store, accountID, serial)
	if err != nil {
		return err
	}
	if d.Assigned {
		return awserr.EntityAlreadyExists("%s", msgMFADeviceInUse)
	}
	seed, err := s.openSeed(d)
	if err != nil {
		return err
	}
	now := s.clock()
	step, ok := findCodePair(seed, code1, code2, totpStep(now), totpDrift, d.LastStep)
	if !ok {
		return errInvalidAuthCode()
	}
	err = s.store.MFADevices().Enable(ctx, accountID, d.ID, userID, now.UTC().Truncate(time.Second), step, mfaDevicesPerUser)
	return storeError(err,
		ifExists(awserr.EntityAlreadyExists("%s", msgMFADeviceInUse)),
		ifLimit(errQuota(quotaMFADevicesPerUser, mfaDevicesPerUser)),
		ifNotFound(awserr.NoSuchEntity(msgMFADeviceNotFound, serial)))
}

func errInvalidAuthCode() *awserr.Error {
	return awserr.New("InvalidAuthenticationCode", 403, msgInvalidAuthCode)
}

// assignedDevice finds the device a serial number names and checks it is
// assigned to owner; NoSuchEntity otherwise.
func assignedDevice(ctx context.Context, st store.Store, accountID, serial string, owner mfaOwner) (*store.MFADevice, error) {
	d, err := deviceBySerial(ctx, st, accountID, serial)
	if err != nil {
		return nil, err
	}
	if !d.Assigned || d.UserID != owner.id {
		return nil, awserr.NoSuchEntity(msgMFADeviceNotOwned, serial, ownerName(owner, accountID))
	}
	return d, nil
}

// ResyncMFADevice re-learns the drift of a device's clock from two
// consecutive codes found within resyncWindow steps of now; later codes
// are checked around the drifted step.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ResyncMFADevice.html
func (s *Service) ResyncMFADevice(ctx context.Context, in *ResyncMFADeviceRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	u, err := getUser(ctx, s.store, accountID, in.UserName)
	if err != nil {
		return nil, err
	}
	d, err := assignedDevice(ctx, s.store, accountID, in.SerialNumber, mfaOwner{id: u.ID, name: u.Name})
	if err != nil {
		return nil, err
	}
	seed, err := s.openSeed(d)
	if err != nil {
		return nil, err
	}
	now := totpStep(s.clock())
	step, ok := findCodePair(seed, in.AuthenticationCode1, in.AuthenticationCode2, now, resyncWindow, d.LastStep)
	if !ok {
		return nil, errInvalidAuthCode()
	}
	err = s.store.MFADevices().AcceptStep(ctx, accountID, d.ID, step, step-now)
	if errors.Is(err, store.ErrConflict) {
		return nil, errInvalidAuthCode()
	}
	if err := storeError(err, ifNotFound(awserr.NoSuchEntity(msgMFADeviceNotFound, in.SerialNumber))); err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// DeactivateMFADevice unassigns a device from the user (or the caller);
// the virtual device remains, to be deleted or enabled again.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeactivateMFADevice.html
func (s *Service) DeactivateMFADevice(ctx context.Context, in *DeactivateMFADeviceRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		owner, err := ownerOf(ctx, tx, in.UserName)
		if err != nil {
			return err
		}
		d, err := assignedDevice(ctx, tx, accountID, in.SerialNumber, owner)
		if err != nil {
			return err
		}
		return storeError(tx.MFADevices().Deactivate(ctx, accountID, d.ID, owner.id),
			ifNotFound(awserr.NoSuchEntity(msgMFADeviceNotOwned, in.SerialNumber, ownerName(owner, accountID))))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// VerifyMFACode checks a TokenCode for STS (GetSessionToken, AssumeRole
// with SerialNumber): the virtual device with serialNumber must be enabled
// for userID (an IAM user's unique ID, or "" for the root) and code must be
// its code within one step of now (after any drift a resync learnt), and
// newer than any code accepted before. It records the code's step, so the
// same code is refused next time, and returns when the code was accepted:
// the session's MFA authentication time (aws:MultiFactorAuthAge).
// Errors: ErrMFADeviceNotAssigned, ErrMFACodeInvalid (ErrMFACodeReused for
// a replay); anything else is a failure of the store or the key ring.
func (s *Service) VerifyMFACode(ctx context.Context, accountID, userID, serialNumber, code string) (time.Time, error) {
	d, err := deviceBySerial(ctx, s.store, accountID, serialNumber)
	if awserr.Is(err, "NoSuchEntity") {
		return time.Time{}, ErrMFADeviceNotAssigned
	}
	if err != nil {
		return time.Time{}, err
	}
	if !d.Assigned || d.UserID != userID {
		return time.Time{}, ErrMFADeviceNotAssigned
	}
	seed, err := s.openSeed(d)
	if err != nil {
		return time.Time{}, err
	}
	now := s.clock()
	center := totpStep(now) + d.StepOffset
	step, ok := findCode(seed, code, center, totpDrift, d.LastStep)
	if !ok {
		// A code right for a step already used is a replay.
		if _, old := findCode(seed, code, center, totpDrift, -1); old {
			return time.Time{}, ErrMFACodeReused
		}
		return time.Time{}, ErrMFACodeInvalid
	}
	switch err := s.store.MFADevices().AcceptStep(ctx, accountID, d.ID, step, d.StepOffset); {
	case errors.Is(err, store.ErrConflict):
		return time.Time{}, ErrMFACodeReused // a concurrent call took it
	case errors.Is(err, store.ErrNotFound):
		return time.Time{}, ErrMFADeviceNotAssigned
	case err != nil:
		return time.Time{}, fmt.Errorf("iam: accept mfa code: %w", err)
	}
	return now.UTC().Truncate(time.Second), nil
}
