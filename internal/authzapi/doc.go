// Package authzapi is iamd's authorization API for other self-hosted
// services: an S3-compatible store, an internal API. Such a service receives
// requests its clients signed with SigV4 and IAM credentials issued by iamd;
// it forwards what it received to iamd, which authenticates the end user,
// evaluates IAM policies and answers in one round trip. On a warm cache the
// answer reads no database: access keys (authn) and policy sets
// (permissions) are cached per store generation, resource policies per
// document.
//
// # Endpoint
//
//	POST /iamd/authorize/v1
//	Content-Type: application/json
//
// The call itself is signed with SigV4 for the service name "iamd" (any
// region), with the calling service's own iamd credentials, and the caller's
// policies must allow the action "iamd:Authorize" on the resource the call
// asks about (so a service can be confined to "arn:aws:s3:::*", say). Root
// credentials of an account are allowed, as everywhere.
//
// # Request body
//
//	{
//	  "request": {
//	    "method": "PUT",
//	    "path": "/photos/2026/cat%20one.jpg",        // as sent: still escaped
//	    "query": "x-id=PutObject",                     // raw, without '?'
//	    "headers": {"Host": ["objects.example:9000"],   // every header, Host too
//	                "Authorization": ["AWS4-HMAC-SHA256 Credential=..."],
//	                "X-Amz-Date": ["20261123T100000Z"], ...},
//	    "payloadHash": "<hex SHA-256 of the body>" | "UNSIGNED-PAYLOAD",
//	    "sourceIp": "192.0.2.7",                       // optional: aws:SourceIp
//	    "secureTransport": true                        // optional: aws:SecureTransport
//	  },
//	  "action": "s3:PutObject",
//	  "resource": "arn:aws:s3:::photos/2026/cat one.jpg",
//	  "resourcePolicy": {"Version": "2012-10-17", "Statement": [...]},   // optional
//	  "resourceAccount": "111122223333",               // optional
//	  "context": [{"key": "s3:x-amz-acl", "type": "string", "values": ["private"]}]
//	}
//
// Unknown fields are refused: a misspelt "resourcePolicy" silently dropped
// would drop its Deny statements too. The context types are the policy
// simulator's ContextKeyType values (string, numeric, boolean, date, ip,
// binary, each also as a List); values are checked against their type. Keys
// iamd derives from the authenticated principal or its own clock
// (aws:PrincipalArn, aws:userid, aws:CurrentTime, ...) cannot be supplied.
// resourceAccount defaults to the calling service's own account: a service
// protects its own resources, and principals of other accounts then need a
// resource policy that lets them in, as in AWS.
//
// # What iamd does
//
//  1. Authenticates the call (SigV4, service "iamd") and authorizes
//     iamd:Authorize for the caller.
//  2. Rebuilds the end user's *http.Request and verifies its signature with
//     internal/sigv4: any service in the credential scope, the region as
//     given, S3's singly-encoded path for "s3", the body known only by
//     payloadHash (the calling service vouches for it: it must hash the
//     body it received, or refuse UNSIGNED-PAYLOAD if it cares). The access
//     key is looked up as the front door looks it up.
//  3. Decides with internal/authz: the principal's identity policies and
//     permissions boundary, the resource policy, and AWS's cross-account
//     rules when resourceAccount is not the principal's account. The request
//     context carries aws:SourceIp, aws:SecureTransport, aws:UserAgent,
//     aws:RequestedRegion (the signature's region), the principal's keys and
//     tags, and the given context entries.
//
// # Response
//
// HTTP 200 whenever the call itself was good, whatever the end user's fate:
//
//	{
//	  "principal": {"arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333",
//	                "userId": "AIDA...", "type": "IAMUser", "accessKeyId": "AKIA..."},
//	  "decision": "Allow" | "ExplicitDeny" | "ImplicitDeny",
//	  "reason": "User: arn:aws:iam::111122223333:user/alice is not authorized to perform: ...",
//	  "matchedStatements": [{"policyType": "identity-based policy", "policy": "ReadPhotos",
//	                         "statement": 0, "sid": "Read", "effect": "Allow"}]
//	}
//
// reason is AWS's AccessDenied message for a denial and "" for Allow. When
// the end user's request does not authenticate, the answer is still HTTP
// 200, with decision "ImplicitDeny", no principal and AWS's error:
//
//	{"decision": "ImplicitDeny", "reason": "", "matchedStatements": [],
//	 "error": {"code": "SignatureDoesNotMatch", "message": "The request signature we calculated does not match ...", "status": 403}}
//
// Failures of the call itself use AWS's JSON error shape,
// {"__type": "...", "message": "..."}, with the request ID in
// x-amzn-RequestId: 401 when the calling service's own signature fails
// (InvalidSignatureException, UnrecognizedClientException,
// MissingAuthenticationTokenException, IncompleteSignatureException,
// ExpiredTokenException), 403 AccessDeniedException when its policies do
// not allow iamd:Authorize, 400 for a malformed call (ValidationException,
// MalformedPolicyDocumentException, SerializationException) and 500
// InternalFailure. 401 is iamd's choice where AWS says 403: it lets a
// service tell its own broken credentials from a missing grant.
package authzapi
