package authzapi

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
)

// Auditor records one event per call (audit.Recorder): the audit trail
// holds every request iamd answers, and a call of this API is one.
type Auditor interface {
	Record(ctx context.Context, req *audit.Request)
}

// auditOperation is the call's eventName; its eventSource is
// iamd.amazonaws.com, after the signing name the calling service uses.
const auditOperation = "Authorize"

// authorizeParameters are the requestParameters of a call's event: what
// was asked, never the forwarded request, whose headers carry the end
// user's signature and session token.
type authorizeParameters struct {
	Action          string
	Resource        string
	ResourceAccount string
	// Principal is the end user the forwarded request authenticated as.
	Principal string
}

// callRecord gathers what a call's event tells as the call proceeds.
type callRecord struct {
	at       time.Time
	caller   *principal.Principal
	keyID    string
	region   string
	params   *authorizeParameters
	decision *authzclient.Decision
}

// record writes the call's event; err is the call's own failure.
func (h *Handler) record(ctx context.Context, r *http.Request, requestID string, c *callRecord, err error) {
	if h.cfg.Auditor == nil {
		return
	}
	eventID, idErr := h.cfg.NewRequestID()
	if idErr != nil || eventID == "" {
		eventID = requestID
	}
	req := &audit.Request{
		EventID: eventID, RequestID: requestID, Time: c.at, Service: authzclient.SigningName, Operation: auditOperation,
		ReadOnly: true, Region: c.region, SourceIP: peerIP(r), UserAgent: r.UserAgent(),
		Principal: c.caller, AccessKeyID: c.keyID,
	}
	if c.params != nil {
		req.Resource = c.params.Resource
		req.Input = c.params
	}
	// A read-only event has no responseElements, as CloudTrail writes
	// them; the decision, what an auditor looks for, goes in
	// additionalEventData.
	if d := c.decision; d != nil {
		req.AdditionalEventData = map[string]any{"decision": d.Decision}
		if d.Error != nil {
			req.AdditionalEventData["authenticationError"] = d.Error.Code
		}
	}
	if err != nil {
		var e *awserr.Error
		if !errors.As(err, &e) {
			e = awserr.InternalFailure()
		}
		req.Err = e
	}
	h.cfg.Auditor.Record(ctx, req)
}
