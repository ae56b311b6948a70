package console

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
)

// rootMFADeviceName is the name AWS's console gives the root's virtual MFA
// device; Backend.EnableRootMFA expects it.
const rootMFADeviceName = "root-account-mfa-device"

// mfaPageData is the "My security credentials" page's data.
type mfaPageData struct {
	Root     bool
	UserName string
	Devices  []iam.MFADevice
	// DeviceName is the name offered for a new virtual device.
	DeviceName string
	// Confirm is the serial of an assigned device whose removal awaits
	// confirmation.
	Confirm string
	// Discard is the serial of an unassigned device that blocks a new one
	// of the same name: the page offers to delete it.
	Discard string
	// Keys are the person's own access keys; KeysErr a refusal to list
	// them.
	Keys    []iam.AccessKeyMetadata
	KeysErr *PageError
	// ConfirmKey is the listed key whose deletion awaits confirmation
	// (?delete-key=ID).
	ConfirmKey string
}

// mfaSetupData is the setup page's data. QRCode and Seed are set only in
// the response to CreateVirtualMFADevice: like AWS, iamd cannot show the
// seed again, so a failed activation asks for codes only.
type mfaSetupData struct {
	Serial string
	QRCode template.URL
	Seed   string
}

func (c *Console) mfaRoutes() {
	c.mux.HandleFunc("GET /console/mfa", c.signedIn(c.mfaPage))
	c.mux.HandleFunc("POST /console/mfa/create", c.signedIn(c.mfaCreate))
	c.mux.HandleFunc("POST /console/mfa/enable", c.signedIn(c.mfaEnable))
	c.mux.HandleFunc("POST /console/mfa/discard", c.signedIn(c.mfaDiscard))
	c.mux.HandleFunc("POST /console/mfa/deactivate", c.signedIn(c.mfaDeactivate))
	c.mux.HandleFunc("POST /console/mfa/keys/delete", c.signedIn(c.ownKeyDelete))
}

// mfaOwner is the UserName of the MFA operations: the user's own name, or
// "" for the root, whom IAM's MFA operations take to mean the caller.
func mfaOwner(s *Session) string {
	if s.Identity.Root {
		return ""
	}
	return s.Identity.UserName
}

// mfaPage lists the signed-in person's MFA devices. ?deactivate=SERIAL
// asks to confirm the removal of one of them.
func (c *Console) mfaPage(w http.ResponseWriter, r *http.Request, s *Session) {
	d := c.newMFAPageData(s)
	view := c.mfaView(r, s, "My security credentials")
	view.Notice = noticeOf(r)
	if err := c.listOwnMFADevices(r, s, &d); err != nil {
		view.Error = c.pageError(r, err)
		c.renderMFA(w, r, errorStatus(err), s, view, d)
		return
	}
	// Only a listed device may be confirmed: the page never repeats an
	// arbitrary serial from the URL.
	if want := r.URL.Query().Get("deactivate"); want != "" {
		for _, dev := range d.Devices {
			if dev.SerialNumber == want {
				d.Confirm = want
			}
		}
	}
	c.renderMFA(w, r, http.StatusOK, s, view, d)
}

func (c *Console) newMFAPageData(s *Session) mfaPageData {
	d := mfaPageData{Root: s.Identity.Root, UserName: s.Identity.UserName, DeviceName: s.Identity.UserName}
	if d.Root {
		d.DeviceName = rootMFADeviceName
	}
	return d
}

func (c *Console) mfaView(r *http.Request, s *Session, title string) View {
	return View{Title: title, Nav: "mfa"}
}

func (c *Console) renderMFA(w http.ResponseWriter, r *http.Request, status int, s *Session, view View, d mfaPageData) {
	// The person's own keys: for the root, the keys the dashboard asks
	// to delete.
	keys, err := call[iam.ListAccessKeysResponse](c, r, s, "iam", "ListAccessKeys", &iam.ListAccessKeysRequest{UserName: mfaOwner(s)})
	d.KeysErr = c.pageError(r, err)
	if keys != nil {
		d.Keys = keys.AccessKeyMetadata
	}
	// Only a listed key may be confirmed, as with devices.
	if want := r.URL.Query().Get("delete-key"); want != "" && r.Method == http.MethodGet {
		for _, k := range d.Keys {
			if k.AccessKeyId == want {
				d.ConfirmKey = want
			}
		}
	}
	view.Data = d
	c.render(w, r, status, "mfa", s, view)
}

// listOwnMFADevices fills d.Devices with ListMFADevices as the person.
func (c *Console) listOwnMFADevices(r *http.Request, s *Session, d *mfaPageData) error {
	out, err := call[iam.ListMFADevicesResponse](c, r, s, "iam", "ListMFADevices", &iam.ListMFADevicesRequest{UserName: mfaOwner(s)})
	if err != nil {
		return err
	}
	if out != nil {
		d.Devices = out.MFADevices
	}
	return nil
}

// mfaCreate makes a virtual device and shows its QR code and seed, once.
func (c *Console) mfaCreate(w http.ResponseWriter, r *http.Request, s *Session) {
	d := c.newMFAPageData(s)
	name := d.DeviceName
	if typed := strings.TrimSpace(r.PostFormValue("device_name")); typed != "" && !d.Root {
		name = typed
	}
	out, err := call[iam.CreateVirtualMFADeviceResponse](c, r, s, "iam", "CreateVirtualMFADevice",
		&iam.CreateVirtualMFADeviceRequest{VirtualMFADeviceName: name})
	if err == nil && out == nil {
		err = awserr.InternalFailure()
	}
	if err != nil {
		view := c.mfaView(r, s, "My security credentials")
		view.Error = c.pageError(r, err)
		d.DeviceName = name
		if listErr := c.listOwnMFADevices(r, s, &d); listErr == nil && awserr.Is(err, "EntityAlreadyExists") {
			// A device of that name exists. If it is not one of the
			// person's assigned devices it is most likely left over from
			// an unfinished setup (its seed cannot be shown again): offer
			// to delete it. Someone else's device refuses the deletion
			// with DeleteConflict, which the page then shows.
			d.Discard = mfaSerialOf(s.Identity.AccountID, name)
			for _, dev := range d.Devices {
				if dev.SerialNumber == d.Discard {
					d.Discard = ""
				}
			}
		}
		c.renderMFA(w, r, errorStatus(err), s, view, d)
		return
	}
	dev := out.VirtualMFADevice
	setup := mfaSetupData{
		Serial: dev.SerialNumber,
		Seed:   string(dev.Base32StringSeed),
		// The PNG is bytes the server made, not input: a data: URL of it
		// is safe to mark as a URL for html/template.
		QRCode: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(dev.QRCodePNG)),
	}
	view := c.mfaView(r, s, "Assign MFA device")
	view.Data = setup
	c.render(w, r, http.StatusOK, "mfa_setup", s, view)
}

// mfaSerialOf is the serial number (ARN) of a virtual device at the
// default path.
func mfaSerialOf(accountID, name string) string {
	return "arn:aws:iam::" + accountID + ":mfa/" + name
}

// mfaEnable assigns the new device with two consecutive codes: with
// EnableMFADevice for an IAM user, and for the root with the console-only
// root assignment AWS also offers only in its console.
func (c *Console) mfaEnable(w http.ResponseWriter, r *http.Request, s *Session) {
	serial := strings.TrimSpace(r.PostFormValue("serial"))
	code1 := strings.TrimSpace(r.PostFormValue("code1"))
	code2 := strings.TrimSpace(r.PostFormValue("code2"))
	var err error
	if s.Identity.Root {
		err = c.cfg.Backend.EnableRootMFA(r.Context(), facts(r), s.Principal(c.cfg.AbsoluteTimeout), serial, code1, code2)
	} else {
		err = c.do(r, s, "iam", "EnableMFADevice", &iam.EnableMFADeviceRequest{
			UserName: s.Identity.UserName, SerialNumber: serial, AuthenticationCode1: code1, AuthenticationCode2: code2,
		})
	}
	if err != nil {
		view := c.mfaView(r, s, "Assign MFA device")
		view.Error = c.pageError(r, err)
		view.Data = mfaSetupData{Serial: serial}
		c.render(w, r, errorStatus(err), "mfa_setup", s, view)
		return
	}
	http.Redirect(w, r, "/console/mfa?notice=mfa-assigned", http.StatusSeeOther)
}

// mfaDiscard deletes an unassigned virtual device (an abandoned setup) so
// that a new one of the same name can be made.
func (c *Console) mfaDiscard(w http.ResponseWriter, r *http.Request, s *Session) {
	serial := strings.TrimSpace(r.PostFormValue("serial"))
	if err := c.do(r, s, "iam", "DeleteVirtualMFADevice", &iam.DeleteVirtualMFADeviceRequest{SerialNumber: serial}); err != nil {
		c.mfaFailure(w, r, s, "", err)
		return
	}
	http.Redirect(w, r, "/console/mfa?notice=mfa-discarded", http.StatusSeeOther)
}

// mfaDeactivate unassigns one of the person's devices and deletes the
// virtual device, as AWS's console does when a device is removed, so the
// name is free for the next one.
func (c *Console) mfaDeactivate(w http.ResponseWriter, r *http.Request, s *Session) {
	serial := strings.TrimSpace(r.PostFormValue("serial"))
	err := c.do(r, s, "iam", "DeactivateMFADevice", &iam.DeactivateMFADeviceRequest{UserName: mfaOwner(s), SerialNumber: serial})
	if err != nil {
		c.mfaFailure(w, r, s, "", err)
		return
	}
	err = c.do(r, s, "iam", "DeleteVirtualMFADevice", &iam.DeleteVirtualMFADeviceRequest{SerialNumber: serial})
	if err != nil {
		c.mfaFailure(w, r, s, "MFA device deactivated.", err)
		return
	}
	http.Redirect(w, r, "/console/mfa?notice=mfa-removed", http.StatusSeeOther)
}

// mfaFailure shows the MFA page with err (and notice, for what succeeded
// before it).
func (c *Console) mfaFailure(w http.ResponseWriter, r *http.Request, s *Session, notice string, err error) {
	d := c.newMFAPageData(s)
	view := c.mfaView(r, s, "My security credentials")
	view.Notice = notice
	view.Error = c.pageError(r, err)
	// The error being shown matters more than a listing failure.
	_ = c.listOwnMFADevices(r, s, &d)
	c.renderMFA(w, r, errorStatus(err), s, view, d)
}

// ownKeyDelete deletes one of the person's own access keys.
func (c *Console) ownKeyDelete(w http.ResponseWriter, r *http.Request, s *Session) {
	in := &iam.DeleteAccessKeyRequest{UserName: mfaOwner(s), AccessKeyId: r.PostFormValue("key_id")}
	c.act(w, r, s, "DeleteAccessKey", in, "/console/mfa", "own-key-deleted", func(err error) { c.mfaFailure(w, r, s, "", err) })
}
