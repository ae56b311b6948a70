package console

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/cloudtrail"
)

func TestAuditLookupInput(t *testing.T) {
	t.Parallel()
	at := func(s string) *time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return &v
	}
	tests := []struct {
		name  string
		query url.Values
		want  *cloudtrail.LookupEventsRequest
	}{
		{"no filter", nil, &cloudtrail.LookupEventsRequest{}},
		{"user", url.Values{"user": {" bob "}}, &cloudtrail.LookupEventsRequest{
			LookupAttributes: []cloudtrail.LookupAttribute{{AttributeKey: "Username", AttributeValue: "bob"}},
		}},
		{"event name", url.Values{"event": {"CreateUser"}}, &cloudtrail.LookupEventsRequest{
			LookupAttributes: []cloudtrail.LookupAttribute{{AttributeKey: "EventName", AttributeValue: "CreateUser"}},
		}},
		{"both: the user is looked up", url.Values{"user": {"bob"}, "event": {"CreateUser"}}, &cloudtrail.LookupEventsRequest{
			LookupAttributes: []cloudtrail.LookupAttribute{{AttributeKey: "Username", AttributeValue: "bob"}},
		}},
		{"time range in UTC, with and without seconds", url.Values{"start": {"2025-01-31T13:45"}, "end": {"2025-02-01T08:00:30"}}, &cloudtrail.LookupEventsRequest{
			StartTime: at("2025-01-31T13:45:00Z"), EndTime: at("2025-02-01T08:00:30Z"),
		}},
		{"next page", url.Values{"event": {"GetUser"}, "token": {"tok+/="}}, &cloudtrail.LookupEventsRequest{
			LookupAttributes: []cloudtrail.LookupAttribute{{AttributeKey: "EventName", AttributeValue: "GetUser"}},
			NextToken:        "tok+/=",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tc.backend.on("cloudtrail:LookupEvents", func(*principal.Principal, any) (any, error) {
				return &cloudtrail.LookupEventsResponse{Events: []cloudtrail.Event{}}, nil
			})
			client, _ := tc.signedInClient(alice)
			status, body := tc.get(client, "/console/audit?"+tt.query.Encode())
			if status != http.StatusOK {
				t.Fatalf("status = %d\n%s", status, body)
			}
			calls := tc.backend.called("cloudtrail:LookupEvents")
			if len(calls) != 1 {
				t.Fatalf("LookupEvents called %d times, want once", len(calls))
			}
			if diff := cmp.Diff(tt.want, calls[0].In); diff != "" {
				t.Errorf("input (-want +got):\n%s", diff)
			}
			if calls[0].Principal.ARN != alice.ARN {
				t.Errorf("called as %s, want %s", calls[0].Principal.ARN, alice.ARN)
			}
			if !strings.Contains(body, `data-testid="audit-empty"`) {
				t.Error("an empty page is not said to be empty")
			}
		})
	}
}

func TestAuditRendersEvents(t *testing.T) {
	t.Parallel()
	record := `{"eventVersion":"1.08","eventName":"CreateUser","sourceIPAddress":"192.0.2.7","errorCode":"AccessDenied","errorMessage":"User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser"}`
	tests := []struct {
		name     string
		query    url.Values
		want     []string
		wantNot  []string
		wantNext string
	}{{
		name:  "every event, and the next page",
		query: url.Values{"user": {"bob"}, "start": {"2025-01-31T13:45"}},
		want: []string{
			`<time datetime="2025-02-01T10:11:12Z">2025-02-01 10:11:12 UTC</time>`,
			`<td data-testid="event-name-0">CreateUser</td>`, `<td data-testid="event-name-1">GetUser</td>`,
			`<span class="status bad">AccessDenied</span>`,
			`User: arn:aws:iam::123456789012:user/bob is not authorized to perform: iam:CreateUser`,
			"<td>192.0.2.7</td>", "<td>iam.amazonaws.com</td>",
			`<details data-testid="event-record-0">`, "\n  &#34;sourceIPAddress&#34;: &#34;192.0.2.7&#34;,",
			"AWS::IAM::User <code>carol</code>",
			// A record that is not JSON is shown as it came.
			"<pre>not json</pre>",
		},
		wantNot:  []string{`data-testid="audit-both-hint"`},
		wantNext: "/console/audit?start=2025-01-31T13%3A45&amp;token=page%2B2&amp;user=bob",
	}, {
		name:     "user and event name: the page is filtered",
		query:    url.Values{"user": {"bob"}, "event": {"GetUser"}},
		want:     []string{`data-testid="audit-both-hint"`, `<td data-testid="event-name-0">GetUser</td>`},
		wantNot:  []string{">CreateUser</td>"},
		wantNext: "/console/audit?event=GetUser&amp;token=page%2B2&amp;user=bob",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tc.backend.on("cloudtrail:LookupEvents", func(*principal.Principal, any) (any, error) {
				return &cloudtrail.LookupEventsResponse{NextToken: "page+2", Events: []cloudtrail.Event{{
					EventId: "e1", EventName: "CreateUser", EventSource: "iam.amazonaws.com", Username: "bob", ReadOnly: "false",
					EventTime: time.Date(2025, 2, 1, 10, 11, 12, 0, time.UTC), CloudTrailEvent: record,
					Resources: []cloudtrail.Resource{{ResourceType: "AWS::IAM::User", ResourceName: "carol"}},
				}, {
					EventId: "e2", EventName: "GetUser", EventSource: "iam.amazonaws.com", Username: "bob", ReadOnly: "true",
					EventTime: time.Date(2025, 2, 1, 10, 0, 0, 0, time.UTC), CloudTrailEvent: "not json",
				}}}, nil
			})
			client, _ := tc.signedInClient(alice)
			status, body := tc.get(client, "/console/audit?"+tt.query.Encode())
			if status != http.StatusOK {
				t.Fatalf("status = %d\n%s", status, body)
			}
			for _, want := range append(tt.want, `href="`+tt.wantNext+`" data-testid="audit-next"`, `aria-current="page">Audit trail`) {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			for _, not := range tt.wantNot {
				if strings.Contains(body, not) {
					t.Errorf("page has %q", not)
				}
			}
		})
	}
}

func TestAuditErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		query      url.Values
		answer     error
		wantStatus int
		wantText   string
		wantCalls  int
	}{
		{"access denied", nil, awserr.AccessDenied("User: arn:aws:iam::123456789012:user/alice is not authorized to perform: cloudtrail:LookupEvents"),
			http.StatusForbidden, "AccessDenied</strong>: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: cloudtrail:LookupEvents", 1},
		{"time range refused", url.Values{"start": {"2025-02-01T00:00"}, "end": {"2025-01-01T00:00"}},
			awserr.New(cloudtrail.CodeInvalidTimeRange, 400, cloudtrail.MsgInvalidTimeRange),
			http.StatusBadRequest, "InvalidTimeRangeException</strong>: " + cloudtrail.MsgInvalidTimeRange, 1},
		{"start not a time", url.Values{"start": {"yesterday"}}, nil,
			http.StatusBadRequest, "The start time must be a date and time", 0},
		{"end not a time", url.Values{"end": {"2025-13-01T00:00"}}, nil,
			http.StatusBadRequest, "The end time must be a date and time", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tc := newTestConsole(t)
			tc.backend.on("cloudtrail:LookupEvents", func(*principal.Principal, any) (any, error) { return nil, tt.answer })
			client, _ := tc.signedInClient(alice)
			status, body := tc.get(client, "/console/audit?"+tt.query.Encode())
			if status != tt.wantStatus {
				t.Fatalf("status = %d, want %d", status, tt.wantStatus)
			}
			if !strings.Contains(body, tt.wantText) {
				t.Errorf("page lacks %q\n%s", tt.wantText, body)
			}
			if n := len(tc.backend.called("cloudtrail:LookupEvents")); n != tt.wantCalls {
				t.Errorf("LookupEvents called %d times, want %d", n, tt.wantCalls)
			}
			// The filters stay on the page to be corrected.
			if !strings.Contains(body, `data-testid="audit-filters"`) {
				t.Error("the filters are not shown again")
			}
		})
	}
}

func TestAuditSignedOut(t *testing.T) {
	t.Parallel()
	tc := newTestConsole(t)
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := anon.Get(tc.server.URL + "/console/audit")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/signin" {
		t.Errorf("signed out: %d to %q, want 303 to /signin", res.StatusCode, res.Header.Get("Location"))
	}
	if n := len(tc.backend.called("cloudtrail:LookupEvents")); n != 0 {
		t.Errorf("LookupEvents called %d times for a signed-out browser", n)
	}
}
