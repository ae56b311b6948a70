package permissions

import (
	"context"
	"testing"

	"github.com/iamd/iamd/internal/service"
)

func TestAuthorizeFederated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const provider = "arn:aws:iam::" + acct + ":oidc-provider/issuer.example.com/id"
	role := f.addRole("Deploy", `{"Version":"2012-10-17","Statement":[]}`)
	role.AssumeRolePolicy = `{"Version":"2012-10-17","Statement":[
		{"Effect":"Allow","Principal":{"Federated":"` + provider + `"},"Action":"sts:AssumeRoleWithWebIdentity",
		 "Condition":{"StringLike":{"issuer.example.com/id:sub":"repo:org/*"},"StringEquals":{"aws:FederatedProvider":"` + provider + `"}}},
		{"Effect":"Deny","Principal":"*","Action":"sts:AssumeRoleWithWebIdentity",
		 "Condition":{"StringEquals":{"issuer.example.com/id:sub":"repo:org/banned"}}},
		{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + acct + `:root"},"Action":"sts:AssumeRoleWithWebIdentity"}
	]}`
	if err := f.st.Roles().Update(context.Background(), role); err != nil {
		t.Fatal(err)
	}
	roleARN := "arn:aws:iam::" + acct + ":role/Deploy"
	sub := func(v string) []service.ContextKey {
		return []service.ContextKey{{Key: "issuer.example.com/id:sub", Values: []string{v}}}
	}
	tests := []struct {
		name string
		req  FederatedRequest
		want bool
	}{
		{"trusted provider and subject", FederatedRequest{RoleARN: roleARN, Action: "sts:AssumeRoleWithWebIdentity", Provider: provider, Keys: sub("repo:org/app")}, true},
		{"subject outside the condition", FederatedRequest{RoleARN: roleARN, Action: "sts:AssumeRoleWithWebIdentity", Provider: provider, Keys: sub("repo:evil/app")}, false},
		{"explicit deny", FederatedRequest{RoleARN: roleARN, Action: "sts:AssumeRoleWithWebIdentity", Provider: provider, Keys: sub("repo:org/banned")}, false},
		{"another provider", FederatedRequest{RoleARN: roleARN, Action: "sts:AssumeRoleWithWebIdentity",
			Provider: "arn:aws:iam::" + acct + ":oidc-provider/other.example.com", Keys: sub("repo:org/app")}, false},
		{"an action the trust policy does not allow", FederatedRequest{RoleARN: roleARN, Action: "sts:TagSession", Provider: provider, Keys: sub("repo:org/app")}, false},
		{"role that does not exist", FederatedRequest{RoleARN: "arn:aws:iam::" + acct + ":role/Nope", Action: "sts:AssumeRoleWithWebIdentity", Provider: provider, Keys: sub("repo:org/app")}, false},
		{"role ARN with another path", FederatedRequest{RoleARN: "arn:aws:iam::" + acct + ":role/x/Deploy", Action: "sts:AssumeRoleWithWebIdentity", Provider: provider, Keys: sub("repo:org/app")}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := f.enf.AuthorizeFederated(context.Background(), &tc.req)
			if err != nil || got != tc.want {
				t.Fatalf("AuthorizeFederated = %v, %v; want %v", got, err, tc.want)
			}
		})
	}
}
