package authzapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/authn"
	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/sigv4"
)

// Action is what a calling service's policies must allow.
const Action = "iamd:Authorize"

// KeyLookup resolves the access key (and, for temporary credentials, the
// session token) a request was signed with, exactly as iamd's front door
// does, so that the end users of a service authenticate as they do with
// iamd itself. It returns AWS's errors (InvalidClientTokenId,
// ExpiredToken) for keys it refuses.
type KeyLookup func(ctx context.Context, c *sigv4.Credentials) (*authn.Identity, error)

// Config wires a Handler.
type Config struct {
	Keys     KeyLookup
	Enforcer *permissions.Enforcer
	// Now is the clock of signature checks; nil is time.Now.
	Now          func() time.Time
	NewRequestID func() (string, error)
	Logger       *slog.Logger
	// MaxBodyBytes bounds the call's body; default 1 MiB.
	MaxBodyBytes int64
	// Messages seals the authorization failure messages that denials
	// carry for sts:DecodeAuthorizationMessage; nil sends none.
	Messages MessageSealer
	// Auditor records every call in the audit trail; nil records none.
	Auditor Auditor
}

// MessageSealer encodes a decoded authorization message.
type MessageSealer interface {
	SealMessage(decoded []byte) (string, error)
}

// Handler serves POST /iamd/authorize/v1.
type Handler struct {
	cfg Config
	// caller verifies the calling service's own signature (scope "iamd");
	// endUser verifies the forwarded request (any scope, S3's paths,
	// unsigned payloads).
	caller, endUser *sigv4.Verifier
	policies        *policyCache
	evidence        sync.Pool
}

// New builds the handler.
func New(cfg Config) *Handler {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.NewRequestID == nil {
		cfg.NewRequestID = func() (string, error) { return "", nil }
	}
	return &Handler{
		cfg: cfg,
		caller: sigv4.NewVerifier(sigv4.WithClock(cfg.Now),
			sigv4.WithScope(func(_ *http.Request, _, _ string) (bool, string) {
				return true, authzclient.SigningName
			})),
		endUser: sigv4.NewVerifier(sigv4.WithClock(cfg.Now), sigv4.WithUnsignedPayload(true),
			sigv4.WithSingleEncodedPath(sigv4.S3Paths)),
		policies: newPolicyCache(),
		evidence: sync.Pool{New: func() any { return new(authz.Evidence) }},
	}
}

// ServeHTTP answers one call.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID, err := h.cfg.NewRequestID()
	if err != nil {
		h.writeError(r.Context(), w, requestID, err)
		return
	}
	w.Header().Set("x-amzn-RequestId", requestID)
	ctx := r.Context()
	call := &callRecord{at: h.cfg.Now().UTC()}
	resp, err := h.serve(ctx, w, r, call)
	call.decision = resp
	h.record(ctx, r, requestID, call, err)
	if err != nil {
		h.writeError(ctx, w, requestID, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(resp); err != nil {
		h.cfg.Logger.ErrorContext(ctx, "authorization API: write response", "request_id", requestID, "err", err)
	}
}

// serve runs the call's steps; an error is a failure of the call itself.
func (h *Handler) serve(ctx context.Context, w http.ResponseWriter, r *http.Request, call *callRecord) (*authzclient.Decision, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, awserr.New("RequestEntityTooLarge", http.StatusRequestEntityTooLarge,
				"Request body is larger than the service accepts.")
		}
		return nil, errSerialization("The request body could not be read.")
	}
	caller, callerCreds, err := h.authenticate(ctx, h.caller, r, payloadOf(body))
	if err != nil {
		call.caller = caller
		call.keyID, call.region = signingKeyOf(r)
		return nil, callerAuthError(err)
	}
	call.caller, call.keyID, call.region = caller, callerCreds.AccessKeyID, callerCreds.Region
	in, err := decodeRequest(body)
	if err != nil {
		return nil, err
	}
	call.params = &authorizeParameters{Action: in.Action, Resource: in.Resource, ResourceAccount: in.ResourceAccount}
	err = h.cfg.Enforcer.Authorize(ctx, &service.AuthzRequest{
		Principal: caller, Action: Action, Resource: in.Resource,
		SourceIP: peerIP(r), UserAgent: r.UserAgent(), SecureTransport: r.TLS != nil, Region: callerCreds.Region,
	})
	if err != nil {
		return nil, err
	}
	resPolicy, err := h.policies.get(in.ResourcePolicy)
	if err != nil {
		return nil, err
	}
	keys, err := contextKeys(in.Context)
	if err != nil {
		return nil, err
	}
	endReq, err := rebuild(&in.Request)
	if err != nil {
		return nil, err
	}

	user, userCreds, err := h.authenticate(ctx, h.endUser, endReq, payload{hash: endUserPayloadHash(endReq, in.Request.PayloadHash), hashed: true})
	if err != nil {
		var refusal *awserr.Error
		if !errors.As(err, &refusal) {
			return nil, err
		}
		return &authzclient.Decision{
			Decision: authzclient.ImplicitDeny, MatchedStatements: []authzclient.Statement{},
			Error: &authzclient.RequestError{Code: refusal.Code, Message: refusal.Message, Status: refusal.Status},
		}, nil
	}

	call.params.Principal = user.ARN
	userReq := &service.AuthzRequest{
		Principal: user, Action: in.Action, Resource: in.Resource,
		SourceIP: in.Request.SourceIP, UserAgent: endReq.UserAgent(), SecureTransport: in.Request.SecureTransport,
		Region: userCreds.Region, Keys: keys,
	}
	ain, err := h.cfg.Enforcer.Input(ctx, userReq)
	if err != nil {
		return nil, err
	}
	ain.Resource = resPolicy
	ain.ResourceAccount = in.ResourceAccount
	if ain.ResourceAccount == "" {
		ain.ResourceAccount = caller.AccountID
	}
	ev := h.evidence.Get().(*authz.Evidence)
	defer h.evidence.Put(ev)
	d := authz.DecideVerbose(ain, ev)
	out := decisionOf(d, user, in, ev)
	if !d.Allowed && h.cfg.Messages != nil {
		if out.EncodedMessage, err = h.encodeMessage(userReq, ain, d); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// encodeMessage seals the decision's explanation, as DecodeAuthorizationMessage
// will show it.
func (h *Handler) encodeMessage(req *service.AuthzRequest, in *authz.Input, d authz.Decision) (string, error) {
	decoded, err := json.Marshal(permissions.NewAuthorizationMessage(req, in, d))
	if err != nil {
		return "", fmt.Errorf("authzapi: encode authorization message: %w", err)
	}
	encoded, err := h.cfg.Messages.SealMessage(decoded)
	if err != nil {
		return "", fmt.Errorf("authzapi: seal authorization message: %w", err)
	}
	return encoded, nil
}

// payload is a body, or only its hash.
type payload struct {
	body   []byte
	hash   string
	hashed bool
}

func payloadOf(body []byte) payload { return payload{body: body} }

// errDevAccepted stops verification of a key development mode accepts with
// any secret, as the front door does.
var errDevAccepted = errors.New("development mode: unissued access key accepted")

// authenticate verifies r with v and resolves its principal. On failure it
// still returns the owner of a known key, for the audit trail only.
func (h *Handler) authenticate(ctx context.Context, v *sigv4.Verifier, r *http.Request, p payload) (*principal.Principal, *sigv4.Credentials, error) {
	var identity *authn.Identity
	secret := func(ctx context.Context, c *sigv4.Credentials) (string, error) {
		id, err := h.cfg.Keys(ctx, c)
		if err != nil {
			return "", err
		}
		identity = id
		if id.SkipVerify {
			return "", errDevAccepted
		}
		return id.Secret, nil
	}
	var creds *sigv4.Credentials
	var err error
	if p.hashed {
		creds, err = v.VerifyHash(ctx, r, p.hash, secret)
	} else {
		creds, err = v.Verify(ctx, r, p.body, secret)
	}
	switch {
	case err == nil:
		return identity.Principal, creds, nil
	case errors.Is(err, errDevAccepted) && identity != nil:
		return identity.Principal, &sigv4.Credentials{AccessKeyID: identity.Principal.AccessKeyID, Region: regionOf(r)}, nil
	case identity != nil:
		// The key exists but the signature is wrong: the principal is
		// named for the audit event, never authenticated.
		return identity.Principal, nil, err
	default:
		return nil, nil, err
	}
}

// regionOf reads the region of a header signature's credential scope
// (development mode verified nothing, so nothing else names it).
func regionOf(r *http.Request) string {
	_, region := signingKeyOf(r)
	return region
}

// signingKeyOf reads the access key ID and region a header signature
// claims, for the event of a call that failed authentication.
func signingKeyOf(r *http.Request) (keyID, region string) {
	h, err := sigv4.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return "", ""
	}
	parts := strings.Split(h.Credential, "/")
	if len(parts) != 5 {
		return "", ""
	}
	return parts[0], parts[2]
}

// peerIP is the calling service's address.
func peerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// endUserPayloadHash is the payload hash the end user signed. A presigned
// S3 URL signs UNSIGNED-PAYLOAD whatever the body, unless its query names
// a hash (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
func endUserPayloadHash(r *http.Request, given string) string {
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") == "" || q.Get("X-Amz-Content-Sha256") != "" {
		return given
	}
	// AKID/DATE/REGION/SERVICE/aws4_request
	parts := strings.Split(q.Get("X-Amz-Credential"), "/")
	if len(parts) == 5 && sigv4.S3Paths(parts[3]) {
		return authzclient.UnsignedPayload
	}
	return given
}
