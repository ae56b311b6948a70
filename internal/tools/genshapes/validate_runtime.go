package main

// validatorRuntime is written verbatim into every zz_generated_validate.go:
// the helpers that the generated validate methods call. It formats failures
// as AWS's Coral framework does:
//
//	1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+
//
// with "N validation errors detected: " and "; " between failures when there
// are several, nested paths as tags.1.member.key, null for absent required
// members, and no value at all for members the model marks sensitive.
const validatorRuntime = `
// validator collects a request's constraint failures in AWS's format.
type validator struct {
	failures []string
}

// stringRules are the constraints of one string shape of the model.
type stringRules struct {
	min, max  int
	pattern   *regexp.Regexp
	source    string // the model's (Java) pattern, as AWS prints it
	enum      []string
	sensitive bool
}

// intRules are the value constraints of one integer or long shape.
type intRules struct {
	min, max       int64
	hasMin, hasMax bool
}

// listRules are the length constraints of one list shape.
type listRules struct {
	min, max int
}

func (v *validator) fail(prefix, name, value, constraint string) {
	v.failures = append(v.failures, "Value "+value+" at '"+prefix+name+
		"' failed to satisfy constraint: Member must "+constraint)
}

func (v *validator) null(prefix, name string) {
	v.fail(prefix, name, "null", "not be null")
}

func (v *validator) checkString(prefix, name, s string, r *stringRules) {
	n := utf8.RuneCountInString(s)
	if r.min > 0 && n < r.min {
		v.failString(prefix, name, s, r, "have length greater than or equal to "+strconv.Itoa(r.min))
	}
	if r.max > 0 && n > r.max {
		v.failString(prefix, name, s, r, "have length less than or equal to "+strconv.Itoa(r.max))
	}
	if r.pattern != nil && !r.pattern.MatchString(s) {
		v.failString(prefix, name, s, r, "satisfy regular expression pattern: "+r.source)
	}
	if r.enum != nil && !slices.Contains(r.enum, s) {
		v.failString(prefix, name, s, r, "satisfy enum value set: ["+strings.Join(r.enum, ", ")+"]")
	}
}

func (v *validator) failString(prefix, name, s string, r *stringRules, constraint string) {
	if r.sensitive {
		v.failSensitive(prefix, name, "", constraint)
		return
	}
	v.fail(prefix, name, "'"+s+"'", constraint)
}

// failSensitive writes "Value at 'x'" when the value must not be echoed.
func (v *validator) failSensitive(prefix, name, value, constraint string) {
	if value == "" {
		v.failures = append(v.failures, "Value at '"+prefix+name+
			"' failed to satisfy constraint: Member must "+constraint)
		return
	}
	v.fail(prefix, name, value, constraint)
}

func (v *validator) checkBlob(prefix, name string, b []byte, r *listRules) {
	if r.min > 0 && len(b) < r.min {
		v.failSensitive(prefix, name, "", "have length greater than or equal to "+strconv.Itoa(r.min))
	}
	if r.max > 0 && len(b) > r.max {
		v.failSensitive(prefix, name, "", "have length less than or equal to "+strconv.Itoa(r.max))
	}
}

func (v *validator) checkInt(prefix, name string, n int64, r *intRules) {
	if r.hasMin && n < r.min {
		v.fail(prefix, name, "'"+strconv.FormatInt(n, 10)+"'", "have value greater than or equal to "+strconv.FormatInt(r.min, 10))
	}
	if r.hasMax && n > r.max {
		v.fail(prefix, name, "'"+strconv.FormatInt(n, 10)+"'", "have value less than or equal to "+strconv.FormatInt(r.max, 10))
	}
}

func (v *validator) checkList(prefix, name string, list any, n int, r *listRules) {
	if r.min > 0 && n < r.min {
		v.fail(prefix, name, "'"+javaString(reflect.ValueOf(list))+"'", "have length greater than or equal to "+strconv.Itoa(r.min))
	}
	if r.max > 0 && n > r.max {
		v.fail(prefix, name, "'"+javaString(reflect.ValueOf(list))+"'", "have length less than or equal to "+strconv.Itoa(r.max))
	}
}

// elem is the path of the i'th (0-based) element of a list member.
func elem(name string, i int) string {
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

// err returns nil, or the failures as one AWS ValidationError.
func (v *validator) err() error {
	switch len(v.failures) {
	case 0:
		return nil
	case 1:
		return awserr.ValidationError("1 validation error detected: " + v.failures[0])
	}
	return awserr.ValidationError(strconv.Itoa(len(v.failures)) +
		" validation errors detected: " + strings.Join(v.failures, "; "))
}
`
