package sigv4

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// The canonical request, exactly as AWS builds it for services other than S3:
//
//	Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
//
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html

// queryPair is one query parameter, decoded, or (in scratch.enc) re-encoded.
type queryPair struct{ key, value string }

// scratch holds the buffers of one verification; they come from a pool so
// that the hot path allocates little.
type scratch struct {
	pairs []queryPair
	enc   []queryPair
	creq  []byte // the canonical request
	buf   []byte // the string to sign
	mac   []byte // HMAC's working space; never aliases buf
}

var scratchPool = sync.Pool{New: func() any {
	return &scratch{creq: make([]byte, 0, 1024), buf: make([]byte, 0, 256), mac: make([]byte, 0, 512)}
}}

func getScratch() *scratch { return scratchPool.Get().(*scratch) }

func putScratch(s *scratch) {
	// Do not keep huge buffers (a request with a giant query) alive forever.
	if cap(s.creq) > 64<<10 || cap(s.pairs) > 1024 {
		return
	}
	clear(s.pairs)
	clear(s.enc)
	scratchPool.Put(s)
}

// parseQuery splits a raw query on '&' and decodes each name and value as
// application/x-www-form-urlencoded ('+' is a space), the way the gateway
// reads parameters, so the signature covers what the operation will see.
// A malformed escape is kept literally rather than rejected: the signature
// then simply fails to match.
func (s *scratch) parseQuery(raw string) {
	s.pairs = s.pairs[:0]
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		s.pairs = append(s.pairs, queryPair{unescape(k), unescape(v)})
	}
}

// get returns the first value of a query parameter.
func (s *scratch) get(name string) (string, bool) {
	for _, p := range s.pairs {
		if p.key == name {
			return p.value, true
		}
	}
	return "", false
}

// appendCanonicalQuery encodes every parameter (for a presigned request all
// but X-Amz-Signature) and sorts by encoded name, then encoded value: AWS
// sorts after encoding.
func (s *scratch) appendCanonicalQuery(dst []byte, presigned bool) []byte {
	s.enc = s.enc[:0]
	for _, p := range s.pairs {
		if presigned && p.key == querySignature {
			continue
		}
		s.enc = append(s.enc, queryPair{encode(p.key), encode(p.value)})
	}
	slices.SortFunc(s.enc, func(a, b queryPair) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return strings.Compare(a.value, b.value)
	})
	for i, p := range s.enc {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = append(dst, p.key...)
		dst = append(dst, '=')
		dst = append(dst, p.value...)
	}
	return dst
}

// appendCanonicalURI encodes the path as it arrived on the wire a second
// time, keeping '/': services other than S3 sign a doubly-encoded path.
func appendCanonicalURI(dst []byte, escapedPath string) []byte {
	if escapedPath == "" {
		return append(dst, '/')
	}
	return appendEscaped(dst, escapedPath, true)
}

// appendCanonicalHeaders writes "name:value\n" for each header the client
// listed in SignedHeaders, in the client's order. Values are trimmed, runs of
// spaces collapse to one, and repeated headers join with commas.
func appendCanonicalHeaders(dst []byte, r *http.Request, signed string) ([]byte, error) {
	rest := signed
	for {
		name, more, found := strings.Cut(rest, ";")
		dst = append(dst, name...)
		dst = append(dst, ':')
		var ok bool
		if dst, ok = appendHeaderValue(dst, r, name); !ok {
			return dst, errSignedHeaderAbsent(name)
		}
		dst = append(dst, '\n')
		if !found {
			return dst, nil
		}
		rest = more
	}
}

// appendHeaderValue finds a header the way the client saw it. net/http moves
// Host, and sometimes Content-Length and Transfer-Encoding, out of the
// header map, so those come from the request's fields.
func appendHeaderValue(dst []byte, r *http.Request, name string) ([]byte, bool) {
	if strings.EqualFold(name, "host") {
		host := r.Host
		if host == "" && r.URL != nil {
			host = r.URL.Host
		}
		return appendTrimmed(dst, host), true
	}
	values := lookupHeader(r.Header, name)
	switch {
	case len(values) > 0:
		for i, v := range values {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendTrimmed(dst, v)
		}
		return dst, true
	case strings.EqualFold(name, "content-length") && r.ContentLength > 0:
		return strconv.AppendInt(dst, r.ContentLength, 10), true
	case strings.EqualFold(name, "transfer-encoding") && len(r.TransferEncoding) > 0:
		return append(dst, strings.Join(r.TransferEncoding, ",")...), true
	}
	return dst, false
}

// lookupHeader finds a header by any spelling of its name without
// allocating: the canonical key is built on the stack, and a map index by
// string(bytes) does not copy.
func lookupHeader(h http.Header, name string) []string {
	var buf [64]byte
	if len(name) == 0 || len(name) > len(buf) {
		return h.Values(name)
	}
	upper := true
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !isTokenChar(c) {
			return h[name] // as textproto does: no canonical form
		}
		switch {
		case upper && 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case !upper && 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		buf[i] = c
		upper = c == '-'
	}
	return h[string(buf[:len(name)])]
}

func isTokenChar(c byte) bool {
	return c > ' ' && c < 0x7f && !strings.ContainsRune("\"(),/:;<=>?@[\\]{}", rune(c))
}

// appendTrimmed trims leading and trailing whitespace and collapses each run
// of spaces to one, as the canonical request requires.
func appendTrimmed(dst []byte, v string) []byte {
	v = strings.Trim(v, " \t")
	space := false
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' {
			if !space {
				dst = append(dst, ' ')
			}
			space = true
			continue
		}
		space = false
		dst = append(dst, v[i])
	}
	return dst
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

const upperHex = "0123456789ABCDEF"

// appendEscaped percent-encodes every byte outside RFC 3986's unreserved set
// (and '/' when keepSlash), with upper-case hex, as SigV4 requires.
func appendEscaped(dst []byte, s string, keepSlash bool) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || keepSlash && c == '/' {
			dst = append(dst, c)
			continue
		}
		dst = append(dst, '%', upperHex[c>>4], upperHex[c&15])
	}
	return dst
}

// encode returns s URI-encoded, without allocating when nothing needs it.
func encode(s string) string {
	for i := 0; i < len(s); i++ {
		if !isUnreserved(s[i]) {
			return string(appendEscaped(make([]byte, 0, len(s)+16), s, false))
		}
	}
	return s
}

// unescape decodes a form-encoded query component: '+' is a space and %XX a
// byte; a malformed escape stays as it is.
func unescape(s string) string {
	if !strings.ContainsAny(s, "%+") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '+':
			b = append(b, ' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		default:
			b = append(b, c)
		}
	}
	return string(b)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}

// removeDotSegments normalizes a path as botocore does before signing for
// services other than S3 (RFC 3986 section 5.2.4, and empty segments
// dropped), so that its signatures verify when a path has "." or "//".
func removeDotSegments(p string) string {
	if p == "" {
		return "/"
	}
	var out []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	var b strings.Builder
	if p[0] == '/' {
		b.WriteByte('/')
	}
	b.WriteString(strings.Join(out, "/"))
	if p[len(p)-1] == '/' && len(out) > 0 {
		b.WriteByte('/')
	}
	return b.String()
}
