package iam

import (
	"context"
	"errors"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// Virtual MFA device limits and names.
const (
	// mfaDevicesPerUser is AWS's limit of MFA devices assigned to one user
	// (or the root): "up to eight MFA devices of any combination".
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa.html
	mfaDevicesPerUser = 8
	// mfaIDPrefix prefixes the store's internal device IDs (AWS shows
	// devices only by serial number).
	mfaIDPrefix = "AMFA"
	// rootMFADeviceName is the name AWS's console gives the virtual device
	// it creates for the root user: arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device.
	rootMFADeviceName = "root-account-mfa-device"

	quotaMFADevicesPerUser = "MFADevicesPerUser"
)

// Messages of the MFA device operations. The codes are those of each
// operation's API reference page. AWS documents no texts: the first three
// are what AWS sends as quoted by its users (a CloudTrail record of
// CreateVirtualMFADevice; console and CLI reports of EnableMFADevice) and
// by IAM-compatible services tested against it; the NoSuchEntity and
// DeleteConflict texts are iamd's own, in IAM's style.
const (
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html
	msgMFADeviceExists = "MFADevice entity at the same path and name already exists."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_EnableMFADevice.html
	msgMFADeviceInUse  = "MFA Device is already in use."
	msgInvalidAuthCode = "Authentication code for device is not valid."

	msgMFADeviceNotFound   = "VirtualMFADevice with serial number %s doesn't exist."
	msgMFADeviceNotOwned   = "MFA Device with serial number %s not found for user %s."
	msgMFADeviceStillInUse = "MFA Device is still assigned to a user and must be deactivated first."
)

// mfaDeviceOps declares the virtual MFA device operations. Device
// operations are authorized on the device's serial number (its ARN);
// assignment operations on the user, as AWS's service authorization
// reference lists them.
func (s *Service) mfaDeviceOps() []service.Operation {
	onSerial := func(serial string) string { return serial }
	return []service.Operation{
		service.Op("iam", "CreateVirtualMFADevice", s.CreateVirtualMFADevice,
			service.WithContextKeys(func(in *CreateVirtualMFADeviceRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(p *principal.Principal, in *CreateVirtualMFADeviceRequest) string {
				return entityARN(p.AccountID, "mfa", in.Path, in.VirtualMFADeviceName)
			})),
		service.Op("iam", "DeleteVirtualMFADevice", s.DeleteVirtualMFADevice,
			service.OnResource(func(_ *principal.Principal, in *DeleteVirtualMFADeviceRequest) string {
				return onSerial(in.SerialNumber)
			})),
		service.Op("iam", "ListVirtualMFADevices", s.ListVirtualMFADevices, service.ReadOnly[ListVirtualMFADevicesRequest](),
			service.OnResource(func(_ *principal.Principal, _ *ListVirtualMFADevicesRequest) string { return "*" })),
		service.Op("iam", "EnableMFADevice", s.EnableMFADevice,
			service.OnResource(func(p *principal.Principal, in *EnableMFADeviceRequest) string { return s.userResource(p, in.UserName) })),
		service.Op("iam", "ResyncMFADevice", s.ResyncMFADevice,
			service.OnResource(func(p *principal.Principal, in *ResyncMFADeviceRequest) string { return s.userResource(p, in.UserName) })),
		service.Op("iam", "DeactivateMFADevice", s.DeactivateMFADevice,
			service.OnResource(func(p *principal.Principal, in *DeactivateMFADeviceRequest) string {
				return s.userResource(p, in.UserName)
			})),
		service.Op("iam", "GetMFADevice", s.GetMFADevice, service.ReadOnly[GetMFADeviceRequest](),
			service.OnResource(func(p *principal.Principal, in *GetMFADeviceRequest) string { return s.userResource(p, in.UserName) })),
		service.Op("iam", "ListMFADevices", s.ListMFADevices, service.ReadOnly[ListMFADevicesRequest](),
			service.OnResource(func(p *principal.Principal, in *ListMFADevicesRequest) string { return s.userResource(p, in.UserName) })),
		service.Op("iam", "TagMFADevice", s.TagMFADevice,
			service.WithContextKeys(func(in *TagMFADeviceRequest) []service.ContextKey { return requestTagKeys(in.Tags) }),
			service.OnResource(func(_ *principal.Principal, in *TagMFADeviceRequest) string { return onSerial(in.SerialNumber) })),
		service.Op("iam", "UntagMFADevice", s.UntagMFADevice,
			service.WithContextKeys(func(in *UntagMFADeviceRequest) []service.ContextKey { return tagKeyNames(in.TagKeys) }),
			service.OnResource(func(_ *principal.Principal, in *UntagMFADeviceRequest) string { return onSerial(in.SerialNumber) })),
		service.Op("iam", "ListMFADeviceTags", s.ListMFADeviceTags, service.ReadOnly[ListMFADeviceTagsRequest](),
			service.OnResource(func(_ *principal.Principal, in *ListMFADeviceTagsRequest) string { return onSerial(in.SerialNumber) })),
	}
}

// mfaSerial is a virtual device's serial number: its ARN,
// arn:aws:iam::ACCOUNT:mfa/PATH/NAME.
func mfaSerial(d *store.MFADevice) string { return entityARN(d.AccountID, "mfa", d.Path, d.Name) }

// seedAAD binds a sealed seed to its device, so a seed cannot be moved to
// another device's row.
func seedAAD(d *store.MFADevice) []byte { return []byte("mfa-seed/" + d.AccountID + "/" + d.ID) }

// deviceBySerial finds the account's virtual device a serial number names;
// NoSuchEntity for anything else (another account's, a malformed serial, a
// device at another path).
func deviceBySerial(ctx context.Context, st store.Store, accountID, serial string) (*store.MFADevice, error) {
	notFound := awserr.NoSuchEntity(msgMFADeviceNotFound, serial)
	prefix := "arn:aws:iam::" + accountID + ":mfa/"
	if !strings.HasPrefix(serial, prefix) {
		return nil, notFound
	}
	rest := serial[len(prefix)-1:] // keep the leading "/"
	i := strings.LastIndex(rest, "/")
	path, name := rest[:i+1], rest[i+1:]
	if name == "" {
		return nil, notFound
	}
	d, err := st.MFADevices().Get(ctx, accountID, name)
	if err != nil {
		return nil, storeError(err, ifNotFound(notFound))
	}
	if d.Path != path || d.Name != name {
		return nil, notFound
	}
	return d, nil
}

// CreateVirtualMFADevice makes an unassigned virtual device with a fresh
// seed, returned only here: as base32 text (Base32StringSeed) and as a QR
// code PNG of its otpauth URI. The seed is sealed before it is stored.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html
func (s *Service) CreateVirtualMFADevice(ctx context.Context, in *CreateVirtualMFADeviceRequest) (*CreateVirtualMFADeviceResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkTags(in.Tags); err != nil {
		return nil, err
	}
	seed, err := newSeed()
	if err != nil {
		return nil, err
	}
	png, err := qrCodePNG(otpauthURI(in.VirtualMFADeviceName, accountID, seed))
	if err != nil {
		return nil, err
	}
	id, err := s.uniqueID(mfaIDPrefix)
	if err != nil {
		return nil, err
	}
	d := &store.MFADevice{AccountID: accountID, ID: id, Path: pathOrDefault(in.Path), Name: in.VirtualMFADeviceName, CreatedAt: s.now()}
	if d.SealedSeed, err = s.sealer.Seal([]byte(seed), seedAAD(d)); err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		if err := tx.MFADevices().Create(ctx, d); err != nil {
			return storeError(err, ifExists(awserr.EntityAlreadyExists("%s", msgMFADeviceExists)))
		}
		return s.setTags(ctx, tx, accountID, store.TagMFADevice, d.ID, in.Tags)
	})
	if err != nil {
		return nil, err
	}
	return &CreateVirtualMFADeviceResponse{VirtualMFADevice: VirtualMFADevice{
		SerialNumber: mfaSerial(d), Base32StringSeed: []byte(seed), QRCodePNG: png, Tags: in.Tags,
	}}, nil
}

// DeleteVirtualMFADevice deletes an unassigned device with its tags;
// DeleteConflict while it is assigned.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteVirtualMFADevice.html
func (s *Service) DeleteVirtualMFADevice(ctx context.Context, in *DeleteVirtualMFADeviceRequest) (*noOutput, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		d, err := deviceBySerial(ctx, tx, accountID, in.SerialNumber)
		if err != nil {
			return err
		}
		err = tx.MFADevices().Delete(ctx, accountID, d.ID)
		if errors.Is(err, store.ErrConflict) {
			return awserr.DeleteConflict("%s", msgMFADeviceStillInUse)
		}
		return storeError(err, ifNotFound(awserr.NoSuchEntity(msgMFADeviceNotFound, in.SerialNumber)))
	})
	if err != nil {
		return nil, err
	}
	return &noOutput{}, nil
}

// mfaUserShape is the User of an assigned device in ListVirtualMFADevices:
// the IAM user, or for the root its ARN with the account ID as UserId.
func (s *Service) mfaUserShape(ctx context.Context, d *store.MFADevice) (*User, error) {
	if !d.Assigned {
		return nil, nil
	}
	if d.UserID == "" {
		acct, err := s.store.Accounts().Get(ctx, d.AccountID)
		if err != nil {
			return nil, storeError(err)
		}
		return &User{Path: defaultPath, UserId: d.AccountID, Arn: rootARN(d.AccountID), CreateDate: acct.CreatedAt}, nil
	}
	u, err := s.store.Users().GetByID(ctx, d.AccountID, d.UserID)
	if errors.Is(err, store.ErrNotFound) {
		// The user was deleted while the device was assigned (DeleteUser
		// does not yet refuse that): list the device without its user
		// rather than fail the whole listing.
		return nil, nil
	}
	if err != nil {
		return nil, storeError(err)
	}
	shape := userShape(d.AccountID, u, false, nil)
	return &shape, nil
}

// ListVirtualMFADevices lists the account's virtual devices by name,
// filtered by AssignmentStatus (Assigned, Unassigned or Any, the default),
// with the user of each assigned one. Seeds are never listed.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListVirtualMFADevices.html
func (s *Service) ListVirtualMFADevices(ctx context.Context, in *ListVirtualMFADevicesRequest) (*ListVirtualMFADevicesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	var assigned *bool
	switch in.AssignmentStatus {
	case "", "Any":
	case "Assigned", "Unassigned":
		v := in.AssignmentStatus == "Assigned"
		assigned = &v
	default:
		// The model's enum; its validator reports other values first.
		return nil, awserr.ValidationError("Invalid AssignmentStatus " + in.AssignmentStatus)
	}
	list, next, err := s.store.MFADevices().List(ctx, accountID, assigned, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListVirtualMFADevicesResponse{VirtualMFADevices: make([]VirtualMFADevice, 0, len(list))}
	for _, d := range list {
		user, err := s.mfaUserShape(ctx, d)
		if err != nil {
			return nil, err
		}
		out.VirtualMFADevices = append(out.VirtualMFADevices, VirtualMFADevice{SerialNumber: mfaSerial(d), User: user, EnableDate: d.EnabledAt})
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// mfaOwner is whom an assignment operation acts on: an IAM user (ID and
// name) or, with an empty ID, the root.
type mfaOwner struct{ id, name string }

// ownerOf resolves UserName, or the caller when it is omitted.
func ownerOf(ctx context.Context, st store.Store, name string) (mfaOwner, error) {
	p, err := callerOf(ctx)
	if err != nil {
		return mfaOwner{}, err
	}
	u, err := targetUser(ctx, st, p, name)
	if err != nil || u == nil {
		return mfaOwner{}, err
	}
	return mfaOwner{id: u.ID, name: u.Name}, nil
}

// GetMFADevice describes a device assigned to the user (or the caller).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetMFADevice.html
func (s *Service) GetMFADevice(ctx context.Context, in *GetMFADeviceRequest) (*GetMFADeviceResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	owner, err := ownerOf(ctx, s.store, in.UserName)
	if err != nil {
		return nil, err
	}
	d, err := deviceBySerial(ctx, s.store, accountID, in.SerialNumber)
	if err != nil {
		return nil, err
	}
	if !d.Assigned || d.UserID != owner.id {
		return nil, awserr.NoSuchEntity(msgMFADeviceNotOwned, in.SerialNumber, ownerName(owner, accountID))
	}
	return &GetMFADeviceResponse{UserName: owner.name, SerialNumber: mfaSerial(d), EnableDate: d.EnabledAt}, nil
}

// ownerName names an owner in messages: the user name, or the account ID
// for the root.
func ownerName(o mfaOwner, accountID string) string {
	if o.id == "" {
		return accountID
	}
	return o.name
}

// ListMFADevices lists the devices assigned to the user (or the caller),
// by name.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADevices.html
func (s *Service) ListMFADevices(ctx context.Context, in *ListMFADevicesRequest) (*ListMFADevicesResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	owner, err := ownerOf(ctx, s.store, in.UserName)
	if err != nil {
		return nil, err
	}
	all, err := s.store.MFADevices().ListForUser(ctx, accountID, owner.id)
	if err != nil {
		return nil, storeError(err)
	}
	page, next, err := pageSlice(all, pageOf(in.Marker, in.MaxItems))
	if err != nil {
		return nil, storeError(err)
	}
	out := &ListMFADevicesResponse{MFADevices: make([]MFADevice, 0, len(page))}
	for _, d := range page {
		m := MFADevice{UserName: owner.name, SerialNumber: mfaSerial(d)}
		if d.EnabledAt != nil {
			m.EnableDate = *d.EnabledAt
		}
		out.MFADevices = append(out.MFADevices, m)
	}
	out.IsTruncated, out.Marker = pageEnd(next)
	return out, nil
}

// taggedMFADevice resolves a serial number for the tag operations.
var taggedMFADevice = tagged{store.TagMFADevice, func(ctx context.Context, st store.Store, accountID, serial string) (string, error) {
	d, err := deviceBySerial(ctx, st, accountID, serial)
	if err != nil {
		return "", err
	}
	return d.ID, nil
}}

// TagMFADevice adds or overwrites a virtual device's tags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagMFADevice.html
func (s *Service) TagMFADevice(ctx context.Context, in *TagMFADeviceRequest) (*noOutput, error) {
	return s.tagEntity(ctx, taggedMFADevice, in.SerialNumber, in.Tags)
}

// UntagMFADevice removes tags from a virtual device.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagMFADevice.html
func (s *Service) UntagMFADevice(ctx context.Context, in *UntagMFADeviceRequest) (*noOutput, error) {
	return s.untagEntity(ctx, taggedMFADevice, in.SerialNumber, in.TagKeys)
}

// ListMFADeviceTags lists a virtual device's tags by key.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADeviceTags.html
func (s *Service) ListMFADeviceTags(ctx context.Context, in *ListMFADeviceTagsRequest) (*ListMFADeviceTagsResponse, error) {
	out, err := s.listEntityTags(ctx, taggedMFADevice, in.SerialNumber, in.Marker, in.MaxItems)
	if err != nil {
		return nil, err
	}
	return &ListMFADeviceTagsResponse{Tags: out.Tags, IsTruncated: out.IsTruncated, Marker: out.Marker}, nil
}
