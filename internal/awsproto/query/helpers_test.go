package query_test

import (
	"encoding/base64"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/internal/service/sts"
)

// service is what the tests need of one generated service package.
type service struct {
	name       string
	xmlns      string
	operations []operation
	newInput   func(string) any
	newOutput  func(string) any
}

type operation struct{ name, input, output, wrapper string }

func services() []service {
	var iamOps, stsOps []operation
	for _, o := range iam.Operations {
		iamOps = append(iamOps, operation{o.Name, o.Input, o.Output, o.ResultWrapper})
	}
	for _, o := range sts.Operations {
		stsOps = append(stsOps, operation{o.Name, o.Input, o.Output, o.ResultWrapper})
	}
	return []service{
		{"iam", iam.XMLNamespace, iamOps, iam.NewInput, iam.NewOutput},
		{"sts", sts.XMLNamespace, stsOps, sts.NewInput, sts.NewOutput},
	}
}

// canonical turns a generated struct into the JSON that roundtrip.py prints
// for the same data: member names as keys, timestamps as
// 2006-01-02T15:04:05Z, blobs as base64, absent members left out. With
// xmlSide, required empty strings and lists are kept, since the encoder
// writes them and botocore parses them back as "" and [].
func canonical(t *testing.T, v any, xmlSide bool) any {
	t.Helper()
	raw, err := json.Marshal(canonicalValue(reflect.ValueOf(v), xmlSide))
	if err != nil {
		t.Fatalf("marshal canonical form: %v", err)
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("unmarshal canonical form: %v", err)
	}
	return out
}

func canonicalValue(v reflect.Value, xmlSide bool) any {
	switch v.Kind() {
	case reflect.Pointer:
		return canonicalValue(v.Elem(), xmlSide)
	case reflect.Struct:
		if ts, ok := v.Interface().(time.Time); ok {
			return ts.UTC().Format("2006-01-02T15:04:05Z")
		}
		out := map[string]any{}
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			name := f.Tag.Get("xml")
			required := strings.HasSuffix(f.Tag.Get("query"), ",required")
			fv := v.Field(i)
			switch fv.Kind() {
			case reflect.Pointer:
				if fv.IsNil() {
					continue
				}
			case reflect.String, reflect.Slice, reflect.Map:
				if fv.Len() == 0 && !(xmlSide && required) {
					continue
				}
			}
			out[name] = canonicalValue(fv, xmlSide)
		}
		return out
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return base64.StdEncoding.EncodeToString(v.Bytes())
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = canonicalValue(v.Index(i), xmlSide)
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[k.String()] = canonicalValue(v.MapIndex(k), xmlSide)
		}
		return out
	}
	return v.Interface()
}

// fill sets random values throughout a generated struct, as a service
// might: strings with XML's special characters and non-ASCII text,
// optional members sometimes absent, timestamps in whole seconds.
func fill(r *rand.Rand, v reflect.Value, depth int) {
	switch v.Kind() {
	case reflect.Pointer:
		if depth > 4 || r.IntN(4) == 0 {
			return
		}
		v.Set(reflect.New(v.Type().Elem()))
		fill(r, v.Elem(), depth)
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Unix(1500000000+r.Int64N(1e8), 0).UTC()))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			fill(r, v.Field(i), depth+1)
		}
	case reflect.String:
		v.SetString(randomText(r))
	case reflect.Bool:
		v.SetBool(r.IntN(2) == 0)
	case reflect.Int32, reflect.Int64:
		v.SetInt(r.Int64N(4000000) - 1000)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			b := make([]byte, r.IntN(10))
			for i := range b {
				b[i] = byte(r.IntN(256))
			}
			v.SetBytes(b)
			return
		}
		n := r.IntN(3)
		if depth > 4 {
			n = 0
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := 0; i < n; i++ {
			fill(r, s.Index(i), depth+1)
		}
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := r.IntN(3); i > 0; i-- {
			k := reflect.New(v.Type().Key()).Elem()
			fill(r, k, depth+1)
			e := reflect.New(v.Type().Elem()).Elem()
			fill(r, e, depth+1)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	}
}

const textAlphabet = "abcXYZ019 -_.~+=/:@%&<>\"'?#,;!*()[]{}\r\n\tü日本😀"

func randomText(r *rand.Rand) string {
	if r.IntN(8) == 0 {
		return ""
	}
	runes := []rune(textAlphabet)
	var b strings.Builder
	for i := r.IntN(16); i >= 0; i-- {
		b.WriteRune(runes[r.IntN(len(runes))])
	}
	return b.String()
}
