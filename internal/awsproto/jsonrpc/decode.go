package jsonrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// CodeSerialization is the code of a request body that cannot be read.
const CodeSerialization = "SerializationException"

// SerializationException is the error of a body that is not JSON, or whose
// members have the wrong JSON types. AWS documents the code, not its
// messages; callers pass a plain sentence naming what is wrong.
func SerializationException(msg string) *awserr.Error {
	return awserr.New(CodeSerialization, 400, msg)
}

// Decode reads a JSON 1.1 request body into in, a pointer to an input
// struct. An empty body, null or {} leaves in as it is. A body that cannot
// be read is a SerializationException (*awserr.Error); a wrong in is a
// plain error, the caller's bug.
func Decode(body []byte, in any) error {
	rv := reflect.ValueOf(in)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("jsonrpc: Decode needs a non-nil pointer to a struct, not %T", in)
	}
	p, err := planFor(rv.Elem().Type())
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // integers beyond 2^53 and exact fractions of timestamps
	var v any
	if err := dec.Decode(&v); err != nil {
		return syntaxError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return SerializationException("The request body must hold exactly one JSON object.")
	}
	if v == nil {
		return nil
	}
	if _, ok := v.(map[string]any); !ok {
		return SerializationException(fmt.Sprintf("The request body must be a JSON object, not %s.", jsonKind(v)))
	}
	if e := assign(v, rv.Elem(), p, ""); e != nil {
		return e
	}
	return nil
}

// syntaxError describes a body encoding/json could not parse, by position
// only: its wording is Go's, not AWS's.
func syntaxError(err error) *awserr.Error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return SerializationException(fmt.Sprintf("The request body is not valid JSON (error at byte %d).", se.Offset))
	}
	return SerializationException("The request body is not valid JSON.")
}

// assign stores the decoded JSON value v in dst, described by p. path names
// the member for error messages ("LookupAttributes[0].AttributeKey").
func assign(v any, dst reflect.Value, p *typePlan, path string) *awserr.Error {
	if v == nil {
		return nil // null: the member is absent
	}
	switch p.kind {
	case kindPointer:
		nv := reflect.New(p.elem.typ)
		if err := assign(v, nv.Elem(), p.elem, path); err != nil {
			return err
		}
		dst.Set(nv)
	case kindString:
		s, ok := v.(string)
		if !ok {
			return mismatch(path, "a string", v)
		}
		dst.SetString(s)
	case kindBool:
		b, ok := v.(bool)
		if !ok {
			return mismatch(path, "a boolean", v)
		}
		dst.SetBool(b)
	case kindInt:
		n, ok := v.(json.Number)
		i, err := strconv.ParseInt(string(n), 10, 64)
		if !ok || err != nil || dst.OverflowInt(i) {
			return mismatch(path, "an integer in range", v)
		}
		dst.SetInt(i)
	case kindUint:
		n, ok := v.(json.Number)
		u, err := strconv.ParseUint(string(n), 10, 64)
		if !ok || err != nil || dst.OverflowUint(u) {
			return mismatch(path, "a non-negative integer in range", v)
		}
		dst.SetUint(u)
	case kindFloat:
		n, ok := v.(json.Number)
		f, err := strconv.ParseFloat(string(n), p.typ.Bits())
		if !ok || err != nil {
			return mismatch(path, "a number in range", v)
		}
		dst.SetFloat(f)
	case kindTime:
		t, ok := parseTimestamp(v)
		if !ok {
			return mismatch(path, "a timestamp (epoch seconds)", v)
		}
		dst.Set(reflect.ValueOf(t))
	case kindBlob:
		s, ok := v.(string)
		b, err := base64.StdEncoding.DecodeString(s)
		if !ok || err != nil {
			return mismatch(path, "a base64 string", v)
		}
		dst.SetBytes(b)
	case kindList:
		return assignList(v, dst, p, path)
	case kindMap:
		return assignMap(v, dst, p, path)
	case kindStruct:
		return assignStruct(v, dst, p, path)
	case kindAny:
		dst.Set(reflect.ValueOf(v))
	}
	return nil
}

func assignList(v any, dst reflect.Value, p *typePlan, path string) *awserr.Error {
	arr, ok := v.([]any)
	if !ok {
		return mismatch(path, "an array", v)
	}
	s := reflect.MakeSlice(p.typ, len(arr), len(arr))
	for i, ev := range arr {
		if err := assign(ev, s.Index(i), p.elem, path+"["+strconv.Itoa(i)+"]"); err != nil {
			return err
		}
	}
	dst.Set(s)
	return nil
}

func assignMap(v any, dst reflect.Value, p *typePlan, path string) *awserr.Error {
	obj, ok := v.(map[string]any)
	if !ok {
		return mismatch(path, "an object", v)
	}
	m := reflect.MakeMapWithSize(p.typ, len(obj))
	for k, ev := range obj {
		elem := reflect.New(p.elem.typ).Elem()
		if err := assign(ev, elem, p.elem, path+"["+strconv.Quote(k)+"]"); err != nil {
			return err
		}
		m.SetMapIndex(reflect.ValueOf(k).Convert(p.typ.Key()), elem)
	}
	dst.Set(m)
	return nil
}

func assignStruct(v any, dst reflect.Value, p *typePlan, path string) *awserr.Error {
	obj, ok := v.(map[string]any)
	if !ok {
		return mismatch(path, "an object", v)
	}
	// Fields in declaration order, so that the first error reported does
	// not depend on map iteration.
	for _, f := range p.fields {
		fv, ok := obj[f.name]
		if !ok {
			continue
		}
		member := f.name
		if path != "" {
			member = path + "." + f.name
		}
		if err := assign(fv, dst.Field(f.index), f.plan, member); err != nil {
			return err
		}
	}
	return nil
}

func mismatch(path, want string, got any) *awserr.Error {
	return SerializationException(fmt.Sprintf("Member %s must be %s, not %s.", path, want, jsonKind(got)))
}

// jsonKind names a decoded JSON value's type for messages, without echoing
// the value.
func jsonKind(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return "null"
}

// The range of timestamps: years 1 to 9999, as ISO 8601 can write them.
const (
	minEpoch = -62135596800
	maxEpoch = 253402300799
)

// isoLayouts are the strings Decode accepts for a timestamp besides epoch
// seconds, most specific first; a time without a zone is UTC.
var isoLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"}

// parseTimestamp reads epoch seconds (a JSON number, or leniently a string
// holding one) or an ISO 8601 string.
func parseTimestamp(v any) (time.Time, bool) {
	switch x := v.(type) {
	case json.Number:
		return parseEpoch(string(x))
	case string:
		if t, ok := parseEpoch(x); ok {
			return t, true
		}
		for _, layout := range isoLayouts {
			if t, err := time.Parse(layout, x); err == nil {
				return t.UTC(), true
			}
		}
	}
	return time.Time{}, false
}

// parseEpoch reads decimal epoch seconds exactly (to the nanosecond) when
// written plainly, and through float64 (to the microsecond) when written
// with an exponent, as some SDKs write large numbers (1.7E9).
func parseEpoch(s string) (time.Time, bool) {
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || f < minEpoch || f >= maxEpoch+1 {
			return time.Time{}, false
		}
		sec := math.Floor(f)
		us := math.Round((f - sec) * 1e6)
		return time.Unix(int64(sec), int64(us)*1000).UTC(), true
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" || strings.HasPrefix(whole, "+") {
		return time.Time{}, false
	}
	sec, err := strconv.ParseUint(whole, 10, 63)
	if err != nil {
		return time.Time{}, false
	}
	var ns int64
	if frac != "" {
		if len(frac) > 9 {
			frac = frac[:9]
		}
		n, err := strconv.ParseUint(frac+strings.Repeat("0", 9-len(frac)), 10, 32)
		if err != nil {
			return time.Time{}, false
		}
		ns = int64(n)
	}
	secs := int64(sec)
	if neg {
		secs, ns = -secs, -ns
	}
	t := time.Unix(secs, ns)
	if t.Unix() < minEpoch || t.Unix() > maxEpoch {
		return time.Time{}, false
	}
	return t.UTC(), true
}
