package jsonrpc_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// allKinds has a member of every kind the codec knows, and a recursive one.
type allKinds struct {
	S          string         `json:"S"`
	B          *bool          `json:"B"`
	I          *int32         `json:"I"`
	I64        int64          `json:"I64"`
	U          *uint8         `json:"U"`
	F          *float64       `json:"F"`
	F32        float32        `json:"F32"`
	T          *time.Time     `json:"T"`
	TV         time.Time      `json:"TV"`
	Blob       []byte         `json:"Blob"`
	List       []string       `json:"List"`
	Map        map[string]int `json:"Map"`
	Nested     *allKinds      `json:"Nested"`
	Items      []item         `json:"Items"`
	Ptrs       []*item        `json:"Ptrs"`
	Doc        any            `json:"Doc"`
	Renamed    string         `json:"other,omitempty"`
	Skipped    string         `json:"-"`
	unexported string
	Tags       map[string]string `json:"Tags"`
}

type item struct {
	Name string `json:"Name"`
}

func ptr[T any](v T) *T { return &v }

// canonical turns a shape into the JSON that roundtrip.py prints for the
// same data, without using the codec under test: member names as keys,
// timestamps as epoch milliseconds, absent members (nil, "", zero time)
// left out, non-nil empty lists kept.
func canonical(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(canonicalValue(reflect.ValueOf(v)))
	if err != nil {
		t.Fatalf("marshal canonical form: %v", err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("unmarshal canonical form: %v", err)
	}
	return out
}

func canonicalValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return canonicalValue(v.Elem())
	case reflect.Struct:
		if ts, ok := v.Interface().(time.Time); ok {
			return ts.UnixMilli()
		}
		out := map[string]any{}
		for i := range v.NumField() {
			f := v.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			fv := v.Field(i)
			if isAbsent(fv) {
				continue
			}
			out[name] = canonicalValue(fv)
		}
		return out
	case reflect.Slice:
		out := make([]any, v.Len())
		for i := range out {
			out[i] = canonicalValue(v.Index(i))
		}
		return out
	}
	return v.Interface()
}

func isAbsent(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return v.IsNil()
	case reflect.String:
		return v.Len() == 0
	case reflect.Struct:
		ts, ok := v.Interface().(time.Time)
		return ok && ts.IsZero()
	}
	return false
}

func jsonNumber(s string) json.Number { return json.Number(s) }
