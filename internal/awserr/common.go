package awserr

import "net/http"

// Errors common to every AWS Query and JSON service.
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html

// AccessDenied: the caller is authenticated but not authorized.
func AccessDenied(msg string) *Error { return New("AccessDenied", http.StatusForbidden, msg) }

// InvalidClientTokenID: the access key ID is not in our records.
func InvalidClientTokenID() *Error {
	return New("InvalidClientTokenId", http.StatusForbidden,
		"The security token included in the request is invalid.")
}

// SignatureDoesNotMatch: the signature did not verify with the key's secret.
func SignatureDoesNotMatch() *Error {
	return New("SignatureDoesNotMatch", http.StatusForbidden,
		"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.")
}

// IncompleteSignature: the Authorization header or presigned query is malformed.
func IncompleteSignature(msg string) *Error {
	return New("IncompleteSignature", http.StatusBadRequest, msg)
}

// MissingAuthenticationToken: no credentials at all.
func MissingAuthenticationToken() *Error {
	return New("MissingAuthenticationToken", http.StatusForbidden,
		"Request is missing Authentication Token")
}

// RequestExpired: the request is outside the allowed clock-skew window.
func RequestExpired(msg string) *Error { return New("RequestExpired", http.StatusBadRequest, msg) }

// ExpiredToken: a session token past its expiration.
func ExpiredToken() *Error {
	return New("ExpiredToken", http.StatusForbidden, "The security token included in the request is expired")
}

// MissingAction: the request has no Action parameter.
func MissingAction() *Error {
	return New("MissingAction", http.StatusBadRequest, "Missing Action")
}

// MissingParameter: a required parameter is absent.
func MissingParameter(name string) *Error {
	return Newf("MissingParameter", http.StatusBadRequest,
		"The request must contain the parameter %s", name)
}

// ValidationError: a parameter fails a constraint of the service model.
func ValidationError(msg string) *Error { return New("ValidationError", http.StatusBadRequest, msg) }

// InvalidParameterValue: a parameter's value cannot be interpreted.
func InvalidParameterValue(msg string) *Error {
	return New("InvalidParameterValue", http.StatusBadRequest, msg)
}

// Throttling: too many requests.
func Throttling(msg string) *Error { return New("Throttling", http.StatusBadRequest, msg) }
