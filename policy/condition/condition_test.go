package condition

import "testing"

// condCase evaluates one operator, key and policy values against a context
// built from ctx (a nil slice leaves the key absent).
type condCase struct {
	op     string
	values []string
	ctx    []string
	want   bool
}

func runCases(t *testing.T, vars bool, extra map[string]string, cases []condCase) {
	t.Helper()
	for _, tc := range cases {
		op, err := ParseOperator(tc.op)
		if err != nil {
			t.Fatalf("%s: %v", tc.op, err)
		}
		c, err := Compile(op, "Test:Key", tc.values, vars)
		if err != nil {
			t.Fatalf("%s: %v", tc.op, err)
		}
		var ctx Context
		if tc.ctx != nil {
			ctx.SetValues("test:key", tc.ctx)
		}
		for k, v := range extra {
			ctx.Set(k, v)
		}
		if got := c.Evaluate(&ctx); got != tc.want {
			t.Errorf("%s %q on %q = %v, want %v", tc.op, tc.values, tc.ctx, got, tc.want)
		}
	}
}

func TestParseOperator(t *testing.T) {
	t.Parallel()
	op, err := ParseOperator("ForAnyValue:StringNotLikeIfExists")
	if err != nil || op.Base != "StringNotLike" || !op.Negated || !op.IfExists || op.Set != SetForAnyValue || op.Family != FamilyString {
		t.Fatalf("got %+v, %v", op, err)
	}
	for _, bad := range []string{"", "StringEqualz", "stringequals", "NullIfExists", "ForSomeValues:StringEquals", "IfExists", "ForAllValues:"} {
		if _, err := ParseOperator(bad); err == nil {
			t.Errorf("ParseOperator(%q) succeeded", bad)
		}
	}
}

func TestString(t *testing.T) {
	t.Parallel()
	runCases(t, true, map[string]string{"aws:username": "alice"}, []condCase{
		{"StringEquals", []string{"a"}, []string{"a"}, true},
		{"StringEquals", []string{"a"}, []string{"A"}, false},
		{"StringEquals", []string{"a", "b"}, []string{"b"}, true},
		{"StringEquals", []string{"a"}, nil, false},
		{"StringEquals", []string{"a*"}, []string{"ab"}, false},
		{"StringNotEquals", []string{"a", "b"}, []string{"b"}, false},
		{"StringNotEquals", []string{"a", "b"}, []string{"c"}, true},
		{"StringNotEquals", []string{"a"}, nil, true},
		{"StringEqualsIgnoreCase", []string{"ABC"}, []string{"abc"}, true},
		{"StringNotEqualsIgnoreCase", []string{"ABC"}, []string{"abc"}, false},
		{"StringLike", []string{"a*c"}, []string{"abbbc"}, true},
		{"StringLike", []string{"a?c"}, []string{"abc"}, true},
		{"StringLike", []string{"a?c"}, []string{"ac"}, false},
		{"StringLike", []string{"home/*"}, []string{"home/a:b/c"}, true},
		{"StringNotLike", []string{"a*"}, []string{"abc"}, false},
		{"StringNotLike", []string{"a*"}, nil, true},
		{"StringEquals", []string{"${aws:username}"}, []string{"alice"}, true},
		{"StringEquals", []string{"home/${aws:username}/x"}, []string{"home/alice/x"}, true},
		{"StringEquals", []string{"${aws:missing}"}, []string{""}, false},
		{"StringEquals", []string{"${aws:missing, 'dflt'}"}, []string{"dflt"}, true},
		{"StringEquals", []string{"${*}"}, []string{"*"}, true},
		{"StringLike", []string{"${*}"}, []string{"x"}, false},
		{"StringLike", []string{"a${?}"}, []string{"a?"}, true},
		{"StringEquals", []string{"${$}"}, []string{"$"}, true},
		{"StringEquals", []string{"${x, 'it''s'}"}, []string{"it's"}, true},
	})
	// 2008-10-17 keeps variables literal.
	runCases(t, false, map[string]string{"aws:username": "alice"}, []condCase{
		{"StringEquals", []string{"${aws:username}"}, []string{"alice"}, false},
		{"StringEquals", []string{"${aws:username}"}, []string{"${aws:username}"}, true},
	})
}

func TestNumeric(t *testing.T) {
	t.Parallel()
	runCases(t, true, nil, []condCase{
		{"NumericEquals", []string{"10"}, []string{"10.0"}, true},
		{"NumericNotEquals", []string{"10"}, []string{"11"}, true},
		{"NumericLessThan", []string{"10"}, []string{"9.5"}, true},
		{"NumericLessThan", []string{"10"}, []string{"10"}, false},
		{"NumericLessThanEquals", []string{"10"}, []string{"10"}, true},
		{"NumericGreaterThan", []string{"10"}, []string{"-11"}, false},
		{"NumericGreaterThanEquals", []string{"-3"}, []string{"-3"}, true},
		{"NumericEquals", []string{"abc"}, []string{"abc"}, false},
		{"NumericEquals", []string{"1"}, []string{"x"}, false},
		{"NumericLessThan", []string{"10"}, nil, false},
		{"NumericLessThanIfExists", []string{"10"}, nil, true},
	})
}

func TestDate(t *testing.T) {
	t.Parallel()
	runCases(t, true, nil, []condCase{
		{"DateEquals", []string{"2024-01-01T00:00:00Z"}, []string{"1704067200"}, true},
		{"DateEquals", []string{"2024-01-01"}, []string{"2024-01-01T00:00:00Z"}, true},
		{"DateNotEquals", []string{"2024-01-01"}, []string{"2024-01-02"}, true},
		{"DateLessThan", []string{"2024-01-01T00:00:00Z"}, []string{"2023-12-31T23:59:59Z"}, true},
		{"DateLessThanEquals", []string{"2024-01-01T01:00:00+01:00"}, []string{"2024-01-01T00:00:00Z"}, true},
		{"DateGreaterThan", []string{"2024-01-01"}, []string{"2024-01-01T00:00:00.5Z"}, true},
		{"DateGreaterThanEquals", []string{"1704067200"}, []string{"2023-01-01"}, false},
		{"DateEquals", []string{"2024-01-01"}, []string{"soon"}, false},
	})
}

func TestBool(t *testing.T) {
	t.Parallel()
	runCases(t, true, map[string]string{"x:flag": "true"}, []condCase{
		{"Bool", []string{"true"}, []string{"true"}, true},
		{"Bool", []string{"true"}, []string{"TRUE"}, true},
		{"Bool", []string{"false"}, []string{"true"}, false},
		{"Bool", []string{"true"}, nil, false},
		{"BoolIfExists", []string{"true"}, nil, true},
		{"Bool", []string{"${x:flag}"}, []string{"true"}, true},
		{"Bool", []string{"yes"}, []string{"yes"}, false},
	})
}

func TestBinary(t *testing.T) {
	t.Parallel()
	runCases(t, true, nil, []condCase{
		{"BinaryEquals", []string{"QmluYXJ5"}, []string{"QmluYXJ5"}, true},
		{"BinaryEquals", []string{"QmluYXJ5"}, []string{"qmluyxj5"}, false},
	})
}

func TestIPAddressFamily(t *testing.T) {
	t.Parallel()
	runCases(t, true, nil, []condCase{
		{"IpAddress", []string{"203.0.113.0/24"}, []string{"203.0.113.7"}, true},
		{"IpAddress", []string{"203.0.113.0/24"}, []string{"203.0.114.7"}, false},
		{"IpAddress", []string{"203.0.113.7"}, []string{"203.0.113.7"}, true},
		{"IpAddress", []string{"2001:db8::/32"}, []string{"2001:db8::1"}, true},
		{"IpAddress", []string{"10.0.0.0/8"}, []string{"::ffff:10.1.1.1"}, true},
		{"IpAddress", []string{"10.0.0.0/8"}, []string{"not-an-ip"}, false},
		{"NotIpAddress", []string{"10.0.0.0/8", "192.168.0.0/16"}, []string{"192.168.1.1"}, false},
		{"NotIpAddress", []string{"10.0.0.0/8"}, []string{"8.8.8.8"}, true},
		{"NotIpAddress", []string{"10.0.0.0/8"}, nil, true},
	})
}

func TestARN(t *testing.T) {
	t.Parallel()
	runCases(t, true, map[string]string{"aws:username": "alice"}, []condCase{
		{"ArnEquals", []string{"arn:aws:iam::123456789012:user/alice"}, []string{"arn:aws:iam::123456789012:user/alice"}, true},
		{"ArnLike", []string{"arn:aws:iam::*:user/*"}, []string{"arn:aws:iam::123456789012:user/a/b"}, true},
		{"ArnEquals", []string{"arn:aws:iam::*:user/*"}, []string{"arn:aws:iam::123456789012:user/bob"}, true},
		{"ArnLike", []string{"arn:aws:iam::12345678901?:user/x"}, []string{"arn:aws:iam::123456789012:user/x"}, true},
		{"ArnLike", []string{"arn:aws:s3:::b*c"}, []string{"arn:aws:s3:::b:x:c"}, false},
		{"ArnLike", []string{"arn:aws:*"}, []string{"arn:aws:s3:::b"}, true},
		{"ArnLike", []string{"arn:aws:iam::*:user/${aws:username}"}, []string{"arn:aws:iam::1:user/alice"}, true},
		{"ArnNotLike", []string{"arn:aws:iam::*:role/*"}, []string{"arn:aws:iam::1:user/x"}, true},
		{"ArnNotEquals", []string{"arn:aws:iam::*:user/*"}, []string{"arn:aws:iam::1:user/x"}, false},
		{"ArnLike", []string{"arn:aws:iam::*:user/*"}, []string{"arn:aws:iam::1:USER/x"}, false},
	})
}

func TestNullFamily(t *testing.T) {
	t.Parallel()
	runCases(t, true, nil, []condCase{
		{"Null", []string{"true"}, nil, true},
		{"Null", []string{"true"}, []string{"x"}, false},
		{"Null", []string{"false"}, []string{"x"}, true},
		{"Null", []string{"false"}, nil, false},
		{"Null", []string{"maybe"}, nil, false},
	})
}

// TestSetModifiers follows the tables of AWS's "Single-valued vs.
// multivalued context keys" examples.
func TestSetModifiers(t *testing.T) {
	t.Parallel()
	runCases(t, true, nil, []condCase{
		{"ForAllValues:StringEquals", []string{"a", "b"}, []string{"a", "b"}, true},
		{"ForAllValues:StringEquals", []string{"a", "b"}, []string{"a", "c"}, false},
		{"ForAllValues:StringEquals", []string{"a"}, nil, true},
		{"ForAnyValue:StringEquals", []string{"a"}, []string{"c", "a"}, true},
		{"ForAnyValue:StringEquals", []string{"a"}, []string{"c"}, false},
		{"ForAnyValue:StringEquals", []string{"a"}, nil, false},
		{"ForAnyValue:StringEqualsIfExists", []string{"a"}, nil, true},
		{"ForAllValues:StringNotLike", []string{"key1*"}, []string{"key1a", "key2"}, false},
		{"ForAllValues:StringNotLike", []string{"key1*"}, []string{"key2", "key3"}, true},
		{"ForAllValues:StringNotLike", []string{"key1*"}, nil, true},
		{"ForAnyValue:StringNotEquals", []string{"a"}, []string{"a", "b"}, true},
		{"ForAnyValue:StringNotEquals", []string{"a"}, []string{"a"}, false},
		{"StringEquals", []string{"a"}, []string{"b", "a"}, true},
		{"StringNotEquals", []string{"a"}, []string{"b", "a"}, false},
	})
}

func TestContext(t *testing.T) {
	t.Parallel()
	var c Context
	c.Set("AWS:UserName", "alice")
	c.SetValues("aws:TagKeys", []string{"a", "b"})
	c.SetValues("empty", nil)
	if v, ok := c.Lookup("aws:username"); !ok || v[0] != "alice" {
		t.Errorf("Lookup = %v, %v", v, ok)
	}
	if _, ok := c.ResolveVar("aws:tagkeys"); ok {
		t.Error("multivalued key resolved as a variable")
	}
	if _, ok := c.Lookup("empty"); ok {
		t.Error("key without values is present")
	}
	c.Set("aws:username", "bob")
	if v, _ := c.Get("AWS:USERNAME"); len(v) != 1 || v[0] != "bob" || c.Len() != 3 {
		t.Errorf("replace: %v, len %d", v, c.Len())
	}
	c.Delete("Empty")
	if c.Len() != 2 {
		t.Errorf("Delete: len %d", c.Len())
	}
	var nilCtx *Context
	if _, ok := nilCtx.Lookup("x"); ok {
		t.Error("nil context has keys")
	}
	c.Reset()
	if c.Len() != 0 {
		t.Error("Reset")
	}
}
