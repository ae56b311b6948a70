package query

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"sync"
	"time"
)

// Timestamp layouts for Encoder.TimeFormat.
const (
	// TimeFormatSeconds is how IAM (and STS, in practice) writes timestamps.
	TimeFormatSeconds = "2006-01-02T15:04:05Z"
	// TimeFormatMillis is the form of the STS API reference's samples.
	TimeFormatMillis = "2006-01-02T15:04:05.000Z"
)

// Encoder writes one service's responses and errors.
type Encoder struct {
	// XMLNamespace is the xmlns of every document, e.g.
	// https://iam.amazonaws.com/doc/2010-05-08/.
	XMLNamespace string
	// TimeFormat is the layout of timestamps, in UTC; TimeFormatSeconds
	// when empty.
	TimeFormat string
}

// WriteResponse writes an operation's response document with the default
// timestamp format. See Encoder.WriteResponse.
func WriteResponse(w io.Writer, operation, resultWrapper, xmlns, requestID string, output any) error {
	return Encoder{XMLNamespace: xmlns}.WriteResponse(w, operation, resultWrapper, requestID, output)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// WriteResponse writes <{operation}Response> with the output (a pointer to a
// generated output struct) inside <{resultWrapper}>, then the request ID.
// When output is nil or resultWrapper is empty, as for DeleteUser, only
// ResponseMetadata is written. The document is built in memory and written
// with one Write, so a failure writes nothing.
func (e Encoder) WriteResponse(w io.Writer, operation, resultWrapper, requestID string, output any) error {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	x := xmlWriter{buf: buf, timeFormat: e.TimeFormat}
	if x.timeFormat == "" {
		x.timeFormat = TimeFormatSeconds
	}
	x.open(operation+"Response", e.XMLNamespace)
	if resultWrapper != "" && output != nil {
		rv := reflect.ValueOf(output)
		for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
			if rv.IsNil() {
				break
			}
			rv = rv.Elem()
		}
		if rv.Kind() == reflect.Struct {
			p, err := planFor(rv.Type())
			if err != nil {
				return err
			}
			x.startTag(resultWrapper)
			if err := x.structure(rv, p); err != nil {
				return err
			}
			x.endTag(resultWrapper)
		} else if rv.Kind() != reflect.Pointer && rv.Kind() != reflect.Interface {
			return fmt.Errorf("query: output must be a pointer to a struct, not %T", output)
		}
	}
	x.requestMetadata(requestID)
	x.endTag(operation + "Response")
	_, err := w.Write(buf.Bytes())
	return err
}

// xmlWriter appends elements to a buffer.
type xmlWriter struct {
	buf        *bytes.Buffer
	timeFormat string
	scratch    [64]byte
}

func (x *xmlWriter) open(name, xmlns string) {
	x.buf.WriteByte('<')
	x.buf.WriteString(name)
	if xmlns != "" {
		x.buf.WriteString(` xmlns="`)
		escapeText(x.buf, xmlns)
		x.buf.WriteByte('"')
	}
	x.buf.WriteByte('>')
}

func (x *xmlWriter) startTag(name string) {
	x.buf.WriteByte('<')
	x.buf.WriteString(name)
	x.buf.WriteByte('>')
}

func (x *xmlWriter) endTag(name string) {
	x.buf.WriteString("</")
	x.buf.WriteString(name)
	x.buf.WriteByte('>')
}

func (x *xmlWriter) textElement(name, text string) {
	x.startTag(name)
	escapeText(x.buf, text)
	x.endTag(name)
}

func (x *xmlWriter) requestMetadata(requestID string) {
	x.buf.WriteString("<ResponseMetadata>")
	x.textElement("RequestId", requestID)
	x.buf.WriteString("</ResponseMetadata>")
}

// structure writes the fields of a struct value: nil pointers and empty
// optional strings, lists and maps are left out; required ones, and every
// non-pointer number, boolean, timestamp and structure, are written.
func (x *xmlWriter) structure(v reflect.Value, p *typePlan) error {
	for i := range p.fields {
		f := &p.fields[i]
		if f.xml.name == "" {
			continue
		}
		fv := v.Field(f.index)
		if f.ptr {
			if fv.IsNil() {
				continue
			}
			fv = fv.Elem()
		} else if !f.xml.required && isEmpty(fv, f.plan) {
			continue
		}
		if err := x.member(f.xml.name, fv, f.plan, &f.xml); err != nil {
			return err
		}
	}
	return nil
}

// isEmpty reports the absent values of types without a pointer: "" and
// empty lists, maps and blobs.
func isEmpty(v reflect.Value, p *typePlan) bool {
	switch p.kind {
	case kindString, kindBlob, kindList, kindMap:
		return v.Len() == 0
	}
	return false
}

// member writes one named value; lists and maps follow tag's layout.
func (x *xmlWriter) member(name string, v reflect.Value, p *typePlan, tag *wireTag) error {
	switch p.kind {
	case kindStruct:
		x.startTag(name)
		if err := x.structure(v, p); err != nil {
			return err
		}
		x.endTag(name)
		return nil
	case kindList:
		return x.list(name, v, p, tag)
	case kindMap:
		return x.mapping(name, v, p, tag)
	}
	x.startTag(name)
	if tag.policyDoc && p.kind == kindString {
		escapeText(x.buf, EncodePolicyDocument(v.String()))
	} else {
		x.scalar(v, p)
	}
	x.endTag(name)
	return nil
}

func (x *xmlWriter) list(name string, v reflect.Value, p *typePlan, tag *wireTag) error {
	elemName := tag.member
	if tag.flattened {
		if tag.member == "member" {
			elemName = name
		}
		for i := 0; i < v.Len(); i++ {
			if err := x.member(elemName, v.Index(i), p.elem, &defaultTag); err != nil {
				return err
			}
		}
		return nil
	}
	x.startTag(name)
	for i := 0; i < v.Len(); i++ {
		if err := x.member(elemName, v.Index(i), p.elem, &defaultTag); err != nil {
			return err
		}
	}
	x.endTag(name)
	return nil
}

// mapping writes entries sorted by key, so output is deterministic.
func (x *xmlWriter) mapping(name string, v reflect.Value, p *typePlan, tag *wireTag) error {
	keys := v.MapKeys()
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i].Interface()) < fmt.Sprint(keys[j].Interface()) })
	if !tag.flattened {
		x.startTag(name)
	}
	for _, k := range keys {
		entry := "entry"
		if tag.flattened {
			entry = name
		}
		x.startTag(entry)
		if err := x.member(tag.key, k, p.key, &defaultTag); err != nil {
			return err
		}
		if err := x.member(tag.value, v.MapIndex(k), p.elem, &defaultTag); err != nil {
			return err
		}
		x.endTag(entry)
	}
	if !tag.flattened {
		x.endTag(name)
	}
	return nil
}

func (x *xmlWriter) scalar(v reflect.Value, p *typePlan) {
	b := x.scratch[:0]
	switch p.kind {
	case kindString:
		escapeText(x.buf, v.String())
		return
	case kindBool:
		b = strconv.AppendBool(b, v.Bool())
	case kindInt:
		b = strconv.AppendInt(b, v.Int(), 10)
	case kindUint:
		b = strconv.AppendUint(b, v.Uint(), 10)
	case kindFloat:
		b = strconv.AppendFloat(b, v.Float(), 'g', -1, p.typ.Bits())
	case kindTime:
		b = v.Interface().(time.Time).UTC().AppendFormat(b, x.timeFormat)
	case kindBlob:
		x.buf.WriteString(base64.StdEncoding.EncodeToString(v.Bytes()))
		return
	}
	x.buf.Write(b)
}
