package condition

// nullMatcher serves Null: "true" asks that the key be absent from the
// request, "false" that it be present. Several values are ORed.
type nullMatcher struct {
	wantAbsent, wantPresent bool
}

func compileNull(values []string) (nullMatcher, []string) {
	var m nullMatcher
	var invalid []string
	for _, v := range values {
		b, ok := ParseBool(v)
		switch {
		case !ok:
			invalid = append(invalid, v)
		case b:
			m.wantAbsent = true
		default:
			m.wantPresent = true
		}
	}
	return m, invalid
}

func (m nullMatcher) eval(present bool) bool {
	if present {
		return m.wantPresent
	}
	return m.wantAbsent
}
