package cloudtrail

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
)

const (
	acct  = "111122223333"
	other = "444455556666"
)

var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// fakeEvents is an in-memory store.AuditEvents: markers are offsets into
// the filtered, ordered list, prefixed so that foreign ones are refused.
type fakeEvents struct {
	mu      sync.Mutex
	events  []*store.AuditEvent
	calls   []lookupCall
	failure error
}

type lookupCall struct {
	Filter store.AuditFilter
	Page   store.Page
}

func (f *fakeEvents) Append(_ context.Context, events []*store.AuditEvent) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.events = append(f.events, events...)
	return nil
}

func (f *fakeEvents) Lookup(_ context.Context, flt store.AuditFilter, p store.Page) ([]*store.AuditEvent, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, lookupCall{flt, p})
	if f.failure != nil {
		return nil, "", f.failure
	}
	var match []*store.AuditEvent
	for _, e := range f.events {
		if (flt.AccountID == "" || e.AccountID == flt.AccountID) &&
			(flt.Start.IsZero() || !e.Time.Before(flt.Start)) &&
			(flt.End.IsZero() || !e.Time.After(flt.End)) &&
			attributeMatches(e, flt.AttributeKey, flt.AttributeValue) {
			match = append(match, e)
		}
	}
	slices.SortFunc(match, func(a, b *store.AuditEvent) int {
		if c := b.Time.Compare(a.Time); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	offset := 0
	if p.Marker != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(p.Marker, "fake-"))
		if err != nil || !strings.HasPrefix(p.Marker, "fake-") || n > len(match) {
			return nil, "", store.ErrInvalidMarker
		}
		offset = n
	}
	end := min(offset+p.Limit(), len(match))
	next := ""
	if end < len(match) {
		next = "fake-" + strconv.Itoa(end)
	}
	return match[offset:end], next, nil
}

func attributeMatches(e *store.AuditEvent, key, value string) bool {
	switch key {
	case "":
		return true
	case "EventId":
		return e.ID == value
	case "EventName":
		return e.Name == value
	case "ReadOnly":
		return strconv.FormatBool(e.ReadOnly) == value
	case "Username":
		return e.Username == value
	case "ResourceType":
		return e.ResourceType == value
	case "ResourceName":
		return e.ResourceName == value
	case "EventSource":
		return e.Source == value
	case "AccessKeyId":
		return e.AccessKeyID == value
	}
	return false
}

func (f *fakeEvents) DeleteBefore(context.Context, time.Time) (int, error) { return 0, nil }

func (f *fakeEvents) lastCall(t *testing.T) lookupCall {
	t.Helper()
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		t.Fatal("the store was not asked")
	}
	return f.calls[len(f.calls)-1]
}

func callerCtx(account string) context.Context {
	return principal.WithContext(context.Background(), &principal.Principal{
		Type: principal.IAMUser, AccountID: account, UserName: "alice",
		ARN: "arn:aws:iam::" + account + ":user/alice", AccessKeyID: "AKIAIOSFODNN7EXAMPLE",
	})
}

// event makes the i-th event of account, i minutes before now.
func event(account string, i int) *store.AuditEvent {
	return &store.AuditEvent{
		ID: fmt.Sprintf("%s-%02d", account, i), AccountID: account,
		Time:   now.Add(-time.Duration(i) * time.Minute),
		Source: "iam.amazonaws.com", Name: "CreateUser", ReadOnly: i%2 == 0,
		Username: "alice", AccessKeyID: "AKIAIOSFODNN7EXAMPLE",
		Record: []byte(`{"eventVersion":"1.11"}`),
	}
}

func newService(events ...*store.AuditEvent) (*Service, *fakeEvents) {
	f := &fakeEvents{events: events}
	return New(f, func() time.Time { return now }), f
}

func ptr[T any](v T) *T { return &v }

func TestLookupEventsValidation(t *testing.T) {
	t.Parallel()
	svc, _ := newService(event(acct, 1), event(acct, 2))
	first, err := svc.LookupEvents(callerCtx(acct), &LookupEventsRequest{MaxResults: ptr[int32](1)})
	if err != nil || first.NextToken == "" {
		t.Fatalf("first page: %v, token %q", err, first.NextToken)
	}
	tests := []struct {
		name    string
		ctx     context.Context
		in      *LookupEventsRequest
		code    string
		message string
	}{
		{"two attributes", nil, &LookupEventsRequest{LookupAttributes: []LookupAttribute{
			{"EventName", "CreateUser"}, {"Username", "alice"}}},
			CodeInvalidLookupAttributes, MsgTooManyLookupAttributes},
		{"unknown key", nil, &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"SourceIp", "10.0.0.1"}}},
			CodeInvalidLookupAttributes, fmt.Sprintf(MsgInvalidAttributeKey, "SourceIp")},
		{"key case matters", nil, &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"eventname", "x"}}},
			CodeInvalidLookupAttributes, fmt.Sprintf(MsgInvalidAttributeKey, "eventname")},
		{"empty value", nil, &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"EventName", ""}}},
			CodeInvalidLookupAttributes, MsgInvalidAttributeValue},
		{"value too long", nil, &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"EventName", strings.Repeat("é", 2001)}}},
			CodeInvalidLookupAttributes, MsgInvalidAttributeValue},
		{"ReadOnly not a boolean", nil, &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"ReadOnly", "yes"}}},
			CodeInvalidLookupAttributes, MsgInvalidReadOnlyValue},
		{"start after end", nil, &LookupEventsRequest{StartTime: ptr(now), EndTime: ptr(now.Add(-time.Second))},
			CodeInvalidTimeRange, MsgInvalidTimeRange},
		{"MaxResults 0", nil, &LookupEventsRequest{MaxResults: ptr[int32](0)}, CodeInvalidMaxResults, MsgInvalidMaxResults},
		{"MaxResults 51", nil, &LookupEventsRequest{MaxResults: ptr[int32](51)}, CodeInvalidMaxResults, MsgInvalidMaxResults},
		{"MaxResults negative", nil, &LookupEventsRequest{MaxResults: ptr[int32](-5)}, CodeInvalidMaxResults, MsgInvalidMaxResults},
		{"category case matters", nil, &LookupEventsRequest{EventCategory: "Insight"},
			CodeInvalidEventCategory, fmt.Sprintf(MsgInvalidEventCategory, "Insight")},
		{"category management", nil, &LookupEventsRequest{EventCategory: "management"},
			CodeInvalidEventCategory, fmt.Sprintf(MsgInvalidEventCategory, "management")},
		{"token not base64", nil, &LookupEventsRequest{NextToken: "not a token!"}, CodeInvalidNextToken, MsgInvalidNextToken},
		{"token too short", nil, &LookupEventsRequest{NextToken: "AAAA"}, CodeInvalidNextToken, MsgInvalidNextToken},
		{"token with other parameters", nil,
			&LookupEventsRequest{NextToken: first.NextToken, LookupAttributes: []LookupAttribute{{"EventName", "CreateUser"}}},
			CodeInvalidNextToken, MsgInvalidNextToken},
		{"token with another end time", nil, &LookupEventsRequest{NextToken: first.NextToken, EndTime: ptr(now)},
			CodeInvalidNextToken, MsgInvalidNextToken},
		{"token of another account", callerCtx(other), &LookupEventsRequest{NextToken: first.NextToken},
			CodeInvalidNextToken, MsgInvalidNextToken},
		{"marker the store refuses", nil,
			&LookupEventsRequest{NextToken: encodeToken(fingerprint(acct, &LookupEventsRequest{}), now, "bogus")},
			CodeInvalidNextToken, MsgInvalidNextToken},
		{"no caller", context.Background(), &LookupEventsRequest{}, "MissingAuthenticationToken", "Request is missing Authentication Token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx := tc.ctx
			if ctx == nil {
				ctx = callerCtx(acct)
			}
			out, err := svc.LookupEvents(ctx, tc.in)
			var ae *awserr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("LookupEvents = %+v, %v; want %s", out, err, tc.code)
			}
			status := 400
			if tc.code == "MissingAuthenticationToken" {
				status = 403
			}
			if ae.Code != tc.code || ae.Message != tc.message || ae.Status != status {
				t.Errorf("error = %s %d %q; want %s %d %q", ae.Code, ae.Status, ae.Message, tc.code, status, tc.message)
			}
		})
	}
}

func TestLookupEventsFilter(t *testing.T) {
	t.Parallel()
	start, end := now.Add(-48*time.Hour), now.Add(-time.Hour)
	tests := []struct {
		name      string
		in        *LookupEventsRequest
		want      store.AuditFilter
		wantLimit int
	}{
		{"defaults: 90 days, no end, 50 a page", &LookupEventsRequest{},
			store.AuditFilter{AccountID: acct, Start: now.Add(-90 * 24 * time.Hour)}, 50},
		{"attribute passed through", &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"EventName", "CreateUser"}}},
			store.AuditFilter{AccountID: acct, Start: now.Add(-90 * 24 * time.Hour), AttributeKey: "EventName", AttributeValue: "CreateUser"}, 50},
		{"ReadOnly false", &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"ReadOnly", "false"}}},
			store.AuditFilter{AccountID: acct, Start: now.Add(-90 * 24 * time.Hour), AttributeKey: "ReadOnly", AttributeValue: "false"}, 50},
		{"time range and page size", &LookupEventsRequest{StartTime: &start, EndTime: &end, MaxResults: ptr[int32](7)},
			store.AuditFilter{AccountID: acct, Start: start, End: end}, 7},
		{"start equal to end", &LookupEventsRequest{StartTime: &start, EndTime: &start},
			store.AuditFilter{AccountID: acct, Start: start, End: start}, 50},
		{"older than 90 days when asked", &LookupEventsRequest{StartTime: ptr(now.AddDate(-1, 0, 0))},
			store.AuditFilter{AccountID: acct, Start: now.AddDate(-1, 0, 0)}, 50},
		{"end only", &LookupEventsRequest{EndTime: &end, MaxResults: ptr[int32](50)},
			store.AuditFilter{AccountID: acct, Start: now.Add(-90 * 24 * time.Hour), End: end}, 50},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			svc, f := newService()
			out, err := svc.LookupEvents(callerCtx(acct), tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if out.Events == nil {
				t.Error("Events is nil; an empty page must be written as []")
			}
			call := f.lastCall(t)
			if diff := cmp.Diff(tc.want, call.Filter); diff != "" {
				t.Errorf("filter (-want +got):\n%s", diff)
			}
			if call.Page.MaxItems != tc.wantLimit || call.Page.Marker != "" {
				t.Errorf("page = %+v, want MaxItems %d and no marker", call.Page, tc.wantLimit)
			}
		})
	}
}

func TestLookupEventsPaging(t *testing.T) {
	t.Parallel()
	var all []*store.AuditEvent
	for i := range 7 {
		all = append(all, event(acct, i))
	}
	f := &fakeEvents{events: all}
	clock := now
	svc := New(f, func() time.Time { return clock })
	in := &LookupEventsRequest{LookupAttributes: []LookupAttribute{{"Username", "alice"}}, MaxResults: ptr[int32](3)}
	var got []string
	var sizes []int
	for page := 0; ; page++ {
		if page > 5 {
			t.Fatal("paging does not end")
		}
		out, err := svc.LookupEvents(callerCtx(acct), in)
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		sizes = append(sizes, len(out.Events))
		for _, e := range out.Events {
			got = append(got, e.EventId)
		}
		// The default window was fixed by the first page even though the
		// clock moves: later pages look at the same events.
		if call := f.lastCall(t); !call.Filter.Start.Equal(now.Add(-defaultWindow)) {
			t.Errorf("page %d: window starts %v, want %v", page, call.Filter.Start, now.Add(-defaultWindow))
		}
		clock = clock.Add(time.Hour)
		if out.NextToken == "" {
			break
		}
		in.NextToken = out.NextToken
		if page == 1 {
			in.MaxResults = nil // the page size may change between pages
		}
	}
	want := []string{acct + "-00", acct + "-01", acct + "-02", acct + "-03", acct + "-04", acct + "-05", acct + "-06"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events newest first (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{3, 3, 1}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
}

func TestLookupEventsAccountScope(t *testing.T) {
	t.Parallel()
	svc, f := newService(event(acct, 1), event(other, 2), event(acct, 3), event(other, 4))
	for _, tc := range []struct {
		account string
		want    []string
	}{
		{acct, []string{acct + "-01", acct + "-03"}},
		{other, []string{other + "-02", other + "-04"}},
		{"999999999999", nil},
	} {
		out, err := svc.LookupEvents(callerCtx(tc.account), &LookupEventsRequest{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range out.Events {
			got = append(got, e.EventId)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("account %s sees (-want +got):\n%s", tc.account, diff)
		}
		if a := f.lastCall(t).Filter.AccountID; a != tc.account {
			t.Errorf("store asked for account %q, want %q", a, tc.account)
		}
	}
	// A caller without an account would otherwise read every trail.
	ctx := principal.WithContext(context.Background(), &principal.Principal{Type: principal.IAMUser})
	calls := len(f.calls)
	var ae *awserr.Error
	if _, err := svc.LookupEvents(ctx, &LookupEventsRequest{}); err == nil || errors.As(err, &ae) {
		t.Errorf("LookupEvents without an account = %v, want an internal error", err)
	}
	if len(f.calls) != calls {
		t.Error("the store was asked for a caller without an account")
	}
}

func TestLookupEventsInsight(t *testing.T) {
	t.Parallel()
	svc, f := newService(event(acct, 1))
	out, err := svc.LookupEvents(callerCtx(acct), &LookupEventsRequest{EventCategory: "insight"})
	if err != nil {
		t.Fatal(err)
	}
	if out.Events == nil || len(out.Events) != 0 || out.NextToken != "" {
		t.Errorf("insight lookup = %+v, want no events", out)
	}
	if len(f.calls) != 0 {
		t.Error("the store was asked for Insights events")
	}
}

func TestLookupEventsMapping(t *testing.T) {
	t.Parallel()
	withResource := &store.AuditEvent{
		ID: "6e2f7c0a-1b9d-4c1e-9a57-3f1b2d4c5e6f", AccountID: acct,
		Time:   now.Add(-time.Minute + 750*time.Millisecond),
		Source: "iam.amazonaws.com", Name: "CreateUser", ReadOnly: false,
		Username: "alice", AccessKeyID: "AKIAIOSFODNN7EXAMPLE",
		ResourceType: "AWS::IAM::User", ResourceName: "bob",
		Record: []byte(`{"eventVersion":"1.11","eventName":"CreateUser"}`),
	}
	noResource := &store.AuditEvent{
		ID: "0a0b0c0d-0000-4000-8000-000000000001", AccountID: acct, Time: now.Add(-2 * time.Minute),
		Source: "sts.amazonaws.com", Name: "GetCallerIdentity", ReadOnly: true,
		Record: []byte(`{}`),
	}
	svc, _ := newService(noResource, withResource)
	out, err := svc.LookupEvents(callerCtx(acct), &LookupEventsRequest{})
	if err != nil {
		t.Fatal(err)
	}
	want := &LookupEventsResponse{Events: []Event{
		{
			EventId: withResource.ID, EventName: "CreateUser", ReadOnly: "false",
			AccessKeyId: "AKIAIOSFODNN7EXAMPLE", EventTime: now.Add(-time.Minute),
			EventSource: "iam.amazonaws.com", Username: "alice",
			Resources:       []Resource{{ResourceType: "AWS::IAM::User", ResourceName: "bob"}},
			CloudTrailEvent: `{"eventVersion":"1.11","eventName":"CreateUser"}`,
		},
		{
			EventId: noResource.ID, EventName: "GetCallerIdentity", ReadOnly: "true",
			EventTime: now.Add(-2 * time.Minute), EventSource: "sts.amazonaws.com", CloudTrailEvent: `{}`,
		},
	}}
	if diff := cmp.Diff(want, out); diff != "" {
		t.Errorf("LookupEvents (-want +got):\n%s", diff)
	}
}

func TestLookupEventsStoreFailure(t *testing.T) {
	t.Parallel()
	svc, f := newService()
	f.failure = errors.New("disk on fire")
	_, err := svc.LookupEvents(callerCtx(acct), &LookupEventsRequest{})
	var ae *awserr.Error
	if err == nil || errors.As(err, &ae) || !strings.Contains(err.Error(), "disk on fire") {
		t.Errorf("error = %v, want the store's cause wrapped, not an AWS error", err)
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	svc, _ := newService(event(acct, 1))
	ops := svc.Operations()
	if len(ops) != 1 {
		t.Fatalf("%d operations, want 1", len(ops))
	}
	op := ops[0]
	if op.Action() != "cloudtrail:LookupEvents" || !op.ReadOnly || op.Unauthorized || op.Anonymous || op.Resource != nil {
		t.Errorf("operation = %+v; want cloudtrail:LookupEvents, read-only, authorized on *", op)
	}
	in := op.NewInput()
	if _, ok := in.(*LookupEventsRequest); !ok {
		t.Fatalf("NewInput = %T", in)
	}
	out, err := op.Invoke(callerCtx(acct), in)
	if err != nil {
		t.Fatal(err)
	}
	if resp, ok := out.(*LookupEventsResponse); !ok || len(resp.Events) != 1 {
		t.Errorf("Invoke = %#v", out)
	}
}

func TestTokenRoundTrip(t *testing.T) {
	t.Parallel()
	fp := fingerprint(acct, &LookupEventsRequest{})
	for _, start := range []time.Time{now, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), now.Add(123456789 * time.Nanosecond)} {
		tok := encodeToken(fp, start, "m:42")
		gotStart, marker, ok := decodeToken(tok, fp)
		if !ok || !gotStart.Equal(start) || marker != "m:42" {
			t.Errorf("decodeToken(encodeToken(%v)) = %v, %q, %v", start, gotStart, marker, ok)
		}
	}
	if _, _, ok := decodeToken(encodeToken(fp, now, ""), fp); ok {
		t.Error("a token without a marker was accepted")
	}
}
