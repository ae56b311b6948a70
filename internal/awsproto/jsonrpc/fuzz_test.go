package jsonrpc_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/jsonrpc"
	"github.com/iamd/iamd/internal/service/cloudtrail"
)

// FuzzDecode checks that Decode never panics, that it refuses input only
// with a SerializationException, and that what it accepts encodes to a
// body that decodes and encodes again to the same bytes.
func FuzzDecode(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `[]`, `{"S":"x"}`, `{"S":1}`, `{"T":1700000000.123}`, `{"TV":"2024-01-02T03:04:05Z"}`,
		`{"TV":1.7E9}`, `{"TV":-62135596800}`, `{"I":2147483647,"U":255,"F":1e308,"F32":3.4e38}`,
		`{"Blob":"aGk=","List":["a",null],"Map":{"k":1},"Doc":{"a":[1,2.5,"x",true,null]}}`,
		`{"Nested":{"Nested":{"Items":[{"Name":"\u2028\ud83d\ude00"}],"Ptrs":[null,{}]}}}`,
		`{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"CreateUser"}],"StartTime":1,"MaxResults":50}`,
		`{"S":"a"} {"S":"b"}`, `{"S":"\xff"}`, "{\"S\":\"\x00\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		fuzzRoundTrip(t, body, func() any { return new(allKinds) })
		fuzzRoundTrip(t, body, func() any { return new(cloudtrail.LookupEventsRequest) })
	})
}

func fuzzRoundTrip(t *testing.T, body []byte, fresh func() any) {
	in := fresh()
	if err := jsonrpc.Decode(body, in); err != nil {
		var ae *awserr.Error
		if !errors.As(err, &ae) || ae.Code != jsonrpc.CodeSerialization || ae.Status != 400 {
			t.Fatalf("Decode(%q) = %v, want a SerializationException", body, err)
		}
		return
	}
	first, err := jsonrpc.Marshal(in)
	if err != nil {
		// Decode accepts only values the codec can write (no NaN or
		// infinities), so any encoding failure is a bug.
		t.Fatalf("Marshal of decoded %q: %v", body, err)
	}
	again := fresh()
	if err := jsonrpc.Decode(first, again); err != nil {
		t.Fatalf("Decode of our own body %s (from %q): %v", first, body, err)
	}
	second, err := jsonrpc.Marshal(again)
	if err != nil {
		t.Fatalf("Marshal of re-decoded %s: %v", first, err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("encoding is not stable for %q:\n first: %s\nsecond: %s", body, first, second)
	}
}
