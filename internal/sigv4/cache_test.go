package sigv4

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
)

// TestCacheTiedToSecret: a derived key cached for one secret is never used
// for another secret of the same access key ID.
func TestCacheTiedToSecret(t *testing.T) {
	t.Parallel()
	v := NewVerifier(WithClock(fixedClock(signTime)))
	secret := exampleSecret
	current := func(context.Context, *Credentials) (string, error) { return secret, nil }
	if _, err := v.Verify(context.Background(), signedAt(t, signTime, "iam"), signedBody(), current); err != nil {
		t.Fatalf("first request: %v", err)
	}
	secret = "rotated/K7MDENG+bPxRfiCYEXAMPLEKEYrotated"
	_, err := v.Verify(context.Background(), signedAt(t, signTime, "iam"), signedBody(), current)
	checkCode(t, err, "SignatureDoesNotMatch")
	secret = exampleSecret
	if _, err := v.Verify(context.Background(), signedAt(t, signTime, "iam"), signedBody(), current); err != nil {
		t.Fatalf("original secret again: %v", err)
	}
}

func TestKeyCacheBoundsAndPromotion(t *testing.T) {
	t.Parallel()
	c := newKeyCache(4)
	sum := func(s string) *[32]byte { h := sha256.Sum256([]byte(s)); return &h }
	key := func(i int) keyCacheKey { return keyCacheKey{fmt.Sprint("AKID", i), "20261123", "us-east-1", "iam"} }
	for i := range 100 {
		c.put(key(i), keyCacheEntry{secretSum: *sum("s"), key: [32]byte{byte(i)}})
		// Key 0 stays warm: promoted on every rotation.
		if got, ok := c.get(key(0), sum("s")); !ok || got[0] != 0 {
			t.Fatalf("after %d puts key 0 was evicted", i)
		}
		if n := c.len(); n > 4 {
			t.Fatalf("after %d puts cache holds %d entries", i, n)
		}
	}
	if _, ok := c.get(key(0), sum("other secret")); ok {
		t.Error("entry returned for a different secret")
	}
	if _, ok := c.get(key(1), sum("s")); ok {
		t.Error("a cold entry survived 100 insertions into a cache of 4")
	}
	var disabled *keyCache = newKeyCache(0)
	disabled.put(key(0), keyCacheEntry{})
	if _, ok := disabled.get(key(0), sum("s")); ok {
		t.Error("a disabled cache returned an entry")
	}
}

// TestConcurrentVerify runs under -race in CI: one Verifier, many goroutines,
// several keys sharing a small cache.
func TestConcurrentVerify(t *testing.T) {
	t.Parallel()
	v := NewVerifier(WithClock(fixedClock(signTime)), WithCacheSize(2))
	services := []string{"iam", "sts", "organizations", "sso"}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 20 {
				r := signedAt(t, signTime, services[(g+i)%len(services)])
				if _, err := v.Verify(context.Background(), r, signedBody(), staticSecret(exampleKeyID, exampleSecret)); err != nil {
					t.Errorf("goroutine %d request %d: %v", g, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
}
