package eval

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/iamd/iamd/policy"
)

// The vocabulary of the property test: small, so that random policies and
// requests often meet, and rich in the cases that differ between careful and
// careless implementations (colons in resources, variables, escapes,
// missing keys, multivalued keys, negated operators).
var (
	propActions         = []string{"s3:GetObject", "s3:PutObject", "S3:listbucket", "ec2:DescribeInstances", "iam:GetUser", "iam:getuser", "sts:AssumeRole"}
	propActionPatterns  = []string{"s3:GetObject", "s3:Get*", "s3:*Object", "s3:?etObject", "*", "ec2:Describe*", "S3:GETOBJECT", "*:Get*", "iam:*", "s3:*", "iam:Get?ser", "s*:*", "sts:AssumeRole*"}
	propResources       = []string{"arn:aws:s3:::bucket/key", "arn:aws:s3:::bucket/a:b", "arn:aws:s3:::bucket", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:user/bob", "arn:aws:ec2:us-east-1:123456789012:instance/i-1", "*", "arn:aws:s3:::b*/x", "arn:aws:s3:::${aws:username}"}
	propResourcePattern = []string{"*", "arn:aws:s3:::bucket/*", "arn:aws:s3:::*", "arn:aws:*", "arn:aws:s3:::b?cket/*", "arn:aws:iam::*:user/${aws:username}", "arn:aws:iam::123456789012:user/${aws:username, 'bob'}", "arn:*:s3:::bucket/*:b", "arn:aws:s3:::${*}", "arn:aws:iam::123456789012:*", "arn:aws:s3:::bucket/a*b", "arn:aws:ec2:*:*:instance/*", "arn:aws:s3:::bucket", "arn:aws:*:*:123456789012:*", "arn:aws:s3:::b*${?}", "arn:aws:s3:::${aws:username}", "arn:aws:s3:::b*/x"}
	// A family of resources sharing literal prefixes (one a prefix of
	// another, wildcards in the middle), for the statements that crowd one
	// action so that the resource index files them by prefix.
	propCrowdActions   = []string{"s3:Get*", "s3:GetObject", "s3:*", "s3:List*", "*"}
	propCrowdResources = []string{"arn:aws:s3:::bucket-1/*", "arn:aws:s3:::bucket-2/*", "arn:aws:s3:::bucket-1/k", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket",
		"arn:aws:s3:::bucket-*/k", "arn:aws:s3:::bu*et/key", "arn:aws:s3:::bucket/*/x", "arn:aws:s3:::bucket/a*b", "arn:aws:s3:::bucket-?/k*",
		"arn:aws:s3:::b", "arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:s3:::${aws:username}-*", "arn:aws:s3:::*/k", "arn:aws:iam::123456789012:user/*"}
	propCrowdRequests = []string{"arn:aws:s3:::bucket-1/k", "arn:aws:s3:::bucket-2/a/x", "arn:aws:s3:::bucket/a/x", "arn:aws:s3:::bucket/alice/k", "arn:aws:s3:::bucket/key",
		"arn:aws:s3:::bucket", "arn:aws:s3:::bucket-3/k", "arn:aws:s3:::alice-1/k", "arn:aws:s3:::bucket/ab", "arn:aws:s3:::b"}
	propKeys          = []string{"aws:username", "aws:SourceIp", "aws:TagKeys", "aws:CurrentTime", "s3:max-keys", "aws:SecureTransport", "aws:PrincipalArn", "x:bin", "aws:PrincipalTag/team"}
	propOperators     = []string{"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"}
	propValues        = []string{"alice", "Alice", "bob", "al*", "?ob", "${aws:username}", "${aws:PrincipalTag/team, 'dev'}", "${*}", "dev", "10", "10.5", "-3", "abc", "2024-01-01T00:00:00Z", "2024-06-01", "1704067200", "true", "FALSE", "${aws:SecureTransport}", "QUJD", "10.0.0.0/8", "192.168.1.1", "2001:db8::/32", "arn:aws:iam::123456789012:user/*", "arn:aws:iam::*:user/${aws:username}", "arn:aws:*", "team", "created*"}
	propContextValues = []string{"alice", "ALICE", "bob", "dev", "10", "9.99", "abc", "2024-01-01T00:00:00Z", "2023-12-31", "1704067200", "true", "false", "QUJD", "10.1.2.3", "192.168.1.1", "2001:db8::1", "::ffff:10.0.0.1", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::123456789012:role/r", "team", "createdBy", "a:b"}
)

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

func pickN(r *rand.Rand, list []string, max int) []string {
	n := 1 + r.IntN(max)
	out := make([]string, n)
	for i := range out {
		out[i] = pick(r, list)
	}
	return out
}

func randomStrings(r *rand.Rand, list []string, max int) policy.Strings {
	return policy.Strings{Values: pickN(r, list, max), Present: true, List: true}
}

func randomPrincipal(r *rand.Rand) *policy.Principal {
	if r.IntN(4) == 0 {
		return &policy.Principal{Wildcard: true}
	}
	choices := []policy.PrincipalEntry{
		{Type: "AWS", Values: []string{"123456789012"}},
		{Type: "AWS", Values: []string{"arn:aws:iam::123456789012:root"}},
		{Type: "AWS", Values: []string{"arn:aws:iam::123456789012:role/r", "210987654321"}},
		{Type: "AWS", Values: []string{"*"}},
		{Type: "Service", Values: []string{"ec2.amazonaws.com"}},
		{Type: "Federated", Values: []string{"accounts.google.com"}},
		{Type: "CanonicalUser", Values: []string{"abc123"}},
	}
	return &policy.Principal{Entries: []policy.PrincipalEntry{pick(r, choices), pick(r, choices)}}
}

func randomStatement(r *rand.Rand) policy.Statement {
	st := policy.Statement{Effect: policy.EffectAllow, HasEffect: true}
	if r.IntN(3) == 0 {
		st.Effect = policy.EffectDeny
	}
	if r.IntN(5) == 0 {
		st.NotAction = randomStrings(r, propActionPatterns, 3)
	} else {
		st.Action = randomStrings(r, propActionPatterns, 3)
	}
	switch r.IntN(6) {
	case 0:
		st.NotResource = randomStrings(r, propResourcePattern, 3)
	case 1: // no Resource, as in a trust policy
	default:
		st.Resource = randomStrings(r, propResourcePattern, 3)
	}
	switch r.IntN(6) {
	case 0:
		st.Principal = randomPrincipal(r)
	case 1:
		st.NotPrincipal = randomPrincipal(r)
	}
	for range r.IntN(3) {
		op := pick(r, propOperators)
		if op != "Null" {
			switch r.IntN(4) {
			case 0:
				op = "ForAllValues:" + op
			case 1:
				op = "ForAnyValue:" + op
			}
			if r.IntN(4) == 0 {
				op += "IfExists"
			}
		}
		block := policy.ConditionBlock{Operator: op}
		for range 1 + r.IntN(2) {
			block.Keys = append(block.Keys, policy.ConditionKey{Key: pick(r, propKeys), Values: pickN(r, propValues, 3)})
		}
		st.Condition = append(st.Condition, block)
	}
	return st
}

func randomDocument(r *rand.Rand) *policy.Document {
	doc := &policy.Document{}
	switch r.IntN(4) {
	case 0:
	case 1:
		doc.Version, doc.HasVersion = policy.Version2008, true
	default:
		doc.Version, doc.HasVersion = policy.Version2012, true
	}
	for range 1 + r.IntN(3) {
		doc.Statements = append(doc.Statements, randomStatement(r))
	}
	if r.IntN(3) == 0 {
		for range r.IntN(12) {
			doc.Statements = append(doc.Statements, crowdStatement(r))
		}
	}
	return doc
}

// crowdStatement is one of many statements naming the same few actions on
// resources that differ in their literal prefixes.
func crowdStatement(r *rand.Rand) policy.Statement {
	st := policy.Statement{Effect: policy.EffectAllow, HasEffect: true,
		Action: randomStrings(r, propCrowdActions, 2), Resource: randomStrings(r, propCrowdResources, 2)}
	if r.IntN(8) == 0 {
		st.Effect = policy.EffectDeny
	}
	if r.IntN(10) == 0 {
		st.Resource, st.NotResource = policy.Strings{}, st.Resource
	}
	if r.IntN(6) == 0 {
		st.Condition = []policy.ConditionBlock{{Operator: "StringEquals", Keys: []policy.ConditionKey{{Key: "aws:username", Values: []string{"alice"}}}}}
	}
	return st
}

func randomRequest(r *rand.Rand) *Request {
	req := &Request{Action: pick(r, propActions), Resource: pick(r, propResources)}
	if r.IntN(2) == 0 {
		req.Resource = pick(r, propCrowdRequests)
	}
	switch r.IntN(5) {
	case 0:
	case 1:
		req.Principal = &Principal{Type: "AWS", ARN: "arn:aws:iam::123456789012:user/alice", Account: "123456789012"}
	case 2:
		req.Principal = &Principal{Type: "AWS", ARN: "arn:aws:sts::123456789012:assumed-role/r/s", RoleARN: "arn:aws:iam::123456789012:role/r", Account: "123456789012"}
	case 3:
		req.Principal = &Principal{Type: "Service", ID: "ec2.amazonaws.com"}
	default:
		req.Principal = &Principal{Type: "Federated", ID: pick(r, []string{"accounts.google.com", "cognito-identity.amazonaws.com"})}
	}
	for range r.IntN(6) {
		key := pick(r, propKeys)
		if r.IntN(3) == 0 {
			req.Context.SetValues(key, pickN(r, propContextValues, 3))
		} else {
			req.Context.Set(key, pick(r, propContextValues))
		}
	}
	return req
}

// TestPropertyMatchesReference compares the compiled evaluator with the
// reference evaluator on random policies and requests.
func TestPropertyMatchesReference(t *testing.T) {
	t.Parallel()
	pairs := 100_000
	if testing.Short() {
		pairs = 10_000
	}
	r := rand.New(rand.NewPCG(20261123, 1))
	var ev Evidence
	decisions := map[Decision]int{}
	for i := range pairs {
		var inputs []PolicyInput
		for range 1 + r.IntN(2) {
			inputs = append(inputs, PolicyInput{Kind: policy.KindResource, Ref: "p", Doc: randomDocument(r)})
		}
		set, err := Compile(inputs...)
		if err != nil {
			t.Fatalf("pair %d: compile: %v", i, err)
		}
		for k := range 2 {
			req := randomRequest(r)
			want := ReferenceEvaluate(inputs, req)
			res := set.Evaluate(req)
			got := res.Decision
			all := set.EvaluateAll(req, &ev)
			decisions[want]++
			if got != want || all != want {
				t.Fatalf("pair %d: Evaluate = %v, EvaluateAll = %v, reference = %v\npolicies: %+v\nrequest: %+v\ncontext: %v",
					i, got, all, want, docsOf(inputs), *req, contextDump(&req.Context))
			}
			if k > 0 || i%2 == 1 {
				continue // evidence for one request in four is enough, and costs far less
			}
			gotM, wantM := matchedPositions(ev.Matches), referenceMatches(inputs, req)
			if gotM != wantM {
				t.Fatalf("pair %d: EvaluateAll matched %s, reference %s\npolicies: %+v\nrequest: %+v",
					i, gotM, wantM, docsOf(inputs), *req)
			}
			if got != ImplicitDeny {
				pos := fmt.Sprintf(" %d.%d ", res.Deciding.Policy, res.Deciding.Statement)
				if !strings.Contains(" "+wantM, pos) || (res.Deciding.Effect == policy.EffectDeny) != (got == ExplicitDeny) {
					t.Fatalf("pair %d: %v decided by %+v, not among the matches %s", i, got, res.Deciding, wantM)
				}
			}
		}
	}
	t.Logf("%d pairs: %v", 2*pairs, decisions)
	for _, d := range []Decision{Allow, ExplicitDeny, ImplicitDeny} {
		if decisions[d] < pairs/50 {
			t.Errorf("decision %v reached only %d times: the generator is too narrow", d, decisions[d])
		}
	}
}

// matchedPositions lists matches as "policy.statement" in their order.
func matchedPositions(ms []Match) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "%d.%d ", m.Policy, m.Statement)
	}
	return b.String()
}

// referenceMatches lists, in policy and statement order, the statements
// the reference evaluator finds applicable.
func referenceMatches(inputs []PolicyInput, req *Request) string {
	var b strings.Builder
	for pi, in := range inputs {
		vars := in.Doc.EffectiveVersion() == policy.Version2012
		for si := range in.Doc.Statements {
			if refStatementApplies(&in.Doc.Statements[si], req, vars) {
				fmt.Fprintf(&b, "%d.%d ", pi, si)
			}
		}
	}
	return b.String()
}

func docsOf(inputs []PolicyInput) []policy.Document {
	var out []policy.Document
	for _, in := range inputs {
		out = append(out, *in.Doc)
	}
	return out
}

func contextDump(c *Context) map[string][]string {
	out := map[string][]string{}
	for _, k := range c.Keys() {
		out[k], _ = c.Lookup(k)
	}
	return out
}
