// Package audit writes iamd's audit trail: every request, allowed or
// denied, authenticated or not, becomes an event in CloudTrail's record
// format with every secret left out. A mutating call's event commits in the
// same transaction as its change (Recorder.Transact); the others are
// written in batches off the request path (Recorder.Record).
package audit

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/store"
)

// EventVersion is the CloudTrail record format version iamd writes.
const EventVersion = "1.08"

// Request is what the gateway knows of one request once it is answered.
type Request struct {
	EventID   string
	RequestID string
	Time      time.Time
	// Service is the signing name ("iam"); the eventSource is
	// "iam.amazonaws.com".
	Service string
	// Operation is the eventName; the Action parameter as sent when the
	// request named no operation the service has.
	Operation string
	ReadOnly  bool
	Region    string
	SourceIP  string
	UserAgent string
	// Principal is the caller; nil when authentication failed without
	// naming one. AccessKeyID is the key the request was signed with, kept
	// for unauthenticated requests.
	Principal   *principal.Principal
	AccessKeyID string
	// Resource is the ARN the request was authorized against ("*" or ""
	// when none).
	Resource string
	// Input and Output are the typed input and output; either may be nil.
	Input, Output any
	// Err is the request's error, nil when it succeeded.
	Err *awserr.Error
	// Console marks calls the web console made for a signed-in person.
	Console bool
	// EventType is the record's eventType; "" is AwsApiCall.
	// AdditionalEventData is its additionalEventData, for events iamd makes
	// itself (ConsoleLogin's MFAUsed and LoginTo).
	EventType           string
	AdditionalEventData map[string]any
}

// Record is a CloudTrail event record. Field order and names follow
// CloudTrail's record contents.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
type Record struct {
	EventVersion                 string         `json:"eventVersion"`
	UserIdentity                 Identity       `json:"userIdentity"`
	EventTime                    string         `json:"eventTime"`
	EventSource                  string         `json:"eventSource"`
	EventName                    string         `json:"eventName"`
	AWSRegion                    string         `json:"awsRegion"`
	SourceIPAddress              string         `json:"sourceIPAddress"`
	UserAgent                    string         `json:"userAgent"`
	ErrorCode                    string         `json:"errorCode,omitempty"`
	ErrorMessage                 string         `json:"errorMessage,omitempty"`
	RequestParameters            map[string]any `json:"requestParameters"`
	ResponseElements             map[string]any `json:"responseElements"`
	AdditionalEventData          map[string]any `json:"additionalEventData,omitempty"`
	RequestID                    string         `json:"requestID"`
	EventID                      string         `json:"eventID"`
	ReadOnly                     bool           `json:"readOnly"`
	Resources                    []Resource     `json:"resources,omitempty"`
	EventType                    string         `json:"eventType"`
	ManagementEvent              bool           `json:"managementEvent"`
	RecipientAccountID           string         `json:"recipientAccountId,omitempty"`
	EventCategory                string         `json:"eventCategory"`
	SessionCredentialFromConsole string         `json:"sessionCredentialFromConsole,omitempty"`
}

// Identity is the record's userIdentity.
type Identity struct {
	Type           string          `json:"type"`
	PrincipalID    string          `json:"principalId,omitempty"`
	ARN            string          `json:"arn,omitempty"`
	AccountID      string          `json:"accountId,omitempty"`
	AccessKeyID    string          `json:"accessKeyId,omitempty"`
	UserName       string          `json:"userName,omitempty"`
	SessionContext *SessionContext `json:"sessionContext,omitempty"`
	InvokedBy      string          `json:"invokedBy,omitempty"`
}

// SessionContext describes temporary credentials.
type SessionContext struct {
	SessionIssuer  *SessionIssuer    `json:"sessionIssuer,omitempty"`
	Attributes     SessionAttributes `json:"attributes"`
	SourceIdentity string            `json:"sourceIdentity,omitempty"`
}

// SessionIssuer is the role (or user) a session was obtained through.
type SessionIssuer struct {
	Type        string `json:"type"`
	PrincipalID string `json:"principalId"`
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserName    string `json:"userName"`
}

// SessionAttributes says when the session was made and whether with MFA.
type SessionAttributes struct {
	CreationDate     string `json:"creationDate"`
	MFAAuthenticated string `json:"mfaAuthenticated"`
}

// Resource is one resource the event concerns.
type Resource struct {
	ARN       string `json:"ARN"`
	AccountID string `json:"accountId,omitempty"`
	Type      string `json:"type"`
}

// consoleAgent is the userAgent CloudTrail records for calls the console
// makes on a person's behalf.
const consoleAgent = "AWS Internal"

// Event turns a request into its stored audit event. A request without an
// event ID gets a new one.
func Event(r *Request) (*store.AuditEvent, error) {
	if r.EventID == "" {
		id, err := secrets.NewRequestID()
		if err != nil {
			return nil, fmt.Errorf("audit: event ID: %w", err)
		}
		r.EventID = id
	}
	rec := Record{
		EventVersion:        EventVersion,
		UserIdentity:        identity(r),
		EventTime:           r.Time.UTC().Format(time.RFC3339),
		EventSource:         r.Service + ".amazonaws.com",
		EventName:           r.Operation,
		AWSRegion:           region(r),
		SourceIPAddress:     r.SourceIP,
		UserAgent:           r.UserAgent,
		RequestParameters:   Elements(r.Input),
		RequestID:           r.RequestID,
		EventID:             r.EventID,
		ReadOnly:            r.ReadOnly,
		EventType:           "AwsApiCall",
		AdditionalEventData: r.AdditionalEventData,
		ManagementEvent:     true,
		EventCategory:       "Management",
	}
	if r.Err != nil {
		rec.ErrorCode, rec.ErrorMessage = r.Err.Code, r.Err.Message
	}
	// CloudTrail records responseElements only for calls that change
	// something; a read's answer would also make each LookupEvents event
	// hold the events it returned, growing the trail geometrically.
	if !r.ReadOnly {
		rec.ResponseElements = Elements(r.Output)
	}
	if r.EventType != "" {
		rec.EventType = r.EventType
	}
	if r.Console {
		rec.SessionCredentialFromConsole = "true"
		rec.UserIdentity.InvokedBy = "signin.amazonaws.com"
		if rec.UserAgent == "" {
			rec.UserAgent = consoleAgent
		}
	}
	account := accountOf(r)
	rec.RecipientAccountID = account
	resourceType, resourceName := describeResource(r.Resource)
	if resourceType != "" {
		rec.Resources = []Resource{{ARN: r.Resource, AccountID: arnAccount(r.Resource), Type: resourceType}}
	}
	body, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("audit: encode record of %s: %w", r.Operation, err)
	}
	return &store.AuditEvent{
		ID:           r.EventID,
		AccountID:    account,
		Time:         r.Time.UTC(),
		Source:       rec.EventSource,
		Name:         r.Operation,
		ReadOnly:     r.ReadOnly,
		Username:     username(r.Principal),
		AccessKeyID:  rec.UserIdentity.AccessKeyID,
		ResourceType: resourceType,
		ResourceName: resourceName,
		ErrorCode:    rec.ErrorCode,
		Record:       body,
	}, nil
}

// region is the event's awsRegion: IAM is global and records its events in
// us-east-1; other services record the signing region.
func region(r *Request) string {
	if r.Service == "iam" || r.Region == "" {
		return "us-east-1"
	}
	return r.Region
}

// accountOf attributes the event to the caller's account, or, for a caller
// that proved no account (an anonymous federation call), to the account of
// the resource it asked for.
func accountOf(r *Request) string {
	if p := r.Principal; p != nil && p.AccountID != "" {
		return p.AccountID
	}
	return arnAccount(r.Resource)
}

func identity(r *Request) Identity {
	p := r.Principal
	if p == nil {
		return Identity{Type: "Unknown", AccessKeyID: r.AccessKeyID}
	}
	id := Identity{
		PrincipalID: p.UserID,
		ARN:         p.ARN,
		AccountID:   p.AccountID,
		AccessKeyID: p.AccessKeyID,
	}
	switch p.Type {
	case principal.Root:
		id.Type = "Root"
	case principal.IAMUser:
		id.Type, id.UserName = "IAMUser", p.UserName
	case principal.AssumedRole:
		id.Type = "AssumedRole"
	case principal.FederatedUser:
		id.Type = "FederatedUser"
	default:
		// The unsigned federation calls name their caller by the
		// assertion or token they carry.
		switch r.Operation {
		case "AssumeRoleWithSAML":
			id.Type = "SAMLUser"
		case "AssumeRoleWithWebIdentity":
			id.Type = "WebIdentityUser"
		default:
			id.Type = "Unknown"
		}
		id.AccountID = ""
	}
	if s := p.Session; s != nil {
		ctx := &SessionContext{
			Attributes: SessionAttributes{
				CreationDate:     s.IssuedAt.UTC().Format(time.RFC3339),
				MFAAuthenticated: fmt.Sprint(s.MFA),
			},
			SourceIdentity: s.SourceIdentity,
		}
		switch {
		case s.RoleARN != "":
			ctx.SessionIssuer = &SessionIssuer{Type: "Role", PrincipalID: s.RoleID, ARN: s.RoleARN, AccountID: s.AccountID, UserName: s.RoleName}
		case s.UserARN != "":
			ctx.SessionIssuer = &SessionIssuer{Type: "IAMUser", PrincipalID: s.UserID, ARN: s.UserARN, AccountID: s.AccountID, UserName: s.UserName}
		}
		id.SessionContext = ctx
	}
	return id
}

// username is LookupEvents' Username attribute: the user name, "root",
// the role session name or the federated user's name.
func username(p *principal.Principal) string {
	if p == nil {
		return ""
	}
	switch p.Type {
	case principal.IAMUser:
		return p.UserName
	case principal.Root:
		return "root"
	case principal.AssumedRole, principal.FederatedUser:
		if p.Session != nil {
			return p.Session.SessionName
		}
	}
	return ""
}

// resourceTypes maps the resource part of an IAM ARN to its CloudFormation
// type, the names CloudTrail gives resources.
var resourceTypes = map[string]string{
	"user":               "AWS::IAM::User",
	"group":              "AWS::IAM::Group",
	"role":               "AWS::IAM::Role",
	"policy":             "AWS::IAM::Policy",
	"instance-profile":   "AWS::IAM::InstanceProfile",
	"oidc-provider":      "AWS::IAM::OIDCProvider",
	"saml-provider":      "AWS::IAM::SAMLProvider",
	"server-certificate": "AWS::IAM::ServerCertificate",
	"mfa":                "AWS::IAM::MFADevice",
	"assumed-role":       "AWS::STS::AssumedRole",
	"federated-user":     "AWS::STS::FederatedUser",
}

// describeResource names an ARN's resource type and name ("" for "*",
// an account's root, or anything else without a type).
func describeResource(arn string) (resourceType, name string) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", ""
	}
	kind, rest, ok := strings.Cut(parts[5], "/")
	if !ok {
		return "", ""
	}
	resourceType = resourceTypes[kind]
	if resourceType == "" {
		return "", ""
	}
	if i := strings.LastIndexByte(rest, '/'); i >= 0 && kind != "assumed-role" {
		rest = rest[i+1:]
	}
	return resourceType, rest
}

func arnAccount(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return ""
	}
	return parts[4]
}
