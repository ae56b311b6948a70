package awsmanaged

import (
	"crypto/sha256"
	"encoding/base32"
	"fmt"
	"time"
)

// arnPrefix starts every AWS managed policy ARN; the policy's path and name
// follow it.
const arnPrefix = "arn:aws:iam::aws:policy"

// serviceLinkedRolePath holds the policies that AWS attaches only to
// service-linked roles. AWS refuses to attach them to customers' users,
// groups and roles with PolicyNotAttachable ("Cannot attach a Service Role
// Policy to a Customer Role."), and the AWS Managed Policy Reference marks
// each of them "Type: Service-linked role policy ... You cannot attach this
// policy to your users, groups, or roles"
// (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/).
const serviceLinkedRolePath = "/aws-service-role/"

// Policy is one AWS managed policy at its default version.
type Policy struct {
	// Name is the policy's friendly name, such as "AdministratorAccess".
	Name string
	// Path is "/" or a path such as "/service-role/" or "/job-function/".
	Path string
	// ARN is arn:aws:iam::aws:policy + Path + Name. ARNs are case-sensitive.
	ARN string
	// PolicyID is a stable identifier in AWS's format (see derivePolicyID).
	PolicyID string
	// DefaultVersionID is the default version, such as "v3".
	DefaultVersionID string
	// Document is the default version's policy document as compact JSON,
	// keys in the order of the source data.
	Document string
	// CreateDate and UpdateDate are AWS's timestamps, in UTC.
	CreateDate time.Time
	UpdateDate time.Time
	// IsAttachable is false for policies that customers cannot attach to
	// their own users, groups and roles (the service-linked role policies).
	IsAttachable bool
}

// policyIDEncoding maps hash bytes to [A-Z2-7]: upper case letters and
// digits, as AWS's own unique IDs use.
var policyIDEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// derivePolicyID returns "ANPA" and 17 characters derived from the ARN.
//
// AWS managed policies have real IDs (ANPA plus 17 characters, for example
// AdministratorAccess is ANPAIWMBCKSKIEE64ZLYK), but moto's data does not
// carry them, so iamd derives one from a SHA-256 of the ARN instead. The ID
// is stable across releases and machines and unique in practice (85 bits),
// but it is not the one AWS shows; tests check that no two policies share one.
func derivePolicyID(arn string) string {
	sum := sha256.Sum256([]byte(arn))
	return "ANPA" + policyIDEncoding.EncodeToString(sum[:])[:17]
}

// newPolicy builds a Policy from one record of the embedded file.
func newPolicy(r record) (*Policy, error) {
	if r.Name == "" {
		return nil, fmt.Errorf("record with no name")
	}
	if len(r.Path) == 0 || r.Path[0] != '/' || r.Path[len(r.Path)-1] != '/' {
		return nil, fmt.Errorf("policy %q: path %q does not start and end with /", r.Name, r.Path)
	}
	created, err := time.Parse(time.RFC3339, r.CreateDate)
	if err != nil {
		return nil, fmt.Errorf("policy %q: createDate: %w", r.Name, err)
	}
	updated, err := time.Parse(time.RFC3339, r.UpdateDate)
	if err != nil {
		return nil, fmt.Errorf("policy %q: updateDate: %w", r.Name, err)
	}
	// Name and Path are slices of the ARN string rather than copies of
	// their own: one allocation per policy instead of three.
	arn := arnPrefix + r.Path + r.Name
	pathStart := len(arnPrefix)
	nameStart := pathStart + len(r.Path)
	return &Policy{
		Name:             arn[nameStart:],
		Path:             arn[pathStart:nameStart],
		ARN:              arn,
		PolicyID:         derivePolicyID(arn),
		DefaultVersionID: r.DefaultVersionID,
		Document:         r.Document,
		CreateDate:       created.UTC(),
		UpdateDate:       updated.UTC(),
		IsAttachable:     r.Path != serviceLinkedRolePath,
	}, nil
}
