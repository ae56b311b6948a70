package iam

// Messages of the SSH key, certificate and service-specific credential
// operations. Where AWS's exact text is not published, the text is the
// description the IAM API Reference gives for the error code (its
// Errors section of each operation); those marked "own" are iamd's,
// patterned on IAM's messages for access keys.
const (
	// Own, patterned on msgAccessKeyNotFound.
	msgSSHPublicKeyNotFound       = "The Public Key with id %s cannot be found."
	msgSigningCertificateNotFound = "The Certificate with id %s cannot be found."
	msgServiceCredentialNotFound  = "The Service Specific Credential with id %s cannot be found."
	// AWS's, as reported by AWS users (e.g. aws/aws-cli issues).
	msgServerCertificateNotFound = "The Server Certificate with name %s cannot be found."
	msgServerCertificateExists   = "The Server Certificate with name %s already exists."

	// API Reference descriptions of the error codes.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSSHPublicKey.html
	msgInvalidPublicKey      = "The request was rejected because the public key is malformed or otherwise invalid."
	msgUnrecognizedPublicKey = "The request was rejected because the public key encoding format is unsupported or unrecognized."
	msgDuplicateSSHPublicKey = "The request was rejected because the SSH public key is already associated with the specified IAM user."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadSigningCertificate.html
	msgInvalidCertificate   = "The request was rejected because the certificate is invalid."
	msgDuplicateCertificate = "The request was rejected because the same certificate is associated with an IAM user in the account."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UploadServerCertificate.html
	msgKeyPairMismatch    = "The request was rejected because the public key certificate and the private key do not match."
	msgCertificateExpired = "The request was rejected because the certificate was malformed or expired."
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateServiceSpecificCredential.html
	msgServiceNotSupported = "The specified service does not support service-specific credentials."

	// AWS's MalformedCertificate texts, as AWS sends them (quoted in
	// openshift/openshift-ansible#11214 and go-acme/lego#304).
	msgMalformedCertificate = "Unable to parse certificate. Please ensure the certificate is in PEM format."
	msgMalformedChain       = "Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: %d"
	// Own, patterned on msgMalformedCertificate.
	msgMalformedPrivateKey = "Unable to parse private key. Please ensure the private key is in PEM format."

	// DeleteUser's conflicts for these credentials. Own, in the pattern
	// of AWS's "Cannot delete entity, must delete access keys first.";
	// the DeleteUser page lists them among what must go first.
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteUser.html
	msgMustDeleteSigningCertificates = "Cannot delete entity, must delete signing certificates first."
	msgMustDeleteSSHPublicKeys       = "Cannot delete entity, must delete SSH public keys first."
	msgMustDeleteServiceCredentials  = "Cannot delete entity, must delete service specific credentials first."
	// msgMustDeleteMFADevice is AWS's, as quoted in public client code.
	msgMustDeleteMFADevice = "Cannot delete entity, must delete MFA device first."
)

// Quotas of these credentials, named as AWS's quota page names them, with
// AWS's default values.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const (
	quotaSSHPublicKeysPerUser         = "SSHPublicKeysPerUser"
	quotaSigningCertificatesPerUser   = "SigningCertificatesPerUser"
	quotaServerCertificatesPerAccount = "ServerCertificatesPerAccount"
	quotaServiceCredentialsPerService = "ServiceSpecificCredentialsPerUserPerService"

	maxSSHPublicKeysPerUser         = 5
	maxSigningCertificatesPerUser   = 2
	maxServerCertificatesPerAccount = 20
	maxServiceCredentialsPerService = 2
)
