package console

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
)

const aliceSerial = "arn:aws:iam::123456789012:mfa/alice"

// onMFADevices answers ListMFADevices with devices.
func onMFADevices(tc *testConsole, devices ...iam.MFADevice) {
	tc.backend.on("iam:ListMFADevices", func(*principal.Principal, any) (any, error) {
		return &iam.ListMFADevicesResponse{MFADevices: devices}, nil
	})
}

func TestMFAPage(t *testing.T) {
	t.Parallel()
	enabled := time.Date(2025, 3, 4, 5, 6, 0, 0, time.UTC)
	tests := []struct {
		name    string
		id      Identity
		query   string
		devices []iam.MFADevice
		want    []string
		unwant  []string
	}{
		{name: "none", id: alice, want: []string{`data-testid="mfa-none"`, `value="alice"`, "/console/change-password"}},
		{name: "listed", id: alice,
			devices: []iam.MFADevice{{UserName: "alice", SerialNumber: aliceSerial, EnableDate: enabled}},
			want:    []string{aliceSerial, "2025-03-04 05:06 UTC", `data-testid="mfa-deactivate"`},
			unwant:  []string{`data-testid="mfa-deactivate-confirm"`}},
		{name: "confirm removal", id: alice, query: "?deactivate=" + url.QueryEscape(aliceSerial),
			devices: []iam.MFADevice{{UserName: "alice", SerialNumber: aliceSerial, EnableDate: enabled}},
			want:    []string{`data-testid="mfa-deactivate-confirm"`}},
		{name: "confirm of a serial not listed", id: alice, query: "?deactivate=arn:aws:iam::1:mfa/evil",
			unwant: []string{"mfa/evil", `data-testid="mfa-deactivate-confirm"`}},
		{name: "notice", id: alice, query: "?notice=mfa-assigned", want: []string{"MFA device assigned."}},
		{name: "unknown notice", id: alice, query: "?notice=<b>hi</b>", unwant: []string{"hi</b>", `data-testid="notice"`}},
		// The root's devices are the caller's: no UserName.
		{name: "root", id: signinRoot, want: []string{"/console/change-password"}, unwant: []string{`name="device_name"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			onMFADevices(tc, tt.devices...)
			client, _ := tc.signedInClient(tt.id)
			status, body := tc.get(client, "/console/mfa"+tt.query)
			if status != http.StatusOK {
				t.Fatalf("status %d\n%s", status, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, w := range tt.unwant {
				if strings.Contains(body, w) {
					t.Errorf("body has %q", w)
				}
			}
			wantUser := tt.id.UserName
			if tt.id.Root {
				wantUser = ""
			}
			calls := tc.backend.called("iam:ListMFADevices")
			if len(calls) != 1 || calls[0].In.(*iam.ListMFADevicesRequest).UserName != wantUser {
				t.Errorf("ListMFADevices calls %+v, want UserName %q", calls, wantUser)
			}
		})
	}
}

func TestMFAPageRefusals(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	// No answer set: the fake denies ListMFADevices.
	client, s := tc.signedInClient(alice)
	status, body := tc.get(client, "/console/mfa")
	if status != http.StatusForbidden || !strings.Contains(body, "AccessDenied") || !strings.Contains(body, "iam:ListMFADevices") {
		t.Fatalf("denied list: %d\n%s", status, body)
	}
	for _, path := range []string{"/console/mfa/create", "/console/mfa/enable", "/console/mfa/discard", "/console/mfa/deactivate"} {
		if status, _, _ := tc.post(client, s, path, url.Values{"csrf": {"forged"}}); status != http.StatusForbidden {
			t.Errorf("POST %s without CSRF: %d, want 403", path, status)
		}
	}
	res, err := signinBrowser(t).Get(tc.server.URL + "/console/mfa")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("not signed in: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestMFACreate(t *testing.T) {
	t.Parallel()
	png := []byte("\x89PNG fake image bytes")
	tests := []struct {
		name     string
		id       Identity
		typed    string
		wantName string
	}{
		{name: "user", id: alice, wantName: "alice"},
		{name: "user names the device", id: alice, typed: "alice-phone", wantName: "alice-phone"},
		{name: "root", id: signinRoot, typed: "ignored", wantName: rootMFADeviceName},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tc.backend.on("iam:CreateVirtualMFADevice", func(_ *principal.Principal, in any) (any, error) {
				name := in.(*iam.CreateVirtualMFADeviceRequest).VirtualMFADeviceName
				return &iam.CreateVirtualMFADeviceResponse{VirtualMFADevice: iam.VirtualMFADevice{
					SerialNumber: "arn:aws:iam::123456789012:mfa/" + name, Base32StringSeed: []byte("JBSWY3DPEHPK3PXP"), QRCodePNG: png,
				}}, nil
			})
			client, s := tc.signedInClient(tt.id)
			status, _, body := tc.post(client, s, "/console/mfa/create", url.Values{"device_name": {tt.typed}})
			if status != http.StatusOK {
				t.Fatalf("status %d\n%s", status, body)
			}
			calls := tc.backend.called("iam:CreateVirtualMFADevice")
			if len(calls) != 1 || calls[0].In.(*iam.CreateVirtualMFADeviceRequest).VirtualMFADeviceName != tt.wantName {
				t.Fatalf("calls %+v, want name %q", calls, tt.wantName)
			}
			for _, w := range []string{
				`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"`,
				`alt="QR code for your authenticator app"`,
				`data-testid="mfa-seed">JBSWY3DPEHPK3PXP<`,
				`name="serial" value="arn:aws:iam::123456789012:mfa/` + tt.wantName + `"`,
				`name="code1"`, `name="code2"`,
			} {
				if !strings.Contains(body, w) {
					t.Errorf("setup page lacks %s", w)
				}
			}
		})
	}
}

func TestMFACreateExists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		devices     []iam.MFADevice
		wantDiscard bool
	}{
		{name: "left over from a setup", wantDiscard: true},
		{name: "the user's own assigned device", devices: []iam.MFADevice{{UserName: "alice", SerialNumber: aliceSerial}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			onMFADevices(tc, tt.devices...)
			tc.backend.on("iam:CreateVirtualMFADevice", func(*principal.Principal, any) (any, error) {
				return nil, awserr.EntityAlreadyExists("MFADevice entity at the same path and name already exists.")
			})
			client, s := tc.signedInClient(alice)
			status, _, body := tc.post(client, s, "/console/mfa/create", nil)
			if status != http.StatusConflict || !strings.Contains(body, "EntityAlreadyExists") {
				t.Fatalf("status %d\n%s", status, body)
			}
			offered := strings.Contains(body, `data-testid="mfa-discard"`) && strings.Contains(body, `value="`+aliceSerial+`"`)
			if offered != tt.wantDiscard {
				t.Fatalf("discard offered %v, want %v\n%s", offered, tt.wantDiscard, body)
			}
		})
	}
}

func TestMFAEnable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		id           Identity
		code1, code2 string
		answer       error
		op           string
		status       int
		location     string
		want         []string
	}{
		{name: "user", id: alice, code1: "111111", code2: "222222", op: "iam:EnableMFADevice",
			status: 303, location: "/console/mfa?notice=mfa-assigned"},
		{name: "user wrong codes", id: alice, code1: "111111", code2: "222222", op: "iam:EnableMFADevice",
			answer: awserr.New("InvalidAuthenticationCode", 403, "Authentication code for device is not valid."),
			status: 403, want: []string{"InvalidAuthenticationCode", "Authentication code for device is not valid.", `data-testid="mfa-cancel"`}},
		{name: "root", id: signinRoot, code1: "111111", code2: "222222", op: "root:EnableMFADevice",
			status: 303, location: "/console/mfa?notice=mfa-assigned"},
		// The fake refuses two equal codes, as a real device never shows.
		{name: "root wrong codes", id: signinRoot, code1: "111111", code2: "111111", op: "root:EnableMFADevice",
			status: 403, want: []string{"InvalidAuthenticationCode"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tc.backend.on("iam:EnableMFADevice", func(*principal.Principal, any) (any, error) { return nil, tt.answer })
			client, s := tc.signedInClient(tt.id)
			serial := "arn:aws:iam::123456789012:mfa/dev"
			status, location, body := tc.post(client, s, "/console/mfa/enable", url.Values{"serial": {serial}, "code1": {tt.code1}, "code2": {tt.code2}})
			if status != tt.status || location != tt.location {
				t.Fatalf("%d %q, want %d %q\n%s", status, location, tt.status, tt.location, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			if strings.Contains(body, `data-testid="mfa-seed"`) {
				t.Error("a retry shows a seed")
			}
			calls := tc.backend.called(tt.op)
			if len(calls) != 1 {
				t.Fatalf("%s calls %d", tt.op, len(calls))
			}
			switch in := calls[0].In.(type) {
			case *iam.EnableMFADeviceRequest:
				want := iam.EnableMFADeviceRequest{UserName: "alice", SerialNumber: serial, AuthenticationCode1: tt.code1, AuthenticationCode2: tt.code2}
				if *in != want {
					t.Errorf("input %+v, want %+v", *in, want)
				}
			case []string:
				if strings.Join(in, ",") != serial+","+tt.code1+","+tt.code2 || !calls[0].Principal.IsRoot() {
					t.Errorf("root call %v as %+v", in, calls[0].Principal)
				}
			}
		})
	}
}

func TestMFARemoveAndDiscard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		id         Identity
		path       string
		deactivate error
		del        error
		status     int
		location   string
		ops        []string
		want       []string
	}{
		{name: "remove", id: alice, path: "/console/mfa/deactivate", status: 303, location: "/console/mfa?notice=mfa-removed",
			ops: []string{"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"}},
		{name: "remove denied", id: alice, path: "/console/mfa/deactivate", status: 403,
			deactivate: awserr.AccessDenied("not authorized to perform: iam:DeactivateMFADevice"),
			ops:        []string{"iam:DeactivateMFADevice"}, want: []string{"AccessDenied", "iam:DeactivateMFADevice"}},
		{name: "removed but not deleted", id: alice, path: "/console/mfa/deactivate", status: 403,
			del:  awserr.AccessDenied("not authorized to perform: iam:DeleteVirtualMFADevice"),
			ops:  []string{"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"},
			want: []string{"MFA device deactivated.", "iam:DeleteVirtualMFADevice"}},
		{name: "root remove", id: signinRoot, path: "/console/mfa/deactivate", status: 303, location: "/console/mfa?notice=mfa-removed",
			ops: []string{"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"}},
		{name: "discard", id: alice, path: "/console/mfa/discard", status: 303, location: "/console/mfa?notice=mfa-discarded",
			ops: []string{"iam:DeleteVirtualMFADevice"}},
		{name: "discard in use", id: alice, path: "/console/mfa/discard", status: 409,
			del: awserr.DeleteConflict("MFA Device is still assigned to a user and must be deactivated first."),
			ops: []string{"iam:DeleteVirtualMFADevice"}, want: []string{"DeleteConflict"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			onMFADevices(tc)
			tc.backend.on("iam:DeactivateMFADevice", func(*principal.Principal, any) (any, error) { return nil, tt.deactivate })
			tc.backend.on("iam:DeleteVirtualMFADevice", func(*principal.Principal, any) (any, error) { return nil, tt.del })
			client, s := tc.signedInClient(tt.id)
			status, location, body := tc.post(client, s, tt.path, url.Values{"serial": {aliceSerial}})
			if status != tt.status || location != tt.location {
				t.Fatalf("%d %q, want %d %q\n%s", status, location, tt.status, tt.location, body)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, op := range []string{"iam:DeactivateMFADevice", "iam:DeleteVirtualMFADevice"} {
				calls := tc.backend.called(op)
				wanted := strings.Contains(strings.Join(tt.ops, " "), op)
				if (len(calls) == 1) != wanted || len(calls) > 1 {
					t.Fatalf("%s calls %d, wanted %v", op, len(calls), wanted)
				}
				if len(calls) == 0 {
					continue
				}
				switch in := calls[0].In.(type) {
				case *iam.DeactivateMFADeviceRequest:
					if in.SerialNumber != aliceSerial || in.UserName != mfaOwner(s) {
						t.Errorf("deactivate input %+v", in)
					}
				case *iam.DeleteVirtualMFADeviceRequest:
					if in.SerialNumber != aliceSerial {
						t.Errorf("delete input %+v", in)
					}
				}
			}
		})
	}
}

// TestOwnAccessKeys: "My security credentials" lists the person's own
// keys (the root's, with no UserName) and deletes one of them.
func TestOwnAccessKeys(t *testing.T) {
	t.Parallel()
	created := time.Date(2025, 1, 2, 3, 4, 0, 0, time.UTC)
	tc := newTestConsole(t)
	onMFADevices(tc)
	tc.backend.on("iam:ListAccessKeys", func(_ *principal.Principal, in any) (any, error) {
		return &iam.ListAccessKeysResponse{AccessKeyMetadata: []iam.AccessKeyMetadata{
			{AccessKeyId: "AKIAROOTKEY000000001", Status: "Active", CreateDate: &created}}}, nil
	})
	client, s := tc.signedInClient(signinRoot)
	status, body := tc.get(client, "/console/mfa")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	wantInBody(t, body, `data-testid="own-key-id">AKIAROOTKEY000000001`, "2025-01-02 03:04 UTC", `aria-label="Delete access key AKIAROOTKEY000000001"`,
		`href="/console/mfa?delete-key=AKIAROOTKEY000000001#access-keys-heading"`,
		"AWS recommends that the root user have no access keys")
	if calls := tc.backend.called("iam:ListAccessKeys"); len(calls) != 1 || calls[0].In.(*iam.ListAccessKeysRequest).UserName != "" {
		t.Errorf("ListAccessKeys calls %+v, want the caller's own (no UserName)", calls)
	}
	if strings.Contains(body, `data-testid="own-key-delete-confirm"`) {
		t.Error("deletion offered without being asked")
	}
	_, body = tc.get(client, "/console/mfa?delete-key=AKIAROOTKEY000000001")
	wantInBody(t, body, `data-testid="own-key-delete-confirm"`, `name="key_id" value="AKIAROOTKEY000000001"`)
	// Only a listed key is ever offered for deletion.
	if _, body = tc.get(client, "/console/mfa?delete-key=AKIAOTHERSKEY0000001"); strings.Contains(body, "AKIAOTHERSKEY0000001") {
		t.Error("the page repeats a key ID from the URL")
	}

	// Refused, the page says why and still lists the keys.
	status, _, body = tc.post(client, s, "/console/mfa/keys/delete", url.Values{"key_id": {"AKIAROOTKEY000000001"}})
	if status != http.StatusForbidden {
		t.Errorf("refused delete: status %d", status)
	}
	wantInBody(t, body, "<strong>AccessDenied</strong>", `data-testid="own-key-id">AKIAROOTKEY000000001`)

	tc.backend.on("iam:DeleteAccessKey", replyWith(nil))
	status, location, _ := tc.post(client, s, "/console/mfa/keys/delete", url.Values{"key_id": {"AKIAROOTKEY000000001"}})
	if status != http.StatusSeeOther || location != "/console/mfa?notice=own-key-deleted" {
		t.Errorf("delete: %d to %q", status, location)
	}
	calls := tc.backend.called("iam:DeleteAccessKey")
	if want := (&iam.DeleteAccessKeyRequest{AccessKeyId: "AKIAROOTKEY000000001"}); len(calls) != 2 || *calls[1].In.(*iam.DeleteAccessKeyRequest) != *want {
		t.Errorf("DeleteAccessKey calls %+v, want the root's key with no UserName", calls)
	}
}
