package query

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
)

// Decode fills into, a pointer to a generated input struct, from a Query
// form, as botocore's QuerySerializer writes it. Parameters the struct does
// not name (Action, Version, X-Amz-*, or any extra) are ignored. A value that
// cannot be parsed as its member's type is an *awserr.Error with code
// InvalidParameterValue; a bad into is a plain error (a programming fault).
func Decode(form url.Values, into any) error {
	rv := reflect.ValueOf(into)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("query: Decode needs a non-nil pointer to a struct, not %T", into)
	}
	p, err := planFor(rv.Elem().Type())
	if err != nil {
		return err
	}
	d := decoder{form: form}
	return d.structure(rv.Elem(), p, "")
}

// decoder holds one form; keys is its sorted key list, built only when a
// structure inside a list or map needs a prefix test.
type decoder struct {
	form url.Values
	keys []string
}

// hasPrefix reports whether any parameter starts with prefix.
func (d *decoder) hasPrefix(prefix string) bool {
	if d.keys == nil {
		d.keys = make([]string, 0, len(d.form))
		for k := range d.form {
			d.keys = append(d.keys, k)
		}
		sort.Strings(d.keys)
	}
	i := sort.SearchStrings(d.keys, prefix)
	return i < len(d.keys) && strings.HasPrefix(d.keys[i], prefix)
}

func (d *decoder) lookup(key string) (string, bool) {
	vs, ok := d.form[key]
	if !ok || len(vs) == 0 {
		return "", false
	}
	return vs[0], true
}

// present reports whether a value of plan p exists at key.
func (d *decoder) present(key string, p *typePlan) bool {
	switch p.kind {
	case kindStruct, kindList, kindMap:
		if _, ok := d.form[key]; ok {
			return true
		}
		return d.hasPrefix(key + ".")
	}
	_, ok := d.form[key]
	return ok
}

func (d *decoder) structure(v reflect.Value, p *typePlan, prefix string) error {
	for i := range p.fields {
		f := &p.fields[i]
		if f.query.name == "" {
			continue
		}
		key := f.query.name
		if prefix != "" {
			key = prefix + "." + key
		}
		// Lists and maps find their own elements (a flattened, renamed list
		// has no parameter under its own name) and stay nil when they have none.
		if f.plan.kind != kindList && f.plan.kind != kindMap && !d.present(key, f.plan) {
			continue
		}
		fv := v.Field(f.index)
		if f.ptr {
			if fv.IsNil() {
				fv.Set(reflect.New(fv.Type().Elem()))
			}
			fv = fv.Elem()
		}
		if err := d.value(fv, f.plan, &f.query, key); err != nil {
			return err
		}
	}
	return nil
}

// value decodes the value at key into v; tag describes list and map layout.
func (d *decoder) value(v reflect.Value, p *typePlan, tag *wireTag, key string) error {
	switch p.kind {
	case kindStruct:
		return d.structure(v, p, key)
	case kindList:
		return d.list(v, p, tag, key)
	case kindMap:
		return d.mapping(v, p, tag, key)
	}
	raw, _ := d.lookup(key)
	return setScalar(v, p, raw, key)
}

func (d *decoder) list(v reflect.Value, p *typePlan, tag *wireTag, key string) error {
	base := key + "." + tag.member
	if tag.flattened {
		base = key
		if tag.member != "member" {
			base = replaceLast(key, tag.member)
		}
	}
	elems := reflect.MakeSlice(p.typ, 0, 0)
	for i := 1; ; i++ {
		ek := base + "." + strconv.Itoa(i)
		if !d.present(ek, p.elem) {
			break
		}
		ev := reflect.New(p.elem.typ).Elem()
		if err := d.value(ev, p.elem, &defaultTag, ek); err != nil {
			return err
		}
		elems = reflect.Append(elems, ev)
	}
	if elems.Len() > 0 {
		v.Set(elems)
	}
	return nil
}

func (d *decoder) mapping(v reflect.Value, p *typePlan, tag *wireTag, key string) error {
	base := key + ".entry"
	if tag.flattened {
		base = key
	}
	m := reflect.MakeMap(p.typ)
	for i := 1; ; i++ {
		entry := base + "." + strconv.Itoa(i)
		kk, vk := entry+"."+tag.key, entry+"."+tag.value
		if !d.present(kk, p.key) {
			break
		}
		kv := reflect.New(p.key.typ).Elem()
		if err := d.value(kv, p.key, &defaultTag, kk); err != nil {
			return err
		}
		ev := reflect.New(p.elem.typ).Elem()
		if d.present(vk, p.elem) {
			if err := d.value(ev, p.elem, &defaultTag, vk); err != nil {
				return err
			}
		}
		m.SetMapIndex(kv, ev)
	}
	if m.Len() > 0 {
		v.Set(m)
	}
	return nil
}

// defaultTag describes list elements and map values, which have no tag of
// their own: nested lists and maps use the protocol's default names.
var defaultTag = wireTag{member: "member", key: "key", value: "value"}

// replaceLast swaps the last dotted segment of key for name, as botocore
// does for flattened lists whose member has its own name.
func replaceLast(key, name string) string {
	if i := strings.LastIndexByte(key, '.'); i >= 0 {
		return key[:i+1] + name
	}
	return name
}

func setScalar(v reflect.Value, p *typePlan, raw, key string) error {
	switch p.kind {
	case kindString:
		v.SetString(raw)
	case kindBool:
		switch {
		case strings.EqualFold(raw, "true"):
			v.SetBool(true)
		case strings.EqualFold(raw, "false"):
			v.SetBool(false)
		default:
			return invalidValue(raw, key, "a boolean")
		}
	case kindInt:
		n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, p.typ.Bits())
		if err != nil {
			return invalidValue(raw, key, "an integer")
		}
		v.SetInt(n)
	case kindUint:
		n, err := strconv.ParseUint(strings.TrimSpace(raw), 10, p.typ.Bits())
		if err != nil {
			return invalidValue(raw, key, "a non-negative integer")
		}
		v.SetUint(n)
	case kindFloat:
		f, err := strconv.ParseFloat(strings.TrimSpace(raw), p.typ.Bits())
		if err != nil {
			return invalidValue(raw, key, "a number")
		}
		v.SetFloat(f)
	case kindTime:
		t, err := parseTimestamp(raw)
		if err != nil {
			return invalidValue(raw, key, "an ISO 8601 timestamp")
		}
		v.Set(reflect.ValueOf(t))
	case kindBlob:
		b, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			return invalidValue(raw, key, "base64-encoded binary data")
		}
		v.SetBytes(b)
	default:
		return errors.New("query: not a scalar")
	}
	return nil
}

// parseTimestamp reads botocore's ISO 8601 form (with or without fractional
// seconds) and, leniently, epoch seconds.
func parseTimestamp(raw string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, raw); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse("2006-01-02T15:04:05.999999999", raw); err == nil {
		return t, nil
	}
	secs, err := strconv.ParseFloat(raw, 64)
	if err != nil || secs < 0 || secs > 253402300799 {
		return time.Time{}, fmt.Errorf("not a timestamp: %q", raw)
	}
	whole := int64(secs)
	return time.Unix(whole, int64((secs-float64(whole))*1e9)).UTC(), nil
}

// invalidValue is AWS's InvalidParameterValue for a value of the wrong type.
func invalidValue(raw, key, want string) error {
	return awserr.InvalidParameterValue(fmt.Sprintf(
		"Value (%s) for parameter %s is invalid. Expected %s.", raw, key, want))
}
