package saml_test

import (
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/federation/saml/samltest"
)

// now is the fixed instant of every test.
var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

const (
	roleARN     = "arn:aws:iam::123456789012:role/Federated"
	providerARN = "arn:aws:iam::123456789012:saml-provider/Corp"
)

// RSA key generation is slow: two IdPs shared by all tests.
var idps = sync.OnceValues(func() ([2]*samltest.IdP, error) {
	a, err := samltest.NewIdP("https://idp.example.com/saml", now)
	if err != nil {
		return [2]*samltest.IdP{}, err
	}
	b, err := samltest.NewIdP("https://evil.example.net/saml", now)
	return [2]*samltest.IdP{a, b}, err
})

// fixture returns the trusted IdP, another IdP, and the trusted one's
// parsed metadata.
func fixture(t *testing.T) (idp, other *samltest.IdP, md *saml.Metadata) {
	t.Helper()
	both, err := idps()
	if err != nil {
		t.Fatal(err)
	}
	md, err = saml.ParseMetadata(both[0].Metadata(time.Time{}))
	if err != nil {
		t.Fatal(err)
	}
	return both[0], both[1], md
}

func spec(idp *samltest.IdP) samltest.Spec {
	return idp.DefaultSpec(now, roleARN, providerARN)
}
