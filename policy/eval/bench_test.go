package eval

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/iamd/iamd/policy"
)

func mustSet(tb testing.TB, docs ...string) *Set {
	tb.Helper()
	var inputs []PolicyInput
	for i, d := range docs {
		doc, err := policy.Parse([]byte(d))
		if err != nil {
			tb.Fatalf("parse policy %d: %v", i, err)
		}
		inputs = append(inputs, PolicyInput{Kind: policy.KindIdentity, Ref: fmt.Sprintf("p%d", i), Doc: doc})
	}
	s, err := Compile(inputs...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func benchEvaluate(b *testing.B, s *Set, req *Request, want Decision) {
	b.Helper()
	if got := s.Evaluate(req).Decision; got != want {
		b.Fatalf("decision = %v, want %v", got, want)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.Evaluate(req)
	}
}

func BenchmarkSmallPolicy(b *testing.B) {
	s := mustSet(b, `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/key"}}`)
	req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::bucket/key"}
	benchEvaluate(b, s, req, Allow)
}

// tenByTen builds ten policies of ten wildcard statements each; only the
// last statement of the last policy matches the benchmark's request.
func tenByTen() []string {
	var docs []string
	for p := range 10 {
		var stmts []string
		for s := range 10 {
			action, resource := fmt.Sprintf("s3:Get%dObject*", s), fmt.Sprintf("arn:aws:s3:::bucket-%d-%d/*", p, s)
			if p == 9 && s == 9 {
				action, resource = "s3:Get*", "arn:aws:s3:::target-*/*"
			}
			stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Action":["%s","ec2:Describe*"],"Resource":"%s"}`, s, action, resource))
		}
		docs = append(docs, `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
	}
	return docs
}

func BenchmarkTenPoliciesTenStatements(b *testing.B) {
	s := mustSet(b, tenByTen()...)
	req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::target-prod/photos/cat.jpg"}
	benchEvaluate(b, s, req, Allow)
}

// BenchmarkTenPoliciesTenStatementsNoMatch asks the same policies about a
// bucket none of them names: the resource index should rule out every
// statement without testing one.
func BenchmarkTenPoliciesTenStatementsNoMatch(b *testing.B) {
	s := mustSet(b, tenByTen()...)
	req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::elsewhere/photos/cat.jpg"}
	benchEvaluate(b, s, req, ImplicitDeny)
}

// BenchmarkEvaluateAllTenPoliciesTenStatements collects evidence, which
// deduplicates statements reachable twice.
func BenchmarkEvaluateAllTenPoliciesTenStatements(b *testing.B) {
	s := mustSet(b, tenByTen()...)
	req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::target-prod/photos/cat.jpg"}
	var ev Evidence
	if d := s.EvaluateAll(req, &ev); d != Allow || len(ev.Matches) != 1 {
		b.Fatalf("decision %v, matches %+v", d, ev.Matches)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s.EvaluateAll(req, &ev)
	}
}

func readOnlyAccess(tb testing.TB) *Set {
	data, err := os.ReadFile("testdata/ReadOnlyAccess.json")
	if err != nil {
		tb.Fatal(err)
	}
	return mustSet(tb, string(data))
}

func BenchmarkReadOnlyAccess(b *testing.B) {
	s := readOnlyAccess(b)
	for _, tc := range []struct {
		name, action string
		want         Decision
	}{
		{"early", "a4b:GetDevice", Allow},
		{"late", "xray:GetTraceSummaries", Allow},
		{"denied", "iam:CreateUser", ImplicitDeny},
	} {
		b.Run(tc.name, func(b *testing.B) {
			req := &Request{Action: tc.action, Resource: "arn:aws:xray:us-east-1:123456789012:group/g"}
			benchEvaluate(b, s, req, tc.want)
		})
	}
}
