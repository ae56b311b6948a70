package iam

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const testThumb = "0123456789abcdef0123456789abcdef01234567"

func TestOIDCProviderLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.CreateOpenIDConnectProvider(f.rootA, &CreateOpenIDConnectProviderRequest{
		Url: "https://token.example.com/tenant", ClientIDList: []string{"sts.amazonaws.com", "sts.amazonaws.com"},
		ThumbprintList: []string{testThumb}, Tags: []Tag{{Key: "team", Value: "ci"}},
	})
	mustOK(t, err)
	arn := "arn:aws:iam::" + accountA + ":oidc-provider/token.example.com/tenant"
	if out.OpenIDConnectProviderArn != arn || !cmp.Equal(out.Tags, []Tag{{Key: "team", Value: "ci"}}) {
		t.Fatalf("create = %+v", out)
	}
	_, err = f.svc.CreateOpenIDConnectProvider(f.rootA, &CreateOpenIDConnectProviderRequest{Url: "https://TOKEN.example.com/tenant"})
	wantAWSError(t, err, "EntityAlreadyExists", "Provider with url https://TOKEN.example.com/tenant already exists.")

	mustOK(t, errOf(f.svc.AddClientIDToOpenIDConnectProvider(f.rootA, &AddClientIDToOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, ClientID: "web"})))
	mustOK(t, errOf(f.svc.AddClientIDToOpenIDConnectProvider(f.rootA, &AddClientIDToOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, ClientID: "web"})))
	mustOK(t, errOf(f.svc.RemoveClientIDFromOpenIDConnectProvider(f.rootA, &RemoveClientIDFromOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, ClientID: "sts.amazonaws.com"})))
	mustOK(t, errOf(f.svc.RemoveClientIDFromOpenIDConnectProvider(f.rootA, &RemoveClientIDFromOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, ClientID: "absent"})))
	newThumb := strings.Repeat("a", 40)
	mustOK(t, errOf(f.svc.UpdateOpenIDConnectProviderThumbprint(f.rootA, &UpdateOpenIDConnectProviderThumbprintRequest{OpenIDConnectProviderArn: arn, ThumbprintList: []string{newThumb}})))

	got, err := f.svc.GetOpenIDConnectProvider(f.rootA, &GetOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn})
	mustOK(t, err)
	if got.Url != "token.example.com/tenant" || !cmp.Equal(got.ClientIDList, []string{"web"}) ||
		!cmp.Equal(got.ThumbprintList, []string{newThumb}) || got.CreateDate == nil || !got.CreateDate.Equal(f.now.Truncate(1e9)) {
		t.Fatalf("get = %+v", got)
	}

	mustOK(t, errOf(f.svc.TagOpenIDConnectProvider(f.rootA, &TagOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, Tags: []Tag{{Key: "env", Value: "prod"}}})))
	mustOK(t, errOf(f.svc.UntagOpenIDConnectProvider(f.rootA, &UntagOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, TagKeys: []string{"TEAM"}})))
	tags, err := f.svc.ListOpenIDConnectProviderTags(f.rootA, &ListOpenIDConnectProviderTagsRequest{OpenIDConnectProviderArn: arn})
	mustOK(t, err)
	if !cmp.Equal(tags.Tags, []Tag{{Key: "env", Value: "prod"}}) || *tags.IsTruncated {
		t.Fatalf("tags = %+v", tags)
	}

	_, err = f.svc.CreateOpenIDConnectProvider(f.rootA, &CreateOpenIDConnectProviderRequest{Url: "https://a.example.com"})
	mustOK(t, err)
	list, err := f.svc.ListOpenIDConnectProviders(f.rootA, &ListOpenIDConnectProvidersRequest{})
	mustOK(t, err)
	want := []OpenIDConnectProviderListEntry{{Arn: "arn:aws:iam::" + accountA + ":oidc-provider/a.example.com"}, {Arn: arn}}
	if !cmp.Equal(list.OpenIDConnectProviderList, want) {
		t.Fatalf("list = %v", list.OpenIDConnectProviderList)
	}
	listB, err := f.svc.ListOpenIDConnectProviders(f.rootB, &ListOpenIDConnectProvidersRequest{})
	mustOK(t, err)
	if len(listB.OpenIDConnectProviderList) != 0 {
		t.Fatalf("B sees A's providers: %v", listB.OpenIDConnectProviderList)
	}

	mustOK(t, errOf(f.svc.DeleteOpenIDConnectProvider(f.rootA, &DeleteOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn})))
	// Idempotent, as AWS documents.
	mustOK(t, errOf(f.svc.DeleteOpenIDConnectProvider(f.rootA, &DeleteOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn})))
	_, err = f.svc.GetOpenIDConnectProvider(f.rootA, &GetOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn})
	wantAWSError(t, err, "NoSuchEntity", "OpenIDConnect Provider not found for arn "+arn)
}

func TestOIDCProviderErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateOpenIDConnectProvider(f.rootA, &CreateOpenIDConnectProviderRequest{Url: "https://p.example.com", ClientIDList: []string{"app"}})
	mustOK(t, err)
	arnA := "arn:aws:iam::" + accountA + ":oidc-provider/p.example.com"
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprint(i)
	}
	create := func(in *CreateOpenIDConnectProviderRequest) error {
		_, err := f.svc.CreateOpenIDConnectProvider(f.rootA, in)
		return err
	}
	tests := []struct {
		name      string
		err       error
		code, msg string
	}{
		{"http URL", create(&CreateOpenIDConnectProviderRequest{Url: "http://x.example.com"}), "ValidationError", msgInvalidOIDCURL},
		{"no host", create(&CreateOpenIDConnectProviderRequest{Url: "https://"}), "ValidationError", msgInvalidOIDCURL},
		{"query", create(&CreateOpenIDConnectProviderRequest{Url: "https://x.example.com/?a=b"}), "ValidationError", msgInvalidOIDCURL},
		{"fragment", create(&CreateOpenIDConnectProviderRequest{Url: "https://x.example.com/#f"}), "ValidationError", msgInvalidOIDCURL},
		{"six thumbprints", create(&CreateOpenIDConnectProviderRequest{Url: "https://x.example.com", ThumbprintList: []string{
			strings.Repeat("1", 40), strings.Repeat("2", 40), strings.Repeat("3", 40), strings.Repeat("4", 40), strings.Repeat("5", 40), strings.Repeat("6", 40)}}),
			"InvalidInput", msgTooManyThumbprints},
		{"101 client IDs", create(&CreateOpenIDConnectProviderRequest{Url: "https://x.example.com", ClientIDList: many}),
			"LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100"},
		{"reserved tag", create(&CreateOpenIDConnectProviderRequest{Url: "https://x.example.com", Tags: []Tag{{Key: "aws:x", Value: "v"}}}),
			"InvalidInput", msgReservedTagKey},
		{"get from B", errOf(f.svc.GetOpenIDConnectProvider(f.rootB, &GetOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arnA})),
			"NoSuchEntity", "OpenIDConnect Provider not found for arn " + arnA},
		{"get not an ARN", errOf(f.svc.GetOpenIDConnectProvider(f.rootA, &GetOpenIDConnectProviderRequest{OpenIDConnectProviderArn: "p.example.com"})),
			"InvalidInput", "ARN p.example.com is not valid."},
		{"add to absent", errOf(f.svc.AddClientIDToOpenIDConnectProvider(f.rootA, &AddClientIDToOpenIDConnectProviderRequest{
			OpenIDConnectProviderArn: arnA + "x", ClientID: "c"})), "NoSuchEntity", "OpenIDConnect Provider not found for arn " + arnA + "x"},
		{"thumbprints on absent", errOf(f.svc.UpdateOpenIDConnectProviderThumbprint(f.rootB, &UpdateOpenIDConnectProviderThumbprintRequest{
			OpenIDConnectProviderArn: arnA, ThumbprintList: []string{testThumb}})), "NoSuchEntity", "OpenIDConnect Provider not found for arn " + arnA},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wantAWSError(t, tc.err, tc.code, tc.msg)
		})
	}
}

func TestOIDCProviderQuotas(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	for i := range oidcProvidersPerAccount {
		_, err := f.svc.CreateOpenIDConnectProvider(f.rootA, &CreateOpenIDConnectProviderRequest{Url: fmt.Sprintf("https://p%03d.example.com", i)})
		mustOK(t, err)
	}
	_, err := f.svc.CreateOpenIDConnectProvider(f.rootA, &CreateOpenIDConnectProviderRequest{Url: "https://one-more.example.com"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100")

	_, err = f.svc.CreateOpenIDConnectProvider(f.rootB, &CreateOpenIDConnectProviderRequest{Url: "https://full.example.com", ClientIDList: []string{}})
	mustOK(t, err)
	arn := "arn:aws:iam::" + accountB + ":oidc-provider/full.example.com"
	for i := range clientIDsPerOIDCProvider {
		mustOK(t, errOf(f.svc.AddClientIDToOpenIDConnectProvider(f.rootB, &AddClientIDToOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, ClientID: fmt.Sprint(i)})))
	}
	err = errOf(f.svc.AddClientIDToOpenIDConnectProvider(f.rootB, &AddClientIDToOpenIDConnectProviderRequest{OpenIDConnectProviderArn: arn, ClientID: "extra"}))
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100")
}

func TestOIDCProviderOperationsDeclared(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	ops := map[string]bool{}
	for _, op := range f.svc.oidcProviderOps() {
		ops[op.Name] = op.ReadOnly
		p := rootPrincipal(accountA)
		if op.Resource == nil {
			t.Errorf("%s has no resource", op.Name)
			continue
		}
		in := op.NewInput()
		if res := op.Resource(p, in); !strings.HasPrefix(res, "arn:aws:iam::"+accountA+":oidc-provider/") && res != "" {
			t.Errorf("%s resource = %q", op.Name, res)
		}
	}
	want := map[string]bool{
		"CreateOpenIDConnectProvider": false, "GetOpenIDConnectProvider": true, "ListOpenIDConnectProviders": true,
		"DeleteOpenIDConnectProvider": false, "AddClientIDToOpenIDConnectProvider": false,
		"RemoveClientIDFromOpenIDConnectProvider": false, "UpdateOpenIDConnectProviderThumbprint": false,
		"TagOpenIDConnectProvider": false, "UntagOpenIDConnectProvider": false, "ListOpenIDConnectProviderTags": true,
	}
	if !cmp.Equal(ops, want) {
		t.Fatalf("operations (name: read-only) = %v", ops)
	}
}

// errOf keeps the error of an operation.
func errOf[T any](_ T, err error) error { return err }
