package issuers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/iamd/iamd/internal/federation/outbound"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

const testAccount, otherAccount = "111122223333", "444455556666"

type fixture struct {
	st      store.Store
	issuers *Issuers
	now     time.Time
	base    string
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	for _, id := range []string{testAccount, otherAccount} {
		if err := st.Accounts().Create(ctx, &store.Account{ID: id, Name: "acct-" + id, CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	keyring, err := secrets.NewKeyring(secrets.Key{ID: 1, Material: bytes.Repeat([]byte{7}, secrets.KeySize)})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, now: time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)}
	f.base = "https://iam.example.com/"
	f.issuers = New(Config{Store: st, Sealer: keyring, BaseURL: func() string { return f.base },
		Now: func() time.Time { return f.now }})
	return f
}

// TestIssuerLifecycle: enable, refuse a second enable, disable, refuse a
// second disable, enable again with the same issuer and keys.
func TestIssuerLifecycle(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, _, err := f.issuers.Info(ctx, testAccount); !errors.Is(err, ErrNotEnabled) {
		t.Fatalf("Info before enabling: %v, want ErrNotEnabled", err)
	}
	if err := f.issuers.Disable(ctx, testAccount); !errors.Is(err, ErrNotEnabled) {
		t.Fatalf("Disable before enabling: %v, want ErrNotEnabled", err)
	}
	if _, err := f.issuers.Issue(ctx, testAccount, outbound.RS256, &outbound.Claims{}); !errors.Is(err, ErrNotEnabled) {
		t.Fatalf("Issue before enabling: %v, want ErrNotEnabled", err)
	}
	issuer, err := f.issuers.Enable(ctx, testAccount)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(issuer, "https://iam.example.com/oidc/") || len(issuer) != len("https://iam.example.com/oidc/")+36 {
		t.Fatalf("issuer %q, want https://iam.example.com/oidc/ and a UUID", issuer)
	}
	if _, err := f.issuers.Enable(ctx, testAccount); !errors.Is(err, ErrAlreadyEnabled) {
		t.Fatalf("second Enable: %v, want ErrAlreadyEnabled", err)
	}
	other, err := f.issuers.Enable(ctx, otherAccount)
	if err != nil || other == issuer {
		t.Fatalf("another account's issuer %q (%v), want its own", other, err)
	}
	if got, enabled, err := f.issuers.Info(ctx, testAccount); err != nil || got != issuer || !enabled {
		t.Fatalf("Info = %q, %v, %v", got, enabled, err)
	}
	id := strings.TrimPrefix(issuer, "https://iam.example.com/oidc/")
	keysBefore, err := f.issuers.PublicKeys(ctx, id)
	if err != nil {
		t.Fatal(err)
	}

	if err := f.issuers.Disable(ctx, testAccount); err != nil {
		t.Fatal(err)
	}
	if err := f.issuers.Disable(ctx, testAccount); !errors.Is(err, ErrNotEnabled) {
		t.Fatalf("second Disable: %v, want ErrNotEnabled", err)
	}
	if got, enabled, err := f.issuers.Info(ctx, testAccount); err != nil || got != issuer || enabled {
		t.Fatalf("Info while disabled = %q, %v, %v; want the issuer, off", got, enabled, err)
	}
	if _, err := f.issuers.Issue(ctx, testAccount, outbound.RS256, &outbound.Claims{}); !errors.Is(err, ErrNotEnabled) {
		t.Fatalf("Issue while disabled: %v, want ErrNotEnabled", err)
	}
	// Keys stay published while disabled, so earlier tokens verify.
	if _, err := f.issuers.PublicKeys(ctx, id); err != nil {
		t.Fatalf("keys while disabled: %v", err)
	}

	// The issuer keeps its URL even when iamd is reached elsewhere now:
	// verifiers and earlier tokens name it.
	f.base = "https://moved.example.com"
	again, err := f.issuers.Enable(ctx, testAccount)
	if err != nil || again != issuer {
		t.Fatalf("Enable again = %q, %v; want %q", again, err, issuer)
	}
	keysAfter, err := f.issuers.PublicKeys(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := json.Marshal(keysBefore)
	after, _ := json.Marshal(keysAfter)
	if !bytes.Equal(before, after) {
		t.Errorf("keys changed across disable and enable:\n%s\n%s", before, after)
	}
}

// TestIssueVerifies signs with each algorithm and verifies with the
// published keys, as an external service would.
func TestIssueVerifies(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	issuer, err := f.issuers.Enable(ctx, testAccount)
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimPrefix(issuer, "https://iam.example.com/oidc/")
	doc, err := f.issuers.Configuration(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if doc.Issuer != issuer || doc.JWKSURI != issuer+outbound.JWKSPath ||
		strings.Join(doc.IDTokenSigningAlgValuesSupported, ",") != "RS256,ES384" {
		t.Fatalf("discovery document %+v", doc)
	}
	set, err := f.issuers.PublicKeys(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range set.Keys {
		if !k.IsPublic() {
			t.Fatalf("published key %s is private", k.KeyID)
		}
	}
	otherIssuer, err := f.issuers.Enable(ctx, otherAccount)
	if err != nil {
		t.Fatal(err)
	}
	otherSet, err := f.issuers.PublicKeys(ctx, strings.TrimPrefix(otherIssuer, "https://iam.example.com/oidc/"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ alg, kid string }{{outbound.RS256, "RSA_0"}, {outbound.ES384, "EC384_0"}} {
		t.Run(tc.alg, func(t *testing.T) {
			now := f.now
			claims := &outbound.Claims{Subject: "arn:aws:iam::" + testAccount + ":user/carol", Audience: jwt.Audience{"https://api.example.com"},
				IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(now.Add(5 * time.Minute)), ID: "jti-1",
				AWS: outbound.AWSClaims{Account: testAccount, SourceRegion: "eu-west-1", RequestTags: map[string]string{"job": "7"}}}
			token, err := f.issuers.Issue(ctx, testAccount, tc.alg, claims)
			if err != nil {
				t.Fatal(err)
			}
			parsed, err := jwt.ParseSigned(token, []jose.SignatureAlgorithm{jose.RS256, jose.ES384})
			if err != nil {
				t.Fatal(err)
			}
			h := parsed.Headers[0]
			if h.Algorithm != tc.alg || h.KeyID != tc.kid || h.ExtraHeaders["typ"] != "JWT" {
				t.Fatalf("header %+v, want alg %s kid %s typ JWT", h, tc.alg, tc.kid)
			}
			keys := set.Key(tc.kid)
			if len(keys) != 1 {
				t.Fatalf("%d published keys named %s", len(keys), tc.kid)
			}
			var std jwt.Claims
			var raw map[string]any
			if err := parsed.Claims(keys[0].Key, &std, &raw); err != nil {
				t.Fatalf("verify with the published key: %v", err)
			}
			if err := std.ValidateWithLeeway(jwt.Expected{Issuer: issuer, AnyAudience: jwt.Audience{"https://api.example.com"}, Time: now}, 0); err != nil {
				t.Fatal(err)
			}
			// One audience is a string, as RFC 7519 allows and AWS sends.
			if raw["aud"] != "https://api.example.com" {
				t.Errorf("aud = %#v, want a string", raw["aud"])
			}
			ns, _ := raw[outbound.ClaimNamespace].(map[string]any)
			if ns["aws_account"] != testAccount || ns["source_region"] != "eu-west-1" {
				t.Errorf("AWS claims = %v", ns)
			}
			if _, ok := ns["principal_tags"]; ok {
				t.Errorf("empty principal_tags present: %v", ns)
			}
			// Another account's key of the same kind does not verify it.
			if err := parsed.Claims(otherSet.Key(tc.kid)[0].Key, &std); err == nil {
				t.Error("another account's key verified the token")
			}
		})
	}
}

// TestKeysSealedAtRest: the stored keys are ciphertext bound to their
// account; no private key material is readable in the row.
func TestKeysSealedAtRest(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if _, err := f.issuers.Enable(ctx, testAccount); err != nil {
		t.Fatal(err)
	}
	row, err := f.st.OutboundIssuers().Get(ctx, testAccount)
	if err != nil {
		t.Fatal(err)
	}
	for _, marker := range []string{`"d"`, `"kty"`, "RSA_0", "EC384_0"} {
		if bytes.Contains(row.SealedKeys, []byte(marker)) {
			t.Errorf("sealed keys contain %s in clear", marker)
		}
	}
	// Moved to another account's row, the keys do not open.
	other, err := f.issuers.Enable(ctx, otherAccount)
	if err != nil {
		t.Fatal(err)
	}
	moved := *row
	moved.AccountID = otherAccount
	moved.IssuerID = strings.TrimPrefix(other, "https://iam.example.com/oidc/")
	if _, err := f.issuers.open(&moved); err == nil {
		t.Fatal("keys sealed for one account opened for another")
	}
}

// BenchmarkIssue measures one token per algorithm on warm keys: the cost
// of GetWebIdentityToken beyond the request itself is the signature.
func BenchmarkIssue(b *testing.B) {
	f := newFixture(b)
	ctx := context.Background()
	if _, err := f.issuers.Enable(ctx, testAccount); err != nil {
		b.Fatal(err)
	}
	for _, alg := range outbound.Algorithms {
		b.Run(alg, func(b *testing.B) {
			claims := &outbound.Claims{Subject: "arn:aws:iam::" + testAccount + ":user/carol", Audience: jwt.Audience{"https://api.example.com"},
				IssuedAt: jwt.NewNumericDate(f.now), Expiry: jwt.NewNumericDate(f.now.Add(5 * time.Minute)), ID: "jti",
				AWS: outbound.AWSClaims{Account: testAccount, SourceRegion: "us-east-1"}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := f.issuers.Issue(ctx, testAccount, alg, claims); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
