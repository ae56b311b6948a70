package constraint

import (
	"regexp"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
)

type tag struct {
	Key   string
	Value string
}

func TestMessages(t *testing.T) {
	t.Parallel()
	name := &StringRules{Min: 1, Max: 4, Pattern: regexp.MustCompile(`^[a-z]*$`), Source: "[a-z]*"}
	tests := []struct {
		name string
		run  func(v *Validator)
		want string // "" for no error
	}{
		{"valid", func(v *Validator) { v.CheckString("", "userName", "bob", name) }, ""},
		{"null", func(v *Validator) { v.Null("", "userName") },
			"1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null"},
		{"too long counts characters", func(v *Validator) { v.CheckString("", "userName", "ééééé", &StringRules{Max: 4}) },
			"1 validation error detected: Value 'ééééé' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 4"},
		{"four characters of two bytes fit", func(v *Validator) { v.CheckString("", "userName", "éééé", &StringRules{Max: 4}) }, ""},
		{"pattern", func(v *Validator) { v.CheckString("tags.1.member.", "key", "a b", name) },
			"1 validation error detected: Value 'a b' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-z]*"},
		{"enum", func(v *Validator) {
			v.CheckString("", "status", "On", &StringRules{Enum: []string{"Active", "Inactive"}})
		},
			"1 validation error detected: Value 'On' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]"},
		{"sensitive values are not echoed", func(v *Validator) { v.CheckString("", "password", "x", &StringRules{Min: 8, Sensitive: true}) },
			"1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 8"},
		{"range", func(v *Validator) { v.CheckInt("", "maxItems", 0, &IntRules{Min: 1, HasMin: true}) },
			"1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"lists print as Java does", func(v *Validator) {
			list := []tag{{Key: "a", Value: "1"}, {Key: "b"}}
			v.CheckList("", "tags", list, len(list), &ListRules{Max: 1})
		}, "1 validation error detected: Value '[{Key: a,Value: 1}, {Key: b}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 1"},
		{"blobs are never echoed", func(v *Validator) { v.CheckBlob("", "seed", []byte("x"), &ListRules{Min: 2}) },
			"1 validation error detected: Value at 'seed' failed to satisfy constraint: Member must have length greater than or equal to 2"},
		{"a pattern checked by the caller", func(v *Validator) { v.FailPattern("", "accountAlias", "a--b", "^[a-z]+$") },
			"1 validation error detected: Value 'a--b' at 'accountAlias' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-z]+$"},
		{"several failures", func(v *Validator) {
			v.Null("", "userName")
			v.CheckInt("", "maxItems", 1001, &IntRules{Max: 1000, HasMax: true})
		}, "2 validation errors detected: Value null at 'userName' failed to satisfy constraint: Member must not be null; " +
			"Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v Validator
			tt.run(&v)
			err := v.Err()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			e := awserr.As(err)
			if err == nil || e.Code != "ValidationError" || e.Status != 400 || e.Message != tt.want {
				t.Fatalf("Err() = %v\nwant ValidationError: %s", err, tt.want)
			}
		})
	}
}

func TestElem(t *testing.T) {
	t.Parallel()
	if got := Elem("tags", 0); got != "tags.1.member" {
		t.Fatalf("Elem(tags, 0) = %q", got)
	}
}
