package awserr

// IAM's codes for SSH public keys and X.509 certificates, each HTTP 400
// as the IAM API Reference's Errors section lists them:
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html

// DuplicateSSHPublicKey: the key is already associated with the user.
func DuplicateSSHPublicKey(msg string) *Error { return New("DuplicateSSHPublicKey", 400, msg) }

// InvalidPublicKey: the public key is malformed or otherwise invalid.
func InvalidPublicKey(msg string) *Error { return New("InvalidPublicKey", 400, msg) }

// UnrecognizedPublicKeyEncoding: the key's encoding is unsupported.
func UnrecognizedPublicKeyEncoding(msg string) *Error {
	return New("UnrecognizedPublicKeyEncoding", 400, msg)
}

// MalformedCertificate: the certificate is not a parsable X.509 certificate.
func MalformedCertificate(msg string) *Error { return New("MalformedCertificate", 400, msg) }

// InvalidCertificate: the certificate is invalid (expired, not yet valid).
func InvalidCertificate(msg string) *Error { return New("InvalidCertificate", 400, msg) }

// DuplicateCertificate: the certificate is already associated with a user.
func DuplicateCertificate(msg string) *Error { return New("DuplicateCertificate", 400, msg) }

// KeyPairMismatch: the private key does not match the certificate.
func KeyPairMismatch(msg string) *Error { return New("KeyPairMismatch", 400, msg) }

// NotSupportedService (HTTP 404): the service does not support
// service-specific credentials.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
func NotSupportedService(msg string) *Error { return New("NotSupportedService", 404, msg) }
