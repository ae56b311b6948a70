package cloudtrail

import "time"

// The shapes of LookupEvents, as botocore's cloudtrail-2013-11-01 model
// names them; json tags are the member names the JSON 1.1 codec reads and
// writes. Optional numbers and timestamps of the input are pointers, so
// that absent and zero differ.

// LookupEventsRequest is LookupEvents' input.
type LookupEventsRequest struct {
	LookupAttributes []LookupAttribute `json:"LookupAttributes"`
	StartTime        *time.Time        `json:"StartTime"`
	EndTime          *time.Time        `json:"EndTime"`
	EventCategory    string            `json:"EventCategory"`
	MaxResults       *int32            `json:"MaxResults"`
	NextToken        string            `json:"NextToken"`
}

// LookupAttribute is one filter: an attribute key and the value it must
// equal.
type LookupAttribute struct {
	AttributeKey   string `json:"AttributeKey"`
	AttributeValue string `json:"AttributeValue"`
}

// LookupEventsResponse is LookupEvents' output. Events is never nil, so
// that an empty page is written as "Events": [], as AWS does.
type LookupEventsResponse struct {
	Events    []Event `json:"Events"`
	NextToken string  `json:"NextToken"`
}

// Event is one recorded request.
type Event struct {
	EventId     string `json:"EventId"`
	EventName   string `json:"EventName"`
	ReadOnly    string `json:"ReadOnly"` // "true" or "false", a string in the model
	AccessKeyId string `json:"AccessKeyId"`
	// EventTime is zero only for a malformed event; the codec leaves a
	// zero time out.
	EventTime   time.Time  `json:"EventTime"`
	EventSource string     `json:"EventSource"`
	Username    string     `json:"Username"`
	Resources   []Resource `json:"Resources"`
	// CloudTrailEvent is the whole CloudTrail record, as a JSON string.
	CloudTrailEvent string `json:"CloudTrailEvent"`
}

// Resource is a resource an event names.
type Resource struct {
	ResourceType string `json:"ResourceType"`
	ResourceName string `json:"ResourceName"`
}
