// Package gateway is iamd's HTTP front door. For every request it runs the
// pipeline of ARCHITECTURE.md: read the form, authenticate, find the
// operation in its service's registry, decode and validate the typed input,
// authorize, invoke, and encode the output or the error in the protocol's
// shape. It holds no domain logic and no SQL.
package gateway

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
	"github.com/iamd/iamd/internal/awsproto/query"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// Service is one AWS service served by the gateway, in the Query protocol
// (IAM, STS) or the JSON 1.1 protocol (CloudTrail).
type Service struct {
	// Name is the SigV4 signing name ("iam", "sts", "cloudtrail").
	Name       string
	APIVersion string
	Registry   *service.Registry
	// Protocol is ProtocolQuery (the default) or ProtocolJSON.
	Protocol Protocol

	// Query protocol: the namespace of the XML responses, and the element
	// that wraps an operation's result ("CreateUserResult"), "" when it
	// has none.
	XMLNamespace  string
	ResultWrapper func(operation string) string

	// JSON protocol: the prefix of the X-Amz-Target header
	// ("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101").
	TargetPrefix string
}

// Protocol is an AWS wire protocol.
type Protocol int

const (
	// ProtocolQuery is AWS's Query protocol: form-encoded requests, XML
	// responses.
	ProtocolQuery Protocol = iota
	// ProtocolJSON is AWS's JSON 1.1 protocol: the operation in the
	// X-Amz-Target header, JSON bodies both ways.
	ProtocolJSON
)

// Auditor writes the audit trail (audit.Recorder).
type Auditor interface {
	// Record stores the event of a request that changed nothing.
	Record(ctx context.Context, req *audit.Request)
	// Transact runs a mutating operation so that its changes and its
	// event commit together, and records the event of its failure.
	Transact(ctx context.Context, req *audit.Request, invoke func(ctx context.Context) (any, error)) (any, error)
}

// Authenticate verifies a request's signature and returns its principal and
// the service and region named in the signature's credential scope.
type Authenticate func(ctx context.Context, r *http.Request, body []byte) (p *principal.Principal, service, region string, err error)

// Authorizer decides whether a request may proceed; it returns nil or an
// AccessDenied error in AWS's words.
type Authorizer interface {
	Authorize(ctx context.Context, req *service.AuthzRequest) error
}

// Config wires a gateway.
type Config struct {
	Services     []Service
	Authenticate Authenticate
	Authorizer   Authorizer
	NewRequestID func() (string, error)
	Logger       *slog.Logger
	// MaxBodyBytes bounds request bodies; IAM's largest inputs (policy
	// documents, certificates) are far below the default of 1 MiB.
	MaxBodyBytes int64
	// Authenticated, if set, hears of every signed request for an existing
	// operation, before authorization (AWS's last accessed data counts
	// attempts, denied or not): the principal, the signing scope's service
	// and region, and the operation's name. It runs on the request path,
	// so it must only note the fact in memory.
	Authenticated func(p *principal.Principal, service, region, operation string)
	// Auditor records every request; nil records nothing (tests of the
	// pipeline alone).
	Auditor Auditor
	// Now is the clock of event times; nil is time.Now.
	Now func() time.Time
}

// noAudit is the Auditor of a gateway configured without one.
type noAudit struct{}

func (noAudit) Record(context.Context, *audit.Request) {}

func (noAudit) Transact(ctx context.Context, _ *audit.Request, invoke func(ctx context.Context) (any, error)) (any, error) {
	return invoke(ctx)
}

// Gateway is an http.Handler serving the configured services.
type Gateway struct {
	cfg       Config
	byService map[string]*Service
	byAction  map[string]*Service
	byTarget  map[string]*Service
}

// New builds a gateway.
func New(cfg Config) *Gateway {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Auditor == nil {
		cfg.Auditor = noAudit{}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	g := &Gateway{cfg: cfg, byService: map[string]*Service{}, byAction: map[string]*Service{}, byTarget: map[string]*Service{}}
	for i := range cfg.Services {
		svc := &g.cfg.Services[i]
		g.byService[svc.Name] = svc
		if svc.Protocol == ProtocolJSON {
			g.byTarget[svc.TargetPrefix] = svc
			continue
		}
		for _, name := range svc.Registry.Names() {
			if _, taken := g.byAction[name]; !taken {
				g.byAction[name] = svc
			}
		}
	}
	return g
}

// ServeHTTP runs one request through the pipeline. Every request, however
// it ends, is recorded in the audit trail.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := g.cfg.Now()
	requestID, err := g.cfg.NewRequestID()
	if err != nil {
		g.cfg.Logger.Error("request ID", "err", err)
		http.Error(w, "internal failure", http.StatusInternalServerError)
		return
	}
	w.Header().Set("x-amzn-RequestId", requestID)
	ctx := r.Context()
	eventID, err := g.cfg.NewRequestID()
	if err != nil {
		g.cfg.Logger.Error("event ID", "err", err)
		http.Error(w, "internal failure", http.StatusInternalServerError)
		return
	}
	rec := &audit.Request{
		EventID: eventID, RequestID: requestID, Time: start, SourceIP: sourceIP(r), UserAgent: r.UserAgent(),
	}

	req, err := g.readRequest(w, r)
	svc := req.svc
	rec.Service, rec.Operation = svc.Name, truncate(req.action, maxEventNameLength)
	if err != nil {
		g.fail(ctx, w, svc, rec, err)
		return
	}

	p, signedService, region, err := g.cfg.Authenticate(ctx, r, req.body)
	signed := err == nil
	if err != nil {
		// An unsigned call of an operation that needs no credentials goes
		// on anonymously; every other authentication failure is final.
		op, ok := svc.Registry.Lookup(req.action)
		if !ok || !op.Anonymous || !awserr.Is(err, "MissingAuthenticationToken") {
			// What authentication learnt of the caller is for the
			// audit trail only.
			rec.Principal = p
			g.fail(ctx, w, svc, rec, err)
			return
		}
		p = &principal.Principal{Type: principal.Anonymous}
		signedService, region = svc.Name, ""
	}
	if s, ok := g.byService[signedService]; ok && s.Protocol == svc.Protocol {
		svc = s
		rec.Service = svc.Name
	}
	rec.Principal, rec.Region = p, region
	facts := service.RequestFacts{
		SourceIP: rec.SourceIP, UserAgent: rec.UserAgent, SecureTransport: r.TLS != nil, Region: region,
	}

	if req.action == "" {
		g.fail(ctx, w, svc, rec, awserr.MissingAction())
		return
	}
	op, ok := svc.Registry.Lookup(req.action)
	if !ok {
		g.fail(ctx, w, svc, rec, unknownOperation(svc, req.action))
		return
	}
	if signed && g.cfg.Authenticated != nil {
		g.cfg.Authenticated(p, svc.Name, region, op.Name)
	}

	in := op.NewInput()
	if err := g.decode(svc, req, in); err != nil {
		rec.ReadOnly = op.ReadOnly
		g.fail(ctx, w, svc, rec, err)
		return
	}
	out, err := g.run(ctx, op, p, facts, in, rec)
	if err != nil {
		g.writeError(ctx, w, svc, requestID, err)
		return
	}
	g.writeResponse(ctx, w, svc, op, requestID, out)
}

// Call runs one operation for a caller someone else authenticated (the web
// console, for the person signed in): validation, authorization,
// invocation and the audit trail exactly as for a signed request. Errors
// are AWS's, as a client would have received them.
func (g *Gateway) Call(ctx context.Context, p *principal.Principal, facts service.RequestFacts, serviceName, operation string, in any) (any, error) {
	svc, ok := g.byService[serviceName]
	if !ok {
		return nil, fmt.Errorf("gateway: no service %q", serviceName)
	}
	op, ok := svc.Registry.Lookup(operation)
	if !ok {
		return nil, unknownOperation(svc, operation)
	}
	if in == nil {
		// Operations without parameters may take an input type the
		// caller cannot name.
		in = op.NewInput()
	}
	requestID, err := g.cfg.NewRequestID()
	if err != nil {
		return nil, fmt.Errorf("gateway: request ID: %w", err)
	}
	eventID, err := g.cfg.NewRequestID()
	if err != nil {
		return nil, fmt.Errorf("gateway: event ID: %w", err)
	}
	rec := &audit.Request{
		EventID: eventID, RequestID: requestID, Time: g.cfg.Now(), Service: svc.Name, Operation: op.Name,
		SourceIP: facts.SourceIP, UserAgent: facts.UserAgent, Region: facts.Region, Principal: p, Console: true,
	}
	if g.cfg.Authenticated != nil {
		g.cfg.Authenticated(p, svc.Name, facts.Region, op.Name)
	}
	out, err := g.run(ctx, op, p, facts, in, rec)
	if err != nil {
		var awsErr *awserr.Error
		if !errors.As(err, &awsErr) {
			g.cfg.Logger.ErrorContext(ctx, "internal failure", "request_id", requestID, "err", err)
			return nil, awserr.InternalFailure()
		}
		return nil, awsErr
	}
	return out, nil
}

// run validates, authorizes and invokes a decoded operation and records
// its event: in the same transaction as its change when it mutates.
func (g *Gateway) run(ctx context.Context, op *service.Operation, p *principal.Principal, facts service.RequestFacts, in any, rec *audit.Request) (any, error) {
	ctx = principal.WithContext(ctx, p)
	ctx = service.WithRequestFacts(ctx, facts)
	rec.Operation, rec.ReadOnly, rec.Input = op.Name, op.ReadOnly, in
	if op.Resource != nil {
		rec.Resource = op.Resource(p, in)
	}
	failed := func(err error) (any, error) {
		rec.Err = audit.AsAWSError(err)
		g.cfg.Auditor.Record(ctx, rec)
		return nil, err
	}
	if v, ok := in.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return failed(err)
		}
	}
	if !op.Unauthorized {
		req := &service.AuthzRequest{
			Principal:       p,
			Action:          op.Action(),
			Resource:        "*",
			SourceIP:        facts.SourceIP,
			UserAgent:       facts.UserAgent,
			SecureTransport: facts.SecureTransport,
			Region:          facts.Region,
		}
		if rec.Resource != "" {
			req.Resource = rec.Resource
		}
		if op.ContextKeys != nil {
			req.Keys = op.ContextKeys(in)
		}
		if err := g.cfg.Authorizer.Authorize(ctx, req); err != nil {
			return failed(err)
		}
	}
	if op.ReadOnly {
		out, err := op.Invoke(ctx, in)
		if err != nil {
			return failed(err)
		}
		g.cfg.Auditor.Record(ctx, rec)
		return out, nil
	}
	// Transact records the event of a failed call itself.
	return g.cfg.Auditor.Transact(ctx, rec, func(ctx context.Context) (any, error) { return op.Invoke(ctx, in) })
}

// fail answers a request that ended before its operation ran, and records
// it.
func (g *Gateway) fail(ctx context.Context, w http.ResponseWriter, svc *Service, rec *audit.Request, err error) {
	rec.Err = audit.AsAWSError(err)
	g.cfg.Auditor.Record(ctx, rec)
	g.writeError(ctx, w, svc, rec.RequestID, err)
}

// maxEventNameLength bounds what a client's unknown Action puts in the
// audit trail.
const maxEventNameLength = 128

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// request is what the gateway reads of a request before authenticating it.
type request struct {
	body []byte
	// svc is the service that owns the requested operation (for the Query
	// protocol, until authentication names the service), and action the
	// operation's name as sent.
	svc    *Service
	action string
	// form holds the Query protocol's parameters.
	form url.Values
}

// readRequest reads the body and finds the operation: in X-Amz-Target for
// the JSON protocol; in the Action parameter of the Query protocol's form
// body, or query string for a GET (presigned requests carry both signature
// and parameters there).
func (g *Gateway) readRequest(w http.ResponseWriter, r *http.Request) (*request, error) {
	req := &request{form: r.URL.Query()}
	if prefix, operation, ok := jsonrpc.Target(r); ok {
		if svc, known := g.byTarget[prefix]; known {
			req.svc, req.action = svc, operation
			body, err := g.readBody(w, r)
			req.body = body
			return req, err
		}
	}
	req.action = req.form.Get("Action")
	req.svc = g.serviceForAction(req.action)
	body, err := g.readBody(w, r)
	req.body = body
	if err != nil {
		return req, err
	}
	if r.Method == http.MethodPost && len(body) > 0 {
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mediaType == "" || mediaType == "application/x-www-form-urlencoded" {
			bodyForm, err := url.ParseQuery(string(body))
			if err != nil {
				return req, awserr.New("MalformedQueryString", http.StatusBadRequest,
					"The request body is not a valid form: "+strings.SplitN(err.Error(), ":", 2)[0])
			}
			for k, vs := range bodyForm {
				req.form[k] = append(req.form[k], vs...)
			}
			// The body's Action decides, as AWS reads it.
			req.action = req.form.Get("Action")
			req.svc = g.serviceForAction(req.action)
		}
	}
	return req, nil
}

func (g *Gateway) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.cfg.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, awserr.New("RequestEntityTooLarge", http.StatusRequestEntityTooLarge,
				"Request body is larger than the service accepts.")
		}
		return nil, awserr.New("MalformedQueryString", http.StatusBadRequest, "The request body could not be read.")
	}
	return body, nil
}

// decode fills the operation's typed input from the request, in the
// service's protocol.
func (g *Gateway) decode(svc *Service, req *request, in any) error {
	if svc.Protocol == ProtocolJSON {
		return jsonrpc.Decode(req.body, in)
	}
	return query.Decode(req.form, in)
}

func (g *Gateway) writeResponse(ctx context.Context, w http.ResponseWriter, svc *Service, op *service.Operation, requestID string, out any) {
	var err error
	if svc.Protocol == ProtocolJSON {
		err = jsonrpc.WriteResponse(w, requestID, out)
	} else {
		w.Header().Set("Content-Type", "text/xml")
		err = query.WriteResponse(w, op.Name, svc.ResultWrapper(op.Name), svc.XMLNamespace, requestID, out)
	}
	if err != nil {
		g.cfg.Logger.ErrorContext(ctx, "write response", "action", op.Action(), "request_id", requestID, "err", err)
	}
}

// sourceIP is the client's address (aws:SourceIp). iamd takes the TCP peer,
// not X-Forwarded-For, which any client could forge.
func sourceIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// serviceForAction finds the Query-protocol service with the action, or IAM.
func (g *Gateway) serviceForAction(action string) *Service {
	if s, ok := g.byAction[action]; ok {
		return s
	}
	if s, ok := g.byService["iam"]; ok {
		return s
	}
	return &g.cfg.Services[0]
}

// writeError serialises err in the service's ErrorResponse shape. Errors
// that are not AWS errors are logged with their cause and sent as
// InternalFailure, so no internal detail reaches a client.
func (g *Gateway) writeError(ctx context.Context, w http.ResponseWriter, svc *Service, requestID string, err error) {
	var awsErr *awserr.Error
	if !errors.As(err, &awsErr) {
		g.cfg.Logger.ErrorContext(ctx, "internal failure", "request_id", requestID, "err", err)
		awsErr = awserr.InternalFailure()
	}
	var werr error
	if svc.Protocol == ProtocolJSON {
		werr = jsonrpc.WriteError(w, requestID, awsErr)
	} else {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(awsErr.Status)
		werr = query.WriteError(w, svc.XMLNamespace, requestID, awsErr)
	}
	if werr != nil {
		g.cfg.Logger.ErrorContext(ctx, "write error response", "request_id", requestID, "err", werr)
	}
}

// unknownOperation is AWS's answer to an operation the service does not
// have, in the service's protocol.
func unknownOperation(svc *Service, name string) *awserr.Error {
	if svc.Protocol == ProtocolJSON {
		return awserr.New("UnknownOperationException", http.StatusBadRequest, "")
	}
	return invalidAction(name, svc.APIVersion)
}

// invalidAction is AWS's answer to an Action the service does not have.
func invalidAction(action, version string) *awserr.Error {
	return awserr.Newf("InvalidAction", http.StatusBadRequest,
		"Could not find operation %s for version %s", action, version)
}
