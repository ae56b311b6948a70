package policy

import "fmt"

// CodeMalformedPolicyDocument is the AWS error code of every validation
// error (HTTP 400). Services map *Error to it.
const CodeMalformedPolicyDocument = "MalformedPolicyDocument"

// AWS's MalformedPolicyDocument messages. Sources: moto's
// iam/policy_validation.py, whose messages were checked against IAM, and
// error reports quoting IAM (aws-cdk #7615, kops #4951, cfn-lint #708,
// localstack #6644, terraform-aws-modules #603).
const (
	MsgSyntax                = "Syntax errors in policy."
	MsgVersionTooOld         = "Policy document must be version 2012-10-17 or greater."
	MsgLegacyParsing         = "The policy failed legacy parsing"
	MsgSidNotUnique          = "Statement IDs (SID) in a single policy must be unique."
	MsgSidNotAlphanumeric    = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*"
	MsgMissingActions        = "Policy statement must contain actions."
	MsgMissingResources      = "Policy statement must contain resources."
	MsgActionNoVendor        = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
	MsgActionTwoColons       = "Actions/Condition can contain only one colon."
	MsgPrincipalNotAllowed   = "Policy document should not specify a principal."
	MsgResourceProhibited    = "Has prohibited field Resource."
	MsgMissingPrincipal      = "Missing required field Principal"
	MsgVendorRegex           = "Resource vendor must be fully qualified and cannot contain regexes."
	MsgTrustActions          = "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity"
	msgVendorNotValidFmt     = "Vendor %s is not valid"
	msgResourceNotARNFmt     = "Resource %s must be in ARN format or \"*\"."
	msgPartitionFmt          = "Partition \"%s\" is not valid for resource \"arn:%s:%s:%s:%s:%s\"."
	msgIAMRegionFmt          = "IAM resource %s cannot contain region information."
	msgS3RegionFmt           = "Resource %s can not contain region information."
	msgIAMPathFmt            = "IAM resource path must either be \"*\" or start with %s."
	msgInvalidPrincipalFmt   = "Invalid principal in policy: \"%s\":\"%s\""
	msgInvalidConditionOpFmt = "Invalid Condition type : %s"
)

// Error is a validation or parse failure carrying AWS's exact message.
// Message is what AWS sends; Detail is a longer explanation for logs and
// tools and is never sent to clients. Statement is the index of the
// offending statement, or -1.
type Error struct {
	Message   string
	Detail    string
	Statement int
}

func (e *Error) Error() string {
	if e.Detail != "" {
		return "policy: " + e.Message + " (" + e.Detail + ")"
	}
	return "policy: " + e.Message
}

// Code returns the AWS error code, MalformedPolicyDocument.
func (e *Error) Code() string { return CodeMalformedPolicyDocument }

func newError(stmt int, msg string) *Error { return &Error{Message: msg, Statement: stmt} }

func syntaxError(stmt int, format string, args ...any) *Error {
	return &Error{Message: MsgSyntax, Detail: fmt.Sprintf(format, args...), Statement: stmt}
}
