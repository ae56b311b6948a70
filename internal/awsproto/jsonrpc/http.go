package jsonrpc

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
)

// ContentType is the media type of JSON 1.1 requests and responses.
const ContentType = "application/x-amz-json-1.1"

// Header names, as AWS spells them (net/http canonicalizes them on the wire
// to X-Amzn-Requestid; clients read headers case-insensitively).
const (
	headerTarget    = "X-Amz-Target"
	headerRequestID = "x-amzn-RequestId"
	headerErrorType = "x-amzn-ErrorType"
)

// Target splits the X-Amz-Target header, "Prefix.Operation", at its last
// dot: CloudTrail's prefix itself holds dots
// ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"). ok is false
// when the header is missing or either part is empty.
func Target(r *http.Request) (prefix, operation string, ok bool) {
	t := r.Header.Get(headerTarget)
	i := strings.LastIndexByte(t, '.')
	if i <= 0 || i == len(t)-1 {
		return "", "", false
	}
	return t[:i], t[i+1:], true
}

// WriteResponse writes out (a pointer to an output struct, or nil) as a 200
// response. The body is encoded before anything is written, so on an
// encoding error the caller can still send an error response.
func WriteResponse(w http.ResponseWriter, requestID string, out any) error {
	bp := getBuffer()
	defer putBuffer(bp)
	body, err := appendBody((*bp)[:0], out)
	if err != nil {
		return fmt.Errorf("jsonrpc: write response: %w", err)
	}
	*bp = body // keep the grown buffer
	return write(w, http.StatusOK, requestID, body)
}

// WriteError writes err with its HTTP status, x-amzn-ErrorType header and
// {"__type","message"} body. A nil err is written as InternalFailure.
func WriteError(w http.ResponseWriter, requestID string, err *awserr.Error) error {
	if err == nil {
		err = awserr.InternalFailure()
	}
	status := err.Status
	if status == 0 {
		status = http.StatusInternalServerError
	}
	b := make([]byte, 0, 64+len(err.Code)+len(err.Message))
	b = append(b, `{"__type":`...)
	b = appendString(b, err.Code)
	b = append(b, `,"message":`...)
	b = appendString(b, err.Message)
	b = append(b, '}')
	w.Header().Set(headerErrorType, err.Code)
	return write(w, status, requestID, b)
}

func write(w http.ResponseWriter, status int, requestID string, body []byte) error {
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set(headerRequestID, requestID)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if _, err := w.Write(body); err != nil {
		return fmt.Errorf("jsonrpc: write body: %w", err)
	}
	return nil
}
