package jsonrpc

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
)

// Marshal encodes out, a pointer to an output struct (or nil, written as
// {}), as a JSON 1.1 body; see the package comment for what is left out.
func Marshal(out any) ([]byte, error) {
	bp := getBuffer()
	defer putBuffer(bp)
	b, err := appendBody((*bp)[:0], out)
	if err != nil {
		return nil, err
	}
	*bp = b // keep the grown buffer
	return slices.Clone(b), nil
}

// bufPool recycles encoding buffers: a full LookupEvents page is over
// 100 KB, and growing a fresh slice to that size each time costs more than
// encoding it.
var bufPool = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

// maxPooled keeps one huge response from pinning its buffer forever.
const maxPooled = 1 << 20

func getBuffer() *[]byte { return bufPool.Get().(*[]byte) }

func putBuffer(bp *[]byte) {
	if cap(*bp) <= maxPooled {
		bufPool.Put(bp)
	}
}

// appendBody appends the encoding of out to b.
func appendBody(b []byte, out any) ([]byte, error) {
	if out == nil {
		return append(b, "{}"...), nil
	}
	rv := reflect.ValueOf(out)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return append(b, "{}"...), nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return b, fmt.Errorf("jsonrpc: Marshal needs a struct or a pointer to one, not %T", out)
	}
	p, err := planFor(rv.Type())
	if err != nil {
		return b, err
	}
	return appendValue(b, rv, p)
}

// absent reports whether a member is left out of the body.
func absent(v reflect.Value, p *typePlan) bool {
	switch p.kind {
	case kindPointer, kindList, kindMap, kindBlob, kindAny:
		return v.IsNil()
	case kindString:
		return v.Len() == 0
	case kindTime:
		return v.Interface().(time.Time).IsZero()
	}
	return false
}

func appendValue(b []byte, v reflect.Value, p *typePlan) ([]byte, error) {
	switch p.kind {
	case kindPointer:
		if v.IsNil() {
			return append(b, "null"...), nil
		}
		return appendValue(b, v.Elem(), p.elem)
	case kindString:
		return appendString(b, v.String()), nil
	case kindBool:
		return strconv.AppendBool(b, v.Bool()), nil
	case kindInt:
		return strconv.AppendInt(b, v.Int(), 10), nil
	case kindUint:
		return strconv.AppendUint(b, v.Uint(), 10), nil
	case kindFloat:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("jsonrpc: %v has no JSON encoding", f)
		}
		return strconv.AppendFloat(b, f, 'g', -1, p.typ.Bits()), nil
	case kindTime:
		return appendEpoch(b, v.Interface().(time.Time)), nil
	case kindBlob:
		b = append(b, '"')
		b = base64.StdEncoding.AppendEncode(b, v.Bytes())
		return append(b, '"'), nil
	case kindList:
		return appendList(b, v, p)
	case kindMap:
		return appendMap(b, v, p)
	case kindStruct:
		return appendStruct(b, v, p)
	case kindAny:
		return appendAny(b, v)
	}
	return nil, fmt.Errorf("jsonrpc: unknown kind %d", p.kind)
}

func appendStruct(b []byte, v reflect.Value, p *typePlan) ([]byte, error) {
	b = append(b, '{')
	first := true
	for _, f := range p.fields {
		fv := v.Field(f.index)
		if absent(fv, f.plan) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, f.name)
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, fv, f.plan); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	return append(b, '}'), nil
}

func appendList(b []byte, v reflect.Value, p *typePlan) ([]byte, error) {
	b = append(b, '[')
	for i := range v.Len() {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendValue(b, v.Index(i), p.elem); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// appendMap writes keys sorted, so that equal maps give equal bodies.
func appendMap(b []byte, v reflect.Value, p *typePlan) ([]byte, error) {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(x, y reflect.Value) int {
		switch xs, ys := x.String(), y.String(); {
		case xs < ys:
			return -1
		case xs > ys:
			return 1
		}
		return 0
	})
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k.String())
		b = append(b, ':')
		var err error
		if b, err = appendValue(b, v.MapIndex(k), p.elem); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

// appendAny writes a document member as encoding/json does, without its
// HTML escaping, which AWS does not do either.
func appendAny(b []byte, v reflect.Value) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v.Interface()); err != nil {
		return nil, fmt.Errorf("jsonrpc: encode document: %w", err)
	}
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...), nil
}

// appendEpoch writes t as epoch seconds: whole when t has no milliseconds,
// else with up to three fractional digits (the precision AWS JSON services
// and botocore use), truncated toward the past.
func appendEpoch(b []byte, t time.Time) []byte {
	ms := t.Unix()*1000 + int64(t.Nanosecond()/1e6)
	if ms < 0 {
		b = append(b, '-')
		ms = -ms
	}
	b = strconv.AppendInt(b, ms/1000, 10)
	frac := ms % 1000
	if frac == 0 {
		return b
	}
	digits := []byte{byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	for digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	b = append(b, '.')
	return append(b, digits...)
}

const hexDigits = "0123456789abcdef"

// appendString writes s as a JSON string. Invalid UTF-8 becomes U+FFFD, and
// U+2028 and U+2029 are escaped, so that every client's parser, including
// JavaScript's, reads the same text.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
