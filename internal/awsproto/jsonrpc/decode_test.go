package jsonrpc_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	ts := time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC) // 1700000000
	tests := []struct {
		name string
		body string
		want allKinds
	}{
		{"empty body", "", allKinds{}},
		{"blank body", " \n\t", allKinds{}},
		{"empty object", "{}", allKinds{}},
		{"null body", "null", allKinds{}},
		{"every kind", `{"S":"s\u00fc\n","B":true,"I":-7,"I64":9007199254740993,"U":255,"F":1.5,"F32":0.25,
			"T":1700000000,"TV":1700000000.5,"Blob":"aGk=","List":["a","b"],"Map":{"x":1},
			"Nested":{"S":"inner","Nested":{"I":1}},"Items":[{"Name":"n"}],"Ptrs":[{"Name":"p"},null],
			"Doc":{"k":[1,"v",null]},"other":"r","Skipped":"ignored","unexported":"ignored",
			"Tags":{"k":"v"}}`,
			allKinds{
				S: "sü\n", B: ptr(true), I: ptr[int32](-7), I64: 9007199254740993, U: ptr[uint8](255),
				F: ptr(1.5), F32: 0.25, T: ptr(ts), TV: ts.Add(500 * time.Millisecond),
				Blob: []byte("hi"), List: []string{"a", "b"}, Map: map[string]int{"x": 1},
				Nested: &allKinds{S: "inner", Nested: &allKinds{I: ptr[int32](1)}},
				Items:  []item{{Name: "n"}}, Ptrs: []*item{{Name: "p"}, nil},
				Doc:     map[string]any{"k": []any{jsonNumber("1"), "v", nil}},
				Renamed: "r", Tags: map[string]string{"k": "v"},
			}},
		{"unknown members ignored", `{"Unknown":{"deep":[1,2]},"S":"x","s":"lowercase is another member"}`, allKinds{S: "x"}},
		{"null members are absent", `{"S":null,"I":null,"T":null,"List":null,"Nested":null}`, allKinds{}},
		{"empty list kept", `{"List":[]}`, allKinds{List: []string{}}},
		{"last duplicate wins", `{"S":"a","S":"b"}`, allKinds{S: "b"}},
		{"trailing whitespace", "{\"S\":\"x\"}\n\n", allKinds{S: "x"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got allKinds
			if err := jsonrpc.Decode([]byte(tc.body), &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if diff := cmp.Diff(tc.want, got, cmp.AllowUnexported(allKinds{})); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, message string
	}{
		{"truncated", `{"S":`, "The request body is not valid JSON."},
		{"garbage", `{"S" "x"}`, "The request body is not valid JSON (error at byte 6)."},
		{"not an object", `[1]`, "The request body must be a JSON object, not an array."},
		{"a string", `"x"`, "The request body must be a JSON object, not a string."},
		{"two values", `{} {}`, "The request body must hold exactly one JSON object."},
		{"string as number", `{"S":1}`, "Member S must be a string, not a number."},
		{"bool as string", `{"B":"true"}`, "Member B must be a boolean, not a string."},
		{"fraction as integer", `{"I":1.5}`, "Member I must be an integer in range, not a number."},
		{"int32 overflow", `{"I":2147483648}`, "Member I must be an integer in range, not a number."},
		{"negative unsigned", `{"U":-1}`, "Member U must be a non-negative integer in range, not a number."},
		{"uint8 overflow", `{"U":256}`, "Member U must be a non-negative integer in range, not a number."},
		{"float overflow", `{"F":1e999}`, "Member F must be a number in range, not a number."},
		{"float32 overflow", `{"F32":1e39}`, "Member F32 must be a number in range, not a number."},
		{"bad timestamp", `{"T":"yesterday"}`, "Member T must be a timestamp (epoch seconds), not a string."},
		{"timestamp as object", `{"TV":{}}`, "Member TV must be a timestamp (epoch seconds), not an object."},
		{"timestamp past 9999", `{"T":253402300800}`, "Member T must be a timestamp (epoch seconds), not a number."},
		{"bad base64", `{"Blob":"!!"}`, "Member Blob must be a base64 string, not a string."},
		{"list as object", `{"List":{}}`, "Member List must be an array, not an object."},
		{"list element", `{"List":["a",2]}`, "Member List[1] must be a string, not a number."},
		{"map as list", `{"Map":[]}`, "Member Map must be an object, not an array."},
		{"map value", `{"Map":{"a":"x"}}`, `Member Map["a"] must be an integer in range, not a string.`},
		{"nested path", `{"Nested":{"Items":[{"Name":5}]}}`, "Member Nested.Items[0].Name must be a string, not a number."},
		{"structure as string", `{"Nested":"x"}`, "Member Nested must be an object, not a string."},
		{"first error in declaration order", `{"Tags":1,"S":1}`, "Member S must be a string, not a number."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got allKinds
			err := jsonrpc.Decode([]byte(tc.body), &got)
			var ae *awserr.Error
			if !errors.As(err, &ae) {
				t.Fatalf("Decode(%s) = %v, want an *awserr.Error", tc.body, err)
			}
			if ae.Code != "SerializationException" || ae.Status != 400 || ae.Fault != awserr.Sender {
				t.Errorf("error = %s %d %v, want SerializationException 400 Sender", ae.Code, ae.Status, ae.Fault)
			}
			if ae.Message != tc.message {
				t.Errorf("message = %q, want %q", ae.Message, tc.message)
			}
		})
	}
}

func TestDecodeWrongTarget(t *testing.T) {
	t.Parallel()
	var s allKinds
	for _, in := range []any{nil, s, (*allKinds)(nil), new(string)} {
		err := jsonrpc.Decode([]byte("{}"), in)
		var ae *awserr.Error
		if err == nil || errors.As(err, &ae) {
			t.Errorf("Decode into %T = %v, want a programming error", in, err)
		}
	}
	type bad struct {
		C chan int `json:"C"`
	}
	if err := jsonrpc.Decode([]byte("{}"), &bad{}); err == nil || !strings.Contains(err.Error(), "chan int") {
		t.Errorf("Decode into a struct with a channel = %v, want an unsupported-type error", err)
	}
}

func TestDecodeTimestamps(t *testing.T) {
	t.Parallel()
	base := time.Unix(1700000000, 0).UTC()
	tests := []struct {
		literal string
		want    time.Time
	}{
		{`1700000000`, base},
		{`1700000000.5`, base.Add(500 * time.Millisecond)},
		{`1700000000.123`, base.Add(123 * time.Millisecond)},
		{`1700000000.123456789`, base.Add(123456789)},
		{`1700000000.1234567891234`, base.Add(123456789)}, // beyond nanoseconds: cut
		{`1700000000.0`, base},
		{`1.7E9`, base},
		{`1.7000000005e9`, base.Add(500 * time.Millisecond)},
		{`0`, time.Unix(0, 0).UTC()},
		{`-1.5`, time.Unix(-2, 5e8).UTC()},
		{`-62135596800`, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{`253402300799`, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
		{`"1700000000"`, base},
		{`"1700000000.25"`, base.Add(250 * time.Millisecond)},
		{`"2023-11-14T22:13:20Z"`, base},
		{`"2023-11-14T23:13:20.125+01:00"`, base.Add(125 * time.Millisecond)},
		{`"2023-11-14T22:13:20"`, base},
		{`"2023-11-14"`, time.Date(2023, 11, 14, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.literal, func(t *testing.T) {
			t.Parallel()
			var got allKinds
			if err := jsonrpc.Decode([]byte(`{"TV":`+tc.literal+`}`), &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !got.TV.Equal(tc.want) || got.TV.Location() != time.UTC {
				t.Errorf("TV = %v, want %v (UTC)", got.TV, tc.want)
			}
		})
	}
	for _, bad := range []string{`-62135596801`, `253402300800`, `1e12`, `-1e300`, `99999999999999999999`,
		`"-"`, `"+5"`, `"1.x"`, `"2023-13-01"`, `""`, `true`, `[]`} {
		var got allKinds
		if err := jsonrpc.Decode([]byte(`{"TV":`+bad+`}`), &got); err == nil {
			t.Errorf("Decode timestamp %s = %v, want an error", bad, got.TV)
		}
	}
}
