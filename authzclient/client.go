// Package authzclient calls iamd's authorization API from another Go
// service: give it the SigV4-signed request your service received, the
// action and the resource, and it answers who signed the request and
// whether IAM policies allow it, in one round trip.
//
//	c, err := authzclient.New("http://iamd:8080", authzclient.StaticCredentials{
//		AccessKeyID: "AKIA...", SecretAccessKey: "..."})
//	...
//	body, _ := io.ReadAll(r.Body)
//	d, err := c.Authorize(ctx, r, authzclient.HashPayload(body), "s3:GetObject",
//		"arn:aws:s3:::photos/cat.jpg", authzclient.WithResourcePolicy(bucketPolicy))
//	if err != nil { /* iamd unreachable, or this service's own credentials refused */ }
//	if !d.Allowed() { /* answer 403 with d.Reason, or d.Error for a bad signature */ }
//
// The calling service needs its own iamd credentials, and its policies must
// allow iamd:Authorize. The client needs nothing beyond the standard
// library; an aws.CredentialsProvider adapts through CredentialsFunc.
package authzclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Credentials are the calling service's own iamd credentials.
type Credentials struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string // for temporary credentials
}

// CredentialsProvider supplies credentials for each call, so that rotated
// or temporary ones are picked up.
type CredentialsProvider interface {
	Retrieve(ctx context.Context) (Credentials, error)
}

// StaticCredentials never change.
type StaticCredentials Credentials

// Retrieve returns the credentials.
func (s StaticCredentials) Retrieve(context.Context) (Credentials, error) { return Credentials(s), nil }

// CredentialsFunc adapts a function, such as one wrapping an
// aws.CredentialsProvider, to CredentialsProvider.
type CredentialsFunc func(ctx context.Context) (Credentials, error)

// Retrieve calls f.
func (f CredentialsFunc) Retrieve(ctx context.Context) (Credentials, error) { return f(ctx) }

// UnsignedPayload is the payload hash of a request whose client signed no
// body (S3 clients may).
const UnsignedPayload = "UNSIGNED-PAYLOAD"

// HashPayload is the payload hash of a body: its hex SHA-256.
func HashPayload(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// Client calls one iamd endpoint. It is safe for concurrent use.
type Client struct {
	url    string
	creds  CredentialsProvider
	http   *http.Client
	region string
	now    func() time.Time
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (timeouts, TLS, connection pool).
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithRegion sets the region of the call's signature; iamd accepts any.
func WithRegion(region string) Option { return func(c *Client) { c.region = region } }

// WithClock sets the clock that dates signatures.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// New makes a client of the iamd at endpoint ("http://127.0.0.1:8080").
func New(endpoint string, creds CredentialsProvider, opts ...Option) (*Client, error) {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("authzclient: endpoint %q is not an http(s) URL", endpoint)
	}
	if creds == nil {
		return nil, errors.New("authzclient: no credentials")
	}
	c := &Client{
		url:    strings.TrimRight(endpoint, "/") + Path,
		creds:  creds,
		http:   &http.Client{Timeout: 10 * time.Second},
		region: "us-east-1",
		now:    time.Now,
	}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// AuthorizeOption adds to one call.
type AuthorizeOption func(*AuthorizeRequest)

// WithResourcePolicy passes the resource's own policy document (JSON).
func WithResourcePolicy(doc string) AuthorizeOption {
	return func(r *AuthorizeRequest) {
		if doc != "" {
			r.ResourcePolicy = json.RawMessage(doc)
		}
	}
}

// WithResourceAccount names the account that owns the resource; without
// it, iamd takes the calling service's account.
func WithResourceAccount(accountID string) AuthorizeOption {
	return func(r *AuthorizeRequest) { r.ResourceAccount = accountID }
}

// WithContextKey adds a condition key; typ is a ContextEntry type
// ("string", "numericList", ...).
func WithContextKey(key, typ string, values ...string) AuthorizeOption {
	return func(r *AuthorizeRequest) {
		r.Context = append(r.Context, ContextEntry{Key: key, Type: typ, Values: values})
	}
}

// WithSourceIP overrides the end user's address (aws:SourceIp), which is
// otherwise the incoming request's peer: set it when a trusted proxy stands
// in between.
func WithSourceIP(ip string) AuthorizeOption {
	return func(r *AuthorizeRequest) { r.Request.SourceIP = ip }
}

// Authorize asks iamd whether the signed request r, which the service
// received with a body hashing to payloadHash (HashPayload, or
// UnsignedPayload), may perform action on resource. A Decision comes back
// for every request iamd could judge, including ones whose signature fails
// (Decision.Error); an error means the call itself failed: iamd
// unreachable, or an *APIError (this service's credentials or permission,
// a malformed call).
func (c *Client) Authorize(ctx context.Context, r *http.Request, payloadHash, action, resource string, opts ...AuthorizeOption) (*Decision, error) {
	in := AuthorizeRequest{Request: Describe(r, payloadHash), Action: action, Resource: resource}
	for _, o := range opts {
		o(&in)
	}
	return c.Do(ctx, &in)
}

// Do sends a request already in the wire format.
func (c *Client) Do(ctx context.Context, in *AuthorizeRequest) (*Decision, error) {
	body, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("authzclient: encode request: %w", err)
	}
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return nil, fmt.Errorf("authzclient: credentials: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("authzclient: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	sign(req, body, creds, c.region, c.now())
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("authzclient: call iamd: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("authzclient: read answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		apiErr := &APIError{StatusCode: resp.StatusCode}
		if json.Unmarshal(data, apiErr) != nil || apiErr.Type == "" {
			apiErr.Type = "HTTP" + strconv.Itoa(resp.StatusCode)
			apiErr.Message = strings.TrimSpace(string(data))
		}
		return nil, apiErr
	}
	var d Decision
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("authzclient: decode answer: %w", err)
	}
	return &d, nil
}

// Describe captures an incoming request in the wire format: the path and
// query exactly as they arrived, every header with Host and Content-Length
// (which net/http keeps outside the header map), the peer's address and
// whether TLS carried it.
func Describe(r *http.Request, payloadHash string) SignedRequest {
	path, query := r.URL.EscapedPath(), r.URL.RawQuery
	if strings.HasPrefix(r.RequestURI, "/") {
		// The request line as received: never re-encoded by net/url.
		path, query, _ = strings.Cut(r.RequestURI, "?")
	}
	headers := make(map[string][]string, len(r.Header)+2)
	for name, values := range r.Header {
		headers[name] = values
	}
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	headers["Host"] = []string{host}
	if _, ok := headers["Content-Length"]; !ok && r.ContentLength > 0 {
		headers["Content-Length"] = []string{strconv.FormatInt(r.ContentLength, 10)}
	}
	if _, ok := headers["Transfer-Encoding"]; !ok && len(r.TransferEncoding) > 0 {
		headers["Transfer-Encoding"] = []string{strings.Join(r.TransferEncoding, ",")}
	}
	sr := SignedRequest{
		Method: r.Method, Path: path, Query: query, Headers: headers,
		PayloadHash: payloadHash, SecureTransport: r.TLS != nil,
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		sr.SourceIP = host
	}
	if sr.Method == "" {
		sr.Method = http.MethodGet
	}
	return sr
}
