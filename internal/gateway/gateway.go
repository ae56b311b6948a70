// Package gateway is iamd's HTTP front door. For every request it runs the
// pipeline of ARCHITECTURE.md: read the form, authenticate, find the
// operation in its service's registry, decode and validate the typed input,
// authorize, invoke, and encode the output or the error in the protocol's
// shape. It holds no domain logic and no SQL.
package gateway

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/query"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
)

// Service is one AWS Query-protocol service served by the gateway.
type Service struct {
	// Name is the SigV4 signing name ("iam", "sts").
	Name         string
	APIVersion   string
	XMLNamespace string
	Registry     *service.Registry
	// ResultWrapper names the element that wraps an operation's result
	// ("CreateUserResult"), "" when it has none.
	ResultWrapper func(operation string) string
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
}

// Gateway is an http.Handler serving the configured services.
type Gateway struct {
	cfg       Config
	byService map[string]*Service
	byAction  map[string]*Service
}

// New builds a gateway.
func New(cfg Config) *Gateway {
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = 1 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	g := &Gateway{cfg: cfg, byService: map[string]*Service{}, byAction: map[string]*Service{}}
	for i := range cfg.Services {
		svc := &g.cfg.Services[i]
		g.byService[svc.Name] = svc
		for _, name := range svc.Registry.Names() {
			if _, taken := g.byAction[name]; !taken {
				g.byAction[name] = svc
			}
		}
	}
	return g
}

// ServeHTTP runs one request through the pipeline.
func (g *Gateway) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	requestID, err := g.cfg.NewRequestID()
	if err != nil {
		g.cfg.Logger.Error("request ID", "err", err)
		http.Error(w, "internal failure", http.StatusInternalServerError)
		return
	}
	w.Header().Set("x-amzn-RequestId", requestID)
	ctx := r.Context()

	body, form, err := g.readForm(w, r)
	// Until authentication names the service, errors are reported in the
	// namespace of the service that owns the requested action.
	svc := g.serviceForAction(form.Get("Action"))
	if err != nil {
		g.writeError(ctx, w, svc, requestID, err)
		return
	}

	p, signedService, region, err := g.cfg.Authenticate(ctx, r, body)
	signed := err == nil
	if err != nil {
		// An unsigned call of an operation that needs no credentials goes
		// on anonymously; every other authentication failure is final.
		op, ok := svc.Registry.Lookup(form.Get("Action"))
		if !ok || !op.Anonymous || !awserr.Is(err, "MissingAuthenticationToken") {
			g.writeError(ctx, w, svc, requestID, err)
			return
		}
		p = &principal.Principal{Type: principal.Anonymous}
		signedService, region = svc.Name, ""
	}
	if s, ok := g.byService[signedService]; ok {
		svc = s
	}
	ctx = principal.WithContext(ctx, p)
	facts := service.RequestFacts{
		SourceIP: sourceIP(r), UserAgent: r.UserAgent(), SecureTransport: r.TLS != nil, Region: region,
	}
	ctx = service.WithRequestFacts(ctx, facts)

	action := form.Get("Action")
	if action == "" {
		g.writeError(ctx, w, svc, requestID, awserr.MissingAction())
		return
	}
	op, ok := svc.Registry.Lookup(action)
	if !ok {
		g.writeError(ctx, w, svc, requestID, invalidAction(action, svc.APIVersion))
		return
	}
	if signed && g.cfg.Authenticated != nil {
		g.cfg.Authenticated(p, svc.Name, region, op.Name)
	}

	in := op.NewInput()
	if err := query.Decode(form, in); err != nil {
		g.writeError(ctx, w, svc, requestID, err)
		return
	}
	if v, ok := in.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			g.writeError(ctx, w, svc, requestID, err)
			return
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
		if op.Resource != nil {
			req.Resource = op.Resource(p, in)
		}
		if op.ContextKeys != nil {
			req.Keys = op.ContextKeys(in)
		}
		if err := g.cfg.Authorizer.Authorize(ctx, req); err != nil {
			g.writeError(ctx, w, svc, requestID, err)
			return
		}
	}

	out, err := op.Invoke(ctx, in)
	if err != nil {
		g.writeError(ctx, w, svc, requestID, err)
		return
	}
	w.Header().Set("Content-Type", "text/xml")
	if err := query.WriteResponse(w, op.Name, svc.ResultWrapper(op.Name), svc.XMLNamespace, requestID, out); err != nil {
		g.cfg.Logger.Error("write response", "action", op.Action(), "request_id", requestID, "err", err)
	}
}

// readForm reads the Query protocol's parameters: the form body of a POST,
// or the query string of a GET (presigned requests carry both signature and
// parameters there).
func (g *Gateway) readForm(w http.ResponseWriter, r *http.Request) ([]byte, url.Values, error) {
	form := r.URL.Query()
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, g.cfg.MaxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, form, awserr.New("RequestEntityTooLarge", http.StatusRequestEntityTooLarge,
				"Request body is larger than the service accepts.")
		}
		return nil, form, awserr.New("MalformedQueryString", http.StatusBadRequest, "The request body could not be read.")
	}
	if r.Method == http.MethodPost && len(body) > 0 {
		mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if mediaType == "" || mediaType == "application/x-www-form-urlencoded" {
			bodyForm, err := url.ParseQuery(string(body))
			if err != nil {
				return body, form, awserr.New("MalformedQueryString", http.StatusBadRequest,
					"The request body is not a valid form: "+strings.SplitN(err.Error(), ":", 2)[0])
			}
			for k, vs := range bodyForm {
				form[k] = append(form[k], vs...)
			}
		}
	}
	return body, form, nil
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
	w.Header().Set("Content-Type", "text/xml")
	w.WriteHeader(awsErr.Status)
	if werr := query.WriteError(w, svc.XMLNamespace, requestID, awsErr); werr != nil {
		g.cfg.Logger.ErrorContext(ctx, "write error response", "request_id", requestID, "err", werr)
	}
}

// invalidAction is AWS's answer to an Action the service does not have.
func invalidAction(action, version string) *awserr.Error {
	return awserr.Newf("InvalidAction", http.StatusBadRequest,
		"Could not find operation %s for version %s", action, version)
}
