package oidc

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// unreachableError marks a failure to talk to the issuer at all (DNS,
// connection, TLS handshake, timeout), which AWS reports as
// IDPCommunicationError rather than InvalidIdentityToken.
type unreachableError struct{ err error }

func (e *unreachableError) Error() string { return "oidc: issuer unreachable: " + e.err.Error() }
func (e *unreachableError) Unwrap() error { return e.err }

// errBodyTooLarge is returned while reading a response over the size limit.
var errBodyTooLarge = errors.New("oidc: response body too large")

// newHTTPClient builds the client for discovery and JWKS fetches: https
// only (unless allowHTTP, for tests), TLS 1.2 or later against roots (the
// system's when nil), bounded in time and in response size, at most three
// redirects, none to plain http.
func newHTTPClient(roots *x509.CertPool, timeout time.Duration, maxBody int64, allowHTTP bool) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	base := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConnsPerHost:   4,
		IdleConnTimeout:       90 * time.Second,
	}
	return &http.Client{
		Timeout:   timeout,
		Transport: &guardedTransport{base: base, maxBody: maxBody, allowHTTP: allowHTTP},
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 3 {
				return errors.New("oidc: too many redirects")
			}
			return nil
		},
	}
}

// guardedTransport refuses non-https URLs, marks transport failures as
// unreachableError and caps response bodies.
type guardedTransport struct {
	base      http.RoundTripper
	maxBody   int64
	allowHTTP bool
}

func (g *guardedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" && !(g.allowHTTP && req.URL.Scheme == "http") {
		return nil, fmt.Errorf("oidc: refusing to fetch %s: not https", req.URL.Redacted())
	}
	resp, err := g.base.RoundTrip(req)
	if err != nil {
		return nil, &unreachableError{err: err}
	}
	resp.Body = &limitedBody{rc: resp.Body, left: g.maxBody}
	return resp, nil
}

// limitedBody fails a read that goes past the limit instead of silently
// truncating, so an oversized JWKS is an error, never a partial key set.
type limitedBody struct {
	rc   io.ReadCloser
	left int64
}

func (b *limitedBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// Probe one byte: exactly at the limit with nothing more is fine.
		var one [1]byte
		n, err := b.rc.Read(one[:])
		if n > 0 {
			return 0, errBodyTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.rc.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitedBody) Close() error { return b.rc.Close() }

// isUnreachable reports whether err (or a context deadline) says the
// issuer could not be reached.
func isUnreachable(err error) bool {
	var u *unreachableError
	return errors.As(err, &u) || errors.Is(err, context.DeadlineExceeded)
}
