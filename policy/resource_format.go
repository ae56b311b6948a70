package policy

import (
	"fmt"
	"slices"
	"strings"
)

// partitions are the ARN partitions IAM accepts in a Resource.
var partitions = []string{"aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"}

// iamResourceTypes are the resource types an IAM ARN may name.
var iamResourceTypes = []string{
	"user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/",
	"server-certificate/", "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/",
	"report/", "access-report/",
}

// s3RegionalTypes are the S3 resource types whose ARNs carry a region.
var s3RegionalTypes = []string{"accesspoint/", "access-grants/", "job/", "storage-lens/", "storage-lens-group/", "async-request/"}

// checkResourceFormats checks Resource then NotResource of each statement,
// as IAM does: it remembers the first format problem but keeps going, and a
// resource that fails IAM's older ("legacy") parser fails at once. The
// remembered problem is reported after legacy parsing succeeds.
func checkResourceFormats(doc *Document) error {
	var first *Error
	for i := range doc.Statements {
		st := &doc.Statements[i]
		for _, list := range []Strings{st.Resource, st.NotResource} {
			if !list.Present {
				continue
			}
			values := slices.Clone(list.Values)
			// IAM examines a list's resources in reverse lexical order; the
			// order decides which message a document with several bad
			// resources gets.
			slices.Sort(values)
			slices.Reverse(values)
			for _, r := range values {
				if msg := resourceFormatProblem(r); msg != "" && first == nil {
					first = newError(i, msg)
				}
			}
			if first == nil {
				for _, r := range values {
					if !legacyResourceOK(r) {
						return &Error{Message: MsgLegacyParsing, Detail: fmt.Sprintf("resource %q", r), Statement: i}
					}
				}
			}
		}
	}
	if first != nil {
		return first
	}
	return nil
}

// legacyResourceOK is IAM's older resource check: an ARN-like resource with
// an empty section must have all six sections, and its service section must
// not be empty.
func legacyResourceOK(r string) bool {
	if r == "*" {
		return true
	}
	if strings.Count(r, ":") < 5 && strings.Contains(r, "::") {
		return false
	}
	parts := strings.Split(r, ":")
	return len(parts) > 2 && parts[2] != ""
}

// resourceFormatProblem returns IAM's message for a malformed Resource, or "".
func resourceFormatProblem(r string) string {
	if r == "*" {
		return ""
	}
	_, rest, found := strings.Cut(r, ":")
	if !found {
		return fmt.Sprintf(msgResourceNotARNFmt, r)
	}
	partition, rest, found := strings.Cut(rest, ":")
	if partition != "*" && !slices.Contains(partitions, partition) {
		return partitionProblem(partition, rest)
	}
	if !found {
		return MsgVendorRegex
	}
	service, afterService, _ := strings.Cut(rest, ":")
	_, afterRegion, _ := strings.Cut(afterService, ":")
	_, resourceID, _ := strings.Cut(afterRegion, ":")
	hasRegion := !strings.HasPrefix(afterService, ":")
	switch service {
	case "iam":
		if hasRegion {
			return fmt.Sprintf(msgIAMRegionFmt, r)
		}
		if resourceID != "root" && !strings.HasPrefix(resourceID, "*") &&
			!slices.ContainsFunc(iamResourceTypes, func(p string) bool { return strings.HasPrefix(resourceID, p) }) {
			return fmt.Sprintf(msgIAMPathFmt, strings.Join(iamResourceTypes, ", "))
		}
	case "s3":
		if hasRegion && !slices.ContainsFunc(s3RegionalTypes, func(p string) bool { return strings.HasPrefix(resourceID, p) }) {
			return fmt.Sprintf(msgS3RegionFmt, r)
		}
	}
	return ""
}

// partitionProblem formats IAM's message for an unknown partition, which
// quotes the resource padded to six sections with "*".
func partitionProblem(partition, rest string) string {
	parts := strings.Split(rest, ":")
	at := func(i int) string {
		if i < len(parts) && (parts[i] != "" || i > 0 || len(parts) > 1) {
			return parts[i]
		}
		return "*"
	}
	last := "*"
	if len(parts) > 3 {
		last = strings.Join(parts[3:], ":")
	}
	return fmt.Sprintf(msgPartitionFmt, partition, partition, at(0), at(1), at(2), last)
}
