package sigv4

import (
	"strconv"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// AWS's messages for SigV4 failures, as AWS's Query and JSON services send
// them. Where AWS lists several problems in one message, each part ends in
// ". " and the parts are concatenated, which leaves a trailing space: clients
// see exactly that, so we keep it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
const (
	msgFoundBoth      = "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
	msgHostNotSigned  = "'Host' must be a 'SignedHeader' in the AWS Authorization."
	msgPresignExpired = "Request has expired"
	isoBasicFormat    = "20060102T150405Z"
	scopeDateFormat   = "20060102"
)

// errMissingAuthParams lists the missing parts of an Authorization header, in
// AWS's order, and echoes the header.
func errMissingAuthParams(missing []string, noDate bool, header string) *awserr.Error {
	var b strings.Builder
	for _, p := range missing {
		b.WriteString("Authorization header requires '" + p + "' parameter. ")
	}
	if noDate {
		b.WriteString("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ")
	}
	b.WriteString("Authorization=" + header)
	return awserr.IncompleteSignature(b.String())
}

// errMissingQueryParams lists the missing parameters of a presigned request.
func errMissingQueryParams(missing []string) *awserr.Error {
	var b strings.Builder
	for _, p := range missing {
		b.WriteString("AWS query-string parameters must include '" + p + "'. ")
	}
	b.WriteString("Re-examine the query-string parameters.")
	return awserr.IncompleteSignature(b.String())
}

func errNotKeyValue(part, header string) *awserr.Error {
	return awserr.IncompleteSignature("'" + part + "' not a valid key=value pair (missing equal-sign) in Authorization header: '" + header + "'.")
}

func errDateFormat(got string) *awserr.Error {
	return awserr.IncompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + got + "'. See http://en.wikipedia.org/wiki/ISO_8601")
}

func errUnsupportedAlgorithm(algorithm string) *awserr.Error {
	return awserr.IncompleteSignature("Unsupported AWS 'algorithm': '" + algorithm + "' (only AWS4-HMAC-SHA256 for now). ")
}

func errCredentialParts(credential string) *awserr.Error {
	return awserr.IncompleteSignature("Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" + credential + "'")
}

func errSignedHeaderAbsent(name string) *awserr.Error {
	return awserr.IncompleteSignature("'" + name + "' is named as a SignedHeader, but it does not exist in the HTTP request.")
}

// errExpires reports an X-Amz-Expires that is not a number of seconds in
// AWS's range (S3's messages; the other services document the same limits).
func errExpires(msg string) *awserr.Error { return awserr.IncompleteSignature(msg) }

func errSignatureExpired(signed, now time.Time, skew time.Duration) *awserr.Error {
	return awserr.SignatureDoesNotMatchWith("Signature expired: " + signed.Format(isoBasicFormat) +
		" is now earlier than " + now.Add(-skew).Format(isoBasicFormat) +
		" (" + now.Format(isoBasicFormat) + " - " + minutes(skew) + ".)")
}

func errNotYetCurrent(signed, now time.Time, skew time.Duration) *awserr.Error {
	return awserr.SignatureDoesNotMatchWith("Signature not yet current: " + signed.Format(isoBasicFormat) +
		" is still later than " + now.Add(skew).Format(isoBasicFormat) +
		" (" + now.Format(isoBasicFormat) + " + " + minutes(skew) + ".)")
}

// minutes renders the skew window as AWS does ("15 min").
func minutes(d time.Duration) string {
	if d%time.Minute == 0 {
		return strconv.FormatInt(int64(d/time.Minute), 10) + " min"
	}
	return strconv.FormatInt(int64(d/time.Second), 10) + " sec"
}

// scopeProblems collects what is wrong with a credential scope, in AWS's
// order; AWS reports them all at once.
type scopeProblems struct{ b strings.Builder }

func (p *scopeProblems) region(got string) {
	p.b.WriteString("Credential should be scoped to a valid region, not '" + got + "'. ")
}

func (p *scopeProblems) service(want string) {
	p.b.WriteString("Credential should be scoped to correct service: '" + want + "'. ")
}

func (p *scopeProblems) terminator(got string) {
	p.b.WriteString("Credential should be scoped with a valid terminator: 'aws4_request', not '" + got + "'. ")
}

func (p *scopeProblems) date(got, want, from string) {
	p.b.WriteString("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
		got + "' != '" + want + "', from '" + from + "'. ")
}

func (p *scopeProblems) err() error {
	if p.b.Len() == 0 {
		return nil
	}
	return awserr.SignatureDoesNotMatchWith(p.b.String())
}
