package oidc_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/oidc"
	"github.com/iamd/iamd/internal/federation/oidc/oidctest"
)

var now = time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)

func newVerifier(iss *oidctest.Issuer) *oidc.Verifier {
	return oidc.New(oidc.Options{RootCAs: iss.CertPool(), Clock: func() time.Time { return now }, Leeway: 30 * time.Second})
}

// mustSign returns a function that fails t on a signing error.
func mustSign(t *testing.T) func(tok string, err error) string {
	return func(tok string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatalf("sign: %v", err)
		}
		return tok
	}
}

func wantAWS(t *testing.T, err error, code, msgPrefix string) {
	t.Helper()
	var e *awserr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want AWS %s", err, code)
	}
	if e.Code != code || !strings.HasPrefix(e.Message, msgPrefix) {
		t.Fatalf("error = %s %q, want %s %q...", e.Code, e.Message, code, msgPrefix)
	}
}

func TestVerifyGoodTokens(t *testing.T) {
	t.Parallel()
	iss := oidctest.New(t)
	v := newVerifier(iss)
	for _, alg := range []string{oidctest.RS256, oidctest.ES256} {
		t.Run(alg, func(t *testing.T) {
			claims := iss.Claims("repo:org/app:ref:main", "sts.amazonaws.com", now, time.Hour)
			claims["amr"] = []string{"pwd", "mfa"}
			tok := mustSign(t)(iss.Sign(alg, claims))
			// IAM stores the URL without its scheme; both forms work.
			provider := strings.TrimPrefix(iss.URL(), "https://")
			c, err := v.Verify(t.Context(), provider, []string{"other", "sts.amazonaws.com"}, tok)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			if c.Subject != "repo:org/app:ref:main" || c.Issuer != iss.URL() || c.KeyPrefix != provider {
				t.Fatalf("claims = %+v", c)
			}
			want := map[string][]string{
				provider + ":sub": {"repo:org/app:ref:main"},
				provider + ":aud": {"sts.amazonaws.com"},
				provider + ":amr": {"pwd", "mfa"},
			}
			if diff := cmp.Diff(want, c.ContextKeys()); diff != "" {
				t.Fatalf("context keys (-want +got):\n%s", diff)
			}
			if !c.Expiry.Equal(now.Add(time.Hour)) {
				t.Fatalf("expiry = %v", c.Expiry)
			}
		})
	}
}

func TestVerifyRefusals(t *testing.T) {
	t.Parallel()
	iss := oidctest.New(t)
	other := oidctest.New(t)
	v := newVerifier(iss)
	good := func() map[string]any { return iss.Claims("alice", "app", now, time.Hour) }
	with := func(k string, val any) map[string]any {
		c := good()
		if val == nil {
			delete(c, k)
		} else {
			c[k] = val
		}
		return c
	}
	rs := func(c map[string]any) func() (string, error) {
		return func() (string, error) { return iss.Sign(oidctest.RS256, c) }
	}
	tampered := func() (string, error) {
		tok, err := iss.Sign(oidctest.RS256, good())
		parts := strings.Split(tok, ".")
		payload := strings.Replace(string(mustDecode(t, parts[1])), `"alice"`, `"admin"`, 1)
		return parts[0] + "." + encode(payload) + "." + parts[2], err
	}
	tests := []struct {
		name      string
		token     func() (string, error)
		code, msg string
	}{
		{"wrong audience", rs(with("aud", "someone-else")), "InvalidIdentityToken", awserr.MsgIncorrectTokenAudience},
		{"audience list without ours", rs(with("aud", []string{"a", "b"})), "InvalidIdentityToken", awserr.MsgIncorrectTokenAudience},
		{"wrong issuer", rs(with("iss", "https://evil.example.com")), "InvalidIdentityToken",
			"No OpenIDConnect provider found in your account for https://evil.example.com"},
		{"another issuer's token", func() (string, error) {
			return other.Sign(oidctest.RS256, other.Claims("alice", "app", now, time.Hour))
		},
			"InvalidIdentityToken", awserr.MsgCannotRetrieveKey},
		{"expired", rs(with("exp", now.Add(-time.Minute).Unix())), "ExpiredTokenException",
			fmt.Sprintf(awserr.MsgTokenExpired, now.Unix(), now.Add(-time.Minute).Unix())},
		{"expired beyond leeway only", rs(with("exp", now.Add(-31*time.Second).Unix())), "ExpiredTokenException", "Token expired"},
		{"not yet valid", rs(with("nbf", now.Add(time.Hour).Unix())), "InvalidIdentityToken", "Token is not yet valid"},
		{"issued in the future", rs(with("iat", now.Add(time.Hour).Unix())), "InvalidIdentityToken", "Token was issued in the future"},
		{"no exp", rs(with("exp", nil)), "InvalidIdentityToken", "Missing a required claim: exp"},
		{"no aud", rs(with("aud", nil)), "InvalidIdentityToken", "Missing a required claim: aud"},
		{"no sub", rs(with("sub", nil)), "InvalidIdentityToken", "Missing a required claim: sub"},
		{"exp not a number", rs(with("exp", "tomorrow")), "InvalidIdentityToken", "Missing a required claim: exp"},
		{"tampered payload", tampered, "InvalidIdentityToken", awserr.MsgCannotRetrieveKey},
		{"alg none", func() (string, error) { return oidctest.Unsigned(good()) }, "InvalidIdentityToken", "The web identity token is not a valid JWT."},
		{"HS256 keyed with the public key", func() (string, error) { return iss.HS256WithPublicKey(good()) },
			"InvalidIdentityToken", "The web identity token is not a valid JWT."},
		{"unknown kid", func() (string, error) { return iss.SignUnpublished(oidctest.RS256, "RS256-1", good()) },
			"InvalidIdentityToken", awserr.MsgCannotRetrieveKey},
		{"unknown ES256 kid", func() (string, error) { return iss.SignUnpublished(oidctest.ES256, "nope", good()) },
			"InvalidIdentityToken", awserr.MsgCannotRetrieveKey},
		{"not a JWT", func() (string, error) { return "not.a.jwt", nil }, "InvalidIdentityToken", "The web identity token is not a valid JWT."},
		{"empty", func() (string, error) { return "", nil }, "InvalidIdentityToken", "The web identity token is not a valid JWT."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			tok := mustSign(t)(tc.token())
			c, err := v.Verify(t.Context(), iss.URL(), []string{"app"}, tok)
			if err == nil {
				t.Fatalf("verified: %+v", c)
			}
			wantAWS(t, err, tc.code, tc.msg)
		})
	}
}

func TestVerifyPicksUpRotation(t *testing.T) {
	t.Parallel()
	iss := oidctest.New(t)
	v := newVerifier(iss)
	verify := func(alg string) error {
		tok := mustSign(t)(iss.Sign(alg, iss.Claims("alice", "app", now, time.Hour)))
		_, err := v.Verify(t.Context(), iss.URL(), []string{"app"}, tok)
		return err
	}
	for range 3 {
		if err := verify(oidctest.RS256); err != nil {
			t.Fatalf("before rotation: %v", err)
		}
	}
	if n := iss.JWKSFetches.Load(); n != 1 {
		t.Fatalf("JWKS fetched %d times for one key, want 1 (cached)", n)
	}
	if _, err := iss.Rotate(oidctest.ES256); err != nil {
		t.Fatal(err)
	}
	iss.DropRetired()
	if err := verify(oidctest.ES256); err != nil {
		t.Fatalf("token under the new kid: %v", err)
	}
	if n := iss.JWKSFetches.Load(); n != 2 {
		t.Fatalf("JWKS fetched %d times, want 2 (refetched for the new kid)", n)
	}
}

func TestVerifyUnreachableIssuer(t *testing.T) {
	t.Parallel()
	iss := oidctest.New(t)
	tok := mustSign(t)(iss.Sign(oidctest.RS256, iss.Claims("alice", "app", now, time.Hour)))
	iss.Close()
	v := oidc.New(oidc.Options{RootCAs: iss.CertPool(), Clock: func() time.Time { return now }, Timeout: 2 * time.Second})
	_, err := v.Verify(t.Context(), iss.URL(), []string{"app"}, tok)
	wantAWS(t, err, "IDPCommunicationError", "The request could not be fulfilled")
}

func TestVerifyUntrustedCertificate(t *testing.T) {
	t.Parallel()
	iss := oidctest.New(t)
	tok := mustSign(t)(iss.Sign(oidctest.RS256, iss.Claims("alice", "app", now, time.Hour)))
	// The system roots do not trust the test CA: a TLS failure, reported
	// as the issuer being unreachable.
	v := oidc.New(oidc.Options{Clock: func() time.Time { return now }})
	_, err := v.Verify(t.Context(), iss.URL(), []string{"app"}, tok)
	wantAWS(t, err, "IDPCommunicationError", "The request could not be fulfilled")
}

func TestVerifyRefusesPlainHTTP(t *testing.T) {
	t.Parallel()
	v := oidc.New(oidc.Options{})
	_, err := v.Verify(context.Background(), "http://127.0.0.1:1", []string{"app"}, "x.y.z")
	var e *awserr.Error
	if err == nil || errors.As(err, &e) {
		t.Fatalf("error = %v, want an internal error for a non-https provider", err)
	}
}

func TestUnverifiedIssuer(t *testing.T) {
	t.Parallel()
	claims := map[string]any{"iss": "https://issuer.example.com/x", "sub": "s"}
	tok, err := oidctest.Unsigned(claims)
	if err != nil {
		t.Fatal(err)
	}
	got, err := oidc.UnverifiedIssuer(tok)
	if err != nil || got != "https://issuer.example.com/x" {
		t.Fatalf("UnverifiedIssuer = %q, %v", got, err)
	}
	for _, bad := range []string{"", "a.b", "a.!!!.c", "a." + encode(`{"sub":"x"}`) + ".c", "a." + encode(`[1]`) + ".c"} {
		if _, err := oidc.UnverifiedIssuer(bad); !awserr.Is(err, "InvalidIdentityToken") {
			t.Errorf("UnverifiedIssuer(%q) = %v, want InvalidIdentityToken", bad, err)
		}
	}
	if oidc.IssuerURL("a.example.com/p") != "https://a.example.com/p" || oidc.KeyPrefix("https://a.example.com/p") != "a.example.com/p" {
		t.Fatal("IssuerURL/KeyPrefix do not invert each other")
	}
}

func encode(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }

func mustDecode(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
