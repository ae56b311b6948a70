package awserr

// STS's own error codes, from the STS API reference's Errors sections
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Errors).

// PackedPolicyTooLarge reports session policies and tags whose packed form
// exceeds STS's limit; AWS's message gives the percentage used, as in
// "Packed policy consumes 157% of allotted space, please use smaller policy."
func PackedPolicyTooLarge(percent int) *Error {
	return Newf("PackedPolicyTooLarge", 400,
		"Packed policy consumes %d%% of allotted space, please use smaller policy.", percent)
}

// InvalidAuthorizationMessage reports an EncodedMessage that
// DecodeAuthorizationMessage cannot decode.
func InvalidAuthorizationMessage(msg string) *Error {
	return New("InvalidAuthorizationMessageException", 400, msg)
}
