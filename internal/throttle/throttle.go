// Package throttle slows password guessing: a Limiter counts failed
// verifications per key (a user, a source address) and, after a few,
// refuses further attempts for a back-off that doubles with each failure.
// It is pure: no I/O, an injected clock, and bounded memory.
package throttle

import (
	"sync"
	"time"
)

// Config tunes a Limiter. The zero value of a field means its default.
type Config struct {
	// FreeFailures is how many failures a key may have before it is
	// limited (default 5).
	FreeFailures int
	// Backoff is how long a key is limited after its first failure beyond
	// FreeFailures; each further failure doubles it (default 1 minute).
	Backoff time.Duration
	// MaxBackoff caps the back-off (default 15 minutes).
	MaxBackoff time.Duration
	// Forget is how long after its last failure a key is forgotten, its
	// count starting again from zero (default 1 hour; at least MaxBackoff).
	Forget time.Duration
	// MaxKeys bounds memory: past it, the key idle longest is dropped
	// (default 65536).
	MaxKeys int
}

func (c Config) withDefaults() Config {
	if c.FreeFailures <= 0 {
		c.FreeFailures = 5
	}
	if c.Backoff <= 0 {
		c.Backoff = time.Minute
	}
	if c.MaxBackoff <= 0 {
		c.MaxBackoff = 15 * time.Minute
	}
	if c.MaxBackoff < c.Backoff {
		c.MaxBackoff = c.Backoff
	}
	if c.Forget <= 0 {
		c.Forget = time.Hour
	}
	if c.Forget < c.MaxBackoff {
		c.Forget = c.MaxBackoff
	}
	if c.MaxKeys <= 0 {
		c.MaxKeys = 65536
	}
	return c
}

// state is one key's record of failures.
type state struct {
	failures    int
	lastFailure time.Time
}

// Limiter is safe for concurrent use.
type Limiter struct {
	cfg   Config
	clock func() time.Time

	mu   sync.Mutex
	keys map[string]*state
}

// New returns a Limiter; clock nil means time.Now.
func New(cfg Config, clock func() time.Time) *Limiter {
	if clock == nil {
		clock = time.Now
	}
	return &Limiter{cfg: cfg.withDefaults(), clock: clock, keys: make(map[string]*state)}
}

// Allow reports whether an attempt under every one of keys may proceed
// now; when not, retryAfter is how long until it may. Empty keys are
// ignored. Allow records nothing: call Failure or Success with the outcome.
func (l *Limiter) Allow(keys ...string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	for _, k := range keys {
		st := l.live(k, now)
		if st == nil || st.failures < l.cfg.FreeFailures {
			continue
		}
		if wait := st.lastFailure.Add(l.backoff(st.failures)).Sub(now); wait > retryAfter {
			retryAfter = wait
		}
	}
	return retryAfter <= 0, max(retryAfter, 0)
}

// Failure records a failed attempt under each of keys.
func (l *Limiter) Failure(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	for _, k := range keys {
		if k == "" {
			continue
		}
		st := l.live(k, now)
		if st == nil {
			l.makeRoom(now)
			st = &state{}
			l.keys[k] = st
		}
		st.failures++
		st.lastFailure = now
	}
}

// Success forgets the failures of each of keys. Call it with the user's
// key only: one success from an address says nothing of its other guesses.
func (l *Limiter) Success(keys ...string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.keys, k)
	}
}

// Len is the number of keys remembered (for tests and metrics).
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.keys)
}

// live returns k's state, dropping it first if it is old enough to forget.
func (l *Limiter) live(k string, now time.Time) *state {
	if k == "" {
		return nil
	}
	st := l.keys[k]
	if st != nil && now.Sub(st.lastFailure) >= l.cfg.Forget {
		delete(l.keys, k)
		return nil
	}
	return st
}

// backoff is the limit after failures failures: Backoff doubled for each
// failure past the free ones, capped at MaxBackoff.
func (l *Limiter) backoff(failures int) time.Duration {
	d := l.cfg.Backoff
	for i := l.cfg.FreeFailures; i < failures && d < l.cfg.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, l.cfg.MaxBackoff)
}

// makeRoom keeps the map under MaxKeys before an insert: first it drops
// forgotten keys, then, if still full, the key idle longest. The scan is
// linear but runs only when the map is full.
func (l *Limiter) makeRoom(now time.Time) {
	if len(l.keys) < l.cfg.MaxKeys {
		return
	}
	var oldestKey string
	var oldest time.Time
	for k, st := range l.keys {
		if now.Sub(st.lastFailure) >= l.cfg.Forget {
			delete(l.keys, k)
			continue
		}
		if oldestKey == "" || st.lastFailure.Before(oldest) {
			oldestKey, oldest = k, st.lastFailure
		}
	}
	if len(l.keys) >= l.cfg.MaxKeys && oldestKey != "" {
		delete(l.keys, oldestKey)
	}
}
