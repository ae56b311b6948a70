package authzclient

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
	"time"
)

// The client signs its calls itself rather than through aws-sdk-go-v2, so
// that importing it costs a program nothing beyond the standard library.
// A call is always a POST of a JSON body to a fixed path with no query, so
// only that much of SigV4 is needed
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html).

const (
	algorithm      = "AWS4-HMAC-SHA256"
	amzDateFormat  = "20060102T150405Z"
	scopeDayFormat = "20060102"
)

// sign adds X-Amz-Date, X-Amz-Content-Sha256, X-Amz-Security-Token and
// Authorization to r, whose body is body.
func sign(r *http.Request, body []byte, c Credentials, region string, now time.Time) {
	now = now.UTC()
	amzDate := now.Format(amzDateFormat)
	day := now.Format(scopeDayFormat)
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	r.Header.Set("X-Amz-Date", amzDate)
	r.Header.Set("X-Amz-Content-Sha256", payloadHash)
	if c.SessionToken != "" {
		r.Header.Set("X-Amz-Security-Token", c.SessionToken)
	}

	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	headers := map[string]string{"host": host}
	for name, values := range r.Header {
		lower := strings.ToLower(name)
		if lower == "content-type" || strings.HasPrefix(lower, "x-amz-") {
			headers[lower] = strings.TrimSpace(strings.Join(values, ","))
		}
	}
	names := make([]string, 0, len(headers))
	for name := range headers {
		names = append(names, name)
	}
	sort.Strings(names)
	signedHeaders := strings.Join(names, ";")

	var creq strings.Builder
	creq.WriteString(r.Method + "\n")
	creq.WriteString(canonicalPath(r.URL.EscapedPath()) + "\n")
	creq.WriteString("\n") // no query
	for _, name := range names {
		creq.WriteString(name + ":" + headers[name] + "\n")
	}
	creq.WriteString("\n" + signedHeaders + "\n" + payloadHash)

	scope := day + "/" + region + "/" + SigningName + "/aws4_request"
	creqHash := sha256.Sum256([]byte(creq.String()))
	stringToSign := algorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(creqHash[:])

	key := hmacSHA256([]byte("AWS4"+c.SecretAccessKey), day)
	key = hmacSHA256(key, region)
	key = hmacSHA256(key, SigningName)
	key = hmacSHA256(key, "aws4_request")
	signature := hex.EncodeToString(hmacSHA256(key, stringToSign))
	r.Header.Set("Authorization", algorithm+" Credential="+c.AccessKeyID+"/"+scope+
		", SignedHeaders="+signedHeaders+", Signature="+signature)
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}

// canonicalPath encodes the path a second time, as every service but S3
// signs it.
func canonicalPath(escaped string) string {
	if escaped == "" {
		return "/"
	}
	var b strings.Builder
	for i := 0; i < len(escaped); i++ {
		c := escaped[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c == '/' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte("0123456789ABCDEF"[c>>4])
		b.WriteByte("0123456789ABCDEF"[c&15])
	}
	return b.String()
}
