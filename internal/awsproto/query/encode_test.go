package query_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/query"
)

type outLayouts struct {
	Name      string            `xml:"Name"`
	Required  string            `query:"Required,required" xml:"Required"`
	Count     *int32            `xml:"Count"`
	Always    int64             `xml:"Always"`
	Flag      bool              `xml:"Flag"`
	When      time.Time         `xml:"When"`
	Data      []byte            `xml:"Data"`
	Items     []string          `xml:"Items"`
	NeedItems []string          `query:"NeedItems,required"`
	Flat      []string          `query:"Flat,flattened" xml:"Flat"`
	FlatNamed []string          `query:"Outer,flattened,member=Item" xml:"Outer"`
	Renamed   []string          `query:"Renamed,member=Item" xml:"Renamed"`
	Attrs     map[string]string `xml:"Attrs"`
	FlatMap   map[string]int32  `query:"FlatMap,flattened,key=K,value=V"`
	Child     *outLayouts       `xml:"Child"`
	Skipped   string            `xml:"-"`
}

func TestEncodeLayouts(t *testing.T) {
	t.Parallel()
	zero := time.Time{}
	tests := []struct {
		name string
		out  outLayouts
		want string
	}{
		{"absent optionals, present requireds", outLayouts{When: zero},
			"<Required></Required><Always>0</Always><Flag>false</Flag><When>0001-01-01T00:00:00Z</When><NeedItems></NeedItems>"},
		{"scalars", outLayouts{Name: `<a href="x">&'`, Count: ptr(int32(-3)), Data: []byte("hi"), Required: "r",
			When: time.Date(2020, 1, 2, 3, 4, 5, 999e6, time.FixedZone("x", 3600))},
			"<Name>&lt;a href=&quot;x&quot;&gt;&amp;&apos;</Name><Required>r</Required><Count>-3</Count><Always>0</Always>" +
				"<Flag>false</Flag><When>2020-01-02T02:04:05Z</When><Data>aGk=</Data><NeedItems></NeedItems>"},
		{"lists and maps", outLayouts{Items: []string{"a"}, NeedItems: []string{"b", "c"}, Flat: []string{"d"},
			FlatNamed: []string{"e"}, Renamed: []string{"f"}, Attrs: map[string]string{"z": "1", "a": "2"},
			FlatMap: map[string]int32{"k": 1}},
			"<Required></Required><Always>0</Always><Flag>false</Flag><When>0001-01-01T00:00:00Z</When>" +
				"<Items><member>a</member></Items><NeedItems><member>b</member><member>c</member></NeedItems>" +
				"<Flat>d</Flat><Item>e</Item><Renamed><Item>f</Item></Renamed>" +
				"<Attrs><entry><key>a</key><value>2</value></entry><entry><key>z</key><value>1</value></entry></Attrs>" +
				"<FlatMap><K>k</K><V>1</V></FlatMap>"},
		{"nested and skipped", outLayouts{Skipped: "no", Child: &outLayouts{Name: "kid"}},
			"<Required></Required><Always>0</Always><Flag>false</Flag><When>0001-01-01T00:00:00Z</When><NeedItems></NeedItems>" +
				"<Child><Name>kid</Name><Required></Required><Always>0</Always><Flag>false</Flag><When>0001-01-01T00:00:00Z</When><NeedItems></NeedItems></Child>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := query.WriteResponse(&buf, "Op", "OpResult", "urn:x", "id", &tt.out); err != nil {
				t.Fatal(err)
			}
			want := `<OpResponse xmlns="urn:x"><OpResult>` + tt.want +
				`</OpResult><ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></OpResponse>`
			if buf.String() != want {
				t.Errorf("got  %s\nwant %s", buf.String(), want)
			}
		})
	}
}

func TestEncodeEscapesText(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"plain":            "plain",
		"a\r\nb\tc":        "a&#xD;\nb\tc",
		"nul\x00bell\x07":  "nul\uFFFDbell\uFFFD",
		"bad utf8 \xff!":   "bad utf8 \uFFFD!",
		"emoji 😀 ü":        "emoji 😀 ü",
		"\uFFFE not char":  "\uFFFD not char",
		"]]> & <![CDATA[x": "]]&gt; &amp; &lt;![CDATA[x",
	}
	for in, want := range tests {
		var buf bytes.Buffer
		if err := query.WriteResponse(&buf, "Op", "R", "", "", &struct {
			V string `xml:"V"`
		}{in}); err != nil {
			t.Fatal(err)
		}
		got := strings.TrimSuffix(strings.TrimPrefix(buf.String(), "<OpResponse><R><V>"), "</V></R><ResponseMetadata><RequestId></RequestId></ResponseMetadata></OpResponse>")
		if got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteResponseWithoutResult(t *testing.T) {
	t.Parallel()
	const want = `<DeleteUserResponse xmlns="ns"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteUserResponse>`
	for _, out := range []any{nil, (*outLayouts)(nil)} {
		var buf bytes.Buffer
		if err := query.WriteResponse(&buf, "DeleteUser", "DeleteUserResult", "ns", "r", out); err != nil {
			t.Fatal(err)
		}
		if buf.String() != want {
			t.Errorf("output %#v: got %s", out, buf.String())
		}
	}
	var buf bytes.Buffer
	if err := query.WriteResponse(&buf, "X", "XResult", "ns", "r", 42); err == nil {
		t.Error("WriteResponse accepted an int output")
	}
	if err := query.WriteResponse(&buf, "X", "XResult", "ns", "r", &struct {
		C chan int `xml:"C"`
	}{}); err == nil {
		t.Error("WriteResponse accepted an unsupported field type")
	}
	if buf.Len() != 0 {
		t.Errorf("failed writes wrote %q", buf.String())
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  *awserr.Error
		want string
	}{
		{"sender", awserr.ValidationError("1 validation error detected: Value 'a<b' at 'userName' failed"),
			`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ValidationError</Code>` +
				`<Message>1 validation error detected: Value &apos;a&lt;b&apos; at &apos;userName&apos; failed</Message></Error><RequestId>rid</RequestId></ErrorResponse>`},
		{"nil is internal failure", nil,
			`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Receiver</Type><Code>InternalFailure</Code>` +
				`<Message>The request processing has failed because of an unknown error, exception or failure.</Message></Error><RequestId>rid</RequestId></ErrorResponse>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := query.WriteError(&buf, "https://sts.amazonaws.com/doc/2011-06-15/", "rid", tt.err); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Errorf("got  %s\nwant %s", buf.String(), tt.want)
			}
		})
	}
	if err := query.WriteError(failingWriter{}, "", "r", nil); err == nil {
		t.Error("WriteError hid the writer's error")
	}
	if err := query.WriteResponse(failingWriter{}, "A", "", "", "r", nil); err == nil {
		t.Error("WriteResponse hid the writer's error")
	}
}

func TestEncodePolicyDocument(t *testing.T) {
	t.Parallel()
	tests := []struct{ doc, want string }{
		// A real GetRole response of IAM (botocore debug log, 2020).
		{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*","Service":"s3.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
			"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22AWS%22%3A%22%2A%22%2C%22Service%22%3A%22s3.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D"},
		{"a b+c\n~_.-", "a%20b%2Bc%0A~_.-"},
		{"ü/😀", "%C3%BC%2F%F0%9F%98%80"},
		{"AZaz09", "AZaz09"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := query.EncodePolicyDocument(tt.doc); got != tt.want {
			t.Errorf("EncodePolicyDocument(%q) = %q, want %q", tt.doc, got, tt.want)
		}
	}
}
