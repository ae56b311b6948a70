package authz

import (
	"strings"
	"testing"
)

// TestCorpus runs every documented case of testdata/corpus against Decide
// and against ReferenceDecide; both must give the documented decision and
// the documented AccessDenied message.
func TestCorpus(t *testing.T) {
	t.Parallel()
	files, err := LoadCorpus("testdata/corpus")
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range files {
		if len(f.Cases) == 0 {
			t.Errorf("corpus topic %q has no cases", f.Topic)
		}
		for i := range f.Cases {
			c := &f.Cases[i]
			total++
			t.Run(f.Topic+"/"+c.Name, func(t *testing.T) {
				t.Parallel()
				checkCorpusCase(t, c)
			})
		}
	}
	if total < 300 {
		t.Errorf("corpus has %d cases, want at least 300", total)
	}
}

func checkCorpusCase(t *testing.T, c *CorpusCase) {
	t.Helper()
	if !strings.HasPrefix(c.Doc.URL, "https://docs.aws.amazon.com/") || c.Doc.Quote == "" {
		t.Errorf("case must cite an AWS documentation page and quote it: %+v", c.Doc)
	}
	in, ref, err := c.Inputs()
	if err != nil {
		t.Fatal(err)
	}
	reason, ok := ParseReason(c.Expect.Reason)
	if !ok {
		t.Fatalf("unknown expected reason %q", c.Expect.Reason)
	}
	ptype, ok := ParsePolicyType(c.Expect.PolicyType)
	if !ok {
		t.Fatalf("unknown expected policy type %q", c.Expect.PolicyType)
	}
	if c.Expect.Allowed != (reason == Allowed || reason == AllowedRootUser) {
		t.Fatalf("expectation contradicts itself: allowed %v with reason %v", c.Expect.Allowed, reason)
	}
	got := Decide(in)
	want := Decision{Allowed: c.Expect.Allowed, Reason: reason, PolicyType: ptype}
	if got.Allowed != want.Allowed || got.Reason != want.Reason || got.PolicyType != want.PolicyType {
		t.Errorf("Decide = {allowed %v, %v, %q}, want {allowed %v, %v, %q}",
			got.Allowed, got.Reason, got.PolicyType, want.Allowed, want.Reason, want.PolicyType)
	}
	refGot := ReferenceDecide(ref)
	if refGot.Allowed != want.Allowed || refGot.Reason != want.Reason || refGot.PolicyType != want.PolicyType {
		t.Errorf("ReferenceDecide = {allowed %v, %v, %q}, want {allowed %v, %v, %q}",
			refGot.Allowed, refGot.Reason, refGot.PolicyType, want.Allowed, want.Reason, want.PolicyType)
	}
	if c.Expect.Allowed {
		if c.Expect.Message != "" {
			t.Errorf("an allowed case has a message: %q", c.Expect.Message)
		}
		if got.Deciding.Policy < 0 && reason == Allowed {
			t.Errorf("allowed without a deciding statement: %+v", got.Deciding)
		}
		return
	}
	if c.Expect.Message == "" {
		t.Fatal("a denied case must state AWS's message")
	}
	if msg := got.AccessDeniedMessage(c.Principal.ARN, c.Request.Action, c.Request.Resource); msg != c.Expect.Message {
		t.Errorf("message:\n got %s\nwant %s", msg, c.Expect.Message)
	}
	if reason == ExplicitDeny && (got.Deciding.Policy < 0 || got.Deciding.Effect != "Deny") {
		t.Errorf("explicit deny without its Deny statement: %+v", got.Deciding)
	}
}
