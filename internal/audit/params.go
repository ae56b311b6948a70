package audit

import (
	"encoding/base64"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// unmarkedSecrets are members that carry a secret although botocore's
// models do not mark them sensitive: a session token is as good as the
// secret key beside it, and a one-time MFA code is still a credential
// while it lasts.
var unmarkedSecrets = map[string]bool{
	"SessionToken":        true,
	"TokenCode":           true,
	"AuthenticationCode1": true,
	"AuthenticationCode2": true,
}

// dateLayout is how CloudTrail writes the timestamps inside IAM's and STS's
// requestParameters and responseElements ("Jul 9, 2018 12:56:54 PM").
const dateLayout = "Jan 2, 2006 3:04:05 PM"

// Elements turns an operation's typed input or output into the shape of
// CloudTrail's requestParameters and responseElements: an object keyed by
// the members' wire names with the first letter lowered ("userName",
// "sAMLAssertionID"), without unset members and without any member that
// holds a secret. It returns nil, written as JSON null, when nothing is
// left.
//
// A map[string]any is taken as already shaped (events iamd makes itself,
// such as ConsoleLogin).
func Elements(v any) map[string]any {
	if m, ok := v.(map[string]any); ok {
		if len(m) == 0 {
			return nil
		}
		return m
	}
	m, _ := elements(reflect.ValueOf(v)).(map[string]any)
	if len(m) == 0 {
		return nil
	}
	return m
}

func elements(v reflect.Value) any {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			if t.IsZero() {
				return nil
			}
			return t.UTC().Format(dateLayout)
		}
		return structElements(v)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			if v.Len() == 0 {
				return nil
			}
			return base64.StdEncoding.EncodeToString(v.Bytes())
		}
		if v.Len() == 0 {
			return nil
		}
		list := make([]any, 0, v.Len())
		for i := range v.Len() {
			list = append(list, elements(v.Index(i)))
		}
		return list
	case reflect.Map:
		if v.Len() == 0 {
			return nil
		}
		m := make(map[string]any, v.Len())
		iter := v.MapRange()
		for iter.Next() {
			m[lowerFirst(iter.Key().String())] = elements(iter.Value())
		}
		return m
	case reflect.String:
		if v.Len() == 0 {
			return nil
		}
		return v.String()
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int()
	case reflect.Uint, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint()
	case reflect.Float32, reflect.Float64:
		return v.Float()
	default:
		return nil
	}
}

func structElements(v reflect.Value) any {
	t := v.Type()
	m := map[string]any{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || f.Tag.Get("sensitive") == "true" {
			continue
		}
		name := wireName(f)
		if name == "-" || unmarkedSecrets[name] {
			continue
		}
		if e := elements(v.Field(i)); e != nil {
			m[lowerFirst(name)] = e
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// wireName is the member's name on the wire: its query tag, else its xml
// or json tag, else the field name.
func wireName(f reflect.StructField) string {
	for _, key := range []string{"query", "xml", "json"} {
		if tag, ok := f.Tag.Lookup(key); ok {
			name, _, _ := strings.Cut(tag, ",")
			if name != "" {
				return name
			}
		}
	}
	return f.Name
}

func lowerFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToLower(r)) + s[size:]
}
