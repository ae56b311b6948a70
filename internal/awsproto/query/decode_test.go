package query_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/query"
	"github.com/iamd/iamd/internal/service/iam"
)

// layouts exercises the tag grammar beyond what IAM and STS use: flattened
// lists, renamed list members, maps with renamed keys and values, nested
// structures and every scalar kind.
type layouts struct {
	Name      string            `query:"Name"`
	Count     *int32            `query:"Count"`
	Big       int64             `query:"Big"`
	Enabled   *bool             `query:"Enabled"`
	When      *time.Time        `query:"When"`
	Data      []byte            `query:"Data"`
	Ratio     float64           `query:"Ratio"`
	Plain     []string          `query:"Plain"`
	Flat      []string          `query:"Flat,flattened"`
	FlatNamed []string          `query:"Outer,flattened,member=Item"`
	Renamed   []string          `query:"Renamed,member=Item"`
	Attrs     map[string]string `query:"Attrs"`
	FlatMap   map[string]int32  `query:"FlatMap,flattened,key=Name,value=Val"`
	Nested    *nested           `query:"Nested"`
	Nesteds   []nested          `query:"Nesteds"`
	Ignored   string
}

type nested struct {
	Key   string   `query:"Key"`
	Inner *nested  `query:"Inner"`
	Tags  []string `query:"Tags"`
}

func form(pairs ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(pairs); i += 2 {
		v.Add(pairs[i], pairs[i+1])
	}
	return v
}

func TestDecodeLayouts(t *testing.T) {
	t.Parallel()
	when := time.Date(2024, 2, 29, 12, 30, 45, 123e6, time.UTC)
	tests := []struct {
		name string
		form url.Values
		want layouts
	}{
		{"scalars", form("Name", "a b&c", "Count", "42", "Big", "-9000000000", "Enabled", "true",
			"When", "2024-02-29T12:30:45.123Z", "Data", "aGk=", "Ratio", "1.5", "Ignored", "x", "Unknown", "y"),
			layouts{Name: "a b&c", Count: ptr(int32(42)), Big: -9000000000, Enabled: ptr(true), When: &when, Data: []byte("hi"), Ratio: 1.5}},
		{"false and zero are present", form("Enabled", "false", "Count", "0"),
			layouts{Enabled: ptr(false), Count: ptr(int32(0))}},
		{"lists", form("Plain.member.1", "a", "Plain.member.2", "b", "Flat.1", "c", "Flat.2", "d",
			"Item.1", "e", "Renamed.Item.1", "f"),
			layouts{Plain: []string{"a", "b"}, Flat: []string{"c", "d"}, FlatNamed: []string{"e"}, Renamed: []string{"f"}}},
		{"list stops at the first gap", form("Plain.member.1", "a", "Plain.member.3", "c"),
			layouts{Plain: []string{"a"}}},
		{"empty list as botocore sends it", form("Plain", ""), layouts{}},
		{"maps", form("Attrs.entry.1.key", "k1", "Attrs.entry.1.value", "v1", "Attrs.entry.2.key", "k2",
			"FlatMap.1.Name", "n", "FlatMap.1.Val", "7"),
			layouts{Attrs: map[string]string{"k1": "v1", "k2": ""}, FlatMap: map[string]int32{"n": 7}}},
		{"nested structures", form("Nested.Key", "k", "Nested.Inner.Inner.Key", "deep",
			"Nesteds.member.1.Key", "a", "Nesteds.member.2.Tags.member.1", "t", "Nesteds.member.10.Key", "ignored"),
			layouts{Nested: &nested{Key: "k", Inner: &nested{Inner: &nested{Key: "deep"}}},
				Nesteds: []nested{{Key: "a"}, {Tags: []string{"t"}}}}},
		{"first value wins", form("Name", "one", "Name", "two"), layouts{Name: "one"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got layouts
			if err := query.Decode(tt.form, &got); err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(layouts{})); diff != "" {
				t.Errorf("Decode (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDecodeCreateUser(t *testing.T) {
	t.Parallel()
	f, err := url.ParseQuery("Action=CreateUser&Version=2010-05-08&UserName=Bob&Path=%2Fdiv%2F" +
		"&Tags.member.1.Key=Dept&Tags.member.1.Value=R%26D&Tags.member.2.Key=Cost&Tags.member.2.Value=")
	if err != nil {
		t.Fatal(err)
	}
	var got iam.CreateUserRequest
	if err := query.Decode(f, &got); err != nil {
		t.Fatal(err)
	}
	want := iam.CreateUserRequest{UserName: "Bob", Path: "/div/", Tags: []iam.Tag{{Key: "Dept", Value: "R&D"}, {Key: "Cost"}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Decode (-want +got):\n%s", diff)
	}
}

func TestDecodeInvalidValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		form    url.Values
		message string
	}{
		{form("Count", "ten"), "Value (ten) for parameter Count is invalid. Expected an integer."},
		{form("Count", "3000000000"), "Value (3000000000) for parameter Count is invalid. Expected an integer."},
		{form("Enabled", "yes"), "Value (yes) for parameter Enabled is invalid. Expected a boolean."},
		{form("When", "yesterday"), "Value (yesterday) for parameter When is invalid. Expected an ISO 8601 timestamp."},
		{form("Data", "!!"), "Value (!!) for parameter Data is invalid. Expected base64-encoded binary data."},
		{form("Ratio", "x"), "Value (x) for parameter Ratio is invalid. Expected a number."},
		{form("FlatMap.1.Name", "n", "FlatMap.1.Val", "v"), "Value (v) for parameter FlatMap.1.Val is invalid. Expected an integer."},
	}
	for _, tt := range tests {
		t.Run(tt.message, func(t *testing.T) {
			t.Parallel()
			var got layouts
			err := query.Decode(tt.form, &got)
			e := awserr.As(err)
			if err == nil || e.Code != "InvalidParameterValue" || e.Status != 400 || e.Message != tt.message {
				t.Fatalf("Decode = %v, want InvalidParameterValue %q", err, tt.message)
			}
		})
	}
}

func TestDecodeTimestampForms(t *testing.T) {
	t.Parallel()
	want := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, raw := range []string{"2020-01-02T03:04:05Z", "2020-01-02T04:04:05+01:00", "2020-01-02T03:04:05", "1577934245"} {
		var got layouts
		if err := query.Decode(form("When", raw), &got); err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		if got.When == nil || !got.When.Equal(want) {
			t.Errorf("%s decoded as %v, want %v", raw, got.When, want)
		}
	}
}

func TestDecodeRejectsBadTargets(t *testing.T) {
	t.Parallel()
	var s layouts
	type unsupported struct {
		C chan int `query:"C"`
	}
	for _, into := range []any{nil, s, new(int), (*layouts)(nil), &unsupported{}} {
		err := query.Decode(form("Name", "x"), into)
		if err == nil {
			t.Errorf("Decode into %T succeeded, want an error", into)
		} else if awserr.As(err).Code != "InternalFailure" {
			t.Errorf("Decode into %T = %v, want a plain error", into, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add("UserName=Bob&Tags.member.1.Key=a&Tags.member.1.Value=b")
	f.Add("Count=1&Nested.Inner.Key=x&Nesteds.member.1.Tags.member.1=t&FlatMap.1.Name=a&FlatMap.1.Val=1")
	f.Add("When=2020-01-01T00:00:00Z&Data=aGk%3D&Enabled=TRUE&Attrs.entry.1.key=k")
	f.Fuzz(func(t *testing.T, body string) {
		values, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		var l layouts
		if err := query.Decode(values, &l); err != nil && !strings.HasPrefix(awserr.As(err).Code, "InvalidParameterValue") {
			t.Fatalf("unexpected error kind: %v", err)
		}
		var in iam.CreateUserRequest
		_ = query.Decode(values, &in)
		var pol iam.SimulateCustomPolicyRequest
		_ = query.Decode(values, &pol)
	})
}
