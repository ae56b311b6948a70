package jsonrpc_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
)

func TestMarshal(t *testing.T) {
	t.Parallel()
	ts := time.Unix(1700000000, 0).UTC()
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, `{}`},
		{"nil pointer", (*allKinds)(nil), `{}`},
		{"zero value: absent members left out, plain numbers kept", &allKinds{}, `{"I64":0,"F32":0}`},
		{"struct by value", allKinds{S: "x"}, `{"S":"x","I64":0,"F32":0}`},
		{"every kind", &allKinds{
			S: "s", B: ptr(false), I: ptr[int32](-7), I64: 9007199254740993, U: ptr[uint8](255),
			F: ptr(1e21), F32: 0.1, T: ptr(ts), TV: ts.Add(120 * time.Millisecond),
			Blob: []byte("hi"), List: []string{"a"}, Map: map[string]int{"b": 2, "a": 1},
			Nested: &allKinds{S: "in"}, Items: []item{{Name: "n"}, {}}, Ptrs: []*item{nil},
			Doc: map[string]any{"z": []any{1, "<&>"}, "a": nil}, Renamed: "r", Skipped: "no", unexported: "no",
			Tags: map[string]string{},
		}, `{"S":"s","B":false,"I":-7,"I64":9007199254740993,"U":255,"F":1e+21,"F32":0.1,"T":1700000000,` +
			`"TV":1700000000.12,"Blob":"aGk=","List":["a"],"Map":{"a":1,"b":2},"Nested":{"S":"in","I64":0,"F32":0},` +
			`"Items":[{"Name":"n"},{}],"Ptrs":[null],"Doc":{"a":null,"z":[1,"<&>"]},"other":"r","Tags":{}}`},
		{"empty list kept, nil list left out", &struct {
			Events []item `json:"Events"`
			More   []item `json:"More"`
		}{Events: []item{}}, `{"Events":[]}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := jsonrpc.Marshal(tc.in)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			if string(got) != tc.want {
				t.Errorf("Marshal =\n%s\nwant\n%s", got, tc.want)
			}
			if !json.Valid(got) {
				t.Errorf("Marshal wrote invalid JSON: %s", got)
			}
		})
	}
}

func TestMarshalErrors(t *testing.T) {
	t.Parallel()
	for _, in := range []any{
		"a string",
		[]int{1},
		&allKinds{F: ptr(math.NaN())},
		&allKinds{Nested: &allKinds{F: ptr(math.Inf(1))}},
		&allKinds{Doc: func() {}},
		&struct {
			C chan int `json:"C"`
		}{},
	} {
		if got, err := jsonrpc.Marshal(in); err == nil {
			t.Errorf("Marshal(%T) = %s, want an error", in, got)
		}
	}
}

func TestMarshalTimestamps(t *testing.T) {
	t.Parallel()
	base := time.Unix(1700000000, 0)
	tests := []struct {
		in   time.Time
		want string
	}{
		{base, `1700000000`},
		{base.Add(500 * time.Millisecond), `1700000000.5`},
		{base.Add(123 * time.Millisecond), `1700000000.123`},
		{base.Add(100 * time.Millisecond), `1700000000.1`},
		{base.Add(999999999), `1700000000.999`}, // below milliseconds: truncated
		{base.Add(999999), `1700000000`},
		{time.Unix(0, 0), `0`},
		{time.Unix(-2, 5e8), `-1.5`},
		{time.Unix(-1, 0), `-1`},
		{base.In(time.FixedZone("X", 3600)), `1700000000`},
	}
	for _, tc := range tests {
		got, err := jsonrpc.Marshal(&allKinds{TV: tc.in})
		if err != nil {
			t.Fatal(err)
		}
		want := `{"I64":0,"F32":0,"TV":` + tc.want + `}`
		if string(got) != want {
			t.Errorf("Marshal(%v) = %s, want %s", tc.in, got, want)
		}
	}
}

func TestMarshalStrings(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`q"b\s/`, `"q\"b\\s/"`},
		{"\n\r\t\b\f\x00\x1f\x7f", `"\n\r\t\u0008\u000c\u0000\u001f` + "\x7f" + `"`},
		{"<&> ü 日本 😀", `"<&> ü 日本 😀"`},
		{"\u2028\u2029", `"\u2028\u2029"`},
		{"bad \xff\xfe utf8", `"bad \ufffd\ufffd utf8"`},
		{"trunc \xe6\x97", `"trunc \ufffd\ufffd"`},
	}
	for _, tc := range tests {
		got, err := jsonrpc.Marshal(&item{Name: tc.in})
		if err != nil {
			t.Fatal(err)
		}
		if want := `{"Name":` + tc.want + `}`; string(got) != want {
			t.Errorf("Marshal(%q) = %s, want %s", tc.in, got, want)
		}
	}
}

// TestMarshalStringsReadBack checks random strings, valid UTF-8 or not,
// against encoding/json: what a client reads back is what encoding/json
// itself would have sent.
func TestMarshalStringsReadBack(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "\"", "\\", "\n", "\x00", "\x1f", "\x7f", "ü", "日", "😀", "\u2028", "\xff", "\xe6\x97", "<", "&"}
	for range 2000 {
		var sb strings.Builder
		for range r.IntN(12) {
			sb.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := sb.String()
		got, err := jsonrpc.Marshal(&item{Name: s})
		if err != nil {
			t.Fatal(err)
		}
		var mine, theirs item
		if err := json.Unmarshal(got, &mine); err != nil {
			t.Fatalf("Marshal(%q) wrote %s: %v", s, got, err)
		}
		std, _ := json.Marshal(&item{Name: s})
		if err := json.Unmarshal(std, &theirs); err != nil {
			t.Fatal(err)
		}
		if mine != theirs {
			t.Errorf("Marshal(%q) reads back as %q, encoding/json's as %q", s, mine.Name, theirs.Name)
		}
	}
}
