package console

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/service/cloudtrail"
)

// The audit trail page reads the account's events through CloudTrail's
// LookupEvents, as the signed-in person, so it shows what the CLI's
// `aws cloudtrail lookup-events` would and is refused when that would be.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html

func (c *Console) auditRoutes() {
	c.mux.HandleFunc("GET /console/audit", c.signedIn(c.auditTrail))
}

// datetime-local inputs send minutes, or seconds when the browser shows
// them; both are read as UTC.
var datetimeLocalLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05"}

// auditFilter is the page's query: the filters as typed and the page token.
type auditFilter struct {
	User, Event, Start, End, Token string
}

// auditData is the audit template's data.
type auditData struct {
	Filter auditFilter
	// Both: user and event name were both given. CloudTrail looks up by
	// one attribute only, so the event name filters the returned page.
	Both bool
	// Ran is true when LookupEvents answered.
	Ran     bool
	Events  []auditRow
	NextURL string
}

// auditRow is one event as the table shows it.
type auditRow struct {
	ID, Time, TimeISO, User, EventName, Source, ReadOnly string
	// ErrorCode, ErrorMessage and SourceIP come from the CloudTrail
	// record: LookupEvents has no fields for them.
	ErrorCode, ErrorMessage, SourceIP string
	Resources                         []cloudtrail.Resource
	// Record is the whole CloudTrail record, indented.
	Record string
}

func (c *Console) auditTrail(w http.ResponseWriter, r *http.Request, s *Session) {
	q := r.URL.Query()
	f := auditFilter{
		User:  strings.TrimSpace(q.Get("user")),
		Event: strings.TrimSpace(q.Get("event")),
		Start: strings.TrimSpace(q.Get("start")),
		End:   strings.TrimSpace(q.Get("end")),
		Token: q.Get("token"),
	}
	data := &auditData{Filter: f, Both: f.User != "" && f.Event != ""}
	view := View{Title: "Audit trail", Nav: "audit", Data: data}
	in, perr := lookupInput(&f)
	if perr != nil {
		view.Error = perr
		c.render(w, r, http.StatusBadRequest, "audit", s, view)
		return
	}
	out, err := call[cloudtrail.LookupEventsResponse](c, r, s, "cloudtrail", "LookupEvents", in)
	if err != nil {
		view.Error = c.pageError(r, err)
		c.render(w, r, errorStatus(err), "audit", s, view)
		return
	}
	data.Ran = true
	if out != nil {
		for i := range out.Events {
			e := &out.Events[i]
			if data.Both && e.EventName != f.Event {
				continue
			}
			data.Events = append(data.Events, toAuditRow(e))
		}
		if out.NextToken != "" {
			data.NextURL = nextAuditURL(f, out.NextToken)
		}
	}
	c.render(w, r, http.StatusOK, "audit", s, view)
}

// lookupInput is the LookupEvents input for the filters. CloudTrail takes
// one lookup attribute: the user name when given, else the event name.
func lookupInput(f *auditFilter) (*cloudtrail.LookupEventsRequest, *PageError) {
	in := &cloudtrail.LookupEventsRequest{NextToken: f.Token}
	switch {
	case f.User != "":
		in.LookupAttributes = []cloudtrail.LookupAttribute{{AttributeKey: "Username", AttributeValue: f.User}}
	case f.Event != "":
		in.LookupAttributes = []cloudtrail.LookupAttribute{{AttributeKey: "EventName", AttributeValue: f.Event}}
	}
	var ok bool
	if in.StartTime, ok = parseDatetimeLocal(f.Start); !ok {
		return nil, &PageError{Code: "InvalidTime", Message: "The start time must be a date and time such as 2025-01-31T13:45 (UTC)."}
	}
	if in.EndTime, ok = parseDatetimeLocal(f.End); !ok {
		return nil, &PageError{Code: "InvalidTime", Message: "The end time must be a date and time such as 2025-01-31T13:45 (UTC)."}
	}
	return in, nil
}

// parseDatetimeLocal reads a datetime-local value as UTC; nil for "".
func parseDatetimeLocal(v string) (*time.Time, bool) {
	if v == "" {
		return nil, true
	}
	for _, layout := range datetimeLocalLayouts {
		if t, err := time.ParseInLocation(layout, v, time.UTC); err == nil {
			return &t, true
		}
	}
	return nil, false
}

// nextAuditURL links the next page. It carries the filters with the token:
// CloudTrail accepts a token only with the parameters that produced it.
func nextAuditURL(f auditFilter, token string) string {
	q := url.Values{}
	for k, v := range map[string]string{"user": f.User, "event": f.Event, "start": f.Start, "end": f.End} {
		if v != "" {
			q.Set(k, v)
		}
	}
	q.Set("token", token)
	return "/console/audit?" + q.Encode()
}

// recordFields are the parts of a CloudTrail record the table shows.
type recordFields struct {
	ErrorCode       string `json:"errorCode"`
	ErrorMessage    string `json:"errorMessage"`
	SourceIPAddress string `json:"sourceIPAddress"`
}

func toAuditRow(e *cloudtrail.Event) auditRow {
	row := auditRow{
		ID: e.EventId, User: e.Username, EventName: e.EventName, Source: e.EventSource,
		ReadOnly: e.ReadOnly, Resources: e.Resources, Record: e.CloudTrailEvent,
	}
	if !e.EventTime.IsZero() {
		t := e.EventTime.UTC()
		row.Time, row.TimeISO = t.Format("2006-01-02 15:04:05 UTC"), t.Format(time.RFC3339)
	}
	// A record that is not JSON is still shown, as it came.
	var fields recordFields
	if json.Unmarshal([]byte(e.CloudTrailEvent), &fields) == nil {
		row.ErrorCode, row.ErrorMessage, row.SourceIP = fields.ErrorCode, fields.ErrorMessage, fields.SourceIPAddress
	}
	var pretty bytes.Buffer
	if json.Indent(&pretty, []byte(e.CloudTrailEvent), "", "  ") == nil {
		row.Record = pretty.String()
	}
	return row
}
