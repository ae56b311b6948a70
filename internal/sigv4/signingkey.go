package sigv4

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"
	"sync"
)

// hmacSHA256 is HMAC-SHA-256 (RFC 2104) written over sha256.Sum256 with a
// caller's scratch buffer, so that it does not allocate; crypto/hmac
// allocates a hash per call. buf must not alias key or msg. It returns the
// MAC and the (possibly grown) buffer.
func hmacSHA256(buf, key, msg []byte) ([32]byte, []byte) {
	const blockSize = 64
	var k [blockSize]byte
	if len(key) > blockSize {
		sum := sha256.Sum256(key)
		copy(k[:], sum[:])
	} else {
		copy(k[:], key)
	}
	buf = buf[:0]
	for _, b := range k {
		buf = append(buf, b^0x36)
	}
	buf = append(buf, msg...)
	inner := sha256.Sum256(buf)
	buf = buf[:0]
	for _, b := range k {
		buf = append(buf, b^0x5c)
	}
	buf = append(buf, inner[:]...)
	return sha256.Sum256(buf), buf
}

// deriveSigningKey is SigV4's chain kDate -> kRegion -> kService -> kSigning,
// starting from "AWS4" + secret.
func deriveSigningKey(buf []byte, secret, date, region, service string) ([32]byte, []byte) {
	var seedBuf [128]byte
	seed := append(append(seedBuf[:0], "AWS4"...), secret...)
	var msg [64]byte
	k, buf := hmacSHA256(buf, seed, append(msg[:0], date...))
	k, buf = hmacSHA256(buf, k[:], append(msg[:0], region...))
	k, buf = hmacSHA256(buf, k[:], append(msg[:0], service...))
	k, buf = hmacSHA256(buf, k[:], append(msg[:0], "aws4_request"...))
	return k, buf
}

// keyCacheKey names a derived key: it depends on nothing else but the secret.
type keyCacheKey struct{ accessKeyID, date, region, service string }

type keyCacheEntry struct {
	// secretSum ties the entry to the secret it came from: a rotated or
	// different secret for the same key ID misses and is derived afresh.
	secretSum [32]byte
	key       [32]byte
}

// keyCache is a bounded two-generation cache of derived signing keys: new
// entries go into the current map; when it is full it becomes the old map
// and the previous old map is dropped. A hit in the old map is promoted, so
// busy keys survive rotation. It holds at most 2*half entries.
type keyCache struct {
	mu       sync.Mutex
	half     int
	cur, old map[keyCacheKey]keyCacheEntry
}

func newKeyCache(size int) *keyCache {
	if size <= 0 {
		return nil
	}
	half := max(1, size/2)
	return &keyCache{half: half, cur: make(map[keyCacheKey]keyCacheEntry, half)}
}

// get returns the cached key for k if it was derived from the secret whose
// SHA-256 is secretSum.
func (c *keyCache) get(k keyCacheKey, secretSum *[32]byte) ([32]byte, bool) {
	if c == nil {
		return [32]byte{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.cur[k]
	if !ok {
		if e, ok = c.old[k]; ok {
			c.insertLocked(k, e)
		}
	}
	if !ok || subtle.ConstantTimeCompare(e.secretSum[:], secretSum[:]) != 1 {
		return [32]byte{}, false
	}
	return e.key, true
}

func (c *keyCache) put(k keyCacheKey, e keyCacheEntry) {
	if c == nil {
		return
	}
	// The strings may point into a large request header: keep copies.
	k = keyCacheKey{strings.Clone(k.accessKeyID), strings.Clone(k.date), strings.Clone(k.region), strings.Clone(k.service)}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.insertLocked(k, e)
}

func (c *keyCache) insertLocked(k keyCacheKey, e keyCacheEntry) {
	if _, ok := c.cur[k]; !ok && len(c.cur) >= c.half {
		c.old, c.cur = c.cur, make(map[keyCacheKey]keyCacheEntry, c.half)
	}
	c.cur[k] = e
}

func (c *keyCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.cur) + len(c.old)
}
