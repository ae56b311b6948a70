// Package constraint enforces the constraints of botocore's service models
// (lengths, patterns, enums, ranges, required members) on decoded inputs,
// and words each failure as AWS's Coral framework does:
//
//	1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+
//
// with "N validation errors detected: " and "; " between failures when there
// are several, nested paths as tags.1.member.key, null for absent required
// members, and no value at all for members the model marks sensitive. The
// generated Validate methods of the service packages call it.
package constraint

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iamd/iamd/internal/awserr"
)

// Validator collects a request's constraint failures in AWS's format.
type Validator struct {
	failures []string
}

// StringRules are the constraints of one string shape of the model.
type StringRules struct {
	Min, Max  int
	Pattern   *regexp.Regexp
	Source    string // the model's (Java) pattern, as AWS prints it
	Enum      []string
	Sensitive bool
}

// IntRules are the value constraints of one integer or long shape.
type IntRules struct {
	Min, Max       int64
	HasMin, HasMax bool
}

// ListRules are the length constraints of one list shape.
type ListRules struct {
	Min, Max int
}

func (v *Validator) fail(prefix, name, value, constraint string) {
	v.failures = append(v.failures, "Value "+value+" at '"+prefix+name+
		"' failed to satisfy constraint: Member must "+constraint)
}

// Null records a required member that is absent.
func (v *Validator) Null(prefix, name string) {
	v.fail(prefix, name, "null", "not be null")
}

// CheckString checks a string's length (in characters, as botocore
// counts), pattern and enum.
func (v *Validator) CheckString(prefix, name, s string, r *StringRules) {
	n := utf8.RuneCountInString(s)
	if r.Min > 0 && n < r.Min {
		v.failString(prefix, name, s, r, "have length greater than or equal to "+strconv.Itoa(r.Min))
	}
	if r.Max > 0 && n > r.Max {
		v.failString(prefix, name, s, r, "have length less than or equal to "+strconv.Itoa(r.Max))
	}
	if r.Pattern != nil && !r.Pattern.MatchString(s) {
		v.failString(prefix, name, s, r, "satisfy regular expression pattern: "+r.Source)
	}
	if r.Enum != nil && !slices.Contains(r.Enum, s) {
		v.failString(prefix, name, s, r, "satisfy enum value set: ["+strings.Join(r.Enum, ", ")+"]")
	}
}

func (v *Validator) failString(prefix, name, s string, r *StringRules, constraint string) {
	if r.Sensitive {
		v.failSensitive(prefix, name, "", constraint)
		return
	}
	v.fail(prefix, name, "'"+s+"'", constraint)
}

// failSensitive writes "Value at 'x'" when the value must not be echoed.
func (v *Validator) failSensitive(prefix, name, value, constraint string) {
	if value == "" {
		v.failures = append(v.failures, "Value at '"+prefix+name+
			"' failed to satisfy constraint: Member must "+constraint)
		return
	}
	v.fail(prefix, name, value, constraint)
}

// FailPattern records a value that fails a model pattern its caller checks
// itself, because Go's regular expressions cannot express it (the IAM
// account alias pattern's lookahead); source is the model's pattern.
func (v *Validator) FailPattern(prefix, name, value, source string) {
	v.fail(prefix, name, "'"+value+"'", "satisfy regular expression pattern: "+source)
}

// CheckBlob checks a blob's length; blobs are never echoed.
func (v *Validator) CheckBlob(prefix, name string, b []byte, r *ListRules) {
	if r.Min > 0 && len(b) < r.Min {
		v.failSensitive(prefix, name, "", "have length greater than or equal to "+strconv.Itoa(r.Min))
	}
	if r.Max > 0 && len(b) > r.Max {
		v.failSensitive(prefix, name, "", "have length less than or equal to "+strconv.Itoa(r.Max))
	}
}

// CheckInt checks an integer's range.
func (v *Validator) CheckInt(prefix, name string, n int64, r *IntRules) {
	if r.HasMin && n < r.Min {
		v.fail(prefix, name, "'"+strconv.FormatInt(n, 10)+"'", "have value greater than or equal to "+strconv.FormatInt(r.Min, 10))
	}
	if r.HasMax && n > r.Max {
		v.fail(prefix, name, "'"+strconv.FormatInt(n, 10)+"'", "have value less than or equal to "+strconv.FormatInt(r.Max, 10))
	}
}

// CheckList checks a list's length; n is len(list).
func (v *Validator) CheckList(prefix, name string, list any, n int, r *ListRules) {
	if r.Min > 0 && n < r.Min {
		v.fail(prefix, name, "'"+javaString(reflect.ValueOf(list))+"'", "have length greater than or equal to "+strconv.Itoa(r.Min))
	}
	if r.Max > 0 && n > r.Max {
		v.fail(prefix, name, "'"+javaString(reflect.ValueOf(list))+"'", "have length less than or equal to "+strconv.Itoa(r.Max))
	}
}

// Elem is the path of the i'th (0-based) element of a list member.
func Elem(name string, i int) string {
	return name + "." + strconv.Itoa(i+1) + ".member"
}

// javaString renders a value as Java's toString would in AWS's messages:
// lists as [a, b], structures as {Key: a,Value: b} without absent members.
func javaString(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "null"
		}
		return javaString(v.Elem())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return "java.nio.HeapByteBuffer"
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = javaString(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Map:
		keys := v.MapKeys()
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, javaString(k)+"="+javaString(v.MapIndex(k)))
		}
		slices.Sort(parts)
		return "{" + strings.Join(parts, ", ") + "}"
	case reflect.Struct:
		if t, ok := v.Interface().(time.Time); ok {
			return t.UTC().Format(time.RFC3339)
		}
		var parts []string
		for i := 0; i < v.NumField(); i++ {
			if !v.Field(i).IsZero() {
				parts = append(parts, v.Type().Field(i).Name+": "+javaString(v.Field(i)))
			}
		}
		return "{" + strings.Join(parts, ",") + "}"
	}
	return fmt.Sprint(v.Interface())
}

// Err returns nil, or the failures as one AWS ValidationError.
func (v *Validator) Err() error {
	switch len(v.failures) {
	case 0:
		return nil
	case 1:
		return awserr.ValidationError("1 validation error detected: " + v.failures[0])
	}
	return awserr.ValidationError(strconv.Itoa(len(v.failures)) +
		" validation errors detected: " + strings.Join(v.failures, "; "))
}
