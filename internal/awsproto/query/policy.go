package query

import "strings"

// EncodePolicyDocument percent-encodes a policy document as IAM returns it
// in PolicyDocument, AssumeRolePolicyDocument and Document elements: every
// byte of the UTF-8 text except RFC 3986's unreserved characters
// (A-Z a-z 0-9 - . _ ~) becomes %XX with upper-case hex, so a space is %20
// and * is %2A. This is Python's urllib.parse.quote(doc, safe=""), and what
// boto3 undoes with urllib.parse.unquote. A real GetRole response shows it:
// %7B%22Version%22%3A%222012-10-17%22%2C...%22AWS%22%3A%22%2A%22...
func EncodePolicyDocument(doc string) string {
	const hex = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(doc); i++ {
		if !unreserved(doc[i]) {
			n++
		}
	}
	if n == 0 {
		return doc
	}
	var b strings.Builder
	b.Grow(len(doc) + 2*n)
	for i := 0; i < len(doc); i++ {
		c := doc[i]
		if unreserved(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0x0F])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}
