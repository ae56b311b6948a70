package iam

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Policies of the simulator tests.
const (
	// simAllowS3 is pretty-printed so that positions span lines: the
	// statement's "{" is line 4, column 5; its "}" is line 9, column 5, so
	// the end (just past it) is column 6.
	simAllowS3 = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowS3",
      "Effect": "Allow",
      "Action": "s3:*",
      "Resource": "*"
    }
  ]
}`
	simDenyDelete  = `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"*"}]}`
	simConditional = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket",` +
		`"Resource":"arn:aws:s3:::bucket","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"},` +
		`"StringLike":{"s3:prefix":"home/${aws:username}/*"}}}]}`
	// simConditionalAny is simConditional on every resource.
	simConditionalAny = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket",` +
		`"Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"192.0.2.0/24"},` +
		`"StringLike":{"s3:prefix":"home/${aws:username}/*"}}}]}`
	simBoundaryGet  = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}`
	simBucketPolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow",` +
		`"Principal":{"AWS":"arn:aws:iam::111111111111:user/carol"},"Action":"sqs:SendMessage","Resource":"*"}]}`
	simNothing = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeRegions","Resource":"*"}]}`
)

func pos(line, col int32) *Position { return &Position{Line: &line, Column: &col} }

// decisions summarises results as "action resource decision".
func decisions(out *SimulatePolicyResponse) []string {
	var got []string
	for _, r := range out.EvaluationResults {
		got = append(got, r.EvalActionName+" "+r.EvalResourceName+" "+r.EvalDecision)
	}
	return got
}

func TestSimulateCustomPolicyDecisions(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	tests := []struct {
		name string
		in   SimulateCustomPolicyRequest
		want []string
	}{
		{"allowed and implicit deny",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simAllowS3}, ActionNames: []string{"s3:GetObject", "ec2:RunInstances"}},
			[]string{"s3:GetObject * allowed", "ec2:RunInstances * implicitDeny"}},
		{"explicit deny beats allow",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simAllowS3, simDenyDelete}, ActionNames: []string{"s3:DeleteObject"}},
			[]string{"s3:DeleteObject * explicitDeny"}},
		{"each resource",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simConditional}, ActionNames: []string{"s3:ListBucket"},
				ResourceArns: []string{"arn:aws:s3:::bucket", "arn:aws:s3:::other"},
				ContextEntries: []ContextEntry{
					{ContextKeyName: "aws:SourceIp", ContextKeyType: "ip", ContextKeyValues: []string{"192.0.2.7"}},
					{ContextKeyName: "s3:prefix", ContextKeyType: "string", ContextKeyValues: []string{"home/bob/x"}},
					{ContextKeyName: "aws:username", ContextKeyType: "string", ContextKeyValues: []string{"bob"}},
				}},
			[]string{"s3:ListBucket arn:aws:s3:::bucket allowed", "s3:ListBucket arn:aws:s3:::other implicitDeny"}},
		{"condition not met",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simConditional}, ActionNames: []string{"s3:ListBucket"},
				ResourceArns: []string{"arn:aws:s3:::bucket"},
				ContextEntries: []ContextEntry{
					{ContextKeyName: "aws:SourceIp", ContextKeyType: "ip", ContextKeyValues: []string{"198.51.100.1"}},
					{ContextKeyName: "s3:prefix", ContextKeyType: "string", ContextKeyValues: []string{"home/bob/x"}},
					{ContextKeyName: "aws:username", ContextKeyType: "string", ContextKeyValues: []string{"bob"}},
				}},
			[]string{"s3:ListBucket arn:aws:s3:::bucket implicitDeny"}},
		{"boundary caps identity",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simAllowS3}, PermissionsBoundaryPolicyInputList: []string{simBoundaryGet},
				ActionNames: []string{"s3:GetObject", "s3:PutObject"}},
			[]string{"s3:GetObject * allowed", "s3:PutObject * implicitDeny"}},
		{"resource policy grants the caller",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simNothing}, ResourcePolicy: simBucketPolicy,
				CallerArn: "arn:aws:iam::111111111111:user/carol", ActionNames: []string{"sqs:SendMessage"},
				ResourceArns: []string{"arn:aws:sqs:us-east-1:111111111111:jobs"}},
			[]string{"sqs:SendMessage arn:aws:sqs:us-east-1:111111111111:jobs allowed"}},
		{"resource policy names another caller",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simNothing}, ResourcePolicy: simBucketPolicy,
				CallerArn: "arn:aws:iam::111111111111:user/dave", ActionNames: []string{"sqs:SendMessage"},
				ResourceArns: []string{"arn:aws:sqs:us-east-1:111111111111:jobs"}},
			[]string{"sqs:SendMessage arn:aws:sqs:us-east-1:111111111111:jobs implicitDeny"}},
		{"cross account needs both sides",
			SimulateCustomPolicyRequest{PolicyInputList: []string{simNothing}, ResourcePolicy: simBucketPolicy,
				CallerArn: "arn:aws:iam::111111111111:user/carol", ResourceOwner: "arn:aws:iam::222222222222:root",
				ActionNames: []string{"sqs:SendMessage"}, ResourceArns: []string{"arn:aws:s3:::shared"}},
			[]string{"sqs:SendMessage arn:aws:s3:::shared implicitDeny"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := f.svc.SimulateCustomPolicy(f.rootA, &tt.in)
			mustOK(t, err)
			if diff := cmp.Diff(tt.want, decisions(out)); diff != "" {
				t.Fatalf("decisions (-want +got):\n%s", diff)
			}
			if out.IsTruncated == nil || *out.IsTruncated {
				t.Fatalf("IsTruncated = %v, want false", out.IsTruncated)
			}
		})
	}
}

func TestSimulateMatchedStatements(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.SimulateCustomPolicy(f.rootA, &SimulateCustomPolicyRequest{
		PolicyInputList: []string{simAllowS3, simDenyDelete},
		ActionNames:     []string{"s3:GetObject", "s3:DeleteObject"},
	})
	mustOK(t, err)
	allow := Statement{SourcePolicyId: "PolicyInputList.1", SourcePolicyType: "IAM Policy",
		StartPosition: pos(4, 5), EndPosition: pos(9, 6)}
	// simDenyDelete is one line: its statement opens at column 38 and its
	// "}" is column 96, so the end (just past it) is column 97.
	start := int32(strings.Index(simDenyDelete, `{"Effect"`) + 1)
	end := int32(strings.LastIndex(simDenyDelete, "}]") + 2)
	deny := Statement{SourcePolicyId: "PolicyInputList.2", SourcePolicyType: "IAM Policy",
		StartPosition: pos(1, start), EndPosition: pos(1, end)}
	if diff := cmp.Diff([]Statement{allow}, out.EvaluationResults[0].MatchedStatements); diff != "" {
		t.Errorf("allowed: matched statements (-want +got):\n%s", diff)
	}
	// The deciding Deny comes first, then the Allow it overrode.
	if diff := cmp.Diff([]Statement{deny, allow}, out.EvaluationResults[1].MatchedStatements); diff != "" {
		t.Errorf("explicitDeny: matched statements (-want +got):\n%s", diff)
	}
	if start != 38 || end != 97 {
		t.Fatalf("test policy moved: start %d end %d", start, end)
	}
}

func TestSimulateResourcePolicyStatements(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.SimulateCustomPolicy(f.rootA, &SimulateCustomPolicyRequest{
		PolicyInputList: []string{simNothing}, ResourcePolicy: simBucketPolicy,
		CallerArn: "arn:aws:iam::111111111111:user/carol", ActionNames: []string{"sqs:SendMessage"},
		ResourceArns: []string{"arn:aws:sqs:us-east-1:111111111111:jobs"},
	})
	mustOK(t, err)
	r := out.EvaluationResults[0]
	if len(r.ResourceSpecificResults) != 1 {
		t.Fatalf("ResourceSpecificResults = %+v, want one", r.ResourceSpecificResults)
	}
	rs := r.ResourceSpecificResults[0]
	if rs.EvalResourceName != "arn:aws:sqs:us-east-1:111111111111:jobs" || rs.EvalResourceDecision != "allowed" {
		t.Fatalf("resource result = %+v", rs)
	}
	got := rs.MatchedStatements
	if len(got) != 1 || got[0].SourcePolicyId != "ResourcePolicy" || got[0].SourcePolicyType != "Resource Policy" {
		t.Fatalf("matched = %+v, want the resource policy's statement", got)
	}
	if r.EvalDecisionDetails != nil {
		t.Fatalf("same-account EvalDecisionDetails = %v, want none", r.EvalDecisionDetails)
	}

	cross, err := f.svc.SimulateCustomPolicy(f.rootA, &SimulateCustomPolicyRequest{
		PolicyInputList: []string{simNothing}, ResourcePolicy: simBucketPolicy,
		CallerArn: "arn:aws:iam::111111111111:user/carol", ResourceOwner: "arn:aws:iam::222222222222:root",
		ActionNames: []string{"sqs:SendMessage"}, ResourceArns: []string{"arn:aws:s3:::shared"},
	})
	mustOK(t, err)
	want := map[string]string{"IAM Policy": "implicitDeny", "Resource Policy": "allowed"}
	if diff := cmp.Diff(want, cross.EvaluationResults[0].EvalDecisionDetails); diff != "" {
		t.Fatalf("cross-account EvalDecisionDetails (-want +got):\n%s", diff)
	}
}

func TestSimulateMissingContextValues(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	ip := []ContextEntry{{ContextKeyName: "aws:sourceip", ContextKeyType: "ip", ContextKeyValues: []string{"192.0.2.7"}}}
	tests := []struct {
		name         string
		policy       string
		resources    []string
		context      []ContextEntry
		top, perRsrc []string
	}{
		{"wildcard resource reports on the result", simConditionalAny, nil, nil, []string{"aws:SourceIp", "s3:prefix", "aws:username"}, nil},
		{"a statement for a named resource does not match *", simConditional, nil, nil, nil, nil},
		{"named resource reports per resource", simConditional, []string{"arn:aws:s3:::bucket"}, nil, nil, []string{"aws:SourceIp", "s3:prefix", "aws:username"}},
		{"supplied keys are not missing, whatever their case", simConditional, []string{"arn:aws:s3:::bucket"}, ip, nil, []string{"s3:prefix", "aws:username"}},
		{"statements for other resources do not count", simConditional, []string{"arn:aws:s3:::other"}, nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, err := f.svc.SimulateCustomPolicy(f.rootA, &SimulateCustomPolicyRequest{
				PolicyInputList: []string{tt.policy}, ActionNames: []string{"s3:ListBucket"},
				ResourceArns: tt.resources, ContextEntries: tt.context,
			})
			mustOK(t, err)
			r := out.EvaluationResults[0]
			if diff := cmp.Diff(tt.top, r.MissingContextValues); diff != "" {
				t.Errorf("MissingContextValues (-want +got):\n%s", diff)
			}
			var per []string
			if len(r.ResourceSpecificResults) > 0 {
				per = r.ResourceSpecificResults[0].MissingContextValues
			}
			if diff := cmp.Diff(tt.perRsrc, per); diff != "" {
				t.Errorf("ResourceSpecificResults MissingContextValues (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSimulateBoundaryDetail(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	out, err := f.svc.SimulateCustomPolicy(f.rootA, &SimulateCustomPolicyRequest{
		PolicyInputList: []string{simAllowS3}, PermissionsBoundaryPolicyInputList: []string{simBoundaryGet},
		ActionNames: []string{"s3:GetObject", "s3:PutObject"},
	})
	mustOK(t, err)
	for i, want := range []bool{true, false} {
		d := out.EvaluationResults[i].PermissionsBoundaryDecisionDetail
		if d == nil || d.AllowedByPermissionsBoundary == nil || *d.AllowedByPermissionsBoundary != want {
			t.Errorf("result %d: PermissionsBoundaryDecisionDetail = %+v, want AllowedByPermissionsBoundary %v", i, d, want)
		}
	}
	ms := out.EvaluationResults[0].MatchedStatements
	if len(ms) != 2 || ms[1].SourcePolicyId != "PermissionsBoundaryPolicyInputList.1" {
		t.Errorf("matched = %+v, want the identity Allow and the boundary's", ms)
	}
	plain, err := f.svc.SimulateCustomPolicy(f.rootA, &SimulateCustomPolicyRequest{
		PolicyInputList: []string{simAllowS3}, ActionNames: []string{"s3:GetObject"},
	})
	mustOK(t, err)
	if d := plain.EvaluationResults[0].PermissionsBoundaryDecisionDetail; d != nil {
		t.Errorf("without a boundary: detail = %+v, want none", d)
	}
}

func TestSimulatePaging(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	four := int32(4)
	in := SimulateCustomPolicyRequest{
		PolicyInputList: []string{simAllowS3},
		ActionNames:     []string{"s3:GetObject", "s3:PutObject", "ec2:RunInstances"},
		ResourceArns:    []string{"arn:aws:s3:::a/x", "arn:aws:s3:::b/y"},
		MaxItems:        &four,
	}
	var all []string
	for page := 0; ; page++ {
		out, err := f.svc.SimulateCustomPolicy(f.rootA, &in)
		mustOK(t, err)
		all = append(all, decisions(out)...)
		if !*out.IsTruncated {
			if out.Marker != "" {
				t.Fatalf("last page has Marker %q", out.Marker)
			}
			break
		}
		if page > 2 || out.Marker == "" {
			t.Fatalf("page %d: truncated without progress (marker %q)", page, out.Marker)
		}
		in.Marker = out.Marker
	}
	want := []string{
		"s3:GetObject arn:aws:s3:::a/x allowed", "s3:GetObject arn:aws:s3:::b/y allowed",
		"s3:PutObject arn:aws:s3:::a/x allowed", "s3:PutObject arn:aws:s3:::b/y allowed",
		"ec2:RunInstances arn:aws:s3:::a/x implicitDeny", "ec2:RunInstances arn:aws:s3:::b/y implicitDeny",
	}
	if diff := cmp.Diff(want, all); diff != "" {
		t.Fatalf("pages (-want +got):\n%s", diff)
	}
	in.Marker = "bogus"
	_, err := f.svc.SimulateCustomPolicy(f.rootA, &in)
	wantAWSError(t, err, "ValidationError", "Invalid Marker.")
}

func TestSimulateCustomPolicyErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	base := func(mod func(*SimulateCustomPolicyRequest)) *SimulateCustomPolicyRequest {
		in := &SimulateCustomPolicyRequest{PolicyInputList: []string{simAllowS3}, ActionNames: []string{"s3:GetObject"}}
		mod(in)
		return in
	}
	tests := []struct {
		name      string
		in        *SimulateCustomPolicyRequest
		code, msg string
	}{
		{"malformed JSON", base(func(in *SimulateCustomPolicyRequest) { in.PolicyInputList = []string{"{"} }),
			"InvalidInput", "Syntax errors in policy."},
		{"invalid policy", base(func(in *SimulateCustomPolicyRequest) {
			in.PolicyInputList = []string{`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Resource":"*"}]}`}
		}), "InvalidInput", "Policy statement must contain actions."},
		{"malformed boundary", base(func(in *SimulateCustomPolicyRequest) { in.PermissionsBoundaryPolicyInputList = []string{"[]"} }),
			"InvalidInput", "Syntax errors in policy."},
		{"two boundaries", base(func(in *SimulateCustomPolicyRequest) {
			in.PermissionsBoundaryPolicyInputList = []string{simBoundaryGet, simBoundaryGet}
		}), "InvalidInput", msgSimOneBoundary},
		{"resource policy without caller", base(func(in *SimulateCustomPolicyRequest) { in.ResourcePolicy = simBucketPolicy }),
			"InvalidInput", msgSimCallerRequired},
		{"resource policy without a principal", base(func(in *SimulateCustomPolicyRequest) {
			in.ResourcePolicy, in.CallerArn = simNothing, "arn:aws:iam::111111111111:user/carol"
		}), "InvalidInput", "Missing required field Principal"},
		{"caller is a role", base(func(in *SimulateCustomPolicyRequest) { in.CallerArn = "arn:aws:iam::111111111111:role/r" }),
			"InvalidInput", "CallerArn arn:aws:iam::111111111111:role/r is not the ARN of an IAM user."},
		{"resource owner is not an account", base(func(in *SimulateCustomPolicyRequest) { in.ResourceOwner = "bucket-owner" }),
			"InvalidInput", "ResourceOwner bucket-owner is not the ARN of an account (arn:aws:iam::ACCOUNT-ID:root)."},
		{"context type", base(func(in *SimulateCustomPolicyRequest) {
			in.ContextEntries = []ContextEntry{{ContextKeyName: "k", ContextKeyType: "arn", ContextKeyValues: []string{"x"}}}
		}), "InvalidInput", "Invalid context key type arn for context key k."},
		{"context value", base(func(in *SimulateCustomPolicyRequest) {
			in.ContextEntries = []ContextEntry{{ContextKeyName: "aws:SourceIp", ContextKeyType: "ip", ContextKeyValues: []string{"nope"}}}
		}), "InvalidInput", "Invalid value nope for context key aws:SourceIp of type ip."},
		{"single-valued type with two values", base(func(in *SimulateCustomPolicyRequest) {
			in.ContextEntries = []ContextEntry{{ContextKeyName: "n", ContextKeyType: "numeric", ContextKeyValues: []string{"1", "2"}}}
		}), "InvalidInput", "Context key n of type numeric takes exactly one value."},
		{"handling option", base(func(in *SimulateCustomPolicyRequest) { in.ResourceHandlingOption = "EC2-Nope" }),
			"InvalidInput", "Invalid ResourceHandlingOption EC2-Nope."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := f.svc.SimulateCustomPolicy(f.rootA, tt.in)
			wantAWSError(t, err, tt.code, tt.msg)
		})
	}
	ok := base(func(in *SimulateCustomPolicyRequest) { in.ResourceHandlingOption = "EC2-VPC-EBS" })
	_, err := f.svc.SimulateCustomPolicy(f.rootA, ok)
	mustOK(t, err)
}
