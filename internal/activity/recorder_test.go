package activity

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// fakeStore counts the recorder's writes; every other method is absent.
type fakeStore struct {
	store.Store
	mu       sync.Mutex
	keyCalls []string // access key IDs, one per RecordUse
	keyLast  map[string]keyUse
	batches  [][]store.ServiceActivity
	fail     error
}

type fakeKeys struct {
	store.AccessKeys
	f *fakeStore
}

func (k fakeKeys) RecordUse(_ context.Context, id string, at time.Time, service, region string) error {
	k.f.mu.Lock()
	defer k.f.mu.Unlock()
	if k.f.fail != nil {
		return k.f.fail
	}
	k.f.keyCalls = append(k.f.keyCalls, id)
	k.f.keyLast[id] = keyUse{at: at, service: service, region: region}
	return nil
}

type fakeActivity struct {
	store.Activity
	f *fakeStore
}

func (a fakeActivity) Record(_ context.Context, recs []store.ServiceActivity) error {
	a.f.mu.Lock()
	defer a.f.mu.Unlock()
	if a.f.fail != nil {
		return a.f.fail
	}
	if len(recs) > 0 {
		a.f.batches = append(a.f.batches, recs)
	}
	return nil
}

func (f *fakeStore) AccessKeys() store.AccessKeys { return fakeKeys{f: f} }
func (f *fakeStore) Activity() store.Activity     { return fakeActivity{f: f} }

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newTestRecorder() (*Recorder, *fakeStore, *clock) {
	f := &fakeStore{keyLast: map[string]keyUse{}}
	c := &clock{t: time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)}
	return New(f, Options{Clock: c.now}), f, c
}

func TestKeyUseIsWrittenAtMostOncePerInterval(t *testing.T) {
	t.Parallel()
	r, f, c := newTestRecorder()
	ctx := t.Context()
	for range 1000 {
		r.KeyUsed("AKIAONE", "iam", "us-east-1")
	}
	if len(f.keyCalls) != 0 {
		t.Fatalf("recording wrote %d times before any flush", len(f.keyCalls))
	}
	steps := []struct {
		advance   time.Duration
		use       bool
		region    string
		wantCalls int
	}{
		{0, false, "", 1},                        // first flush writes the key once
		{0, false, "", 1},                        // nothing pending
		{10 * time.Second, true, "eu-west-1", 1}, // pending, but written 10 s ago
		{30 * time.Second, false, "", 1},         // still under a minute
		{20 * time.Second, false, "", 2},         // a minute since the last write
		{2 * time.Minute, false, "", 2},          // nothing pending
	}
	for i, s := range steps {
		c.advance(s.advance)
		if s.use {
			r.KeyUsed("AKIAONE", "sts", s.region)
		}
		if err := r.Flush(ctx, false); err != nil {
			t.Fatalf("step %d: Flush: %v", i, err)
		}
		if len(f.keyCalls) != s.wantCalls {
			t.Fatalf("step %d: %d writes, want %d", i, len(f.keyCalls), s.wantCalls)
		}
	}
	got := f.keyLast["AKIAONE"]
	want := time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC).Add(10 * time.Second).Truncate(time.Minute)
	if !got.at.Equal(want) || got.service != "sts" || got.region != "eu-west-1" {
		t.Errorf("last write = %+v, want %v sts eu-west-1 (the latest use, to the minute)", got, want)
	}
}

func TestServiceAccessAggregates(t *testing.T) {
	t.Parallel()
	r, f, c := newTestRecorder()
	arn := "arn:aws:iam::123456789012:user/alice"
	r.ServiceAccessed("123456789012", arn, "iam", "ListUsers", "us-east-1")
	c.advance(time.Second)
	for range 100 {
		r.ServiceAccessed("123456789012", arn, "iam", "GetUser", "us-west-2")
	}
	r.ServiceAccessed("123456789012", arn, "sts", "", "us-west-2")
	if err := r.Flush(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	if len(f.batches) != 1 {
		t.Fatalf("%d batches, want 1", len(f.batches))
	}
	byKey := map[string]store.ServiceActivity{}
	for _, rec := range f.batches[0] {
		byKey[rec.Namespace+":"+rec.Action] = rec
	}
	if len(byKey) != 4 {
		t.Fatalf("records %+v, want iam, iam:ListUsers, iam:GetUser, sts", f.batches[0])
	}
	if got := byKey["iam:"]; got.Region != "us-west-2" || !got.At.Equal(c.now()) {
		t.Errorf("iam service record = %+v, want the latest call (us-west-2 at %v)", got, c.now())
	}
	if got := byKey["iam:ListUsers"]; got.Region != "us-east-1" {
		t.Errorf("ListUsers record = %+v, want us-east-1", got)
	}
	// A second flush within the interval writes nothing new.
	r.ServiceAccessed("123456789012", arn, "iam", "GetUser", "us-west-2")
	if err := r.Flush(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	if len(f.batches) != 1 {
		t.Errorf("%d batches after an early flush, want 1", len(f.batches))
	}
	// Flushing all (at shutdown) writes it regardless.
	if err := r.Flush(t.Context(), true); err != nil {
		t.Fatal(err)
	}
	if len(f.batches) != 2 || len(f.batches[1]) != 2 {
		t.Errorf("batches after a final flush = %+v, want a second one with iam and iam:GetUser", f.batches)
	}
}

func TestFailedWritesStayPending(t *testing.T) {
	t.Parallel()
	r, f, c := newTestRecorder()
	f.fail = errors.New("database down")
	r.KeyUsed("AKIAONE", "iam", "us-east-1")
	r.ServiceAccessed("123456789012", "arn:aws:iam::123456789012:user/a", "iam", "", "us-east-1")
	if err := r.Flush(t.Context(), false); err == nil {
		t.Fatal("Flush succeeded on a failing store")
	}
	f.fail = nil
	c.advance(time.Minute)
	if err := r.Flush(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	if len(f.keyCalls) != 1 || len(f.batches) != 1 {
		t.Errorf("after recovery: %d key writes, %d batches; want 1 and 1", len(f.keyCalls), len(f.batches))
	}
}

func TestRunFlushesOnStop(t *testing.T) {
	t.Parallel()
	f := &fakeStore{keyLast: map[string]keyUse{}}
	r := New(f, Options{Interval: time.Hour})
	r.KeyUsed("AKIAONE", "iam", "us-east-1")
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { r.Run(ctx, func(err error) { t.Errorf("Run: %v", err) }); close(done) }()
	cancel()
	<-done
	if len(f.keyCalls) != 1 {
		t.Errorf("%d key writes after stopping, want 1", len(f.keyCalls))
	}
}

// BenchmarkRecord is the request path's cost: one key use and one service
// access noted in memory.
func BenchmarkRecord(b *testing.B) {
	r, _, _ := newTestRecorder()
	for b.Loop() {
		r.KeyUsed("AKIAONE", "iam", "us-east-1")
		r.ServiceAccessed("123456789012", "arn:aws:iam::123456789012:user/a", "iam", "GetUser", "us-east-1")
	}
}
