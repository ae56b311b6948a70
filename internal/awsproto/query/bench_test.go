package query_test

import (
	"io"
	"net/url"
	"testing"

	"github.com/iamd/iamd/internal/awsproto/query"
	"github.com/iamd/iamd/internal/service/iam"
)

func BenchmarkDecodeCreateUser(b *testing.B) {
	form, err := url.ParseQuery("Action=CreateUser&Version=2010-05-08&UserName=Bob&Path=%2Fdiv%2F" +
		"&Tags.member.1.Key=Dept&Tags.member.1.Value=Eng&Tags.member.2.Key=Cost&Tags.member.2.Value=42" +
		"&PermissionsBoundary=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fpb")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var in iam.CreateUserRequest
		if err := query.Decode(form, &in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteResponseGetUser(b *testing.B) {
	out := &iam.GetUserResponse{User: iam.User{
		Path: "/", UserName: "Bob", UserId: "AIDACKCEVSQ6C2EXAMPLE", Arn: "arn:aws:iam::123456789012:user/Bob",
		CreateDate: created, PasswordLastUsed: ptr(created),
		Tags: []iam.Tag{{Key: "Dept", Value: "Eng"}, {Key: "Cost", Value: "42"}},
	}}
	b.ReportAllocs()
	for b.Loop() {
		if err := query.WriteResponse(io.Discard, "GetUser", "GetUserResult", iam.XMLNamespace, "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE", out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValidateCreateUser(b *testing.B) {
	in := &iam.CreateUserRequest{UserName: "Bob", Path: "/div/", Tags: []iam.Tag{{Key: "Dept", Value: "Eng"}}}
	b.ReportAllocs()
	for b.Loop() {
		if err := in.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
