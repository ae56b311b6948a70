// Package sigv4 verifies AWS Signature Version 4, the way AWS's Query and
// JSON services (IAM, STS, Organizations, Identity Center) do, so that the
// AWS CLI, boto3 and the SDKs authenticate against iamd unchanged.
//
// # Flow
//
// Verify takes the request and the body the gateway already read:
//
//  1. Form. An Authorization header starting "AWS4-", or a presigned query
//     (X-Amz-Algorithm present), never both. Neither is
//     MissingAuthenticationToken. A header's Credential, SignedHeaders and
//     Signature and an X-Amz-Date or Date header are required; a presigned
//     query's Algorithm, Credential, Signature, SignedHeaders and Date are.
//     AWS's IncompleteSignature names every missing part at once.
//  2. Time. The signature's date must be within 15 minutes of the clock
//     either way; a presigned URL with X-Amz-Expires instead lives from its
//     date for that many seconds (at most 604800), and may not be dated more
//     than 15 minutes ahead.
//  3. Host must be a signed header; the algorithm must be AWS4-HMAC-SHA256
//     (SigV4a is refused); the credential must be
//     AKID/yyyymmdd/region/service/aws4_request, dated on the request's day,
//     in a region and for a service the endpoint serves (see WithScope).
//  4. The canonical request is rebuilt from exactly the headers the client
//     listed, in its order; the path is URI-encoded a second time, as AWS
//     does for every service but S3; the query is decoded, re-encoded and
//     sorted; the payload hash is the body's SHA-256.
//  5. The caller's SecretFunc looks the access key (and session token) up.
//     The derived signing key is cached per key ID, date, region and
//     service, tied to a hash of the secret it came from.
//  6. The HMAC of the string to sign is compared in constant time.
//
// Errors are *awserr.Error values with AWS's codes and messages. The Query
// services send SignatureDoesNotMatch (HTTP 403) for a signature outside the
// skew window, with messages such as "Signature expired: 20150830T123600Z is
// now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)"; a presigned
// URL past its X-Amz-Expires is RequestExpired. The JSON services call
// SignatureDoesNotMatch InvalidSignatureException: the protocol layer renames
// it.
//
// References:
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
//   - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html
//   - https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
package sigv4
