package awserr

// InvalidUserType: the caller is not the kind of user the operation is for
// (ChangePassword by a root user or a role session).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html
func InvalidUserType(format string, args ...any) *Error {
	return Newf("InvalidUserType", 400, format, args...)
}

// EntityTemporarilyUnmodifiable: the entity cannot be changed now; a later
// retry may succeed.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ChangePassword.html
func EntityTemporarilyUnmodifiable(format string, args ...any) *Error {
	return Newf("EntityTemporarilyUnmodifiable", 409, format, args...)
}
