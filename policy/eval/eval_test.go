package eval

import (
	"testing"

	"github.com/iamd/iamd/policy"
)

func TestEvaluateDocumentedCases(t *testing.T) {
	t.Parallel()
	alice := &Principal{Type: policy.PrincipalAWS, ARN: "arn:aws:iam::123456789012:user/alice", Account: "123456789012"}
	session := &Principal{Type: policy.PrincipalAWS, ARN: "arn:aws:sts::123456789012:assumed-role/R/s", RoleARN: "arn:aws:iam::123456789012:role/R", Account: "123456789012"}
	tests := []struct {
		name     string
		policies []string
		req      Request
		ctx      map[string]string
		want     Decision
		wantSid  string
	}{
		{"allow", []string{`{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}`},
			Request{Action: "S3:getobject", Resource: "arn:aws:s3:::b/k"}, nil, Allow, "A"},
		{"explicit deny wins", []string{
			`{"Version":"2012-10-17","Statement":{"Sid":"A","Effect":"Allow","Action":"s3:*","Resource":"*"}}`,
			`{"Version":"2012-10-17","Statement":{"Sid":"D","Effect":"Deny","Action":"s3:Get*","Resource":"arn:aws:s3:::b/*"}}`},
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k"}, nil, ExplicitDeny, "D"},
		{"implicit deny", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:*","Resource":"*"}}`},
			Request{Action: "s3:GetObject", Resource: "*"}, nil, ImplicitDeny, ""},
		{"NotAction allows others", []string{`{"Version":"2012-10-17","Statement":{"Sid":"N","Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`},
			Request{Action: "s3:GetObject", Resource: "*"}, nil, Allow, "N"},
		{"NotAction excludes", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}`},
			Request{Action: "IAM:CreateUser", Resource: "*"}, nil, ImplicitDeny, ""},
		{"NotResource", []string{`{"Version":"2012-10-17","Statement":{"Sid":"R","Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::safe/*"}}`},
			Request{Action: "s3:PutObject", Resource: "arn:aws:s3:::other/k"}, nil, ExplicitDeny, "R"},
		{"resource is case-sensitive", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"arn:aws:iam::123456789012:user/Bob"}}`},
			Request{Action: "iam:GetUser", Resource: "arn:aws:iam::123456789012:user/bob"}, nil, ImplicitDeny, ""},
		{"username variable", []string{`{"Version":"2012-10-17","Statement":{"Sid":"V","Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/x"}, map[string]string{"aws:username": "alice"}, Allow, "V"},
		{"variable absent", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/x"}, nil, ImplicitDeny, ""},
		{"2008 keeps variables literal", []string{`{"Version":"2008-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::home/${aws:username}/*"}}`},
			Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::home/alice/x"}, map[string]string{"aws:username": "alice"}, ImplicitDeny, ""},
		{"condition", []string{`{"Version":"2012-10-17","Statement":{"Sid":"C","Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},"Bool":{"aws:SecureTransport":"true"}}}}`},
			Request{Action: "s3:GetObject", Resource: "*"}, map[string]string{"aws:sourceip": "203.0.113.9", "AWS:SecureTransport": "true"}, Allow, "C"},
		{"condition fails", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"}}}}`},
			Request{Action: "s3:GetObject", Resource: "*"}, map[string]string{"aws:SourceIp": "198.51.100.1"}, ImplicitDeny, ""},
		{"principal by account", []string{`{"Version":"2012-10-17","Statement":{"Sid":"P","Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:*","Resource":"*"}}`},
			Request{Action: "s3:GetObject", Resource: "*", Principal: alice}, nil, Allow, "P"},
		{"principal root is account", []string{`{"Version":"2012-10-17","Statement":{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:*","Resource":"*"}}`},
			Request{Action: "s3:GetObject", Resource: "*", Principal: session}, nil, Allow, "P"},
		{"principal role matches sessions", []string{`{"Version":"2012-10-17","Statement":{"Sid":"P","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:role/R"},"Action":"sts:AssumeRole"}}`},
			Request{Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/T", Principal: session}, nil, Allow, "P"},
		{"principal other account", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"210987654321"},"Action":"s3:*","Resource":"*"}}`},
			Request{Action: "s3:GetObject", Resource: "*", Principal: alice}, nil, ImplicitDeny, ""},
		{"service principal", []string{`{"Version":"2012-10-17","Statement":{"Sid":"S","Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}}`},
			Request{Action: "sts:AssumeRole", Resource: "*", Principal: &Principal{Type: policy.PrincipalService, ID: "ec2.amazonaws.com"}}, nil, Allow, "S"},
		{"NotPrincipal deny", []string{`{"Version":"2012-10-17","Statement":{"Sid":"NP","Effect":"Deny","NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"*","Resource":"*"}}`},
			Request{Action: "s3:GetObject", Resource: "*", Principal: alice}, nil, ExplicitDeny, "NP"},
		{"star within segment", []string{`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"arn:aws:logs:*:123456789012:log-group:a*b"}}`},
			Request{Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:a:x:b"}, nil, ImplicitDeny, ""},
		{"star ending segment crosses colons", []string{`{"Version":"2012-10-17","Statement":{"Sid":"L","Effect":"Allow","Action":"*","Resource":"arn:aws:logs:*:123456789012:log-group:*"}}`},
			Request{Action: "logs:PutLogEvents", Resource: "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"}, nil, Allow, "L"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustSet(t, tt.policies...)
			req := tt.req
			for k, v := range tt.ctx {
				req.Context.Set(k, v)
			}
			res := s.Evaluate(&req)
			if res.Decision != tt.want {
				t.Fatalf("decision = %v, want %v", res.Decision, tt.want)
			}
			if res.Deciding.Sid != tt.wantSid {
				t.Errorf("deciding Sid = %q, want %q", res.Deciding.Sid, tt.wantSid)
			}
			var inputs []PolicyInput
			for i, in := range s.inputs {
				inputs = append(inputs, PolicyInput{Kind: in.Kind, Ref: s.inputs[i].Ref, Doc: in.Doc})
			}
			if ref := ReferenceEvaluate(inputs, &req); ref != tt.want {
				t.Errorf("reference = %v, want %v", ref, tt.want)
			}
			var ev Evidence
			if d := s.EvaluateAll(&req, &ev); d != tt.want || (tt.want != ImplicitDeny && len(ev.Matches) == 0) {
				t.Errorf("EvaluateAll = %v with %d matches", d, len(ev.Matches))
			}
		})
	}
}

func TestEvidencePositions(t *testing.T) {
	t.Parallel()
	s := mustSet(t, "{\"Version\":\"2012-10-17\",\"Statement\":[\n{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"},\n{\"Sid\":\"B\",\"Effect\":\"Allow\",\"Action\":\"s3:Get*\",\"Resource\":\"*\"}]}")
	var ev Evidence
	if d := s.EvaluateAll(&Request{Action: "s3:GetObject", Resource: "*"}, &ev); d != Allow || len(ev.Matches) != 2 {
		t.Fatalf("decision %v, matches %+v", d, ev.Matches)
	}
	for _, m := range ev.Matches {
		if m.Span.Start.Line != 2+m.Statement || m.Ref != "p0" || m.Effect != "Allow" {
			t.Errorf("match %+v", m)
		}
	}
}

func TestEvaluateDoesNotAllocate(t *testing.T) {
	s := mustSet(t, tenByTen()...)
	req := &Request{Action: "s3:GetObject", Resource: "arn:aws:s3:::target-prod/k"}
	req.Context.Set("aws:username", "alice")
	if n := testing.AllocsPerRun(100, func() { s.Evaluate(req) }); n != 0 {
		t.Errorf("Evaluate allocates %v times", n)
	}
	var ev Evidence
	s.EvaluateAll(req, &ev) // sizes the evidence once
	if n := testing.AllocsPerRun(100, func() { s.EvaluateAll(req, &ev) }); n != 0 {
		t.Errorf("EvaluateAll with reused evidence allocates %v times", n)
	}
}
