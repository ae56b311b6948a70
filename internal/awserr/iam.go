package awserr

// IAM's error codes, with the statuses of botocore's IAM model.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Operations.html
// Messages are formatted by callers with AWS's own templates.

// NoSuchEntity: the named entity does not exist.
func NoSuchEntity(format string, args ...any) *Error {
	return Newf("NoSuchEntity", 404, format, args...)
}

// EntityAlreadyExists: an entity of that name already exists.
func EntityAlreadyExists(format string, args ...any) *Error {
	return Newf("EntityAlreadyExists", 409, format, args...)
}

// LimitExceeded: a quota would be exceeded.
func LimitExceeded(format string, args ...any) *Error {
	return Newf("LimitExceeded", 409, format, args...)
}

// DeleteConflict: the entity still has subordinate entities.
func DeleteConflict(format string, args ...any) *Error {
	return Newf("DeleteConflict", 409, format, args...)
}

// MalformedPolicyDocument: a policy document is not valid.
func MalformedPolicyDocument(format string, args ...any) *Error {
	return Newf("MalformedPolicyDocument", 400, format, args...)
}

// InvalidInput: a parameter is not valid.
func InvalidInput(format string, args ...any) *Error {
	return Newf("InvalidInput", 400, format, args...)
}

// UnmodifiableEntity: the entity (an AWS managed policy, a service-linked role) cannot be changed.
func UnmodifiableEntity(format string, args ...any) *Error {
	return Newf("UnmodifiableEntity", 400, format, args...)
}

// PolicyNotAttachable: the policy cannot be attached (e.g. a service-linked role policy).
func PolicyNotAttachable(format string, args ...any) *Error {
	return Newf("PolicyNotAttachable", 400, format, args...)
}

// ConcurrentModification: another request changed the entity at the same time.
func ConcurrentModification(format string, args ...any) *Error {
	return Newf("ConcurrentModification", 409, format, args...)
}

// PasswordPolicyViolation: the password does not meet the account's policy.
func PasswordPolicyViolation(format string, args ...any) *Error {
	return Newf("PasswordPolicyViolation", 400, format, args...)
}

// ServiceFailure: the service failed in a way it could report.
func ServiceFailure(format string, args ...any) *Error {
	return Newf("ServiceFailure", 500, format, args...)
}
