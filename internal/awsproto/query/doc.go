// Package query is the AWS Query protocol codec of IAM and STS: it decodes
// form-encoded requests into the generated input structs and writes outputs
// and errors as the XML documents AWS sends. It holds no domain logic.
//
// # Struct tags
//
// The generated shapes carry two tags:
//
//	query:"Name[,flattened][,member=Elem][,key=K][,value=V][,policydoc][,required]"
//	xml:"Name"
//
// Name is the member's wire name (botocore's locationName, else the member
// name); the xml tag names the response element, and the layout options of
// the query tag apply to both directions, as botocore's QuerySerializer and
// QueryParser read the same model traits. For lists, flattened drops the
// ".member" level (Name.N, or <Name> repeated) and member= renames it; for
// maps, flattened drops ".entry" and key=/value= rename the entry's
// children. policydoc marks members of the model's policyDocumentType:
// they are written percent-encoded, as IAM returns policy documents (and as
// boto3's json_decode_policies and the AWS CLI undo), and read as sent.
// required marks members the model requires: an empty required
// string, list or map is still written, as <Users></Users>, so that SDKs
// find the key. The xml tag carries no options so that it stays valid for
// encoding/xml, vet and staticcheck. A field without either tag, or tagged
// "-", is ignored.
//
// # Wire formats and their sources
//
//   - Requests follow botocore's QuerySerializer (botocore/serialize.py):
//     scalars by name, lists Name.member.N (1-based), flattened lists Name.N,
//     maps Name.entry.N.key/.value, nested structures Outer.Inner, booleans
//     true/false, timestamps ISO 8601, blobs base64. Unknown parameters are
//     ignored, as AWS ignores them. An unparsable scalar is AWS's
//     InvalidParameterValue ("An invalid or out-of-range value was supplied
//     for the input parameter", IAM API Reference, Common Errors).
//   - Responses are <OpResponse xmlns=...><OpResult>...</OpResult>
//     <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata>
//     </OpResponse>, lists as <member> elements, maps as <entry><key/><value/>.
//   - Timestamps are written as 2006-01-02T15:04:05Z (UTC, whole seconds), as
//     IAM's responses and the AWS CLI's captured STS outputs show. The STS
//     API reference's hand-written samples show milliseconds
//     (2011-07-15T23:28:33.359Z), so the format is an Encoder option.
//   - Errors are <ErrorResponse xmlns=...><Error><Type/><Code/><Message/>
//     </Error><RequestId/></ErrorResponse>, the shape botocore's QueryParser
//     reads for IAM and STS.
//   - Policy documents are returned percent-encoded; see EncodePolicyDocument.
package query
