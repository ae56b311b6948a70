package awserr

import "net/http"

// IAM's error codes, with the statuses of botocore's IAM model.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
// Messages are formatted by callers with AWS's own templates.

// NoSuchEntity: the named entity does not exist.
func NoSuchEntity(format string, args ...any) *Error {
	return Newf("NoSuchEntity", http.StatusNotFound, format, args...)
}

// EntityAlreadyExists: an entity of that name already exists.
func EntityAlreadyExists(format string, args ...any) *Error {
	return Newf("EntityAlreadyExists", http.StatusConflict, format, args...)
}

// LimitExceeded: a quota would be exceeded.
func LimitExceeded(format string, args ...any) *Error {
	return Newf("LimitExceeded", http.StatusConflict, format, args...)
}

// DeleteConflict: the entity still has subordinate entities.
func DeleteConflict(format string, args ...any) *Error {
	return Newf("DeleteConflict", http.StatusConflict, format, args...)
}

// MalformedPolicyDocument: a policy document is not valid.
func MalformedPolicyDocument(format string, args ...any) *Error {
	return Newf("MalformedPolicyDocument", http.StatusBadRequest, format, args...)
}

// InvalidInput: a parameter is not valid.
func InvalidInput(format string, args ...any) *Error {
	return Newf("InvalidInput", http.StatusBadRequest, format, args...)
}

// UnmodifiableEntity: the entity (an AWS managed policy, a service-linked role) cannot be changed.
func UnmodifiableEntity(format string, args ...any) *Error {
	return Newf("UnmodifiableEntity", http.StatusBadRequest, format, args...)
}

// PolicyNotAttachable: the policy cannot be attached (e.g. a service-linked role policy).
func PolicyNotAttachable(format string, args ...any) *Error {
	return Newf("PolicyNotAttachable", http.StatusBadRequest, format, args...)
}

// ConcurrentModification: another request changed the entity at the same time.
func ConcurrentModification(format string, args ...any) *Error {
	return Newf("ConcurrentModification", http.StatusConflict, format, args...)
}

// PasswordPolicyViolation: the password does not meet the account's policy.
func PasswordPolicyViolation(format string, args ...any) *Error {
	return Newf("PasswordPolicyViolation", http.StatusBadRequest, format, args...)
}

// ServiceFailure: the service failed in a way it could report.
func ServiceFailure(format string, args ...any) *Error {
	return Newf("ServiceFailure", http.StatusInternalServerError, format, args...)
}
