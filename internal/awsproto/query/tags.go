package query

import (
	"strings"
)

// wireTag is one parsed query:"..." or xml:"..." tag.
type wireTag struct {
	name      string
	flattened bool
	member    string // list element name; "member" by default
	key       string // map entry key name; "key" by default
	value     string // map entry value name; "value" by default
	required  bool
	// policyDoc marks a policy document, written percent-encoded as IAM
	// returns documents (decoding takes them as clients send them, raw).
	policyDoc bool
}

// parseTag reads the tag grammar of the package doc. ok is false for an
// absent or "-" tag: the field is not on the wire.
func parseTag(raw string) (t wireTag, ok bool) {
	if raw == "" || raw == "-" {
		return wireTag{}, false
	}
	parts := strings.Split(raw, ",")
	t = wireTag{name: parts[0], member: "member", key: "key", value: "value"}
	for _, opt := range parts[1:] {
		switch {
		case opt == "flattened":
			t.flattened = true
		case opt == "required":
			t.required = true
		case opt == "policydoc":
			t.policyDoc = true
		case strings.HasPrefix(opt, "member="):
			t.member = strings.TrimPrefix(opt, "member=")
		case strings.HasPrefix(opt, "key="):
			t.key = strings.TrimPrefix(opt, "key=")
		case strings.HasPrefix(opt, "value="):
			t.value = strings.TrimPrefix(opt, "value=")
		}
	}
	return t, t.name != ""
}
