package iam

import (
	"bytes"
	"context"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
	"github.com/iamd/iamd/internal/store/storetest"
)

// codeAt computes a device's code at t with pquerna/otp's own TOTP
// defaults (30 s, six digits, SHA-1), independently of the service.
func codeAt(t *testing.T, seed []byte, at time.Time) string {
	t.Helper()
	code, err := totp.GenerateCode(string(seed), at)
	if err != nil {
		t.Fatalf("GenerateCode: %v", err)
	}
	return code
}

// newDevice creates a virtual device in the caller's account.
func (f *identityFixture) newDevice(t *testing.T, ctx context.Context, name string) (serial string, seed []byte) {
	t.Helper()
	out, err := f.svc.CreateVirtualMFADevice(ctx, &CreateVirtualMFADeviceRequest{VirtualMFADeviceName: name})
	mustOK(t, err)
	return out.VirtualMFADevice.SerialNumber, out.VirtualMFADevice.Base32StringSeed
}

// enableFor enables a new device for alice with the codes of the two
// steps before and at now.
func (f *identityFixture) enableFor(t *testing.T, name string) (serial string, seed []byte) {
	t.Helper()
	serial, seed = f.newDevice(t, f.rootA, name)
	_, err := f.svc.EnableMFADevice(f.rootA, &EnableMFADeviceRequest{UserName: "alice", SerialNumber: serial,
		AuthenticationCode1: codeAt(t, seed, f.now.Add(-totpPeriod)), AuthenticationCode2: codeAt(t, seed, f.now)})
	mustOK(t, err)
	return serial, seed
}

func TestCreateVirtualMFADevice(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreateVirtualMFADevice(f.rootA, &CreateVirtualMFADeviceRequest{
		VirtualMFADeviceName: "alice-phone", Path: "/team/", Tags: []Tag{{Key: "owner", Value: "alice"}}})
	mustOK(t, err)
	d := out.VirtualMFADevice
	if want := "arn:aws:iam::" + accountA + ":mfa/team/alice-phone"; d.SerialNumber != want {
		t.Errorf("SerialNumber = %q, want %q", d.SerialNumber, want)
	}
	if len(d.Base32StringSeed) != 64 || strings.Trim(string(d.Base32StringSeed), "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
		t.Errorf("Base32StringSeed = %q, want 64 base32 characters", d.Base32StringSeed)
	}
	img, err := png.Decode(bytes.NewReader(d.QRCodePNG))
	if err != nil {
		t.Fatalf("QRCodePNG is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != qrSize || b.Dy() != qrSize {
		t.Errorf("QR code is %v, want %dx%d", b, qrSize, qrSize)
	}
	wantURI := "otpauth://totp/Amazon%20Web%20Services:alice-phone@" + accountA + "?secret=" + string(d.Base32StringSeed) + "&issuer=Amazon%20Web%20Services"
	if got := otpauthURI("alice-phone", accountA, string(d.Base32StringSeed)); got != wantURI {
		t.Errorf("otpauth URI = %q, want %q", got, wantURI)
	}
	tags, err := f.svc.ListMFADeviceTags(f.rootA, &ListMFADeviceTagsRequest{SerialNumber: d.SerialNumber})
	mustOK(t, err)
	if len(tags.Tags) != 1 || tags.Tags[0].Key != "owner" {
		t.Errorf("tags = %v", tags.Tags)
	}

	_, err = f.svc.CreateVirtualMFADevice(f.rootA, &CreateVirtualMFADeviceRequest{VirtualMFADeviceName: "ALICE-PHONE"})
	wantAWSError(t, err, "EntityAlreadyExists", msgMFADeviceExists)
	_, err = f.svc.CreateVirtualMFADevice(f.rootB, &CreateVirtualMFADeviceRequest{VirtualMFADeviceName: "alice-phone"})
	mustOK(t, err)
	// Another path or account does not name the device.
	for _, serial := range []string{"arn:aws:iam::" + accountA + ":mfa/alice-phone", "arn:aws:iam::" + accountB + ":mfa/team/alice-phone", "nonsense"} {
		_, err := f.svc.ListMFADeviceTags(f.rootA, &ListMFADeviceTagsRequest{SerialNumber: serial})
		wantAWSError(t, err, "NoSuchEntity", fmt.Sprintf(msgMFADeviceNotFound, serial))
	}
}

func TestEnableMFADeviceCodes(t *testing.T) {
	t.Parallel()
	step := func(n int) time.Duration { return time.Duration(n) * totpPeriod }
	tests := []struct {
		name         string
		code1, code2 time.Duration // offsets from now
		ok           bool
	}{
		{"previous and current", step(-1), 0, true},
		{"current and next", 0, step(1), true},
		{"one step late", step(-2), step(-1), true},
		{"two steps late", step(-3), step(-2), false},
		{"two steps early", step(1), step(2), false},
		{"same code twice", 0, 0, false},
		{"swapped", 0, step(-1), false},
		{"not consecutive", step(-1), step(1), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newIdentityFixture(t)
			serial, seed := f.newDevice(t, f.rootA, "d")
			_, err := f.svc.EnableMFADevice(f.rootA, &EnableMFADeviceRequest{UserName: "alice", SerialNumber: serial,
				AuthenticationCode1: codeAt(t, seed, f.now.Add(tc.code1)), AuthenticationCode2: codeAt(t, seed, f.now.Add(tc.code2))})
			if !tc.ok {
				wantAWSError(t, err, "InvalidAuthenticationCode", msgInvalidAuthCode)
				return
			}
			mustOK(t, err)
			got, err := f.svc.GetMFADevice(f.alice, &GetMFADeviceRequest{SerialNumber: serial})
			mustOK(t, err)
			if got.UserName != "alice" || got.EnableDate == nil || !got.EnableDate.Equal(f.now.Truncate(time.Second)) {
				t.Fatalf("GetMFADevice = %+v", got)
			}
		})
	}
}

func TestMFADeviceAssignment(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	serial, seed := f.enableFor(t, "phone")
	again := &EnableMFADeviceRequest{UserName: "alice", SerialNumber: serial,
		AuthenticationCode1: codeAt(t, seed, f.now), AuthenticationCode2: codeAt(t, seed, f.now.Add(totpPeriod))}
	_, err := f.svc.EnableMFADevice(f.rootA, again)
	wantAWSError(t, err, "EntityAlreadyExists", msgMFADeviceInUse)
	_, err = f.svc.EnableMFADevice(f.rootA, &EnableMFADeviceRequest{UserName: "nobody", SerialNumber: serial, AuthenticationCode1: "123456", AuthenticationCode2: "123456"})
	wantAWSError(t, err, "NoSuchEntity", fmt.Sprintf(msgUserNotFound, "nobody"))

	for _, ctx := range []context.Context{f.alice, f.rootA} {
		name := ""
		if ctx == f.rootA {
			name = "alice"
		}
		list, err := f.svc.ListMFADevices(ctx, &ListMFADevicesRequest{UserName: name})
		mustOK(t, err)
		if len(list.MFADevices) != 1 || list.MFADevices[0].SerialNumber != serial || list.MFADevices[0].UserName != "alice" {
			t.Fatalf("ListMFADevices = %+v", list.MFADevices)
		}
	}
	_, err = f.svc.ListMFADevices(f.role, &ListMFADevicesRequest{})
	wantAWSError(t, err, "ValidationError", msgNeedUserName)

	f.newDevice(t, f.rootA, "spare")
	for _, tc := range []struct {
		status string
		want   []string
	}{{"", []string{"phone", "spare"}}, {"Any", []string{"phone", "spare"}}, {"Assigned", []string{"phone"}}, {"Unassigned", []string{"spare"}}} {
		var got []string
		marker := ""
		for {
			one := int32(1)
			out, err := f.svc.ListVirtualMFADevices(f.rootA, &ListVirtualMFADevicesRequest{AssignmentStatus: tc.status, MaxItems: &one, Marker: marker})
			mustOK(t, err)
			for _, d := range out.VirtualMFADevices {
				got = append(got, d.SerialNumber[strings.LastIndex(d.SerialNumber, "/")+1:])
				if len(d.Base32StringSeed) != 0 || len(d.QRCodePNG) != 0 {
					t.Fatalf("listing shows a seed")
				}
				if (d.User != nil) != (d.EnableDate != nil) || (d.User != nil && d.User.UserName != "alice") {
					t.Fatalf("device %s: user %+v, enable date %v", d.SerialNumber, d.User, d.EnableDate)
				}
			}
			if !*out.IsTruncated {
				break
			}
			marker = out.Marker
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("ListVirtualMFADevices(%q) = %v, want %v", tc.status, got, tc.want)
		}
	}

	_, err = f.svc.DeleteVirtualMFADevice(f.rootA, &DeleteVirtualMFADeviceRequest{SerialNumber: serial})
	wantAWSError(t, err, "DeleteConflict", msgMFADeviceStillInUse)
	_, err = f.svc.DeactivateMFADevice(f.rootA, &DeactivateMFADeviceRequest{SerialNumber: serial})
	wantAWSError(t, err, "NoSuchEntity", fmt.Sprintf(msgMFADeviceNotOwned, serial, accountA))
	_, err = f.svc.DeactivateMFADevice(f.alice, &DeactivateMFADeviceRequest{SerialNumber: serial})
	mustOK(t, err)
	_, err = f.svc.GetMFADevice(f.rootA, &GetMFADeviceRequest{SerialNumber: serial, UserName: "alice"})
	wantAWSError(t, err, "NoSuchEntity", fmt.Sprintf(msgMFADeviceNotOwned, serial, "alice"))
	_, err = f.svc.DeleteVirtualMFADevice(f.rootA, &DeleteVirtualMFADeviceRequest{SerialNumber: serial})
	mustOK(t, err)
	_, err = f.svc.DeleteVirtualMFADevice(f.rootA, &DeleteVirtualMFADeviceRequest{SerialNumber: serial})
	wantAWSError(t, err, "NoSuchEntity", fmt.Sprintf(msgMFADeviceNotFound, serial))
}

func TestMFADevicesPerUserLimit(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	for i := range mfaDevicesPerUser {
		f.enableFor(t, fmt.Sprintf("d%d", i))
	}
	serial, seed := f.newDevice(t, f.rootA, "one-too-many")
	_, err := f.svc.EnableMFADevice(f.rootA, &EnableMFADeviceRequest{UserName: "alice", SerialNumber: serial,
		AuthenticationCode1: codeAt(t, seed, f.now.Add(-totpPeriod)), AuthenticationCode2: codeAt(t, seed, f.now)})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: 8")
}

func TestVerifyMFACode(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	serial, seed := f.enableFor(t, "phone") // accepted steps up to now's
	alice, err := f.st.Users().Get(context.Background(), accountA, "alice")
	mustOK(t, err)
	verify := func(code string) error {
		at, err := f.svc.VerifyMFACode(context.Background(), accountA, alice.ID, serial, code)
		if err == nil && !at.Equal(f.now.Truncate(time.Second)) {
			t.Fatalf("authTime = %v, want %v", at, f.now)
		}
		return err
	}
	// Enabling used now's code: it is a replay already.
	if err := verify(codeAt(t, seed, f.now)); !errors.Is(err, ErrMFACodeReused) {
		t.Fatalf("code used by EnableMFADevice: %v, want ErrMFACodeReused", err)
	}
	f.now = f.now.Add(2 * totpPeriod) // two steps on
	if err := verify(codeAt(t, seed, f.now.Add(2*totpPeriod))); !errors.Is(err, ErrMFACodeInvalid) {
		t.Fatalf("code two steps ahead: %v, want refused", err)
	}
	if err := verify(codeAt(t, seed, f.now.Add(-totpPeriod))); err != nil {
		t.Fatalf("code one step behind: %v", err)
	}
	if err := verify(codeAt(t, seed, f.now.Add(-totpPeriod))); !errors.Is(err, ErrMFACodeReused) {
		t.Fatalf("replayed code: %v, want ErrMFACodeReused", err)
	}
	if err := verify(codeAt(t, seed, f.now.Add(totpPeriod))); err != nil {
		t.Fatalf("code one step ahead: %v", err)
	}
	if err := verify(codeAt(t, seed, f.now)); !errors.Is(err, ErrMFACodeInvalid) {
		t.Fatalf("code older than an accepted one: %v, want refused", err)
	}
	f.now = f.now.Add(5 * totpPeriod)
	if err := verify(codeAt(t, seed, f.now.Add(-2*totpPeriod))); !errors.Is(err, ErrMFACodeInvalid) || errors.Is(err, ErrMFACodeReused) {
		t.Fatalf("code two steps behind: %v, want ErrMFACodeInvalid", err)
	}
	if err := verify("000000x"); !errors.Is(err, ErrMFACodeInvalid) {
		t.Fatalf("garbage: %v", err)
	}
	for _, tc := range []struct{ user, serial string }{
		{"", serial}, {"AIDAOTHER", serial}, {alice.ID, serial + "x"}, {alice.ID, "arn:aws:iam::" + accountB + ":mfa/phone"},
	} {
		if _, err := f.svc.VerifyMFACode(context.Background(), accountA, tc.user, tc.serial, codeAt(t, seed, f.now)); !errors.Is(err, ErrMFADeviceNotAssigned) {
			t.Errorf("VerifyMFACode(%q, %q) = %v, want ErrMFADeviceNotAssigned", tc.user, tc.serial, err)
		}
	}
	if err := verify(codeAt(t, seed, f.now)); err != nil {
		t.Fatalf("current code: %v", err)
	}
}

func TestResyncMFADevice(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	serial, seed := f.enableFor(t, "phone")
	alice, err := f.st.Users().Get(context.Background(), accountA, "alice")
	mustOK(t, err)
	// The device's clock runs five steps fast.
	f.now = f.now.Add(10 * totpPeriod)
	fast := func(steps int) time.Time { return f.now.Add(time.Duration(5+steps) * totpPeriod) }
	if _, err := f.svc.VerifyMFACode(context.Background(), accountA, alice.ID, serial, codeAt(t, seed, fast(0))); !errors.Is(err, ErrMFACodeInvalid) {
		t.Fatalf("drifted code before resync: %v, want refused", err)
	}
	_, err = f.svc.ResyncMFADevice(f.rootA, &ResyncMFADeviceRequest{UserName: "alice", SerialNumber: serial,
		AuthenticationCode1: codeAt(t, seed, fast(20)), AuthenticationCode2: codeAt(t, seed, fast(21))})
	wantAWSError(t, err, "InvalidAuthenticationCode", msgInvalidAuthCode)
	_, err = f.svc.ResyncMFADevice(f.rootA, &ResyncMFADeviceRequest{UserName: "alice", SerialNumber: serial,
		AuthenticationCode1: codeAt(t, seed, fast(-1)), AuthenticationCode2: codeAt(t, seed, fast(0))})
	mustOK(t, err)
	f.now = f.now.Add(totpPeriod)
	if _, err := f.svc.VerifyMFACode(context.Background(), accountA, alice.ID, serial, codeAt(t, seed, fast(0))); err != nil {
		t.Fatalf("drifted code after resync: %v", err)
	}
}

func TestRootMFADevice(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	serial, seed := f.newDevice(t, f.rootA, rootMFADeviceName)
	if want := "arn:aws:iam::" + accountA + ":mfa/root-account-mfa-device"; serial != want {
		t.Fatalf("serial = %q, want %q", serial, want)
	}
	mustOK(t, f.svc.EnableRootMFADevice(context.Background(), accountA, serial, codeAt(t, seed, f.now), codeAt(t, seed, f.now.Add(totpPeriod))))
	list, err := f.svc.ListMFADevices(f.rootA, &ListMFADevicesRequest{})
	mustOK(t, err)
	if len(list.MFADevices) != 1 || list.MFADevices[0].SerialNumber != serial {
		t.Fatalf("root's devices = %+v", list.MFADevices)
	}
	all, err := f.svc.ListVirtualMFADevices(f.rootA, &ListVirtualMFADevicesRequest{AssignmentStatus: "Assigned"})
	mustOK(t, err)
	if u := all.VirtualMFADevices[0].User; u == nil || u.Arn != rootARN(accountA) || u.UserId != accountA {
		t.Fatalf("root device's user = %+v", u)
	}
	f.now = f.now.Add(3 * totpPeriod)
	if _, err := f.svc.VerifyMFACode(context.Background(), accountA, "", serial, codeAt(t, seed, f.now)); err != nil {
		t.Fatalf("root code: %v", err)
	}
	alice, err := f.st.Users().Get(context.Background(), accountA, "alice")
	mustOK(t, err)
	if _, err := f.svc.VerifyMFACode(context.Background(), accountA, alice.ID, serial, codeAt(t, seed, f.now.Add(totpPeriod))); !errors.Is(err, ErrMFADeviceNotAssigned) {
		t.Fatalf("root's device for alice: %v", err)
	}
}

func TestMFADeviceTags(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	serial, _ := f.newDevice(t, f.rootA, "tagged")
	_, err := f.svc.TagMFADevice(f.rootA, &TagMFADeviceRequest{SerialNumber: serial, Tags: []Tag{{Key: "a", Value: "1"}, {Key: "b", Value: "2"}}})
	mustOK(t, err)
	_, err = f.svc.UntagMFADevice(f.rootA, &UntagMFADeviceRequest{SerialNumber: serial, TagKeys: []string{"A"}})
	mustOK(t, err)
	out, err := f.svc.ListMFADeviceTags(f.rootA, &ListMFADeviceTagsRequest{SerialNumber: serial})
	mustOK(t, err)
	if len(out.Tags) != 1 || out.Tags[0] != (Tag{Key: "b", Value: "2"}) || *out.IsTruncated {
		t.Fatalf("tags = %+v", out)
	}
	_, err = f.svc.TagMFADevice(f.rootB, &TagMFADeviceRequest{SerialNumber: serial, Tags: []Tag{{Key: "x"}}})
	wantAWSError(t, err, "NoSuchEntity", fmt.Sprintf(msgMFADeviceNotFound, serial))
}

// TestMFASeedSealedAtRest greps the database file for the seed, in its
// base32 text and as the raw bytes it encodes, after checking that the
// grep finds the device's name (so an empty result means something).
func TestMFASeedSealedAtRest(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	dir := t.TempDir()
	st, err := sqlstore.OpenSQLite(context.Background(), dir+"/iamd.db")
	mustOK(t, err)
	mustOK(t, st.Accounts().Create(context.Background(), &store.Account{ID: accountA, Name: "a", CreatedAt: f.now}))
	svc := New(Config{Store: st, Sealer: f.keys, Hasher: f.hasher, Clock: func() time.Time { return f.now }})
	out, err := svc.CreateVirtualMFADevice(f.rootA, &CreateVirtualMFADeviceRequest{VirtualMFADeviceName: "canary-device-name"})
	mustOK(t, err)
	mustOK(t, st.Close())
	seed := out.VirtualMFADevice.Base32StringSeed
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(string(seed))
	mustOK(t, err)
	if hits := storetest.GrepFiles(t, dir, []byte("canary-device-name")); len(hits) == 0 {
		t.Fatal("the grep does not find the device name: it proves nothing")
	}
	if hits := storetest.GrepFiles(t, dir, seed, raw); len(hits) != 0 {
		t.Fatalf("seed found in plain text in %v", hits)
	}
}
