package awserr

// PolicyEvaluation: IAM's policy simulator could not evaluate a policy it
// was given (SimulateCustomPolicy, SimulatePrincipalPolicy); HTTP 500 in
// botocore's IAM model.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
func PolicyEvaluation(format string, args ...any) *Error {
	return Newf("PolicyEvaluation", 500, format, args...)
}
