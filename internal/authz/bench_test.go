package authz

import (
	"testing"

	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

func mustSet(tb testing.TB, kind policy.Kind, docs ...string) *eval.Set {
	tb.Helper()
	var inputs []eval.PolicyInput
	for _, d := range docs {
		doc, err := policy.Parse([]byte(d))
		if err != nil {
			tb.Fatal(err)
		}
		inputs = append(inputs, eval.PolicyInput{Kind: kind, Ref: "p", Doc: doc})
	}
	s, err := eval.Compile(inputs...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

const (
	benchUser  = "arn:aws:iam::111122223333:user/bob"
	benchQueue = "arn:aws:sqs:us-east-1:111122223333:jobs"
	allowSQS   = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:jobs"}}`
	allowAll   = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`
)

func benchRequest(principalARN, account string) *eval.Request {
	req := &eval.Request{Action: "sqs:SendMessage", Resource: benchQueue,
		Principal: &eval.Principal{Type: policy.PrincipalAWS, ARN: principalARN, Account: account}}
	req.Context.Set("aws:SourceIp", "203.0.113.7")
	req.Context.Set("aws:SecureTransport", "true")
	return req
}

// benchInputs are the three benchmark scenarios, also checked for
// allocations by TestDecideDoesNotAllocate.
func benchInputs(tb testing.TB) map[string]*Input {
	tb.Helper()
	scp := mustSet(tb, policy.KindSCP, allowAll, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}`)
	return map[string]*Input{
		"IdentityOnly": {PrincipalKind: User, PrincipalARN: benchUser, PrincipalAccount: "111122223333",
			Identity: mustSet(tb, policy.KindIdentity, allowSQS), Request: benchRequest(benchUser, "111122223333")},
		"BoundaryAnd3SCPLevels": {PrincipalKind: User, PrincipalARN: benchUser, PrincipalAccount: "111122223333",
			Identity: mustSet(tb, policy.KindIdentity, allowSQS, `{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"sqs:DeleteQueue","Resource":"*"}}`),
			Boundary: mustSet(tb, policy.KindBoundary, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["sqs:*","s3:*"],"Resource":"*"}}`),
			SCPs:     []*eval.Set{scp, scp, mustSet(tb, policy.KindSCP, allowAll)},
			Request:  benchRequest(benchUser, "111122223333")},
		"CrossAccountResourcePolicy": {PrincipalKind: User, PrincipalARN: "arn:aws:iam::444455556666:user/eve", PrincipalAccount: "444455556666",
			Identity:        mustSet(tb, policy.KindIdentity, allowSQS),
			Resource:        mustSet(tb, policy.KindResource, `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:111122223333:jobs","Condition":{"Bool":{"aws:SecureTransport":"true"}}},{"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*","Condition":{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}]}`),
			ResourceAccount: "111122223333",
			Request:         benchRequest("arn:aws:iam::444455556666:user/eve", "444455556666")},
	}
}

func BenchmarkDecide(b *testing.B) {
	for _, name := range []string{"IdentityOnly", "BoundaryAnd3SCPLevels", "CrossAccountResourcePolicy"} {
		in := benchInputs(b)[name]
		b.Run(name, func(b *testing.B) {
			if d := Decide(in); !d.Allowed {
				b.Fatalf("%s: not allowed: %+v", name, d)
			}
			b.ReportAllocs()
			for b.Loop() {
				Decide(in)
			}
		})
	}
}

// TestDecideDoesNotAllocate is not parallel: testing.AllocsPerRun refuses
// to run in a parallel test.
func TestDecideDoesNotAllocate(t *testing.T) {
	for name, in := range benchInputs(t) {
		if d := Decide(in); !d.Allowed {
			t.Fatalf("%s: not allowed: %+v", name, d)
		}
		if n := testing.AllocsPerRun(100, func() { Decide(in) }); n != 0 {
			t.Errorf("%s: Decide allocates %v times per call", name, n)
		}
	}
}
