package authzapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/iamd/iamd/internal/awserr"
)

// jsonCodes are the names AWS's JSON protocol gives the Query protocol's
// authentication and authorization errors
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html).
var jsonCodes = map[string]string{
	"SignatureDoesNotMatch":      "InvalidSignatureException",
	"InvalidClientTokenId":       "UnrecognizedClientException",
	"MissingAuthenticationToken": "MissingAuthenticationTokenException",
	"IncompleteSignature":        "IncompleteSignatureException",
	"ExpiredToken":               "ExpiredTokenException",
	"RequestExpired":             "InvalidSignatureException",
	"AccessDenied":               "AccessDeniedException",
	"ValidationError":            "ValidationException",
	"InvalidInput":               "ValidationException",
	"MalformedPolicyDocument":    "MalformedPolicyDocumentException",
}

// callerAuthError marks a failure of the calling service's own signature:
// HTTP 401, so that it cannot be mistaken for a missing grant (403).
func callerAuthError(err error) error {
	var e *awserr.Error
	if !errors.As(err, &e) {
		return err // an internal failure: logged, never sent
	}
	c := *e
	c.Status = http.StatusUnauthorized
	return &c
}

// wireError is AWS's JSON error body.
type wireError struct {
	Type    string `json:"__type"`
	Message string `json:"message"`
}

// writeError sends err in AWS's JSON error shape. Anything that is not an
// AWS error is logged with its cause and sent as InternalFailure.
func (h *Handler) writeError(ctx context.Context, w http.ResponseWriter, requestID string, err error) {
	var e *awserr.Error
	if !errors.As(err, &e) {
		h.cfg.Logger.ErrorContext(ctx, "authorization API: internal failure", "request_id", requestID, "err", err)
		e = awserr.InternalFailure()
	}
	code := e.Code
	if c, ok := jsonCodes[code]; ok {
		code = c
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-ErrorType", code)
	w.WriteHeader(e.Status)
	if werr := json.NewEncoder(w).Encode(wireError{Type: code, Message: e.Message}); werr != nil {
		h.cfg.Logger.ErrorContext(ctx, "authorization API: write error", "request_id", requestID, "err", werr)
	}
}
