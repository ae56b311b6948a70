package audit

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service/iam"
	"github.com/iamd/iamd/internal/service/sts"
	"github.com/iamd/iamd/internal/session"
)

func TestElementsLeaveSecretsOut(t *testing.T) {
	created := time.Date(2026, 11, 23, 18, 5, 9, 0, time.UTC)
	tests := []struct {
		name    string
		value   any
		want    string
		secrets []string
	}{
		{"login profile password", &iam.CreateLoginProfileRequest{UserName: "bob", Password: "Hunter2-secret!", PasswordResetRequired: new(true)},
			`{"passwordResetRequired":true,"userName":"bob"}`, []string{"Hunter2-secret!"}},
		{"change password", &iam.ChangePasswordRequest{OldPassword: "old-secret-1", NewPassword: "new-secret-2"},
			`null`, []string{"old-secret-1", "new-secret-2"}},
		{"access key secret", &iam.CreateAccessKeyResponse{AccessKey: iam.AccessKey{UserName: "bob", AccessKeyId: "AKIAEXAMPLE", Status: "Active", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG", CreateDate: &created}},
			`{"accessKey":{"accessKeyId":"AKIAEXAMPLE","createDate":"Nov 23, 2026 6:05:09 PM","status":"Active","userName":"bob"}}`, []string{"wJalrXUtnFEMI"}},
		{"session credentials", &sts.GetSessionTokenResponse{Credentials: &sts.Credentials{AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret-of-session", SessionToken: "token-of-session", Expiration: created}},
			`{"credentials":{"accessKeyId":"ASIAEXAMPLE","expiration":"Nov 23, 2026 6:05:09 PM"}}`, []string{"secret-of-session", "token-of-session"}},
		{"MFA codes", &sts.GetSessionTokenRequest{SerialNumber: "arn:aws:iam::123456789012:mfa/bob", TokenCode: "918273"},
			`{"serialNumber":"arn:aws:iam::123456789012:mfa/bob"}`, []string{"918273"}},
		{"MFA seed", &iam.CreateVirtualMFADeviceResponse{VirtualMFADevice: iam.VirtualMFADevice{SerialNumber: "arn:aws:iam::123456789012:mfa/bob", Base32StringSeed: []byte("SEEDSEEDSEED"), QRCodePNG: []byte("PNGDATA")}},
			`{"virtualMFADevice":{"serialNumber":"arn:aws:iam::123456789012:mfa/bob"}}`, []string{"SEEDSEEDSEED", "U0VFRFNFRURTRUVE", "PNGDATA"}},
		{"SAML assertion", &sts.AssumeRoleWithSAMLRequest{RoleArn: "arn:aws:iam::123456789012:role/r", PrincipalArn: "arn:aws:iam::123456789012:saml-provider/idp", SAMLAssertion: "PHNhbWw+c2VjcmV0"},
			`{"principalArn":"arn:aws:iam::123456789012:saml-provider/idp","roleArn":"arn:aws:iam::123456789012:role/r"}`, []string{"PHNhbWw"}},
		{"private key", &iam.UploadServerCertificateRequest{ServerCertificateName: "web", CertificateBody: "-----BEGIN CERTIFICATE-----", PrivateKey: "-----BEGIN PRIVATE KEY-----MII"},
			`{"certificateBody":"-----BEGIN CERTIFICATE-----","serverCertificateName":"web"}`, []string{"PRIVATE KEY"}},
		{"nothing set", &iam.ListUsersRequest{}, `null`, nil},
		{"lists and first letter lowered", &iam.TagUserRequest{UserName: "bob", Tags: []iam.Tag{{Key: "team", Value: "blue"}}},
			`{"tags":[{"key":"team","value":"blue"}],"userName":"bob"}`, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.Marshal(Elements(tc.value))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Errorf("Elements =\n %s\nwant\n %s", got, tc.want)
			}
			for _, secret := range tc.secrets {
				if strings.Contains(string(got), secret) {
					t.Errorf("Elements kept the secret %q: %s", secret, got)
				}
			}
		})
	}
}

func TestEventRecord(t *testing.T) {
	at := time.Date(2026, 11, 23, 18, 5, 9, 0, time.UTC)
	user := &principal.Principal{Type: principal.IAMUser, AccountID: "123456789012", ARN: "arn:aws:iam::123456789012:user/ops/alice",
		UserID: "AIDAEXAMPLE", UserName: "alice", AccessKeyID: "AKIAEXAMPLE"}
	roleSession := principal.FromSession(&session.Session{Kind: session.AssumedRole, AccountID: "123456789012", AccessKeyID: "ASIAEXAMPLE",
		RoleID: "AROAEXAMPLE", RoleARN: "arn:aws:iam::123456789012:role/deploy", RoleName: "deploy", SessionName: "ci", IssuedAt: at.Add(-time.Minute), MFA: true})
	tests := []struct {
		name string
		req  Request
		// want holds fields of the record, as JSON fragments that must
		// appear in it.
		want                                   []string
		account, username, resourceType, rname string
	}{
		{
			name: "user creates a user",
			req: Request{Service: "iam", Operation: "CreateUser", Principal: user, Resource: "arn:aws:iam::123456789012:user/ops/bob",
				Input: &iam.CreateUserRequest{UserName: "bob", Path: "/ops/"}, Output: &iam.CreateUserResponse{User: &iam.User{UserName: "bob", Path: "/ops/", UserId: "AIDABOB", Arn: "arn:aws:iam::123456789012:user/ops/bob", CreateDate: at}}},
			want: []string{`"userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::123456789012:user/ops/alice","accountId":"123456789012","accessKeyId":"AKIAEXAMPLE","userName":"alice"}`,
				`"eventSource":"iam.amazonaws.com"`, `"awsRegion":"us-east-1"`, `"requestParameters":{"path":"/ops/","userName":"bob"}`,
				`"responseElements":{"user":{"arn":"arn:aws:iam::123456789012:user/ops/bob","createDate":"Nov 23, 2026 6:05:09 PM","path":"/ops/","userId":"AIDABOB","userName":"bob"}}`,
				`"readOnly":false`, `"eventType":"AwsApiCall"`, `"managementEvent":true`, `"recipientAccountId":"123456789012"`, `"eventCategory":"Management"`,
				`"resources":[{"ARN":"arn:aws:iam::123456789012:user/ops/bob","accountId":"123456789012","type":"AWS::IAM::User"}]`},
			account: "123456789012", username: "alice", resourceType: "AWS::IAM::User", rname: "bob",
		},
		{
			name: "denied role session",
			req: Request{Service: "iam", Operation: "DeleteRole", Principal: roleSession, Resource: "arn:aws:iam::123456789012:role/admin",
				Input: &iam.DeleteRoleRequest{RoleName: "admin"}, Err: awserr.AccessDenied("no")},
			want: []string{`"type":"AssumedRole"`, `"principalId":"AROAEXAMPLE:ci"`, `"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::123456789012:role/deploy","accountId":"123456789012","userName":"deploy"}`,
				`"attributes":{"creationDate":"2026-11-23T18:04:09Z","mfaAuthenticated":"true"}`, `"errorCode":"AccessDenied","errorMessage":"no"`, `"responseElements":null`},
			account: "123456789012", username: "ci", resourceType: "AWS::IAM::Role", rname: "admin",
		},
		{
			name: "anonymous federation goes to the role's account",
			req: Request{Service: "sts", Region: "eu-west-1", Operation: "AssumeRoleWithWebIdentity", Principal: &principal.Principal{Type: principal.Anonymous},
				Resource: "arn:aws:iam::210987654321:role/web", Input: &sts.AssumeRoleWithWebIdentityRequest{RoleArn: "arn:aws:iam::210987654321:role/web", RoleSessionName: "s", WebIdentityToken: "eyJhbGciOi.secret"}},
			want:    []string{`"userIdentity":{"type":"WebIdentityUser"}`, `"awsRegion":"eu-west-1"`, `"eventSource":"sts.amazonaws.com"`},
			account: "210987654321", resourceType: "AWS::IAM::Role", rname: "web",
		},
		{
			name: "a read records no response",
			req: Request{Service: "iam", Operation: "GetUser", ReadOnly: true, Principal: user, Resource: "arn:aws:iam::123456789012:user/ops/bob",
				Input: &iam.GetUserRequest{UserName: "bob"}, Output: &iam.GetUserResponse{User: iam.User{UserName: "bob", Path: "/ops/", UserId: "AIDABOB", Arn: "arn:aws:iam::123456789012:user/ops/bob", CreateDate: at}}},
			want:    []string{`"requestParameters":{"userName":"bob"}`, `"responseElements":null`, `"readOnly":true`},
			account: "123456789012", username: "alice", resourceType: "AWS::IAM::User", rname: "bob",
		},
		{
			name:    "unknown key",
			req:     Request{Service: "iam", Operation: "ListUsers", ReadOnly: true, Principal: &principal.Principal{Type: principal.Unknown, AccessKeyID: "AKIANOSUCHKEY"}, Err: awserr.New("InvalidClientTokenId", 403, "The security token included in the request is invalid.")},
			want:    []string{`"userIdentity":{"type":"Unknown","accessKeyId":"AKIANOSUCHKEY"}`, `"readOnly":true`, `"errorCode":"InvalidClientTokenId"`},
			account: "",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Time, tc.req.EventID, tc.req.RequestID = at, "6a1f8b6e-0000-4000-8000-000000000001", "req-1"
			ev, err := Event(&tc.req)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !strings.Contains(string(ev.Record), w) {
					t.Errorf("record lacks %s:\n%s", w, ev.Record)
				}
			}
			if strings.Contains(string(ev.Record), "secret") {
				t.Errorf("record holds a secret: %s", ev.Record)
			}
			if ev.AccountID != tc.account || ev.Username != tc.username || ev.ResourceType != tc.resourceType || ev.ResourceName != tc.rname {
				t.Errorf("indexed (account, username, type, name) = (%q, %q, %q, %q), want (%q, %q, %q, %q)",
					ev.AccountID, ev.Username, ev.ResourceType, ev.ResourceName, tc.account, tc.username, tc.resourceType, tc.rname)
			}
			if !ev.Time.Equal(at) || ev.Name != tc.req.Operation || ev.ID != tc.req.EventID {
				t.Errorf("event = %+v", ev)
			}
			var decoded map[string]any
			if err := json.Unmarshal(ev.Record, &decoded); err != nil {
				t.Fatalf("record is not JSON: %v", err)
			}
		})
	}
}
