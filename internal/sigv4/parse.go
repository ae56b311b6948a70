package sigv4

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Algorithm is the only signing algorithm iamd verifies. SigV4a
// (AWS4-ECDSA-P256-SHA256) is refused with AWS's "Unsupported AWS 'algorithm'".
const Algorithm = "AWS4-HMAC-SHA256"

// Names of the presigned query parameters.
const (
	queryAlgorithm     = "X-Amz-Algorithm"
	queryCredential    = "X-Amz-Credential"
	queryDate          = "X-Amz-Date"
	queryExpires       = "X-Amz-Expires"
	querySignedHeaders = "X-Amz-SignedHeaders"
	querySignature     = "X-Amz-Signature"
	querySecurityToken = "X-Amz-Security-Token"
	queryContentSHA256 = "X-Amz-Content-Sha256"
)

// maxExpires is the longest a presigned URL may live: seven days, because a
// derived signing key is only good for that long.
const maxExpires = 604800

// AuthHeader is a parsed "Authorization: AWS4-HMAC-SHA256 Credential=...,
// SignedHeaders=..., Signature=..." header. Values are as the client sent
// them; the credential scope is checked later, against the request's date.
type AuthHeader struct {
	Algorithm     string
	Credential    string
	SignedHeaders string
	Signature     string
}

// ParseAuthorization parses an Authorization header the way AWS does: the
// algorithm up to the first space, then comma-separated key=value pairs
// (unknown keys ignored, the last of a repeated key wins). It returns AWS's
// IncompleteSignature when a pair has no '=' or Credential, Signature or
// SignedHeaders is missing. It does not check the algorithm: Verify does,
// after the date, in AWS's order.
func ParseAuthorization(header string) (*AuthHeader, error) {
	h, missing, err := parseAuthorization(header)
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, errMissingAuthParams(missing, false, header)
	}
	return &h, nil
}

// parseAuthorization returns the header and the names of its missing
// parameters, so that Verify can add a missing date to the same message.
func parseAuthorization(header string) (h AuthHeader, missing []string, err error) {
	rest := strings.TrimLeft(header, " ")
	h.Algorithm, rest, _ = strings.Cut(rest, " ")
	sawSignedHeaders := false
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		part = strings.Trim(part, " \t")
		if part == "" {
			continue
		}
		key, value, ok := strings.Cut(part, "=")
		if !ok {
			return AuthHeader{}, nil, errNotKeyValue(part, header)
		}
		switch strings.TrimSpace(key) {
		case "Credential":
			h.Credential = strings.TrimSpace(value)
		case "SignedHeaders":
			h.SignedHeaders = strings.TrimSpace(value)
			sawSignedHeaders = true
		case "Signature":
			h.Signature = strings.TrimSpace(value)
		}
	}
	// AWS's order in its message: Credential, Signature, SignedHeaders.
	// An empty SignedHeaders is present; it fails later, on Host.
	if h.Credential == "" {
		missing = append(missing, "Credential")
	}
	if h.Signature == "" {
		missing = append(missing, "Signature")
	}
	if !sawSignedHeaders {
		missing = append(missing, "SignedHeaders")
	}
	return h, missing, nil
}

// PresignedParams are the signing parameters of a presigned URL.
type PresignedParams struct {
	Algorithm     string
	Credential    string
	Date          string
	SignedHeaders string
	Signature     string
	SecurityToken string
	// Expires is X-Amz-Expires; HasExpires is false when the client sent
	// none, and then the 15-minute clock-skew window applies, as for
	// header authentication (AWS's Query services do the same).
	Expires    time.Duration
	HasExpires bool
	// ContentSHA256 is X-Amz-Content-Sha256, empty when absent.
	ContentSHA256 string
}

// ParsePresigned reads the presigned parameters from a query. It returns
// AWS's IncompleteSignature naming every missing required parameter, or an
// IncompleteSignature for an X-Amz-Expires that is not 0..604800 seconds.
func ParsePresigned(q url.Values) (*PresignedParams, error) {
	p, err := parsePresigned(func(name string) (string, bool) {
		v, ok := q[name]
		if !ok || len(v) == 0 {
			return "", false
		}
		return v[0], true
	})
	if err != nil {
		return nil, err
	}
	return &p, nil
}

func parsePresigned(get func(string) (string, bool)) (PresignedParams, error) {
	var p PresignedParams
	var missing []string
	// AWS's order: Algorithm, Credential, Signature, SignedHeaders, Date.
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{queryAlgorithm, &p.Algorithm},
		{queryCredential, &p.Credential},
		{querySignature, &p.Signature},
		{querySignedHeaders, &p.SignedHeaders},
		{queryDate, &p.Date},
	} {
		v, _ := get(f.name)
		if v == "" {
			missing = append(missing, f.name)
		}
		*f.dst = v
	}
	if len(missing) > 0 {
		return PresignedParams{}, errMissingQueryParams(missing)
	}
	p.SecurityToken, _ = get(querySecurityToken)
	p.ContentSHA256, _ = get(queryContentSHA256)
	if v, ok := get(queryExpires); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		switch {
		case err != nil && !isDigits(strings.TrimPrefix(v, "-")):
			return PresignedParams{}, errExpires("X-Amz-Expires should be a number")
		case strings.HasPrefix(v, "-"):
			return PresignedParams{}, errExpires("X-Amz-Expires must be non-negative")
		case err != nil || n > maxExpires:
			return PresignedParams{}, errExpires("X-Amz-Expires must be less than a week (604800 seconds)")
		}
		p.Expires, p.HasExpires = time.Duration(n)*time.Second, true
	}
	return p, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// scope is a parsed credential: AKID/yyyymmdd/region/service/aws4_request.
type scope struct {
	accessKeyID, date, region, service, terminator string
}

// parseScope splits a credential as AWS (a Java service) does: on '/', with
// trailing empty elements dropped, so "a/b/c/d/e/" has five elements.
func parseScope(credential string) (scope, error) {
	trimmed := strings.TrimRight(credential, "/")
	var parts [5]string
	rest := trimmed
	for i := range parts {
		if i == len(parts)-1 {
			parts[i] = rest
			if strings.Contains(rest, "/") {
				return scope{}, errCredentialParts(credential)
			}
			break
		}
		var ok bool
		parts[i], rest, ok = strings.Cut(rest, "/")
		if !ok {
			return scope{}, errCredentialParts(credential)
		}
	}
	return scope{parts[0], parts[1], parts[2], parts[3], parts[4]}, nil
}

// parseAmzDate parses X-Amz-Date strictly as ISO-8601 basic format
// (20150830T123600Z): time.Parse alone would also accept fractional seconds.
func parseAmzDate(s string) (time.Time, error) {
	if len(s) != len(isoBasicFormat) || s[8] != 'T' || s[15] != 'Z' || !isDigits(s[:8]) || !isDigits(s[9:15]) {
		return time.Time{}, errDateFormat(s)
	}
	t, err := time.Parse(isoBasicFormat, s)
	if err != nil {
		return time.Time{}, errDateFormat(s)
	}
	return t, nil
}
