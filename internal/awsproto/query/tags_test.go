package query

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"testing/quick"
)

func TestParseTag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw  string
		want wireTag
		ok   bool
	}{
		{"", wireTag{}, false},
		{"-", wireTag{}, false},
		{",flattened", wireTag{flattened: true, member: "member", key: "key", value: "value"}, false},
		{"Users", wireTag{name: "Users", member: "member", key: "key", value: "value"}, true},
		{"Users,required", wireTag{name: "Users", member: "member", key: "key", value: "value", required: true}, true},
		{"Outer,flattened,member=Item,key=K,value=V,unknown", wireTag{name: "Outer", flattened: true, member: "Item", key: "K", value: "V"}, true},
	}
	for _, tt := range tests {
		got, ok := parseTag(tt.raw)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseTag(%q) = %+v, %v; want %+v, %v", tt.raw, got, ok, tt.want, tt.ok)
		}
	}
}

// TestEncodePolicyDocumentProperties checks, for arbitrary text, that the
// encoding is reversible by boto3's unquote and leaves only unreserved
// characters and %XX escapes.
func TestEncodePolicyDocumentProperties(t *testing.T) {
	t.Parallel()
	property := func(doc string) bool {
		enc := EncodePolicyDocument(doc)
		back, err := url.PathUnescape(enc)
		if err != nil || back != doc {
			return false
		}
		for i := 0; i < len(enc); i++ {
			switch c := enc[i]; {
			case c == '%':
				if i+2 >= len(enc) || strings.ToUpper(enc[i+1:i+3]) != enc[i+1:i+3] {
					return false
				}
				i += 2
			case !unreserved(c):
				return false
			}
		}
		return true
	}
	if err := quick.Check(property, &quick.Config{MaxCount: 2000}); err != nil {
		t.Error(err)
	}
}

func TestPlanCacheIsShared(t *testing.T) {
	t.Parallel()
	type shape struct {
		A string `query:"A"`
		B *shape `query:"B"`
	}
	p1, err := planFor(reflect.TypeFor[shape]())
	if err != nil {
		t.Fatal(err)
	}
	p2, err := planFor(reflect.TypeFor[shape]())
	if err != nil {
		t.Fatal(err)
	}
	if p1 != p2 || p1.fields[1].plan != p1 {
		t.Errorf("plans are not cached and self-referential: %p %p %p", p1, p2, p1.fields[1].plan)
	}
}
