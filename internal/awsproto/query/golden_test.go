package query_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/awsproto/query"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/internal/service/sts"
)

var update = flag.Bool("update", false, "rewrite testdata/*.xml golden files")

func ptr[T any](v T) *T { return &v }

var created = time.Date(2013, 9, 20, 23, 3, 13, 0, time.UTC)

// goldenCases are representative responses, each compared byte for byte
// with testdata/<name>.xml.
var goldenCases = []struct {
	name  string
	write func(*bytes.Buffer) error
}{
	{"create_user", func(b *bytes.Buffer) error {
		return query.WriteResponse(b, "CreateUser", "CreateUserResult", iam.XMLNamespace, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE",
			&iam.CreateUserResponse{User: &iam.User{
				Path: "/division_abc/subdivision_xyz/", UserName: "Bob", UserId: "AIDACKCEVSQ6C2EXAMPLE",
				Arn: "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob", CreateDate: created,
				Tags: []iam.Tag{{Key: "Dept", Value: "R&D <lab>"}},
			}})
	}},
	{"list_users_truncated", func(b *bytes.Buffer) error {
		return query.WriteResponse(b, "ListUsers", "ListUsersResult", iam.XMLNamespace, "req-list",
			&iam.ListUsersResponse{
				Users: []iam.User{
					{Path: "/", UserName: "Andrew", UserId: "AID2MAB8DPLSRHEXAMPLE", Arn: "arn:aws:iam::123456789012:user/Andrew", CreateDate: created},
					{Path: "/", UserName: "Jackie", UserId: "AIDIODR4TAW7CSEXAMPLE", Arn: "arn:aws:iam::123456789012:user/Jackie", CreateDate: created,
						PasswordLastUsed: ptr(created.Add(time.Hour))},
				},
				IsTruncated: ptr(true),
				Marker:      "AAEAAQ==",
			})
	}},
	{"list_users_empty", func(b *bytes.Buffer) error {
		return query.WriteResponse(b, "ListUsers", "ListUsersResult", iam.XMLNamespace, "req-empty",
			&iam.ListUsersResponse{IsTruncated: ptr(false)})
	}},
	{"get_policy_version", func(b *bytes.Buffer) error {
		doc := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"}]\n}"
		return query.WriteResponse(b, "GetPolicyVersion", "GetPolicyVersionResult", iam.XMLNamespace, "req-pv",
			&iam.GetPolicyVersionResponse{PolicyVersion: &iam.PolicyVersion{
				Document: doc, VersionId: "v2", IsDefaultVersion: ptr(true), CreateDate: ptr(created),
			}})
	}},
	{"delete_user", func(b *bytes.Buffer) error {
		return query.WriteResponse(b, "DeleteUser", "", iam.XMLNamespace, "req-del", nil)
	}},
	{"error_no_such_entity", func(b *bytes.Buffer) error {
		return query.WriteError(b, iam.XMLNamespace, "req-err",
			awserr.NoSuchEntity("The user with name %s cannot be found.", "Bob"))
	}},
	{"sts_get_caller_identity", func(b *bytes.Buffer) error {
		return query.WriteResponse(b, "GetCallerIdentity", "GetCallerIdentityResult", sts.XMLNamespace, "req-gci",
			&sts.GetCallerIdentityResponse{UserId: "AIDACKCEVSQ6C2EXAMPLE", Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/Alice"})
	}},
	{"sts_assume_role_millis", func(b *bytes.Buffer) error {
		enc := query.Encoder{XMLNamespace: sts.XMLNamespace, TimeFormat: query.TimeFormatMillis}
		return enc.WriteResponse(b, "AssumeRole", "AssumeRoleResult", "req-ar", &sts.AssumeRoleResponse{
			Credentials: &sts.Credentials{AccessKeyId: "ASIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
				SessionToken: "FQoGZXIvYXdzEXAMPLE", Expiration: time.Date(2011, 7, 15, 23, 28, 33, 359e6, time.UTC)},
			AssumedRoleUser:  &sts.AssumedRoleUser{AssumedRoleId: "ARO123EXAMPLE123:Bob", Arn: "arn:aws:sts::123456789012:assumed-role/demo/Bob"},
			PackedPolicySize: ptr(int32(6)),
		})
	}},
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got bytes.Buffer
			if err := tc.write(&got); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tc.name+".xml")
			if *update {
				if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%s differs from %s:\ngot:  %s\nwant: %s", tc.name, path, got.Bytes(), want)
			}
		})
	}
}
