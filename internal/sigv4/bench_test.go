package sigv4

import (
	"context"
	"testing"
)

// BenchmarkVerify measures header authentication of a signed Query request
// with the derived key already cached: the server's steady state.
func BenchmarkVerify(b *testing.B) {
	t := &testing.T{}
	r := signedAt(t, signTime, "iam")
	body := signedBody()
	v := NewVerifier(WithClock(fixedClock(signTime)))
	secret := staticSecret(exampleKeyID, exampleSecret)
	ctx := context.Background()
	if _, err := v.Verify(ctx, r, body, secret); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(ctx, r, body, secret); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyColdKey derives the signing key on every request.
func BenchmarkVerifyColdKey(b *testing.B) {
	t := &testing.T{}
	r := signedAt(t, signTime, "iam")
	body := signedBody()
	v := NewVerifier(WithClock(fixedClock(signTime)), WithCacheSize(0))
	secret := staticSecret(exampleKeyID, exampleSecret)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := v.Verify(context.Background(), r, body, secret); err != nil {
			b.Fatal(err)
		}
	}
}
