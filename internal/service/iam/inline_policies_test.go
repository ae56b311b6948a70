package iam

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// inlineAPI drives the three families of inline-policy operations alike.
type inlineAPI struct {
	kind   string
	entity string
	quota  int
	put    func(ctx context.Context, entity, name, doc string) error
	get    func(ctx context.Context, entity, name string) (string, error)
	del    func(ctx context.Context, entity, name string) error
	list   func(ctx context.Context, entity, marker string, max int32) ([]string, bool, string, error)
}

func inlineAPIs(f *identityFixture, t *testing.T) []inlineAPI {
	_, err := f.svc.CreateGroup(f.rootA, &CreateGroupRequest{GroupName: "devs"})
	mustOK(t, err)
	_, err = f.svc.CreateRole(f.rootA, &CreateRoleRequest{RoleName: "app", AssumeRolePolicyDocument: trustDoc})
	mustOK(t, err)
	s := f.svc
	return []inlineAPI{
		{"user", "alice", 2048,
			func(ctx context.Context, e, n, d string) error {
				_, err := s.PutUserPolicy(ctx, &PutUserPolicyRequest{UserName: e, PolicyName: n, PolicyDocument: d})
				return err
			},
			func(ctx context.Context, e, n string) (string, error) {
				out, err := s.GetUserPolicy(ctx, &GetUserPolicyRequest{UserName: e, PolicyName: n})
				if err != nil {
					return "", err
				}
				return out.UserName + "|" + out.PolicyName + "|" + out.PolicyDocument, nil
			},
			func(ctx context.Context, e, n string) error {
				_, err := s.DeleteUserPolicy(ctx, &DeleteUserPolicyRequest{UserName: e, PolicyName: n})
				return err
			},
			func(ctx context.Context, e, m string, max int32) ([]string, bool, string, error) {
				out, err := s.ListUserPolicies(ctx, &ListUserPoliciesRequest{UserName: e, Marker: m, MaxItems: &max})
				if err != nil {
					return nil, false, "", err
				}
				return out.PolicyNames, *out.IsTruncated, out.Marker, nil
			}},
		{"group", "devs", 5120,
			func(ctx context.Context, e, n, d string) error {
				_, err := s.PutGroupPolicy(ctx, &PutGroupPolicyRequest{GroupName: e, PolicyName: n, PolicyDocument: d})
				return err
			},
			func(ctx context.Context, e, n string) (string, error) {
				out, err := s.GetGroupPolicy(ctx, &GetGroupPolicyRequest{GroupName: e, PolicyName: n})
				if err != nil {
					return "", err
				}
				return out.GroupName + "|" + out.PolicyName + "|" + out.PolicyDocument, nil
			},
			func(ctx context.Context, e, n string) error {
				_, err := s.DeleteGroupPolicy(ctx, &DeleteGroupPolicyRequest{GroupName: e, PolicyName: n})
				return err
			},
			func(ctx context.Context, e, m string, max int32) ([]string, bool, string, error) {
				out, err := s.ListGroupPolicies(ctx, &ListGroupPoliciesRequest{GroupName: e, Marker: m, MaxItems: &max})
				if err != nil {
					return nil, false, "", err
				}
				return out.PolicyNames, *out.IsTruncated, out.Marker, nil
			}},
		{"role", "app", 10240,
			func(ctx context.Context, e, n, d string) error {
				_, err := s.PutRolePolicy(ctx, &PutRolePolicyRequest{RoleName: e, PolicyName: n, PolicyDocument: d})
				return err
			},
			func(ctx context.Context, e, n string) (string, error) {
				out, err := s.GetRolePolicy(ctx, &GetRolePolicyRequest{RoleName: e, PolicyName: n})
				if err != nil {
					return "", err
				}
				return out.RoleName + "|" + out.PolicyName + "|" + out.PolicyDocument, nil
			},
			func(ctx context.Context, e, n string) error {
				_, err := s.DeleteRolePolicy(ctx, &DeleteRolePolicyRequest{RoleName: e, PolicyName: n})
				return err
			},
			func(ctx context.Context, e, m string, max int32) ([]string, bool, string, error) {
				out, err := s.ListRolePolicies(ctx, &ListRolePoliciesRequest{RoleName: e, Marker: m, MaxItems: &max})
				if err != nil {
					return nil, false, "", err
				}
				return out.PolicyNames, *out.IsTruncated, out.Marker, nil
			}},
	}
}

func TestInlinePolicies(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	for _, api := range inlineAPIs(f, t) {
		t.Run(api.kind, func(t *testing.T) {
			mustOK(t, api.put(f.rootA, api.entity, "b", permDoc))
			mustOK(t, api.put(f.rootA, strings.ToUpper(api.entity), "a", docOfSize(t, 200)))
			got, err := api.get(f.rootA, api.entity, "b")
			mustOK(t, err)
			if got != api.entity+"|b|"+permDoc {
				t.Fatalf("get = %q", got)
			}
			// Put replaces.
			replacement := docOfSize(t, 300)
			mustOK(t, api.put(f.rootA, api.entity, "b", replacement))
			got, err = api.get(f.rootA, api.entity, "b")
			mustOK(t, err)
			if !strings.HasSuffix(got, "|"+replacement) {
				t.Fatalf("after replace: %q", got)
			}
			names, truncated, marker, err := api.list(f.rootA, api.entity, "", 1)
			mustOK(t, err)
			if len(names) != 1 || names[0] != "a" || !truncated {
				t.Fatalf("list page 1 = %v %v", names, truncated)
			}
			names, truncated, _, err = api.list(f.rootA, api.entity, marker, 1)
			mustOK(t, err)
			if len(names) != 1 || names[0] != "b" || truncated {
				t.Fatalf("list page 2 = %v %v", names, truncated)
			}

			notFound := fmt.Sprintf("The %s policy with name zz cannot be found.", api.kind)
			_, err = api.get(f.rootA, api.entity, "zz")
			wantAWSError(t, err, "NoSuchEntity", notFound)
			wantAWSError(t, api.del(f.rootA, api.entity, "zz"), "NoSuchEntity", notFound)
			wantAWSError(t, api.put(f.rootA, api.entity, "bad", "{"), "MalformedPolicyDocument", "Syntax errors in policy.")

			// Account B sees neither the entity nor its policies.
			_, err = api.get(f.rootB, api.entity, "b")
			if err == nil || !strings.Contains(err.Error(), "NoSuchEntity") {
				t.Fatalf("account B: %v", err)
			}

			// The quota is the aggregate of every inline policy, whitespace
			// excluded: fill it exactly, then one more character fails.
			mustOK(t, api.del(f.rootA, api.entity, "a"))
			mustOK(t, api.del(f.rootA, api.entity, "b"))
			half := api.quota / 2
			mustOK(t, api.put(f.rootA, api.entity, "one", docOfSize(t, half)))
			mustOK(t, api.put(f.rootA, api.entity, "two", docOfSize(t, api.quota-half)))
			// Replacing a policy does not count the old version.
			mustOK(t, api.put(f.rootA, api.entity, "two", docOfSize(t, api.quota-half)))
			msg := fmt.Sprintf("Maximum policy size of %d bytes exceeded for %s %s", api.quota, api.kind, api.entity)
			wantAWSError(t, api.put(f.rootA, api.entity, "two", docOfSize(t, api.quota-half+1)), "LimitExceeded", msg)
			wantAWSError(t, api.put(f.rootA, api.entity, "three", docOfSize(t, 200)), "LimitExceeded", msg)
		})
	}
}

func TestInlinePoliciesOfMissingIdentities(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.PutUserPolicy(f.rootA, &PutUserPolicyRequest{UserName: "ghost", PolicyName: "p", PolicyDocument: permDoc})
	wantAWSError(t, err, "NoSuchEntity", "The user with name ghost cannot be found.")
	_, err = f.svc.ListGroupPolicies(f.rootA, &ListGroupPoliciesRequest{GroupName: "ghost"})
	wantAWSError(t, err, "NoSuchEntity", "The group with name ghost cannot be found.")
	_, err = f.svc.GetRolePolicy(f.rootA, &GetRolePolicyRequest{RoleName: "ghost", PolicyName: "p"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name ghost cannot be found.")
}
