package authz

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

func TestAccessDeniedMessage(t *testing.T) {
	t.Parallel()
	const who, act, res = "arn:aws:iam::111122223333:user/bob", "iam:CreateUser", "arn:aws:iam::111122223333:user/x"
	prefix := "User: " + who + " is not authorized to perform: " + act + " on resource: " + res
	tests := []struct {
		name     string
		d        Decision
		resource string
		want     string
	}{
		{"implicit identity", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeIdentity}, res, prefix + " because no identity-based policy allows the iam:CreateUser action"},
		{"implicit boundary", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeBoundary}, res, prefix + " because no permissions boundary allows the iam:CreateUser action"},
		{"implicit session", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeSession}, res, prefix + " because no session policy allows the iam:CreateUser action"},
		{"implicit scp", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeSCP}, res, prefix + " because no service control policy allows the iam:CreateUser action"},
		{"implicit rcp", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeRCP}, res, prefix + " because no resource control policy allows the iam:CreateUser action"},
		{"implicit resource", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeResource}, res, prefix + " because no resource-based policy allows the iam:CreateUser action"},
		{"explicit identity inline", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeIdentity, Deciding: eval.Match{Ref: "inline"}}, res, prefix + " with an explicit deny in an identity-based policy"},
		{"explicit identity managed", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeIdentity, Deciding: eval.Match{Ref: "arn:aws:iam::111122223333:policy/Deny"}}, res, prefix + " with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy/Deny"},
		{"explicit scp", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeSCP, Deciding: eval.Match{Ref: "arn:aws:organizations::1:policy/o-1/service_control_policy/p-1"}}, res, prefix + " with an explicit deny in a service control policy"},
		{"explicit boundary", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeBoundary}, res, prefix + " with an explicit deny in a permissions boundary"},
		{"explicit session", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeSession}, res, prefix + " with an explicit deny in a session policy"},
		{"explicit resource", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeResource}, res, prefix + " with an explicit deny in a resource-based policy"},
		{"explicit rcp", Decision{Reason: ExplicitDeny, PolicyType: PolicyTypeRCP}, res, prefix + " with an explicit deny in a resource control policy"},
		{"no resource", Decision{Reason: ImplicitDeny, PolicyType: PolicyTypeIdentity}, "", "User: " + who + " is not authorized to perform: iam:CreateUser because no identity-based policy allows the iam:CreateUser action"},
		{"allowed has none", Decision{Allowed: true, Reason: Allowed}, res, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.d.AccessDeniedMessage(who, act, tt.resource); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestNamesRoundTrip(t *testing.T) {
	t.Parallel()
	for k := User; k <= Anonymous; k++ {
		if got, ok := ParsePrincipalKind(k.String()); !ok || got != k {
			t.Errorf("principal kind %v does not round-trip", k)
		}
	}
	for p := PolicyTypeNone; p <= PolicyTypeSession; p++ {
		if got, ok := ParsePolicyType(p.String()); !ok || got != p {
			t.Errorf("policy type %v does not round-trip", p)
		}
	}
	for r := ImplicitDeny; r <= AllowedRootUser; r++ {
		if got, ok := ParseReason(r.String()); !ok || got != r {
			t.Errorf("reason %v does not round-trip", r)
		}
	}
	if _, ok := ParsePrincipalKind("Alien"); ok {
		t.Error("ParsePrincipalKind accepted an unknown name")
	}
	if PrincipalKind(99).String() != "Unknown" || Reason(-1).String() != "Unknown" || PolicyType(42).String() != "" {
		t.Error("out-of-range values must not panic and must not name a real value")
	}
}

func TestDecideWithoutRequest(t *testing.T) {
	t.Parallel()
	for _, in := range []*Input{{}, {PrincipalKind: Root}, {PrincipalKind: Anonymous, Resource: mustSet(t, policy.KindResource,
		`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}}`)}} {
		if d := Decide(in); d.Allowed || d.Reason != ImplicitDeny {
			t.Errorf("Decide(%v with no request) = %+v, want an implicit deny", in.PrincipalKind, d)
		}
		if d := ReferenceDecide(&ReferenceInput{PrincipalKind: in.PrincipalKind}); d.Allowed {
			t.Errorf("ReferenceDecide with no request allowed")
		}
	}
}

func TestDecideVerboseRecordsEveryType(t *testing.T) {
	t.Parallel()
	in := benchInputs(t)["BoundaryAnd3SCPLevels"]
	var ev Evidence
	for range 2 { // the second call must reset, not accumulate
		d := DecideVerbose(in, &ev)
		if want := Decide(in); d != want {
			t.Fatalf("DecideVerbose = %+v, Decide = %+v", d, want)
		}
		if len(ev.Identity.Matches) != 1 || len(ev.Boundary.Matches) != 1 || len(ev.SCPs) != 3 || len(ev.RCPs) != 0 || len(ev.Session.Matches) != 0 {
			t.Fatalf("evidence: identity %d, boundary %d, scps %d levels, rcps %d, session %d",
				len(ev.Identity.Matches), len(ev.Boundary.Matches), len(ev.SCPs), len(ev.RCPs), len(ev.Session.Matches))
		}
		for i, lvl := range ev.SCPs {
			if len(lvl.Matches) != 1 || lvl.Matches[0].Effect != policy.EffectAllow {
				t.Errorf("scp level %d evidence: %+v", i, lvl.Matches)
			}
		}
	}
}

// TestEvalNotPrincipalAccountEntry pins a difference between policy/eval
// and AWS's NotPrincipal page, which Decide works around by evaluating
// resource-based policies once per member of the principal chain. AWS:
// with NotPrincipal [Bob, Bob's account root], "all principals except the
// user named Bob in AWS account 444455556666 are explicitly denied". eval
// matches the account entry against every principal of the account, so a
// single evaluation spares Carol too. When eval changes, this test says so
// and the workaround can go.
func TestEvalNotPrincipalAccountEntry(t *testing.T) {
	t.Parallel()
	set := mustSet(t, policy.KindResource, `{"Version":"2012-10-17","Statement":{"Effect":"Deny",
		"NotPrincipal":{"AWS":["arn:aws:iam::444455556666:user/Bob","arn:aws:iam::444455556666:root"]},
		"Action":"s3:*","Resource":"*"}}`)
	req := &eval.Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k",
		Principal: &eval.Principal{Type: policy.PrincipalAWS, ARN: "arn:aws:iam::444455556666:user/Carol", Account: "444455556666"}}
	if got := set.Evaluate(req).Decision; got != eval.ImplicitDeny {
		t.Errorf("eval now gives %v for Carol (was ImplicitDeny): revisit Decide's per-member evaluation", got)
	}
	in := &Input{PrincipalKind: User, PrincipalARN: req.Principal.ARN, PrincipalAccount: "444455556666", Resource: set, Request: req}
	if d := Decide(in); d.Reason != ExplicitDeny || d.PolicyType != PolicyTypeResource {
		t.Errorf("Decide for Carol = %+v, want AWS's explicit deny in the resource-based policy", d)
	}
}

func TestLoadCorpusErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"topic":"x","cases":[],"extra":1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCorpus(dir); err == nil {
		t.Error("LoadCorpus accepted an unknown field")
	}
	c := &CorpusCase{Name: "bad kind", Principal: CorpusPrincipal{Kind: "Alien"}}
	if _, _, err := c.Inputs(); err == nil {
		t.Error("Inputs accepted an unknown principal kind")
	}
	c = &CorpusCase{Name: "bad policy", Principal: CorpusPrincipal{Kind: "User"}, Policies: CorpusPolicies{Boundary: []byte(`{"Statement":`)}}
	if _, _, err := c.Inputs(); err == nil {
		t.Error("Inputs accepted a malformed policy")
	}
	c = &CorpusCase{Name: "bad context", Principal: CorpusPrincipal{Kind: "User"}, Request: CorpusRequest{Context: []CorpusContext{{Key: "k", Type: "string", Values: []string{"a", "b"}}}}}
	if _, _, err := c.Inputs(); err == nil {
		t.Error("Inputs accepted two values for a single-valued key")
	}
}
