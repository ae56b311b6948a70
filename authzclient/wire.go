package authzclient

import (
	"encoding/json"
	"fmt"
)

// Path is where iamd serves the authorization API.
const Path = "/iamd/authorize/v1"

// SigningName is the service name a call to the API is signed for.
const SigningName = "iamd"

// AuthorizeRequest is the JSON body of POST /iamd/authorize/v1.
type AuthorizeRequest struct {
	// Request is the SigV4-signed request the calling service received.
	Request SignedRequest `json:"request"`
	// Action is what the request does, "s3:GetObject".
	Action string `json:"action"`
	// Resource is the ARN it acts on, "arn:aws:s3:::bucket/key".
	Resource string `json:"resource"`
	// ResourcePolicy is the resource's own policy document (a bucket
	// policy), as a JSON object; absent when it has none.
	ResourcePolicy json.RawMessage `json:"resourcePolicy,omitempty"`
	// ResourceAccount owns the resource; absent: the calling service's own
	// account.
	ResourceAccount string `json:"resourceAccount,omitempty"`
	// Context holds further condition keys of the request (s3:prefix,
	// aws:RequestTag/...).
	Context []ContextEntry `json:"context,omitempty"`
}

// SignedRequest is an HTTP request as its recipient saw it, enough to check
// its SigV4 signature.
type SignedRequest struct {
	Method string `json:"method"`
	// Path is the path as sent on the wire, still percent-encoded.
	Path string `json:"path"`
	// Query is the raw query string, without '?'.
	Query string `json:"query,omitempty"`
	// Headers holds every header, Host included, by name.
	Headers map[string][]string `json:"headers"`
	// PayloadHash is the lower-case hex SHA-256 of the body, or
	// UNSIGNED-PAYLOAD when the client signed none.
	PayloadHash string `json:"payloadHash"`
	// SourceIP is the client's address (aws:SourceIp), if known.
	SourceIP string `json:"sourceIp,omitempty"`
	// SecureTransport: the request came over TLS (aws:SecureTransport).
	SecureTransport bool `json:"secureTransport,omitempty"`
}

// ContextEntry is one condition key. Type is one of the policy
// simulator's ContextKeyType values: string, stringList, numeric,
// numericList, boolean, booleanList, date, dateList, ip, ipList, binary,
// binaryList. A type without "List" takes exactly one value.
type ContextEntry struct {
	Key    string   `json:"key"`
	Type   string   `json:"type"`
	Values []string `json:"values"`
}

// The decisions.
const (
	Allow        = "Allow"
	ExplicitDeny = "ExplicitDeny"
	ImplicitDeny = "ImplicitDeny"
)

// Decision is the API's answer about the end user's request.
type Decision struct {
	// Principal is who signed the request; nil when Error is set.
	Principal *Principal `json:"principal,omitempty"`
	// Decision is Allow, ExplicitDeny or ImplicitDeny. It is ImplicitDeny
	// when the request could not be authenticated (Error is set).
	Decision string `json:"decision"`
	// Reason is AWS's AccessDenied message for a denial, "" for Allow.
	Reason string `json:"reason"`
	// MatchedStatements are every statement that matched the request, in
	// every policy type that was evaluated.
	MatchedStatements []Statement `json:"matchedStatements"`
	// Error is why the end user's request failed authentication.
	Error *RequestError `json:"error,omitempty"`
	// EncodedMessage accompanies a denial: an encoded authorization
	// failure message, as EC2-style AWS errors carry one, that a principal
	// allowed sts:DecodeAuthorizationMessage can decode against iamd to see
	// the deciding statement and the request context.
	EncodedMessage string `json:"encodedMessage,omitempty"`
}

// Allowed reports whether the request may proceed.
func (d *Decision) Allowed() bool { return d != nil && d.Error == nil && d.Decision == Allow }

// Principal describes the end user who signed the request.
type Principal struct {
	ARN         string `json:"arn"`
	AccountID   string `json:"accountId"`
	UserID      string `json:"userId"`
	Type        string `json:"type"` // Root, IAMUser, AssumedRole, FederatedUser
	AccessKeyID string `json:"accessKeyId"`
}

// Statement is one policy statement that matched.
type Statement struct {
	// PolicyType is AWS's phrase: "identity-based policy",
	// "resource-based policy", "permissions boundary", "session policy".
	PolicyType string `json:"policyType"`
	// Policy names the policy: a managed policy's ARN, an inline policy's
	// name, or "resource-policy".
	Policy    string `json:"policy"`
	Statement int    `json:"statement"` // index in the policy
	Sid       string `json:"sid,omitempty"`
	Effect    string `json:"effect"`
}

// RequestError is an authentication failure of the end user's request, in
// AWS's words: its code (SignatureDoesNotMatch, InvalidClientTokenId,
// ExpiredToken, MissingAuthenticationToken, IncompleteSignature,
// RequestExpired, ...), message and the HTTP status AWS answers it with.
type RequestError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Status  int    `json:"status"`
}

func (e *RequestError) Error() string { return e.Code + ": " + e.Message }

// APIError is a failure of the call to iamd itself: the calling service's
// own credentials or permission (401, 403), a malformed call (400), or a
// fault of iamd (500). The body is AWS's JSON error shape.
type APIError struct {
	StatusCode int    `json:"-"`
	Type       string `json:"__type"`
	Message    string `json:"message"`
}

func (e *APIError) Error() string {
	return fmt.Sprintf("iamd authorization API: HTTP %d %s: %s", e.StatusCode, e.Type, e.Message)
}
