package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// The suite's databases may be shared by every test, and DeleteBefore and
// Lookup without an account reach across accounts. So every audit test
// but Audit/DeleteBefore keeps its events at f.now or later, and lookups
// across accounts filter on an event source unique to the test.

// auditEvent returns an event of account at the given time, every field
// set, with a fresh ID whose first letter is spread by n so that IDs do
// not sort in the order the events are made.
func (f *fixture) auditEvent(account string, at time.Time, n int) *store.AuditEvent {
	id := fmt.Sprintf("%c%s", 'a'+(n*7)%26, f.id("-evt-"))
	return &store.AuditEvent{
		ID: id, AccountID: account, Time: at, Source: "iam.amazonaws.com", Name: "ListUsers", ReadOnly: true,
		Username: "alice", AccessKeyID: "AKIAAUDIT", ResourceType: "AWS::IAM::User", ResourceName: "bob",
		ErrorCode: "", Record: []byte(`{"eventID":"` + id + `","eventName":"ListUsers"}`),
	}
}

// lookupAll pages through a lookup n events at a time.
func (f *fixture) lookupAll(filter store.AuditFilter, n int) ([]*store.AuditEvent, int) {
	f.t.Helper()
	return collect(f.t, n, func(p store.Page) ([]*store.AuditEvent, string, error) {
		return f.s.AuditEvents().Lookup(f.ctx, filter, p)
	})
}

// auditIDs lists the events' IDs, for readable comparisons.
func auditIDs(events []*store.AuditEvent) []string {
	ids := make([]string, len(events))
	for i, e := range events {
		ids[i] = e.ID
	}
	return ids
}

// sortAudit orders events as Lookup does: by time, ties by ID, newest
// first unless oldest.
func sortAudit(events []*store.AuditEvent, oldest bool) []*store.AuditEvent {
	out := slices.Clone(events)
	slices.SortFunc(out, func(a, b *store.AuditEvent) int {
		c := a.Time.Compare(b.Time)
		if c == 0 {
			c = strings.Compare(a.ID, b.ID)
		}
		if !oldest {
			c = -c
		}
		return c
	})
	return out
}

// auditHas reports whether account's trail holds the event.
func (f *fixture) auditHas(account, id string) bool {
	f.t.Helper()
	got, _, err := f.s.AuditEvents().Lookup(f.ctx, store.AuditFilter{AccountID: account, AttributeKey: "EventId", AttributeValue: id}, store.Page{})
	f.must(err, "look up event "+id)
	return len(got) == 1
}

var auditTests = []test{
	{"Audit/AppendRoundTrip", func(t *testing.T, f *fixture) {
		// Nanoseconds and a zone other than UTC: the store keeps
		// microseconds and returns UTC.
		zone := time.FixedZone("UTC+5", 5*3600)
		e1 := f.auditEvent(f.a, f.now.Add(1234567*time.Nanosecond).In(zone), 0)
		e2 := f.auditEvent(f.a, f.now.Add(time.Second), 1)
		e2.Source, e2.Name, e2.ReadOnly, e2.Username, e2.AccessKeyID = "sts.amazonaws.com", "AssumeRole", false, "", ""
		e2.ResourceType, e2.ResourceName, e2.ErrorCode = "", "", "AccessDenied"
		e2.Record = []byte("{\n  \"userAgent\": \"aws-cli/2 \u00e9\u4e16\",\n  \"requestParameters\": null\n}")
		e3 := f.auditEvent(f.b, f.now, 2)
		// Written again after a failure: stored IDs are skipped, even with
		// other contents, and so is an ID repeated within the batch.
		again := *e1
		again.Name, again.Record = "Changed", []byte(`{}`)
		e4 := f.auditEvent(f.a, f.now.Add(2*time.Second), 3)
		dup := *e4
		dup.Name = "Duplicate"
		f.wantNoGenerationMove("appending events", func(attempt int) {
			if attempt > 0 {
				f.must(f.s.AuditEvents().Append(f.ctx, []*store.AuditEvent{f.auditEvent(f.a, f.now, 3+attempt)}), "append more")
				return
			}
			f.must(f.s.AuditEvents().Append(f.ctx, []*store.AuditEvent{e1, e2, e3}), "append")
			f.must(f.s.AuditEvents().Append(f.ctx, []*store.AuditEvent{&again, e4, &dup, e2}), "append again")
			f.must(f.s.AuditEvents().Append(f.ctx, nil), "append nothing")
		})

		got, next, err := f.s.AuditEvents().Lookup(f.ctx, store.AuditFilter{AccountID: f.a, Start: f.now.Add(time.Nanosecond)}, store.Page{})
		f.must(err, "lookup")
		if next != "" {
			t.Errorf("one page of three events has next marker %q", next)
		}
		want := []*store.AuditEvent{e4, e2, e1}
		for _, e := range want {
			e.Time = e.Time.UTC().Truncate(time.Microsecond)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("lookup (-want +got):\n%s", diff)
		}
		for _, e := range got {
			if e.Time.Location() != time.UTC {
				t.Errorf("event %s time %v is not in UTC", e.ID, e.Time)
			}
		}
		other, _, err := f.s.AuditEvents().Lookup(f.ctx, store.AuditFilter{AccountID: f.b}, store.Page{})
		f.must(err, "lookup B")
		e3.Time = e3.Time.UTC()
		if diff := cmp.Diff([]*store.AuditEvent{e3}, other); diff != "" {
			t.Fatalf("account B's trail (-want +got):\n%s", diff)
		}
	}},
	{"Audit/LookupPagesInOrder", func(t *testing.T, f *fixture) {
		// 25 events in two accounts, four to a timestamp, written in an
		// order unrelated to (time, ID).
		source := "audit-" + f.a + ".amazonaws.com"
		var inA, inB, all []*store.AuditEvent
		for i := range 25 {
			account := f.a
			if i%3 == 0 {
				account = f.b
			}
			e := f.auditEvent(account, f.now.Add(time.Duration(i%4)*time.Second), i)
			e.Source = source
			if account == f.a {
				inA = append(inA, e)
			} else {
				inB = append(inB, e)
			}
			all = append(all, e)
		}
		f.must(f.s.AuditEvents().Append(f.ctx, all[:10]), "append first batch")
		f.must(f.s.AuditEvents().Append(f.ctx, all[10:]), "append second batch")
		for _, tc := range []struct {
			name   string
			filter store.AuditFilter
			events []*store.AuditEvent
		}{
			{"account A", store.AuditFilter{AccountID: f.a}, inA},
			{"account B", store.AuditFilter{AccountID: f.b}, inB},
			{"every account", store.AuditFilter{AttributeKey: "EventSource", AttributeValue: source}, all},
		} {
			for _, oldest := range []bool{false, true} {
				filter := tc.filter
				filter.Oldest = oldest
				got, pages := f.lookupAll(filter, 7)
				want := auditIDs(sortAudit(tc.events, oldest))
				if diff := cmp.Diff(want, auditIDs(got)); diff != "" {
					t.Errorf("%s, oldest %v (-want +got):\n%s", tc.name, oldest, diff)
				}
				if wantPages := (len(want) + 6) / 7; pages != wantPages {
					t.Errorf("%s, oldest %v: %d pages, want %d", tc.name, oldest, pages, wantPages)
				}
			}
		}
	}},
	{"Audit/LookupFilters", func(t *testing.T, f *fixture) {
		t0, t1, t2 := f.now, f.now.Add(time.Second), f.now.Add(2*time.Second)
		write := f.auditEvent(f.a, t0, 0)
		write.Name, write.ReadOnly, write.ResourceName = "CreateUser", false, "carol"
		sts := f.auditEvent(f.a, t1, 1)
		sts.Source, sts.Name, sts.Username, sts.AccessKeyID = "sts.amazonaws.com", "GetCallerIdentity", "dave", "AKIAOTHER"
		sts.ResourceType, sts.ResourceName = "", ""
		read := f.auditEvent(f.a, t2, 2)
		// Account B holds the same attributes, and must never show.
		elsewhere := f.auditEvent(f.b, t1, 3)
		f.must(f.s.AuditEvents().Append(f.ctx, []*store.AuditEvent{write, sts, read, elsewhere}), "append")
		all := []*store.AuditEvent{read, sts, write}
		for _, tc := range []struct {
			name       string
			key, value string
			start, end time.Time
			want       []*store.AuditEvent
		}{
			{name: "everything", want: all},
			{name: "EventId", key: "EventId", value: sts.ID, want: []*store.AuditEvent{sts}},
			{name: "EventId of account B", key: "EventId", value: elsewhere.ID},
			{name: "EventName", key: "EventName", value: "CreateUser", want: []*store.AuditEvent{write}},
			{name: "EventName exactly", key: "EventName", value: "createuser"},
			{name: "ReadOnly true", key: "ReadOnly", value: "true", want: []*store.AuditEvent{read, sts}},
			{name: "ReadOnly false", key: "ReadOnly", value: "false", want: []*store.AuditEvent{write}},
			{name: "Username", key: "Username", value: "dave", want: []*store.AuditEvent{sts}},
			{name: "ResourceType", key: "ResourceType", value: "AWS::IAM::User", want: []*store.AuditEvent{read, write}},
			{name: "ResourceName", key: "ResourceName", value: "carol", want: []*store.AuditEvent{write}},
			{name: "EventSource", key: "EventSource", value: "sts.amazonaws.com", want: []*store.AuditEvent{sts}},
			{name: "AccessKeyId", key: "AccessKeyId", value: "AKIAAUDIT", want: []*store.AuditEvent{read, write}},
			{name: "start at an event", start: t1, want: []*store.AuditEvent{read, sts}},
			{name: "end at an event", end: t1, want: []*store.AuditEvent{sts, write}},
			{name: "start and end at one event", start: t1, end: t1, want: []*store.AuditEvent{sts}},
			{name: "start just after an event", start: t1.Add(time.Nanosecond), want: []*store.AuditEvent{read}},
			{name: "end just before an event", end: t1.Add(-time.Nanosecond), want: []*store.AuditEvent{write}},
			{name: "time and attribute", key: "ReadOnly", value: "true", end: t1, want: []*store.AuditEvent{sts}},
			{name: "empty range", start: t2, end: t1},
		} {
			filter := store.AuditFilter{AccountID: f.a, Start: tc.start, End: tc.end, AttributeKey: tc.key, AttributeValue: tc.value}
			got, _ := f.lookupAll(filter, 2)
			if diff := cmp.Diff(auditIDs(tc.want), auditIDs(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tc.name, diff)
			}
		}
		for _, bad := range []store.AuditFilter{
			{AccountID: f.a, AttributeKey: "Bogus", AttributeValue: "x"},
			{AccountID: f.a, AttributeKey: "eventname", AttributeValue: "CreateUser"},
		} {
			if got, _, err := f.s.AuditEvents().Lookup(f.ctx, bad, store.Page{}); err == nil {
				t.Errorf("Lookup(%s=%s) = %d events, want an error", bad.AttributeKey, bad.AttributeValue, len(got))
			}
		}
	}},
	{"Audit/InvalidMarker", func(t *testing.T, f *fixture) {
		var events []*store.AuditEvent
		for i := range 3 {
			events = append(events, f.auditEvent(f.a, f.now, i))
		}
		f.must(f.s.AuditEvents().Append(f.ctx, events), "append")
		lookup := func(oldest bool, marker string) error {
			_, _, err := f.s.AuditEvents().Lookup(f.ctx, store.AuditFilter{AccountID: f.a, Oldest: oldest}, store.Page{Marker: marker, MaxItems: 1})
			return err
		}
		markers := map[bool]string{}
		for _, oldest := range []bool{false, true} {
			_, next, err := f.s.AuditEvents().Lookup(f.ctx, store.AuditFilter{AccountID: f.a, Oldest: oldest}, store.Page{MaxItems: 1})
			f.must(err, "first page")
			if next == "" {
				t.Fatal("first of three pages has no next marker")
			}
			f.must(lookup(oldest, next), "next page in the same order")
			markers[oldest] = next
		}
		wantErr(t, lookup(true, markers[false]), store.ErrInvalidMarker, "newest-first marker listing oldest first")
		wantErr(t, lookup(false, markers[true]), store.ErrInvalidMarker, "oldest-first marker listing newest first")
		f.user(f.a, "u1")
		f.user(f.a, "u2")
		_, userMarker, err := f.s.Users().List(f.ctx, f.a, "/", store.Page{MaxItems: 1})
		f.must(err, "list users")
		for _, marker := range []string{"garbage!", "Z2FyYmFnZQ", userMarker} {
			wantErr(t, lookup(false, marker), store.ErrInvalidMarker, fmt.Sprintf("marker %q", marker))
		}
	}},
	{"Audit/DeleteBefore", func(t *testing.T, f *fixture) {
		// The only audit test with events before f.now (see above), so
		// the counts are exact on a shared database.
		base := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
		var events []*store.AuditEvent
		for i := range 4 {
			account := f.a
			if i%2 == 1 {
				account = f.b
			}
			events = append(events, f.auditEvent(account, base.Add(time.Duration(i)*time.Second), i))
		}
		f.must(f.s.AuditEvents().Append(f.ctx, events), "append")
		for _, step := range []struct {
			before time.Time
			n      int
			left   []*store.AuditEvent
		}{
			{base, 0, events},
			{base.Add(2 * time.Second), 2, events[2:]}, // an event exactly at the cutoff stays
			{base.Add(2*time.Second + time.Nanosecond), 1, events[3:]},
			{base.Add(2*time.Second + time.Nanosecond), 0, events[3:]},
		} {
			n, err := f.s.AuditEvents().DeleteBefore(f.ctx, step.before)
			f.must(err, "delete before "+step.before.String())
			if n != step.n {
				t.Errorf("DeleteBefore(%v) = %d, want %d", step.before, n, step.n)
			}
			for _, e := range events {
				if has, want := f.auditHas(e.AccountID, e.ID), slices.Contains(step.left, e); has != want {
					t.Errorf("after DeleteBefore(%v): event at %v present %v, want %v", step.before, e.Time, has, want)
				}
			}
		}
	}},
	{"Audit/LargeBatch", func(t *testing.T, f *fixture) {
		// Batches larger than one statement holds still go in whole, and
		// roll back whole.
		batch := func(n int) []*store.AuditEvent {
			events := make([]*store.AuditEvent, n)
			for i := range events {
				events[i] = f.auditEvent(f.a, f.now.Add(time.Duration(i)*time.Millisecond), i)
			}
			return events
		}
		count := func() int {
			got, _ := f.lookupAll(store.AuditFilter{AccountID: f.a}, 1000)
			return len(got)
		}
		first := batch(450)
		f.must(f.s.AuditEvents().Append(f.ctx, first), "append")
		second := append(batch(400), first[:50]...)
		for _, commit := range []bool{false, true} {
			err := f.s.WithTx(f.ctx, func(tx store.Store) error {
				if err := tx.AuditEvents().Append(f.ctx, second); err != nil {
					return err
				}
				if !commit {
					return errRollback
				}
				return nil
			})
			if commit {
				f.must(err, "WithTx")
			} else if err != errRollback { //nolint:errorlint // WithTx must return fn's error unchanged
				t.Fatalf("WithTx returned %v, want fn's error unchanged", err)
			}
			want := 450
			if commit {
				want = 850
			}
			if n := count(); n != want {
				t.Errorf("commit %v: %d events, want %d", commit, n, want)
			}
		}
	}},
	{"Audit/WithTx", func(t *testing.T, f *fixture) {
		for _, commit := range []bool{false, true} {
			e := f.auditEvent(f.a, f.now, 0)
			err := f.s.WithTx(f.ctx, func(tx store.Store) error {
				if err := tx.AuditEvents().Append(f.ctx, []*store.AuditEvent{e}); err != nil {
					return err
				}
				got, _, err := tx.AuditEvents().Lookup(f.ctx, store.AuditFilter{AccountID: f.a, AttributeKey: "EventId", AttributeValue: e.ID}, store.Page{})
				if err != nil {
					return err
				}
				if len(got) != 1 {
					t.Errorf("the transaction does not see its own event: %d events", len(got))
				}
				if !commit {
					return errRollback
				}
				return nil
			})
			if commit {
				f.must(err, "WithTx")
			} else if err != errRollback { //nolint:errorlint // WithTx must return fn's error unchanged
				t.Fatalf("WithTx returned %v, want fn's error unchanged", err)
			}
			if has := f.auditHas(f.a, e.ID); has != commit {
				t.Errorf("commit %v: event present afterwards %v", commit, has)
			}
		}
	}},
	{"Audit/TxInContext", func(t *testing.T, f *fixture) {
		// Methods of the Store that began the transaction, given a context
		// that carries it, run in it: the event and the user commit or
		// roll back together.
		for _, commit := range []bool{false, true} {
			e := f.auditEvent(f.a, f.now, 0)
			name := fmt.Sprint("ambient-", commit)
			err := f.s.WithTx(f.ctx, func(tx store.Store) error {
				ctx := store.ContextWithTx(f.ctx, tx)
				if err := f.s.AuditEvents().Append(ctx, []*store.AuditEvent{e}); err != nil {
					return err
				}
				u := &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: name, Path: "/", CreatedAt: f.now}
				if err := f.s.Users().Create(ctx, u, 0); err != nil {
					return err
				}
				if !commit {
					return errRollback
				}
				return nil
			})
			if commit {
				f.must(err, "WithTx")
			} else if err != errRollback { //nolint:errorlint // WithTx must return fn's error unchanged
				t.Fatalf("WithTx returned %v, want fn's error unchanged", err)
			}
			if has := f.auditHas(f.a, e.ID); has != commit {
				t.Errorf("commit %v: event present afterwards %v", commit, has)
			}
			_, err = f.s.Users().Get(f.ctx, f.a, name)
			if commit {
				f.must(err, "committed user")
			} else {
				wantErr(t, err, store.ErrNotFound, "user of a rolled-back tx")
			}
		}
	}},
}
