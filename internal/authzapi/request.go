package authzapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/netip"
	"net/textproto"
	"net/url"
	"strings"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/service"
)

// decodeRequest reads and validates the call's body. Unknown fields are
// refused: a misspelt field dropped silently could drop a Deny.
func decodeRequest(body []byte) (*authzclient.AuthorizeRequest, error) {
	var in authzclient.AuthorizeRequest
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syntax), errors.As(err, &typ), strings.HasPrefix(err.Error(), "json: unknown field"):
			return nil, errSerialization("The request body is not a valid authorization request: " + err.Error())
		default:
			return nil, errSerialization("The request body is not valid JSON.")
		}
	}
	if dec.More() {
		return nil, errSerialization("The request body holds more than one JSON value.")
	}
	if err := validateRequest(&in); err != nil {
		return nil, err
	}
	return &in, nil
}

func validateRequest(in *authzclient.AuthorizeRequest) error {
	svc, name, ok := strings.Cut(in.Action, ":")
	switch {
	case !ok || svc == "" || name == "" || strings.ContainsAny(in.Action, "*? "):
		return errValidation("action must be one action, service:Action, such as s3:GetObject; got %q.", in.Action)
	case in.Resource == "":
		return errValidation("%s", "resource must not be empty: give the resource's ARN, or * for an action that takes none.")
	case in.ResourceAccount != "" && !isAccountID(in.ResourceAccount):
		return errValidation("resourceAccount must be a 12-digit account ID; got %q.", in.ResourceAccount)
	case in.Request.Method == "" || strings.ContainsFunc(in.Request.Method, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
		return errValidation("request.method must be an HTTP method; got %q.", in.Request.Method)
	case !strings.HasPrefix(in.Request.Path, "/") || strings.ContainsAny(in.Request.Path, "?#"):
		return errValidation("request.path must be the escaped path as sent, starting with /; got %q.", in.Request.Path)
	case in.Request.PayloadHash == "":
		return errValidation("%s", "request.payloadHash must be the hex SHA-256 of the body, or UNSIGNED-PAYLOAD.")
	case in.Request.SourceIP != "" && !validIP(in.Request.SourceIP):
		return errValidation("request.sourceIp must be an IP address; got %q.", in.Request.SourceIP)
	}
	return nil
}

func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func validIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// rebuild makes the *http.Request the calling service received, as far as
// SigV4 reads one: method, escaped path, raw query, headers and Host.
func rebuild(sr *authzclient.SignedRequest) (*http.Request, error) {
	u, err := url.ParseRequestURI(sr.Path)
	if err != nil {
		return nil, errValidation("request.path is not a valid request path: %q.", sr.Path)
	}
	u.RawQuery = sr.Query
	r := &http.Request{Method: sr.Method, URL: u, Header: make(http.Header, len(sr.Headers)), RequestURI: u.RequestURI()}
	for name, values := range sr.Headers {
		key := textproto.CanonicalMIMEHeaderKey(name)
		if key == "Host" {
			if len(values) > 0 {
				r.Host = values[0]
			}
			continue
		}
		r.Header[key] = append(r.Header[key], values...)
	}
	return r, nil
}

// contextTypes are the policy simulator's ContextKeyType values, with
// whether each is a list.
var contextTypes = map[string]bool{
	"string": false, "stringList": true,
	"numeric": false, "numericList": true,
	"boolean": false, "booleanList": true,
	"ip": false, "ipList": true,
	"binary": false, "binaryList": true,
	"date": false, "dateList": true,
}

// reservedKeys are condition keys iamd itself derives from the
// authenticated principal, the signed request or its clock; a calling
// service cannot override them (prefixes, lower-case).
var reservedKeys = []string{
	"aws:principal", "aws:userid", "aws:username", "aws:currenttime", "aws:epochtime",
	"aws:sourceip", "aws:securetransport", "aws:useragent", "aws:requestedregion",
	"aws:multifactorauth", "aws:tokenissuetime", "aws:sourceidentity", "aws:federatedprovider",
	"aws:resourceaccount", "aws:viaawsservice", "aws:calledvia",
}

// contextKeys validates the given context entries and turns them into the
// enforcer's keys.
func contextKeys(entries []authzclient.ContextEntry) ([]service.ContextKey, error) {
	if len(entries) == 0 {
		return nil, nil
	}
	keys := make([]service.ContextKey, 0, len(entries))
	for _, e := range entries {
		if e.Key == "" || !strings.Contains(e.Key, ":") {
			return nil, errValidation("context key %q must be a condition key, service:Name.", e.Key)
		}
		lower := strings.ToLower(e.Key)
		for _, p := range reservedKeys {
			if strings.HasPrefix(lower, p) {
				return nil, errValidation("context key %s is set by iamd and cannot be supplied.", e.Key)
			}
		}
		typ := e.Type
		if typ == "" {
			typ = "string"
		}
		list, ok := contextTypes[typ]
		if !ok {
			return nil, errValidation("Invalid context key type %s for context key %s.", e.Type, e.Key)
		}
		if !list && len(e.Values) != 1 {
			return nil, errValidation("Context key %s of type %s takes exactly one value.", e.Key, typ)
		}
		base := strings.TrimSuffix(typ, "List")
		for _, v := range e.Values {
			if !permissions.ValidContextValue(base, v) {
				return nil, errValidation("Invalid value %s for context key %s of type %s.", v, e.Key, typ)
			}
		}
		keys = append(keys, service.ContextKey{Key: e.Key, Values: e.Values})
	}
	return keys, nil
}

// errValidation is AWS's JSON ValidationException for a malformed call.
func errValidation(format string, args ...any) *awserr.Error {
	return awserr.Newf("ValidationException", http.StatusBadRequest, format, args...)
}

// errSerialization is AWS's JSON SerializationException for a body that is
// not the expected JSON.
func errSerialization(msg string) *awserr.Error {
	return awserr.New("SerializationException", http.StatusBadRequest, msg)
}
