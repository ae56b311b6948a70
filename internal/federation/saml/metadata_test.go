package saml_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/federation/saml"
)

func TestParseMetadata(t *testing.T) {
	t.Parallel()
	idp, other, _ := fixture(t)
	until := now.Add(30 * 24 * time.Hour)
	md, err := saml.ParseMetadata(idp.Metadata(until, other.Cert))
	if err != nil {
		t.Fatal(err)
	}
	if md.EntityID != idp.EntityID || len(md.SigningCertificates) != 2 || !md.SigningCertificates[0].Equal(idp.Cert) {
		t.Fatalf("metadata = %+v", md)
	}
	if md.ValidUntil == nil || !md.ValidUntil.Equal(until) {
		t.Fatalf("ValidUntil = %v, want %v", md.ValidUntil, until)
	}
	good := string(idp.Metadata(time.Time{}))
	bad := map[string]string{
		"not XML":               "<md:EntityDescriptor",
		"byte order mark":       "\xef\xbb\xbf" + good,
		"wrong root":            strings.ReplaceAll(good, "EntityDescriptor", "EntitiesDescriptor"),
		"no entityID":           strings.Replace(good, `entityID="`+idp.EntityID+`"`, "", 1),
		"no IDPSSODescriptor":   strings.ReplaceAll(good, "IDPSSODescriptor", "SPSSODescriptor"),
		"encryption key only":   strings.Replace(good, `use="signing"`, `use="encryption"`, 1),
		"certificate not DER":   strings.Replace(good, idp.CertificateBase64()[:40], "AAAA", 1),
		"bad validUntil":        strings.Replace(good, `entityID=`, `validUntil="tomorrow" entityID=`, 1),
		"round-trip unsafe XML": strings.Replace(good, "<md:IDPSSODescriptor", "<md:IDPSSODescriptor xmlns:x=\"a\" x:y:z=\"1\"", 1),
	}
	for name, doc := range bad {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, err := saml.ParseMetadata([]byte(doc)); !errors.Is(err, saml.ErrInvalidMetadata) {
				t.Fatalf("err = %v, want ErrInvalidMetadata", err)
			}
		})
	}
}
