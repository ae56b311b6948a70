package awsmanaged_test

import (
	"testing"

	"github.com/iamd/iamd/internal/awsmanaged"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// TestManagedPoliciesParseValidateCompile checks the policy engine against
// every AWS managed policy: each must parse, validate as a managed identity
// policy and compile without problems, as it does in AWS.
func TestManagedPoliciesParseValidateCompile(t *testing.T) {
	t.Parallel()
	all := awsmanaged.All()
	if len(all) < 1485 {
		t.Fatalf("catalog has %d policies", len(all))
	}
	for _, p := range all {
		doc, err := policy.ParseAndValidate([]byte(p.Document), policy.KindManaged)
		if err != nil {
			t.Errorf("%s: %v", p.Name, err)
			continue
		}
		set, err := eval.Compile(eval.PolicyInput{Kind: policy.KindManaged, Ref: p.ARN, Doc: doc})
		if err != nil {
			t.Errorf("%s: compile: %v", p.Name, err)
			continue
		}
		if probs := set.Problems(); len(probs) > 0 {
			t.Errorf("%s: %v", p.Name, probs)
		}
	}
}

func BenchmarkManagedPoliciesParseValidateCompile(b *testing.B) {
	all := awsmanaged.All()
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range all {
			doc, err := policy.ParseAndValidate([]byte(p.Document), policy.KindManaged)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := eval.Compile(eval.PolicyInput{Kind: policy.KindManaged, Ref: p.ARN, Doc: doc}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
