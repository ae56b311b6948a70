package awserr

// SigV4 verification errors that need AWS's specific messages. The Query
// services (IAM, STS) report a bad credential scope, a signature outside the
// clock-skew window and an unsigned Host header as SignatureDoesNotMatch with
// a message naming the problem, for example
// "Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html

// SignatureDoesNotMatchWith is SignatureDoesNotMatch with one of AWS's
// specific messages in place of the generic one.
func SignatureDoesNotMatchWith(msg string) *Error {
	return New("SignatureDoesNotMatch", 403, msg)
}
