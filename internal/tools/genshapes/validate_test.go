package main

import (
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/internal/service/sts"
)

func ptr[T any](v T) *T { return &v }

// TestGeneratedValidators checks the generated Validate methods against the
// messages AWS returns, e.g.
// "1 validation error detected: Value 'a b' at 'userName' failed to satisfy
// constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+".
func TestGeneratedValidators(t *testing.T) {
	t.Parallel()
	const pre = "1 validation error detected: "
	tests := []struct {
		name  string
		input interface{ Validate() error }
		want  string // "" when valid
	}{
		{"valid", &iam.CreateUserRequest{UserName: "bob", Path: "/a/", Tags: []iam.Tag{{Key: "k", Value: ""}}}, ""},
		{"pattern", &iam.CreateUserRequest{UserName: "a b"},
			pre + `Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+`},
		{"null", &iam.CreateUserRequest{},
			pre + `Value null at 'userName' failed to satisfy constraint: Member must not be null`},
		{"max length in code points", &iam.CreateUserRequest{UserName: strings.Repeat("a", 65)},
			pre + `Value '` + strings.Repeat("a", 65) + `' at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64`},
		{"multi-byte characters count once", &iam.TagUserRequest{UserName: "u", Tags: []iam.Tag{{Key: strings.Repeat("é", 128), Value: "v"}}}, ""},
		{"nested list member", &iam.CreateUserRequest{UserName: "bob", Tags: []iam.Tag{{Key: "ok"}, {Key: "", Value: "v"}, {Key: "k", Value: "a!"}}},
			`2 validation errors detected: Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null; ` +
				`Value 'a!' at 'tags.3.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]*`},
		{"required member missing", &iam.CreateUserRequest{UserName: "bob", Tags: []iam.Tag{{Key: "ok"}, {Key: "", Value: "v"}}},
			pre + `Value null at 'tags.2.member.key' failed to satisfy constraint: Member must not be null`},
		{"list length", &iam.CreateUserRequest{UserName: "bob", Tags: make51Tags()},
			pre + `Value '` + tagsString(51) + `' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50`},
		{"enum", &iam.UpdateAccessKeyRequest{AccessKeyId: "AKIAIOSFODNN7EXAMPLE", Status: "On"},
			pre + `Value 'On' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive, Expired]`},
		{"integer range", &iam.ListUsersRequest{MaxItems: ptr(int32(0))},
			pre + `Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1`},
		{"several failures", &iam.ListUsersRequest{MaxItems: ptr(int32(1001)), PathPrefix: "x y"},
			`2 validation errors detected: Value 'x y' at 'pathPrefix' failed to satisfy constraint: Member must satisfy regular expression pattern: \u002F[\u0021-\u007F]*; ` +
				`Value '1001' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000`},
		{"empty and pattern both fail", &sts.AssumeRoleRequest{RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "a", ExternalId: "é"},
			`3 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; ` +
				`Value 'é' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2; ` +
				`Value 'é' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@:\/-]*`},
		{"sensitive values are not echoed", &iam.CreateLoginProfileRequest{UserName: "bob", Password: "\x01"},
			pre + `Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`},
		{"supplementary planes in STS ARNs", &sts.AssumeRoleRequest{RoleArn: "arn:aws:iam::123456789012:role/😀", RoleSessionName: "s", Policy: "😀"},
			`2 validation errors detected: Value 's' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; ` +
				`Value '😀' at 'policy' failed to satisfy constraint: Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+`},
		{"struct list in STS", &sts.AssumeRoleRequest{RoleArn: "arn:aws:iam::123456789012:role/r", RoleSessionName: "ss",
			PolicyArns: []sts.PolicyDescriptorType{{Arn: "short"}}},
			pre + `Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.input.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Validate() = nil, want %q", tt.want)
			}
			e := awserr.As(err)
			if e.Code != "ValidationError" || e.Status != 400 || e.Message != tt.want {
				t.Errorf("Validate() = %s %d %q\nwant ValidationError 400 %q", e.Code, e.Status, e.Message, tt.want)
			}
		})
	}
}

func make51Tags() []iam.Tag {
	tags := make([]iam.Tag, 51)
	for i := range tags {
		tags[i] = iam.Tag{Key: "k", Value: "v"}
	}
	return tags
}

func tagsString(n int) string {
	parts := make([]string, n)
	for i := range parts {
		parts[i] = "{Key: k,Value: v}"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
