package e2e

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// TestAWSCLIVirtualMFA creates a virtual MFA device with the AWS CLI,
// reads its seed and QR code from --outfile as a user of the CLI would,
// computes codes from the seed, enables the device for a user with two
// consecutive codes and finds it listed as assigned.
func TestAWSCLIVirtualMFA(t *testing.T) {
	t.Parallel()
	s := start(t, startOptions{engine: sqlite, fixRoot: true})
	root := newCLI(t, s, rootKeyID, rootSecret)
	dir := t.TempDir()
	root.ok("iam", "create-user", "--user-name", "mallory")

	// 1. The QR code: a PNG of AWS's otpauth URI.
	qrFile := filepath.Join(dir, "qr.png")
	out := root.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "mallory-phone",
		"--outfile", qrFile, "--bootstrap-method", "QRCodePNG")
	serial := str(out, "VirtualMFADevice", "SerialNumber")
	if want := "arn:aws:iam::" + s.AccountID + ":mfa/mallory-phone"; serial != want {
		t.Fatalf("SerialNumber = %q, want %q", serial, want)
	}
	qr, err := os.ReadFile(qrFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(qr)); err != nil {
		t.Fatalf("--outfile is not a PNG: %v", err)
	}
	if uri, ok := decodeQR(t, qrFile); ok {
		prefix := "otpauth://totp/Amazon%20Web%20Services:mallory-phone@" + s.AccountID + "?secret="
		if !strings.HasPrefix(uri, prefix) || !strings.HasSuffix(uri, "&issuer=Amazon%20Web%20Services") {
			t.Fatalf("QR code = %q, want %s...&issuer=Amazon%%20Web%%20Services", uri, prefix)
		}
	}
	root.ok("iam", "delete-virtual-mfa-device", "--serial-number", serial)

	// 2. The base32 seed, from which the test computes codes.
	seedFile := filepath.Join(dir, "seed.txt")
	out = root.ok("iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "mallory-phone",
		"--outfile", seedFile, "--bootstrap-method", "Base32StringSeed")
	serial = str(out, "VirtualMFADevice", "SerialNumber")
	seed, err := os.ReadFile(seedFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(seed) != 64 {
		t.Fatalf("seed %q: want 64 base32 characters", seed)
	}
	if raw, ok := out["VirtualMFADevice"].(map[string]any)["Base32StringSeed"]; ok {
		t.Fatalf("the CLI printed the seed it should have written to --outfile: %v", raw)
	}

	// 3. Two consecutive codes: now's and the next step's.
	now := time.Now()
	code := func(at time.Time) string {
		c, err := totp.GenerateCode(string(seed), at)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	root.fails("InvalidAuthenticationCode", "iam", "enable-mfa-device", "--user-name", "mallory", "--serial-number", serial,
		"--authentication-code1", code(now.Add(30*time.Second)), "--authentication-code2", code(now))
	root.ok("iam", "enable-mfa-device", "--user-name", "mallory", "--serial-number", serial,
		"--authentication-code1", code(now), "--authentication-code2", code(now.Add(30*time.Second)))
	root.fails("EntityAlreadyExists", "iam", "enable-mfa-device", "--user-name", "mallory", "--serial-number", serial,
		"--authentication-code1", code(now), "--authentication-code2", code(now.Add(30*time.Second)))

	// 4. Listed as assigned to mallory, and not as unassigned.
	assigned := root.ok("iam", "list-virtual-mfa-devices", "--assignment-status", "Assigned")
	devices, _ := assigned["VirtualMFADevices"].([]any)
	if len(devices) != 1 {
		t.Fatalf("assigned devices = %v, want mallory-phone", assigned)
	}
	d, _ := devices[0].(map[string]any)
	if str(d, "SerialNumber") != serial || str(d, "User", "UserName") != "mallory" || str(d, "EnableDate") == "" {
		t.Fatalf("assigned device = %v", d)
	}
	if _, leaked := d["Base32StringSeed"]; leaked {
		t.Fatalf("listing shows the seed: %v", d)
	}
	unassigned := root.ok("iam", "list-virtual-mfa-devices", "--assignment-status", "Unassigned")
	if list, _ := unassigned["VirtualMFADevices"].([]any); len(list) != 0 {
		t.Fatalf("unassigned devices = %v, want none", list)
	}
	mine := root.ok("iam", "list-mfa-devices", "--user-name", "mallory")
	if list, _ := mine["MFADevices"].([]any); len(list) != 1 || str(list[0].(map[string]any), "SerialNumber") != serial {
		t.Fatalf("list-mfa-devices = %v", mine)
	}
	root.fails("DeleteConflict", "iam", "delete-virtual-mfa-device", "--serial-number", serial)

	// 5. MFA in requests: a policy allows CreateUser only with MFA. The
	// long-term key is refused; a session from GetSessionToken with a code
	// from the device is allowed, and the code cannot be used twice.
	root.ok("iam", "put-user-policy", "--user-name", "mallory", "--policy-name", "mfa-for-writes", "--policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:ListUsers","sts:GetSessionToken"],"Resource":"*"},`+
			`{"Effect":"Allow","Action":"iam:CreateUser","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	key := root.ok("iam", "create-access-key", "--user-name", "mallory")
	keyID, secret := str(key, "AccessKey", "AccessKeyId"), str(key, "AccessKey", "SecretAccessKey")
	mallory := newCLI(t, s, keyID, secret)
	mallory.ok("iam", "list-users")
	mallory.fails("AccessDenied", "iam", "create-user", "--user-name", "without-mfa")
	// Enabling accepted the step after now's; wait for that step to begin
	// so that the one after it is within the device's window.
	next := time.Unix((now.Unix()/30+1)*30, 0)
	time.Sleep(time.Until(next) + time.Second)
	fresh := code(next.Add(30 * time.Second))
	mallory.fails("AccessDenied", "sts", "get-session-token", "--serial-number", serial, "--token-code", "000000")
	tok := mallory.ok("sts", "get-session-token", "--serial-number", serial, "--token-code", fresh)
	creds := tok["Credentials"].(map[string]any)
	withMFA := newCLI(t, s, str(creds, "AccessKeyId"), str(creds, "SecretAccessKey"))
	withMFA.env = append(withMFA.env, "AWS_SESSION_TOKEN="+str(creds, "SessionToken"))
	withMFA.ok("iam", "create-user", "--user-name", "with-mfa")
	mallory.fails("AccessDenied", "sts", "get-session-token", "--serial-number", serial, "--token-code", fresh)

	// 6. A role whose trust policy requires MFA: refused without a code,
	// assumed with the next step's code passed to AssumeRole.
	root.ok("iam", "create-role", "--role-name", "needs-mfa", "--assume-role-policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::`+s.AccountID+`:root"},"Action":"sts:AssumeRole",`+
			`"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}`)
	root.ok("iam", "put-user-policy", "--user-name", "mallory", "--policy-name", "assume", "--policy-document",
		`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}`)
	roleARN := "arn:aws:iam::" + s.AccountID + ":role/needs-mfa"
	mallory.fails("AccessDenied", "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "no-mfa")
	later := next.Add(30 * time.Second)
	time.Sleep(time.Until(later) + time.Second)
	laterCode := code(later.Add(30 * time.Second))
	mallory.fails("AccessDenied", "sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "bad-code",
		"--serial-number", serial, "--token-code", "000000")
	assumed := mallory.ok("sts", "assume-role", "--role-arn", roleARN, "--role-session-name", "with-mfa",
		"--serial-number", serial, "--token-code", laterCode)
	if str(assumed, "AssumedRoleUser", "Arn") != "arn:aws:sts::"+s.AccountID+":assumed-role/needs-mfa/with-mfa" {
		t.Fatalf("assume-role with MFA = %v", assumed)
	}

	root.ok("iam", "deactivate-mfa-device", "--user-name", "mallory", "--serial-number", serial)
	root.ok("iam", "delete-virtual-mfa-device", "--serial-number", serial)
}

// decodeQR reads a QR code PNG with zbarimg. Without zbarimg it reports
// false (outside CI; under CI, scripts/test.sh installs zbar-tools).
func decodeQR(t *testing.T, file string) (string, bool) {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("zbarimg is required in CI: %v", err)
		}
		t.Log("zbarimg not installed: QR code content not checked")
		return "", false
	}
	out, err := exec.Command(bin, "--quiet", "--raw", file).Output()
	if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSpace(string(out)), true
}
