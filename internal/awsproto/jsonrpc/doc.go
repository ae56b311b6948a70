// Package jsonrpc is the AWS JSON 1.1 protocol codec (botocore's "json"
// protocol, Smithy's awsJson1_1), as CloudTrail speaks it: it decodes
// request bodies into typed input structs and writes outputs and errors as
// AWS sends them. It holds no domain logic.
//
// # Struct tags
//
// A field's json tag names its member (botocore's member name); options
// after a comma are ignored, and a field tagged "-", or unexported, is
// skipped. The service shapes use time.Time for timestamps and []byte for
// blobs, so that the services, which must not import this package, need no
// wire types. The codec therefore walks the shapes itself instead of handing
// them to encoding/json, whose time.Time is an RFC 3339 string.
//
// # Wire formats and their sources
//
//   - A request is a POST whose X-Amz-Target header is
//     "<targetPrefix>.<Operation>" and whose body is one JSON object of the
//     input's members (botocore/serialize.py, JSONSerializer). An empty body
//     is an empty input. Unknown members are ignored, so that a client with a
//     newer model still works.
//   - Timestamps are epoch seconds as JSON numbers (botocore's
//     "unixtimestamp" format), whole or with a fraction (botocore sends
//     milliseconds when asked to). Decode also accepts, leniently, an ISO 8601
//     string. Encoding writes whole seconds, with up to three fractional
//     digits when the time has milliseconds. Blobs are base64.
//   - Responses are 200 with Content-Type application/x-amz-json-1.1, the
//     x-amzn-RequestId header and the output's members as one JSON object.
//     An absent member is not written: a nil pointer, slice, map or
//     interface, an empty string or a zero time. A non-nil empty slice is
//     written as [], as AWS writes lists it always returns (LookupEvents'
//     Events). Numbers and booleans that may be absent must be pointers.
//   - Errors carry the error's HTTP status, the x-amzn-ErrorType header and
//     the body {"__type":"Code","message":"..."}; botocore's
//     BaseJSONParser._do_error_parse reads the code from __type (dropping any
//     "namespace#" prefix or ":url" suffix) and the message from "message"
//     or "Message".
//   - A body that is not JSON, or whose members have the wrong JSON type, is
//     SerializationException (HTTP 400), the error AWS JSON services and
//     Smithy's awsJson1_1 servers return for undeserializable input.
package jsonrpc
