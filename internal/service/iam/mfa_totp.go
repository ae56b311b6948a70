package iam

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"fmt"
	"image/png"
	"net/url"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
)

// TOTP as virtual MFA devices use it (RFC 6238): HMAC-SHA1 over 30-second
// steps since the Unix epoch, six digits. pquerna/otp computes the codes;
// this file decides which steps a code may come from, since the library
// keeps no state and so cannot refuse a replay.
const (
	totpPeriod = 30 * time.Second
	// totpDrift is how many steps a code may be away from the expected
	// one, either way: one, as RFC 6238 section 5.2 recommends.
	totpDrift = 1
	// resyncWindow is how far (in steps, either way) ResyncMFADevice
	// looks for the two codes: 10 steps, five minutes, is iamd's choice;
	// AWS does not publish its window.
	resyncWindow = 10
	// seedBytes is the size of a new seed: 40 random bytes are 64 base32
	// characters, the length of the Base32StringSeed AWS hands out.
	seedBytes = 40
	// qrSize is the QR code PNG's width and height in pixels.
	qrSize = 200
	// mfaIssuer is the issuer AWS puts in the otpauth URI, so
	// authenticator apps show the entry as AWS's does.
	mfaIssuer = "Amazon Web Services"
)

var totpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// newSeed returns a fresh TOTP seed as unpadded base32 text, the form
// Base32StringSeed carries and authenticator apps accept.
func newSeed() (string, error) {
	raw := make([]byte, seedBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("iam: mfa seed: %w", err)
	}
	return base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(raw), nil
}

// totpStep is the RFC 6238 time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / int64(totpPeriod/time.Second) }

// totpCode is the code of seed at step; "" if the seed does not decode.
func totpCode(seed string, step int64) string {
	if step < 0 {
		return ""
	}
	code, err := hotp.GenerateCodeCustom(seed, uint64(step), totpOpts)
	if err != nil {
		return ""
	}
	return code
}

// codeMatches compares in constant time, so that timing does not tell how
// many leading digits of a guess were right.
func codeMatches(seed string, step int64, code string) bool {
	want := totpCode(seed, step)
	return want != "" && len(code) == len(want) && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
}

// findCode returns the step in [center-window, center+window] whose code
// is code and which is after lastStep; ok is false if there is none.
// Nearer steps are tried first.
func findCode(seed, code string, center, window, lastStep int64) (step int64, ok bool) {
	for d := int64(0); d <= window; d++ {
		for _, s := range []int64{center - d, center + d} {
			if s > lastStep && codeMatches(seed, s, code) {
				return s, true
			}
			if d == 0 {
				break
			}
		}
	}
	return 0, false
}

// findCodePair returns the step of code2 when code1 and code2 are the codes
// of two consecutive steps, code2's within window of center and code1's
// after lastStep.
func findCodePair(seed, code1, code2 string, center, window, lastStep int64) (step int64, ok bool) {
	for d := int64(0); d <= window; d++ {
		for _, s := range []int64{center - d, center + d} {
			if s-1 > lastStep && codeMatches(seed, s, code2) && codeMatches(seed, s-1, code1) {
				return s, true
			}
			if d == 0 {
				break
			}
		}
	}
	return 0, false
}

// otpauthURI is the Key URI of a device, in AWS's form:
// otpauth://totp/Amazon%20Web%20Services:NAME@ACCOUNT?secret=SEED&issuer=Amazon%20Web%20Services
// (https://github.com/google/google-authenticator/wiki/Key-Uri-Format).
func otpauthURI(deviceName, accountID, seed string) string {
	label := url.PathEscape(mfaIssuer + ":" + deviceName + "@" + accountID)
	return "otpauth://totp/" + label + "?secret=" + url.QueryEscape(seed) + "&issuer=" + url.PathEscape(mfaIssuer)
}

// qrCodePNG renders uri as a QR code PNG.
func qrCodePNG(uri string) ([]byte, error) {
	key, err := otp.NewKeyFromURL(uri)
	if err != nil {
		return nil, fmt.Errorf("iam: otpauth uri: %w", err)
	}
	img, err := key.Image(qrSize, qrSize)
	if err != nil {
		return nil, fmt.Errorf("iam: qr code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("iam: qr png: %w", err)
	}
	return buf.Bytes(), nil
}
