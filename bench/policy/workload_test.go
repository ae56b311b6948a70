package policybench

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/iamd/iamd/policy/eval"
)

// request is one authorization question, in the terms every engine can be
// given: an S3-style or any-service action, a resource ARN, and the two
// condition keys the workloads use.
type request struct {
	name     string
	action   string
	resource string
	username string // aws:username, empty for absent
	sourceIP string // aws:SourceIp, empty for absent
	want     eval.Decision
}

// workload is a set of IAM policy documents and the requests asked of it.
// The first request is the one the benchmark times.
type workload struct {
	name     string
	docs     []string
	requests []request
	// s3Only is true when every policy speaks only of S3, the one service
	// minio's IAM package understands.
	s3Only bool
}

const smallDoc = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/key"}]}`

func smallWorkload() workload {
	return workload{
		name: "Small", docs: []string{smallDoc}, s3Only: true,
		requests: []request{
			{name: "allowed", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/key", want: eval.Allow},
			{name: "other key", action: "s3:GetObject", resource: "arn:aws:s3:::bucket/other", want: eval.ImplicitDeny},
			{name: "other action", action: "s3:PutObject", resource: "arn:aws:s3:::bucket/key", want: eval.ImplicitDeny},
		},
	}
}

// hundredDocs builds ten policies of ten wildcard statements each. Even
// statements name other actions (s3:Put*, s3:Delete*) on the target
// buckets; odd ones name s3:Get* on other buckets; only the last statement
// of the last policy matches the timed request. With deny set, the last
// policy also gets a Deny whose two conditions (a string and an IP range)
// decide.
func hundredDocs(deny bool) []string {
	var docs []string
	for p := range 10 {
		var stmts []string
		for s := range 10 {
			actions, resource := `["s3:Put*","s3:Delete*"]`, "arn:aws:s3:::target-*/*"
			if s%2 == 1 {
				actions, resource = `["s3:Get*","s3:List*"]`, fmt.Sprintf("arn:aws:s3:::bucket-%d-%d/*", p, s)
			}
			if p == 9 && s == 9 {
				actions, resource = `["s3:Get*","s3:List*"]`, "arn:aws:s3:::target-*/*"
			}
			stmts = append(stmts, fmt.Sprintf(`{"Sid":"P%dS%d","Effect":"Allow","Action":%s,"Resource":"%s"}`, p, s, actions, resource))
		}
		if deny && p == 9 {
			stmts = append(stmts, `{"Sid":"DenyMalloryFromLab","Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::target-*/*",`+
				`"Condition":{"StringEquals":{"aws:username":"mallory"},"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}`)
		}
		docs = append(docs, `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
	}
	return docs
}

const target = "arn:aws:s3:::target-prod/photos/cat.jpg"

func hundredWorkload() workload {
	return workload{
		name: "Hundred", docs: hundredDocs(false), s3Only: true,
		requests: []request{
			{name: "last matches", action: "s3:GetObject", resource: target, want: eval.Allow},
			{name: "other bucket", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-3-3/x", want: eval.Allow},
			{name: "put on target", action: "s3:PutObject", resource: target, want: eval.Allow},
			{name: "put elsewhere", action: "s3:PutObject", resource: "arn:aws:s3:::bucket-3-3/x", want: eval.ImplicitDeny},
		},
	}
}

func hundredDenyWorkload() workload {
	return workload{
		name: "HundredDeny", docs: hundredDocs(true), s3Only: true,
		requests: []request{
			{name: "mallory from the lab", action: "s3:GetObject", resource: target, username: "mallory", sourceIP: "203.0.113.7", want: eval.ExplicitDeny},
			{name: "mallory from elsewhere", action: "s3:GetObject", resource: target, username: "mallory", sourceIP: "198.51.100.7", want: eval.Allow},
			{name: "alice from the lab", action: "s3:GetObject", resource: target, username: "alice", sourceIP: "203.0.113.7", want: eval.Allow},
			{name: "no context", action: "s3:GetObject", resource: target, want: eval.Allow},
			{name: "mallory elsewhere in the bucket list", action: "s3:PutObject", resource: "arn:aws:s3:::bucket-9-1/x", username: "mallory", sourceIP: "203.0.113.7", want: eval.ImplicitDeny},
		},
	}
}

func noMatchWorkload() workload {
	return workload{
		name: "NoMatch", docs: hundredDocs(true), s3Only: true,
		requests: []request{
			{name: "nothing matches", action: "s3:PutObject", resource: "arn:aws:s3:::elsewhere/x", username: "alice", sourceIP: "198.51.100.7", want: eval.ImplicitDeny},
			{name: "wrong bucket for get", action: "s3:GetObject", resource: "arn:aws:s3:::bucket-0-0/x", want: eval.ImplicitDeny},
		},
	}
}

// readOnlyAccess returns AWS's ReadOnlyAccess managed policy, kept in the
// root module's testdata.
func readOnlyAccess(tb testing.TB) string {
	tb.Helper()
	data, err := os.ReadFile("../../policy/eval/testdata/ReadOnlyAccess.json")
	if err != nil {
		tb.Fatalf("read ReadOnlyAccess: %v", err)
	}
	return string(data)
}

// readOnlyWorkloads are ReadOnlyAccess asked for an action it allows early
// in its list, one it allows near the end, and one it does not allow.
func readOnlyWorkloads(tb testing.TB) []workload {
	doc := readOnlyAccess(tb)
	const res = "arn:aws:xray:us-east-1:123456789012:group/g"
	return []workload{
		{name: "ReadOnlyEarly", docs: []string{doc}, requests: []request{
			{name: "early", action: "a4b:GetDevice", resource: res, want: eval.Allow},
			{name: "early mixed case", action: "A4B:getDevice", resource: res, want: eval.Allow},
		}},
		{name: "ReadOnlyLate", docs: []string{doc}, requests: []request{
			{name: "late", action: "xray:GetTraceSummaries", resource: res, want: eval.Allow},
			{name: "late exact", action: "xray:ListRetrievedTraces", resource: res, want: eval.Allow},
		}},
		{name: "ReadOnlyDenied", docs: []string{doc}, requests: []request{
			{name: "denied", action: "iam:CreateUser", resource: "arn:aws:iam::123456789012:user/bob", want: eval.ImplicitDeny},
			{name: "denied xray write", action: "xray:PutTraceSegments", resource: res, want: eval.ImplicitDeny},
			{name: "s3express without session mode", action: "s3express:CreateSession", resource: "*", want: eval.ImplicitDeny},
		}},
	}
}

// decisionEngines are the engines that decide a whole request; each
// prepares a workload once, outside any timed loop.
var decisionEngines = []engine{iamdEngine{}, minioEngine{}, cedarEngine{}, opaEngine{}}

// engine is one policy engine under comparison.
type engine interface {
	name() string
	// prepare parses and compiles a workload's policies, returning
	// errSkip (wrapped) when the engine cannot express the workload.
	prepare(w workload) (prepared, error)
	// explicitDeny reports whether the engine tells an explicit deny from
	// an implicit one; minio answers only allowed or not.
	explicitDeny() bool
}

// prepared is a workload compiled by one engine.
type prepared interface {
	// query builds the engine's own form of a request, once, so that the
	// timed loop measures only the decision.
	query(r request) (decider, error)
}

// decider answers one prepared request.
type decider interface {
	decide() (eval.Decision, error)
}
