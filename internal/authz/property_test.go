package authz

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// The property test's vocabulary is small so that random policies and
// requests meet often, and it names every member of every principal chain.
var (
	propAccounts = []string{"111122223333", "444455556666"}
	propActions  = []string{"sqs:SendMessage", "s3:GetObject", "sqs:DeleteQueue"}
	propActPats  = []string{"sqs:SendMessage", "sqs:*", "s3:GetObject", "*", "sqs:Send*", "s3:*", "iam:*"}
	propRes      = []string{"arn:aws:sqs:us-east-1:111122223333:jobs", "arn:aws:s3:::bucket/key"}
	propResPats  = []string{"*", "arn:aws:sqs:*:*:*", "arn:aws:s3:::bucket/*", "arn:aws:sqs:us-east-1:111122223333:jobs"}
	propConds    = []policy.ConditionBlock{
		{Operator: "StringEquals", Keys: []policy.ConditionKey{{Key: "aws:PrincipalTag/team", Values: []string{"dev"}}}},
		{Operator: "Bool", Keys: []policy.ConditionKey{{Key: "aws:SecureTransport", Values: []string{"true"}}}},
		{Operator: "StringNotEqualsIfExists", Keys: []policy.ConditionKey{{Key: "aws:PrincipalOrgID", Values: []string{"o-1"}}}},
	}
)

type propPrincipal struct {
	kind                  PrincipalKind
	arn, roleARN, account string
	id                    string
}

func propPrincipals(account string) []propPrincipal {
	return []propPrincipal{
		{kind: User, arn: "arn:aws:iam::" + account + ":user/bob", account: account},
		{kind: AssumedRole, arn: "arn:aws:sts::" + account + ":assumed-role/app/s1", roleARN: "arn:aws:iam::" + account + ":role/app", account: account},
		{kind: FederatedUser, arn: "arn:aws:sts::" + account + ":federated-user/bob", roleARN: "arn:aws:iam::" + account + ":user/bob", account: account},
		{kind: Root, arn: "arn:aws:iam::" + account + ":root", account: account},
		{kind: ServicePrincipal, arn: "sns.amazonaws.com", id: "sns.amazonaws.com"},
		{kind: Anonymous, arn: "anonymous"},
	}
}

// propPrincipalValues are what random Principal elements name.
func propPrincipalValues() []string {
	var out []string
	for _, a := range propAccounts {
		out = append(out, a, "arn:aws:iam::"+a+":root")
		for _, p := range propPrincipals(a)[:3] {
			out = append(out, p.arn, p.roleARN)
		}
	}
	return append(out, "*")
}

func propPick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func propStrings(r *rand.Rand, list []string) policy.Strings {
	n := 1 + r.IntN(2)
	s := policy.Strings{Present: true, List: true}
	for range n {
		s.Values = append(s.Values, propPick(r, list))
	}
	return s
}

// propDoc builds a random policy; resource-based ones get Principal or
// NotPrincipal elements.
func propDoc(r *rand.Rand, resourceBased bool) *policy.Document {
	doc := &policy.Document{Version: policy.Version2012, HasVersion: true}
	for range 1 + r.IntN(3) {
		st := policy.Statement{Effect: policy.EffectAllow, HasEffect: true}
		if r.IntN(4) == 0 {
			st.Effect = policy.EffectDeny
		}
		if r.IntN(6) == 0 {
			st.NotAction = propStrings(r, propActPats)
		} else {
			st.Action = propStrings(r, propActPats)
		}
		if r.IntN(8) == 0 {
			st.NotResource = propStrings(r, propResPats)
		} else {
			st.Resource = propStrings(r, propResPats)
		}
		if r.IntN(3) == 0 {
			st.Condition = append(st.Condition, propPick(r, propConds))
		}
		if resourceBased {
			p := &policy.Principal{}
			switch r.IntN(8) {
			case 0:
				p.Wildcard = true
			case 1:
				p.Entries = []policy.PrincipalEntry{{Type: policy.PrincipalService, Values: []string{"sns.amazonaws.com"}}}
			default:
				p.Entries = []policy.PrincipalEntry{{Type: policy.PrincipalAWS, Values: propStrings(r, propPrincipalValues()).Values}}
			}
			if r.IntN(5) == 0 {
				st.NotPrincipal = p
			} else {
				st.Principal = p
			}
		}
		doc.Statements = append(doc.Statements, st)
	}
	return doc
}

// propCase is one random request with both forms of input.
type propCase struct {
	in  *Input
	ref *ReferenceInput
}

func propMaybe(r *rand.Rand, odds int, kind policy.Kind, resourceBased bool, name string) ([]eval.PolicyInput, *eval.Set) {
	if r.IntN(odds) == 0 {
		return nil, nil
	}
	var inputs []eval.PolicyInput
	for i := range 1 + r.IntN(2) {
		inputs = append(inputs, eval.PolicyInput{Kind: kind, Ref: fmt.Sprintf("%s-%d", name, i), Doc: propDoc(r, resourceBased)})
	}
	s, err := eval.Compile(inputs...)
	if err != nil {
		panic(err)
	}
	return inputs, s
}

func propLevels(r *rand.Rand, kind policy.Kind, resourceBased bool, name string) ([][]eval.PolicyInput, []*eval.Set) {
	if r.IntN(2) == 0 {
		return nil, nil
	}
	var refs [][]eval.PolicyInput
	var sets []*eval.Set
	for i := range 1 + r.IntN(3) {
		full := eval.PolicyInput{Kind: kind, Ref: "full", Doc: &policy.Document{Version: policy.Version2012, HasVersion: true,
			Statements: []policy.Statement{{Effect: policy.EffectAllow, Action: policy.Strings{Values: []string{"*"}, Present: true}, Resource: policy.Strings{Values: []string{"*"}, Present: true}}}}}
		if resourceBased {
			full.Doc.Statements[0].Principal = &policy.Principal{Wildcard: true}
		}
		inputs := []eval.PolicyInput{full}
		switch r.IntN(3) {
		case 0: // FullAWSAccess only
		case 1:
			inputs = append(inputs, eval.PolicyInput{Kind: kind, Ref: fmt.Sprintf("%s-%d", name, i), Doc: propDoc(r, resourceBased)})
		default:
			inputs = []eval.PolicyInput{{Kind: kind, Ref: fmt.Sprintf("%s-%d", name, i), Doc: propDoc(r, resourceBased)}}
		}
		s, err := eval.Compile(inputs...)
		if err != nil {
			panic(err)
		}
		refs, sets = append(refs, inputs), append(sets, s)
	}
	return refs, sets
}

func randomPropCase(r *rand.Rand) propCase {
	account := propPick(r, propAccounts)
	p := propPick(r, propPrincipals(account))
	req := &eval.Request{Action: propPick(r, propActions), Resource: propPick(r, propRes)}
	switch p.kind {
	case Anonymous:
		req.Principal = &eval.Principal{Type: eval.PrincipalAnonymous}
	case ServicePrincipal:
		req.Principal = &eval.Principal{Type: policy.PrincipalService, ID: p.id}
	default:
		req.Principal = &eval.Principal{Type: policy.PrincipalAWS, ARN: p.arn, RoleARN: p.roleARN, Account: p.account}
	}
	if r.IntN(2) == 0 {
		req.Context.Set("aws:PrincipalTag/team", propPick(r, []string{"dev", "ops"}))
	}
	if r.IntN(2) == 0 {
		req.Context.Set("aws:SecureTransport", propPick(r, []string{"true", "false"}))
	}
	if r.IntN(2) == 0 {
		req.Context.Set("aws:PrincipalOrgID", propPick(r, []string{"o-1", "o-2"}))
	}
	in := &Input{PrincipalKind: p.kind, PrincipalARN: p.arn, PrincipalAccount: p.account, Request: req,
		IsManagementAccount: r.IntN(6) == 0, ResourceInManagementAccount: r.IntN(6) == 0, ServiceLinkedRole: r.IntN(8) == 0,
		ResourceMustAllow: r.IntN(5) == 0}
	if r.IntN(2) == 0 { // cross-account on
		in.ResourceAccount = propPick(r, propAccounts)
	}
	ref := &ReferenceInput{PrincipalKind: in.PrincipalKind, PrincipalAccount: in.PrincipalAccount,
		IsManagementAccount: in.IsManagementAccount, ResourceInManagementAccount: in.ResourceInManagementAccount,
		ServiceLinkedRole: in.ServiceLinkedRole, ResourceMustAllow: in.ResourceMustAllow, ResourceAccount: in.ResourceAccount, Request: req}
	ref.Identity, in.Identity = propMaybe(r, 4, policy.KindIdentity, false, "identity")
	ref.Boundary, in.Boundary = propMaybe(r, 2, policy.KindBoundary, false, "boundary")
	ref.Session, in.Session = propMaybe(r, 2, policy.KindSession, false, "session")
	ref.Resource, in.Resource = propMaybe(r, 3, policy.KindResource, true, "resource")
	ref.SCPs, in.SCPs = propLevels(r, policy.KindSCP, false, "scp")
	ref.RCPs, in.RCPs = propLevels(r, policy.KindResource, true, "rcp")
	return propCase{in: in, ref: ref}
}

// TestDecideMatchesReference compares Decide with ReferenceDecide on random
// combinations of policy types, principals and accounts.
func TestDecideMatchesReference(t *testing.T) {
	t.Parallel()
	const n = 25000
	r := rand.New(rand.NewPCG(20261123, 7))
	allowedCount, disagreements := 0, 0
	for i := range n {
		c := randomPropCase(r)
		got, want := Decide(c.in), ReferenceDecide(c.ref)
		if got.Allowed {
			allowedCount++
		}
		if got.Allowed != want.Allowed || got.Reason != want.Reason || got.PolicyType != want.PolicyType || got.Level != want.Level {
			disagreements++
			if disagreements <= 5 {
				t.Errorf("case %d (%v %s, resource account %q): Decide = %+v, reference = %+v",
					i, c.in.PrincipalKind, c.in.PrincipalARN, c.in.ResourceAccount, got, want)
			}
		}
	}
	if disagreements > 0 {
		t.Fatalf("%d of %d cases disagree", disagreements, n)
	}
	// The generator must exercise both outcomes.
	if allowedCount < n/50 || allowedCount > n-n/50 {
		t.Errorf("%d of %d cases allowed: the generator is lopsided", allowedCount, n)
	}
	t.Logf("%d cases, %d allowed, 0 disagreements", n, allowedCount)
}
