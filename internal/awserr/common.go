package awserr

// Errors common to every AWS Query and JSON service.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html

// AccessDenied: the caller is authenticated but not authorized.
func AccessDenied(msg string) *Error { return New("AccessDenied", 403, msg) }

// InvalidClientTokenID: the access key ID is not in our records.
func InvalidClientTokenID() *Error {
	return New("InvalidClientTokenId", 403,
		"The security token included in the request is invalid.")
}

// SignatureDoesNotMatch: the signature did not verify with the key's secret.
func SignatureDoesNotMatch() *Error {
	return New("SignatureDoesNotMatch", 403,
		"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
}

// IncompleteSignature: the Authorization header or presigned query is malformed.
func IncompleteSignature(msg string) *Error {
	return New("IncompleteSignature", 400, msg)
}

// MissingAuthenticationToken: no credentials at all.
func MissingAuthenticationToken() *Error {
	return New("MissingAuthenticationToken", 403,
		"Request is missing Authentication Token")
}

// RequestExpired: the request is outside the allowed clock-skew window.
func RequestExpired(msg string) *Error { return New("RequestExpired", 400, msg) }

// ExpiredToken: a session token past its expiration.
func ExpiredToken() *Error {
	return New("ExpiredToken", 403, "The security token included in the request is expired")
}

// MissingAction: the request has no Action parameter.
func MissingAction() *Error {
	return New("MissingAction", 400, "Missing Action")
}

// MissingParameter: a required parameter is absent.
func MissingParameter(name string) *Error {
	return Newf("MissingParameter", 400,
		"The request must contain the parameter %s", name)
}

// ValidationError: a parameter fails a constraint of the service model.
func ValidationError(msg string) *Error { return New("ValidationError", 400, msg) }

// InvalidParameterValue: a parameter's value cannot be interpreted.
func InvalidParameterValue(msg string) *Error {
	return New("InvalidParameterValue", 400, msg)
}

// Throttling: too many requests.
func Throttling(msg string) *Error { return New("Throttling", 400, msg) }
