package condition

import (
	"strconv"
	"time"
)

// dateMatcher serves the Date operators. AWS accepts ISO 8601 dates and
// times, and epoch seconds.
type dateMatcher struct {
	test  Test
	times []time.Time
}

// dateLayouts are the ISO 8601 forms accepted, most common first.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02",
}

// ParseDate reads a condition value as AWS's Date operators do: an ISO 8601
// date or date-time (UTC when no zone is given) or a count of epoch seconds.
func ParseDate(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, false
	}
	if isInteger(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0).UTC(), true
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func isInteger(s string) bool {
	if s[0] == '-' || s[0] == '+' {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func compileDate(t Test, values []string) (matcher, []string) {
	m := &dateMatcher{test: t}
	var invalid []string
	for _, v := range values {
		d, ok := ParseDate(v)
		if !ok {
			invalid = append(invalid, v)
			continue
		}
		m.times = append(m.times, d)
	}
	return m, invalid
}

func (m *dateMatcher) matchAny(v string, _ *Context) bool {
	x, ok := ParseDate(v)
	if !ok {
		return false
	}
	for _, p := range m.times {
		if compareOrdered(m.test, x.Compare(p)) {
			return true
		}
	}
	return false
}
