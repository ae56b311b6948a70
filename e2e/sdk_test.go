package e2e

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"
)

func sdkConfig(s *server, keyID, secret string) aws.Config {
	return aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider(keyID, secret, ""),
		BaseEndpoint:     aws.String(s.URL),
		RetryMaxAttempts: 1,
	}
}

func iamClient(s *server, keyID, secret string) *iam.Client {
	return iam.NewFromConfig(sdkConfig(s, keyID, secret))
}

func stsClient(s *server, keyID, secret string) *sts.Client {
	return sts.NewFromConfig(sdkConfig(s, keyID, secret))
}

// wantAPIError asserts err is an AWS API error with code.
func wantAPIError(t *testing.T, err error, code string) string {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error = %v, want AWS error %s", err, code)
	}
	if apiErr.ErrorCode() != code {
		t.Fatalf("error code = %s (%s), want %s", apiErr.ErrorCode(), apiErr.ErrorMessage(), code)
	}
	return apiErr.ErrorMessage()
}

// TestSDKSession runs the server issue's operations through aws-sdk-go-v2.
func TestSDKSession(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := iamClient(s, rootKeyID, rootSecret)

			u, err := root.CreateUser(ctx, &iam.CreateUserInput{
				UserName: aws.String("carol"),
				Tags:     []iamtypes.Tag{{Key: aws.String("cost-center"), Value: aws.String("42")}},
			})
			if err != nil {
				t.Fatalf("CreateUser: %v", err)
			}
			if got := aws.ToString(u.User.Arn); got != "arn:aws:iam::"+s.AccountID+":user/carol" {
				t.Fatalf("Arn = %s", got)
			}
			tags, err := root.ListUserTags(ctx, &iam.ListUserTagsInput{UserName: aws.String("carol")})
			if err != nil || len(tags.Tags) != 1 || aws.ToString(tags.Tags[0].Value) != "42" {
				t.Fatalf("ListUserTags = %+v, %v", tags, err)
			}

			for _, name := range []string{"u1", "u2", "u3", "u4", "u5"} {
				if _, err := root.CreateUser(ctx, &iam.CreateUserInput{UserName: aws.String(name)}); err != nil {
					t.Fatalf("CreateUser %s: %v", name, err)
				}
			}
			var names []string
			pages := iam.NewListUsersPaginator(root, &iam.ListUsersInput{MaxItems: aws.Int32(2)})
			for pages.HasMorePages() {
				page, err := pages.NextPage(ctx)
				if err != nil {
					t.Fatalf("ListUsers page: %v", err)
				}
				if len(page.Users) > 2 {
					t.Fatalf("page of %d users, want at most 2", len(page.Users))
				}
				for _, u := range page.Users {
					names = append(names, aws.ToString(u.UserName))
				}
			}
			if got := strings.Join(names, ","); got != "carol,u1,u2,u3,u4,u5" {
				t.Fatalf("paged ListUsers = %s", got)
			}

			if _, err := root.CreateGroup(ctx, &iam.CreateGroupInput{GroupName: aws.String("ops")}); err != nil {
				t.Fatal(err)
			}
			if _, err := root.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String("ops"), UserName: aws.String("carol")}); err != nil {
				t.Fatal(err)
			}
			pol, err := root.CreatePolicy(ctx, &iam.CreatePolicyInput{PolicyName: aws.String("p"), PolicyDocument: aws.String(policyV1)})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := root.CreatePolicyVersion(ctx, &iam.CreatePolicyVersionInput{
				PolicyArn: pol.Policy.Arn, PolicyDocument: aws.String(policyV2), SetAsDefault: true,
			}); err != nil {
				t.Fatal(err)
			}
			// IAM returns policy documents percent-encoded; the Go SDK hands
			// them over as they come, as it does from AWS.
			v2, err := root.GetPolicyVersion(ctx, &iam.GetPolicyVersionInput{PolicyArn: pol.Policy.Arn, VersionId: aws.String("v2")})
			if err != nil {
				t.Fatal(err)
			}
			if doc, err := url.QueryUnescape(aws.ToString(v2.PolicyVersion.Document)); err != nil || doc != policyV2 ||
				!strings.HasPrefix(aws.ToString(v2.PolicyVersion.Document), "%7B%22Version%22") {
				t.Fatalf("GetPolicyVersion document = %q", aws.ToString(v2.PolicyVersion.Document))
			}
			if _, err := root.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String("carol"), PolicyArn: pol.Policy.Arn}); err != nil {
				t.Fatal(err)
			}
			_, err = root.DeletePolicy(ctx, &iam.DeletePolicyInput{PolicyArn: pol.Policy.Arn})
			wantAPIError(t, err, "DeleteConflict")

			key, err := root.CreateAccessKey(ctx, &iam.CreateAccessKeyInput{UserName: aws.String("carol")})
			if err != nil {
				t.Fatal(err)
			}
			keyID, secret := aws.ToString(key.AccessKey.AccessKeyId), aws.ToString(key.AccessKey.SecretAccessKey)
			who, err := stsClient(s, keyID, secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			if err != nil {
				t.Fatalf("GetCallerIdentity as carol: %v", err)
			}
			if aws.ToString(who.Arn) != aws.ToString(u.User.Arn) || aws.ToString(who.UserId) != aws.ToString(u.User.UserId) {
				t.Fatalf("caller identity = %s %s", aws.ToString(who.Arn), aws.ToString(who.UserId))
			}
			_, err = iamClient(s, keyID, secret).GetUser(ctx, &iam.GetUserInput{UserName: aws.String("u1")})
			wantAPIError(t, err, "AccessDenied")
			_, err = stsClient(s, keyID, strings.Repeat("z", 40)).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, "SignatureDoesNotMatch")
			_, err = stsClient(s, "AKIAQQQQQQQQQQQQQQQQ", secret).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
			wantAPIError(t, err, "InvalidClientTokenId")
			_, err = root.DeleteUser(ctx, &iam.DeleteUserInput{UserName: aws.String("carol")})
			wantAPIError(t, err, "DeleteConflict")
		})
	}
}
