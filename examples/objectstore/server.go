package main

import (
	"encoding/xml"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"

	"github.com/iamd/iamd/authzclient"
)

// maxObjectBytes bounds an object: the store keeps everything in memory.
const maxObjectBytes = 16 << 20

// server is an in-memory object store whose API IAM policies protect.
type server struct {
	iamd *authzclient.Client
	log  *slog.Logger

	mu       sync.RWMutex
	objects  map[string][]byte // "bucket/key" -> data
	policies map[string]string // bucket -> bucket policy
}

func newServer(iamd *authzclient.Client, log *slog.Logger) *server {
	return &server{iamd: iamd, log: log, objects: map[string][]byte{}, policies: map[string]string{}}
}

// operation is what a request asks for, in IAM's terms.
type operation struct {
	action, resource, bucket, key string
	policy                        bool // the ?policy subresource
}

// route maps a request onto an S3 action and resource ARN:
// PUT|GET|DELETE /BUCKET/KEY for objects, PUT|GET|DELETE /BUCKET?policy for
// the bucket policy.
func route(r *http.Request) (operation, bool) {
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if bucket == "" {
		return operation{}, false
	}
	if _, ok := r.URL.Query()["policy"]; ok && key == "" {
		actions := map[string]string{"PUT": "s3:PutBucketPolicy", "GET": "s3:GetBucketPolicy", "DELETE": "s3:DeleteBucketPolicy"}
		a, ok := actions[r.Method]
		return operation{action: a, resource: "arn:aws:s3:::" + bucket, bucket: bucket, policy: true}, ok
	}
	if key == "" {
		return operation{}, false
	}
	actions := map[string]string{"PUT": "s3:PutObject", "GET": "s3:GetObject", "DELETE": "s3:DeleteObject"}
	a, ok := actions[r.Method]
	return operation{action: a, resource: "arn:aws:s3:::" + bucket + "/" + key, bucket: bucket, key: key}, ok
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := route(r)
	if !ok {
		writeError(w, http.StatusMethodNotAllowed, "MethodNotAllowed", "The specified method is not allowed against this resource.")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxObjectBytes))
	if err != nil {
		writeError(w, http.StatusBadRequest, "IncompleteBody", "The request body could not be read.")
		return
	}
	s.mu.RLock()
	bucketPolicy := s.policies[op.bucket]
	s.mu.RUnlock()

	// One round trip to iamd: who signed this, and may they?
	d, err := s.iamd.Authorize(r.Context(), r, authzclient.HashPayload(body), op.action, op.resource,
		authzclient.WithResourcePolicy(bucketPolicy))
	if err != nil {
		s.log.Error("authorization API", "err", err)
		var apiErr *authzclient.APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode < 500 {
			// This service's own credentials or permission are wrong.
			writeError(w, http.StatusInternalServerError, "InternalError", "The service is not allowed to authorize requests.")
			return
		}
		writeError(w, http.StatusServiceUnavailable, "ServiceUnavailable", "Authorization is unavailable.")
		return
	}
	if d.Error != nil {
		writeError(w, d.Error.Status, d.Error.Code, d.Error.Message)
		return
	}
	if !d.Allowed() {
		writeError(w, http.StatusForbidden, "AccessDenied", d.Reason)
		return
	}
	s.log.Info("allowed", "principal", d.Principal.ARN, "action", op.action, "resource", op.resource)
	if op.policy {
		s.servePolicy(w, r, op, body)
		return
	}
	s.serveObject(w, r, op, body)
}

func (s *server) serveObject(w http.ResponseWriter, r *http.Request, op operation, body []byte) {
	name := op.bucket + "/" + op.key
	switch r.Method {
	case http.MethodPut:
		s.mu.Lock()
		s.objects[name] = body
		s.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	case http.MethodGet:
		s.mu.RLock()
		data, ok := s.objects[name]
		s.mu.RUnlock()
		if !ok {
			writeError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(data)
	case http.MethodDelete:
		s.mu.Lock()
		delete(s.objects, name)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *server) servePolicy(w http.ResponseWriter, r *http.Request, op operation, body []byte) {
	switch r.Method {
	case http.MethodPut:
		s.mu.Lock()
		s.policies[op.bucket] = string(body)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case http.MethodGet:
		s.mu.RLock()
		p, ok := s.policies[op.bucket]
		s.mu.RUnlock()
		if !ok {
			writeError(w, http.StatusNotFound, "NoSuchBucketPolicy", "The bucket policy does not exist")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, p)
	case http.MethodDelete:
		s.mu.Lock()
		delete(s.policies, op.bucket)
		s.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
}

// s3Error is S3's XML error body.
type s3Error struct {
	XMLName xml.Name `xml:"Error"`
	Code    string   `xml:"Code"`
	Message string   `xml:"Message"`
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	if status == 0 {
		status = http.StatusForbidden
	}
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, xml.Header)
	_ = xml.NewEncoder(w).Encode(s3Error{Code: code, Message: msg})
}
