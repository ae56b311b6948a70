// Package arn parses and formats Amazon Resource Names.
//
// An ARN has six colon-separated parts:
//
//	arn:partition:service:region:account-id:resource
//
// The resource part may itself contain colons and slashes; everything after
// the fifth colon belongs to it. Parsing never allocates: the fields of an
// ARN are substrings of the input.
package arn

import (
	"errors"
	"strings"
)

// ErrMalformed is wrapped by every error Parse returns.
var ErrMalformed = errors.New("malformed ARN")

// ARN is a parsed Amazon Resource Name.
type ARN struct {
	Partition string // "aws", "aws-cn", "aws-us-gov", ...
	Service   string // the service namespace: "iam", "s3", "sts", ...
	Region    string // empty for global services such as IAM
	AccountID string // twelve digits, or empty (S3 buckets)
	Resource  string // everything after the fifth colon; may contain ':' and '/'
}

// parseError says which ARN failed and why, wrapping ErrMalformed.
type parseError struct {
	input, reason string
}

func (e *parseError) Error() string { return "arn: " + e.reason + ": " + quote(e.input) }
func (e *parseError) Unwrap() error { return ErrMalformed }

// quote keeps error messages readable for long or hostile input.
func quote(s string) string {
	const limit = 200
	if len(s) > limit {
		s = s[:limit] + "..."
	}
	return `"` + s + `"`
}

// Parse splits s into its six parts. It requires the literal "arn" prefix,
// non-empty partition and service, and at least five colons; region, account
// and resource may be empty, as AWS allows (for example arn:aws:s3:::bucket).
func Parse(s string) (ARN, error) {
	parts, ok := Split(s)
	if !ok {
		return ARN{}, &parseError{s, "not enough sections"}
	}
	if parts[0] != "arn" {
		return ARN{}, &parseError{s, `does not start with "arn:"`}
	}
	if parts[1] == "" {
		return ARN{}, &parseError{s, "missing partition"}
	}
	if parts[2] == "" {
		return ARN{}, &parseError{s, "missing service"}
	}
	return ARN{
		Partition: parts[1],
		Service:   parts[2],
		Region:    parts[3],
		AccountID: parts[4],
		Resource:  parts[5],
	}, nil
}

// Split cuts s at its first five colons without checking the contents of the
// parts. It reports false when s has fewer than five colons.
func Split(s string) (parts [6]string, ok bool) {
	rest := s
	for i := range 5 {
		j := strings.IndexByte(rest, ':')
		if j < 0 {
			return parts, false
		}
		parts[i] = rest[:j]
		rest = rest[j+1:]
	}
	parts[5] = rest
	return parts, true
}

// IsARN reports whether s parses as an ARN.
func IsARN(s string) bool {
	_, err := Parse(s)
	return err == nil
}

// String formats the ARN in its canonical colon-separated form.
func (a ARN) String() string {
	var b strings.Builder
	b.Grow(10 + len(a.Partition) + len(a.Service) + len(a.Region) + len(a.AccountID) + len(a.Resource))
	b.WriteString("arn:")
	b.WriteString(a.Partition)
	b.WriteByte(':')
	b.WriteString(a.Service)
	b.WriteByte(':')
	b.WriteString(a.Region)
	b.WriteByte(':')
	b.WriteString(a.AccountID)
	b.WriteByte(':')
	b.WriteString(a.Resource)
	return b.String()
}

// ResourceType returns the part of the resource before its first '/' or ':'
// ("user" in user/path/name, "log-group" in log-group:name), or "" when the
// resource has neither separator.
func (a ARN) ResourceType() string {
	if i := strings.IndexAny(a.Resource, "/:"); i >= 0 {
		return a.Resource[:i]
	}
	return ""
}

// IsAccountID reports whether s is a twelve-digit AWS account ID.
func IsAccountID(s string) bool {
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

// RootARN returns the ARN of an account's root user, arn:PARTITION:iam::ACCOUNT:root.
func RootARN(partition, account string) string {
	return "arn:" + partition + ":iam::" + account + ":root"
}
