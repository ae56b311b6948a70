package throttle

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func newTest(cfg Config) (*Limiter, *fakeClock) {
	c := &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	return New(cfg, c.Now), c
}

func TestLimitAfterFreeFailuresThenWindowPasses(t *testing.T) {
	t.Parallel()
	l, clock := newTest(Config{FreeFailures: 3, Backoff: time.Minute, MaxBackoff: 8 * time.Minute, Forget: time.Hour})
	user, addr := "user:alice", "addr:192.0.2.1"
	for i := range 3 {
		if ok, _ := l.Allow(user, addr); !ok {
			t.Fatalf("attempt %d limited before the free failures were used", i+1)
		}
		l.Failure(user, addr)
	}
	ok, wait := l.Allow(user, addr)
	if ok || wait != time.Minute {
		t.Fatalf("after 3 failures Allow = %v, %v; want false, 1m", ok, wait)
	}
	// Another user from another address is unaffected; either shared key
	// alone limits.
	for _, keys := range [][]string{{"user:bob", "addr:198.51.100.7"}} {
		if ok, _ := l.Allow(keys...); !ok {
			t.Fatalf("%v limited by alice's failures", keys)
		}
	}
	if ok, _ := l.Allow("user:bob", addr); ok {
		t.Fatal("another user from the guessing address was allowed")
	}
	if ok, _ := l.Allow(user, "addr:198.51.100.7"); ok {
		t.Fatal("the guessed user from another address was allowed")
	}
	clock.Advance(59 * time.Second)
	if ok, wait := l.Allow(user); ok || wait != time.Second {
		t.Fatalf("1s before the window ends Allow = %v, %v", ok, wait)
	}
	clock.Advance(time.Second)
	if ok, _ := l.Allow(user, addr); !ok {
		t.Fatal("still limited after the window")
	}
}

func TestBackoffDoublesUpToCap(t *testing.T) {
	t.Parallel()
	l, _ := newTest(Config{FreeFailures: 1, Backoff: time.Minute, MaxBackoff: 5 * time.Minute})
	want := []time.Duration{0, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i, w := range want {
		_, got := l.Allow("k")
		if got != w {
			t.Fatalf("after %d failures wait = %v, want %v", i, got, w)
		}
		l.Failure("k")
	}
}

func TestSuccessAndForgetReset(t *testing.T) {
	t.Parallel()
	l, clock := newTest(Config{FreeFailures: 2, Backoff: time.Minute, MaxBackoff: 2 * time.Minute, Forget: 10 * time.Minute})
	l.Failure("a", "b")
	l.Failure("a", "b")
	l.Success("a")
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("success did not reset a")
	}
	if ok, _ := l.Allow("b"); ok {
		t.Fatal("success on a reset b")
	}
	clock.Advance(10 * time.Minute)
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("b not forgotten after Forget")
	}
	if l.Len() != 0 {
		t.Fatalf("Len = %d after forgetting", l.Len())
	}
	if ok, _ := l.Allow("", ""); !ok {
		t.Fatal("empty keys limited")
	}
	l.Failure("")
	if l.Len() != 0 {
		t.Fatal("empty key remembered")
	}
}

func TestBoundedMemory(t *testing.T) {
	t.Parallel()
	l, clock := newTest(Config{FreeFailures: 1, MaxKeys: 100})
	for i := range 1000 {
		clock.Advance(time.Millisecond)
		l.Failure(fmt.Sprintf("addr:%d", i))
	}
	if n := l.Len(); n > 100 {
		t.Fatalf("Len = %d, want at most 100", n)
	}
	// The newest key survives; the oldest was dropped.
	if ok, _ := l.Allow("addr:999"); ok {
		t.Fatal("newest key dropped")
	}
	if ok, _ := l.Allow("addr:0"); !ok {
		t.Fatal("oldest key kept past MaxKeys")
	}
}

func TestDefaults(t *testing.T) {
	t.Parallel()
	c := Config{Backoff: time.Hour, MaxBackoff: time.Minute, Forget: time.Second}.withDefaults()
	if c.FreeFailures != 5 || c.MaxBackoff != time.Hour || c.Forget != time.Hour || c.MaxKeys != 65536 {
		t.Fatalf("defaults = %+v", c)
	}
	if New(Config{}, nil).clock == nil {
		t.Fatal("nil clock not defaulted")
	}
}

func BenchmarkAllowFailure(b *testing.B) {
	l := New(Config{}, nil)
	for i := 0; b.Loop(); i++ {
		k := fmt.Sprintf("addr:%d", i%1000)
		l.Allow(k, "user:x")
		l.Failure(k)
	}
}
