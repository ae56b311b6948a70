package audit

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

const testAccount = "123456789012"

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := sqlstore.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "iamd.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Accounts().Create(context.Background(), &store.Account{ID: testAccount, Name: "test", CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	return st
}

var eventCounter atomic.Int64

func newRequest(op string, readOnly bool) *Request {
	return &Request{
		EventID: fmt.Sprintf("00000000-0000-4000-8000-%012d", eventCounter.Add(1)),
		Time:    time.Now().UTC(), Service: "iam", Operation: op, ReadOnly: readOnly,
		Principal: &principal.Principal{Type: principal.Root, AccountID: testAccount, ARN: "arn:aws:iam::" + testAccount + ":root", UserID: testAccount},
	}
}

func events(t *testing.T, st store.Store) []*store.AuditEvent {
	t.Helper()
	evs, _, err := st.AuditEvents().Lookup(context.Background(), store.AuditFilter{AccountID: testAccount, Oldest: true}, store.Page{MaxItems: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func userExists(t *testing.T, st store.Store, name string) bool {
	t.Helper()
	_, err := st.Users().Get(context.Background(), testAccount, name)
	if errors.Is(err, store.ErrNotFound) {
		return false
	}
	if err != nil {
		t.Fatal(err)
	}
	return true
}

func createUser(ctx context.Context, st store.Store, name string) error {
	return st.Users().Create(ctx, &store.User{AccountID: testAccount, ID: "AIDA" + name, Name: name, Path: "/", CreatedAt: time.Now()}, 0)
}

// TestTransactCommitsChangeWithEvent: a mutating call's change and its
// event are both stored, or neither is.
func TestTransactCommitsChangeWithEvent(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name      string
		invoke    func(ctx context.Context, st store.Store) (any, error)
		failStore bool
		wantUser  bool
		wantCode  string
	}{
		{"success stores both", func(ctx context.Context, st store.Store) (any, error) {
			return "ok", createUser(ctx, st, "bob")
		}, false, true, ""},
		{"handler error rolls back its writes", func(ctx context.Context, st store.Store) (any, error) {
			if err := createUser(ctx, st, "bob"); err != nil {
				return nil, err
			}
			return nil, awserr.New("LimitExceeded", 409, "Cannot exceed quota.")
		}, false, false, "LimitExceeded"},
		{"event write failure rolls back the change", func(ctx context.Context, st store.Store) (any, error) {
			return "ok", createUser(ctx, st, "bob")
		}, true, false, "InternalFailure"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := openStore(t)
			var target store.Store = st
			if tc.failStore {
				target = failingAppend{st}
			}
			rec := NewRecorder(target, Options{FlushInterval: time.Hour})
			defer rec.Close()
			req := newRequest("CreateUser", false)
			// The handler writes through the Store it was built with (st),
			// as iamd's services do; the transaction reaches it by ctx.
			_, err := rec.Transact(ctx, req, func(ctx context.Context) (any, error) { return tc.invoke(ctx, st) })
			if (err == nil) != (tc.wantCode == "") {
				t.Fatalf("Transact error = %v", err)
			}
			if err := rec.Flush(ctx); err != nil && !tc.failStore {
				t.Fatal(err)
			}
			if got := userExists(t, st, "bob"); got != tc.wantUser {
				t.Errorf("user exists = %v, want %v", got, tc.wantUser)
			}
			evs := events(t, st)
			if tc.failStore {
				// Nothing could be stored; the failure event waits in
				// the queue for the store to recover.
				if len(evs) != 0 {
					t.Errorf("events = %d, want 0", len(evs))
				}
				return
			}
			if len(evs) != 1 || evs[0].ID != req.EventID || evs[0].ErrorCode != tc.wantCode {
				t.Fatalf("events = %+v, want one with error code %q", evs, tc.wantCode)
			}
		})
	}
}

// failingAppend is a store whose audit trail cannot be written.
type failingAppend struct{ store.Store }

func (f failingAppend) AuditEvents() store.AuditEvents { return failingEvents{f.Store.AuditEvents()} }

func (f failingAppend) WithTx(ctx context.Context, fn func(tx store.Store) error) error {
	return f.Store.WithTx(ctx, func(tx store.Store) error { return fn(failingAppend{tx}) })
}

func (f failingAppend) Unwrap() store.Store { return f.Store }

type failingEvents struct{ store.AuditEvents }

func (failingEvents) Append(context.Context, []*store.AuditEvent) error {
	return errors.New("disk full")
}

func TestRecordBatchesAndFlushesOnClose(t *testing.T) {
	st := openStore(t)
	rec := NewRecorder(st, Options{FlushInterval: time.Hour, BatchSize: 10})
	for range 25 {
		rec.Record(context.Background(), newRequest("GetUser", true))
	}
	// A full batch is written without waiting for the interval.
	deadline := time.Now().Add(5 * time.Second)
	for len(events(t, st)) < 10 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(events(t, st)); n < 10 {
		t.Fatalf("after 25 events with batches of 10: %d stored, want at least 10", n)
	}
	rec.Close()
	if n := len(events(t, st)); n != 25 {
		t.Fatalf("after Close: %d stored, want 25", n)
	}
}

func TestRecordWritesInlineWhenQueueIsFull(t *testing.T) {
	st := openStore(t)
	rec := NewRecorder(st, Options{FlushInterval: time.Hour, BatchSize: 1000, QueueSize: 1})
	defer rec.Close()
	for range 5 {
		rec.Record(context.Background(), newRequest("GetUser", true))
	}
	if err := rec.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := len(events(t, st)); n != 5 {
		t.Fatalf("stored %d, want 5: no event may be dropped", n)
	}
}

// refusingOne is a store that refuses one event, as a store refuses a
// malformed row, and stores the rest.
type refusingOne struct {
	store.Store
	badID string
}

func (s refusingOne) AuditEvents() store.AuditEvents {
	return refusingEvents{s.Store.AuditEvents(), s.badID}
}

type refusingEvents struct {
	store.AuditEvents
	badID string
}

func (e refusingEvents) Append(ctx context.Context, evs []*store.AuditEvent) error {
	for _, ev := range evs {
		if ev.ID == e.badID {
			return errors.New("value too long")
		}
	}
	return e.AuditEvents.Append(ctx, evs)
}

func TestOneRefusedEventHoldsNoOtherBack(t *testing.T) {
	st := openStore(t)
	bad := newRequest("GetUser", true)
	rec := NewRecorder(refusingOne{st, bad.EventID}, Options{FlushInterval: time.Hour})
	defer rec.Close()
	rec.Record(context.Background(), newRequest("GetUser", true))
	rec.Record(context.Background(), bad)
	rec.Record(context.Background(), newRequest("GetUser", true))
	_ = rec.Flush(context.Background())
	if n := len(events(t, st)); n != 2 {
		t.Fatalf("stored %d events, want the 2 the store accepts", n)
	}
	// Later events are not held back by the refused one either.
	rec.Record(context.Background(), newRequest("ListUsers", true))
	for range maxEventFailures {
		_ = rec.Flush(context.Background())
	}
	if n := len(events(t, st)); n != 3 {
		t.Fatalf("stored %d events, want 3", n)
	}
}

func TestEventsPastRetentionArePruned(t *testing.T) {
	st := openStore(t)
	now := time.Now().UTC()
	old, recent := newRequest("GetUser", true), newRequest("GetUser", true)
	old.Time, recent.Time = now.Add(-91*24*time.Hour), now.Add(-89*24*time.Hour)
	for _, req := range []*Request{old, recent} {
		ev, err := Event(req)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.AuditEvents().Append(context.Background(), []*store.AuditEvent{ev}); err != nil {
			t.Fatal(err)
		}
	}
	// Pruning runs once at start.
	rec := NewRecorder(st, Options{FlushInterval: time.Hour, Now: func() time.Time { return now }})
	if err := rec.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	rec.Close()
	evs := events(t, st)
	if len(evs) != 1 || evs[0].ID != recent.EventID {
		t.Fatalf("events after pruning = %d, want only the one within 90 days", len(evs))
	}
}
