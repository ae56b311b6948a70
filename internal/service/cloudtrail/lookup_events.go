package cloudtrail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
)

// LookupEvents' limits, from the API reference.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
const (
	// maxResults is both the default and the largest page: "The default
	// number of results returned is 50, with a maximum of 50 possible."
	maxResults = 50
	// maxAttributeValue is LookupAttributeValue's length limit (runes).
	maxAttributeValue = 2000
	// defaultWindow is how far back a lookup without StartTime reaches:
	// "You can look up events that occurred in a Region within the last
	// 90 days." iamd may keep events longer; an explicit StartTime reaches
	// them.
	defaultWindow = 90 * 24 * time.Hour
	// categoryInsight is EventCategory's only value. iamd records no
	// Insights events, so asking for them finds none.
	categoryInsight = "insight"
)

// attributeKeys are the model's LookupAttributeKey values; each is a key of
// store.AuditFilter.
var attributeKeys = map[string]bool{
	"EventId": true, "EventName": true, "ReadOnly": true, "Username": true,
	"ResourceType": true, "ResourceName": true, "EventSource": true, "AccessKeyId": true,
}

// LookupEvents lists the events of the caller's account, newest first, a
// page at a time.
func (s *Service) LookupEvents(ctx context.Context, in *LookupEventsRequest) (*LookupEventsResponse, error) {
	p := principal.FromContext(ctx)
	if p == nil {
		return nil, awserr.MissingAuthenticationToken()
	}
	// An empty AccountID would select every account's trail.
	if p.AccountID == "" {
		return nil, errors.New("cloudtrail: LookupEvents: the caller has no account")
	}
	q, err := s.plan(p.AccountID, in)
	if err != nil {
		return nil, err
	}
	out := &LookupEventsResponse{Events: []Event{}}
	if q.insight {
		return out, nil
	}
	events, next, err := s.events.Lookup(ctx, q.filter, store.Page{Marker: q.marker, MaxItems: q.limit})
	if errors.Is(err, store.ErrInvalidMarker) {
		return nil, invalidNextToken()
	}
	if err != nil {
		return nil, fmt.Errorf("cloudtrail: look up events of account %s: %w", p.AccountID, err)
	}
	for _, e := range events {
		out.Events = append(out.Events, toEvent(e))
	}
	if next != "" {
		out.NextToken = encodeToken(q.fingerprint, q.filter.Start, next)
	}
	return out, nil
}

// lookup is a validated request.
type lookup struct {
	filter      store.AuditFilter
	marker      string
	limit       int
	insight     bool
	fingerprint [8]byte
}

// plan validates in and turns it into a store query for account.
func (s *Service) plan(account string, in *LookupEventsRequest) (*lookup, error) {
	q := &lookup{filter: store.AuditFilter{AccountID: account}, limit: maxResults}
	if err := validateAttributes(in.LookupAttributes); err != nil {
		return nil, err
	}
	if len(in.LookupAttributes) == 1 {
		q.filter.AttributeKey = in.LookupAttributes[0].AttributeKey
		q.filter.AttributeValue = in.LookupAttributes[0].AttributeValue
	}
	if in.StartTime != nil && in.EndTime != nil && in.StartTime.After(*in.EndTime) {
		return nil, invalidTimeRange()
	}
	q.filter.Start = s.now().Add(-defaultWindow)
	if in.StartTime != nil {
		q.filter.Start = *in.StartTime
	}
	if in.EndTime != nil {
		q.filter.End = *in.EndTime
	}
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > maxResults {
			return nil, invalidMaxResults()
		}
		q.limit = int(*in.MaxResults)
	}
	switch in.EventCategory {
	case "":
	case categoryInsight:
		q.insight = true
	default:
		return nil, invalidEventCategory(in.EventCategory)
	}
	q.fingerprint = fingerprint(account, in)
	if in.NextToken != "" {
		start, marker, ok := decodeToken(in.NextToken, q.fingerprint)
		if !ok {
			return nil, invalidNextToken()
		}
		q.filter.Start, q.marker = start, marker
	}
	return q, nil
}

func validateAttributes(attrs []LookupAttribute) error {
	if len(attrs) > 1 {
		return invalidLookupAttributes(MsgTooManyLookupAttributes)
	}
	for _, a := range attrs {
		if !attributeKeys[a.AttributeKey] {
			return invalidLookupAttributes(fmt.Sprintf(MsgInvalidAttributeKey, a.AttributeKey))
		}
		if n := utf8.RuneCountInString(a.AttributeValue); n < 1 || n > maxAttributeValue {
			return invalidLookupAttributes(MsgInvalidAttributeValue)
		}
		if a.AttributeKey == "ReadOnly" && a.AttributeValue != "true" && a.AttributeValue != "false" {
			return invalidLookupAttributes(MsgInvalidReadOnlyValue)
		}
	}
	return nil
}

// toEvent maps a stored event to the API's. EventTime is whole seconds, the
// precision of a CloudTrail record's eventTime.
func toEvent(e *store.AuditEvent) Event {
	ev := Event{
		EventId:         e.ID,
		EventName:       e.Name,
		ReadOnly:        strconv.FormatBool(e.ReadOnly),
		AccessKeyId:     e.AccessKeyID,
		EventTime:       e.Time.UTC().Truncate(time.Second),
		EventSource:     e.Source,
		Username:        e.Username,
		CloudTrailEvent: string(e.Record),
	}
	if e.ResourceType != "" {
		ev.Resources = []Resource{{ResourceType: e.ResourceType, ResourceName: e.ResourceName}}
	}
	return ev
}

// A NextToken wraps the store's marker with what must not change from page
// to page: a fingerprint of the account and the filtering parameters, so
// that a token sent with different ones is refused (the API reference: "a
// token that was previously used in a request with different parameters"),
// and the window's start, so that the default 90-day window does not slide
// between pages. Layout, base64url: fingerprint (8 bytes), start as Unix
// seconds (8) and nanoseconds (4), big-endian, then the marker.
const tokenHeader = 8 + 8 + 4

func encodeToken(fp [8]byte, start time.Time, marker string) string {
	b := make([]byte, 0, tokenHeader+len(marker))
	b = append(b, fp[:]...)
	b = binary.BigEndian.AppendUint64(b, uint64(start.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(start.Nanosecond()))
	b = append(b, marker...)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(token string, fp [8]byte) (start time.Time, marker string, ok bool) {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) <= tokenHeader || !bytes.Equal(b[:8], fp[:]) {
		return time.Time{}, "", false
	}
	sec := int64(binary.BigEndian.Uint64(b[8:16]))
	ns := binary.BigEndian.Uint32(b[16:20])
	if ns >= 1e9 {
		return time.Time{}, "", false
	}
	return time.Unix(sec, int64(ns)).UTC(), string(b[tokenHeader:]), true
}

// fingerprint hashes the account and the parameters that choose events
// (not MaxResults, which may change from page to page).
func fingerprint(account string, in *LookupEventsRequest) [8]byte {
	h := sha256.New()
	field := func(s string) {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	field(account)
	field(timeField(in.StartTime))
	field(timeField(in.EndTime))
	for _, a := range in.LookupAttributes {
		field(a.AttributeKey)
		field(a.AttributeValue)
	}
	field(in.EventCategory)
	var fp [8]byte
	copy(fp[:], h.Sum(nil))
	return fp
}

func timeField(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
