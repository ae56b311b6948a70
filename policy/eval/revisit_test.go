package eval

import (
	"fmt"
	"strings"
	"testing"
)

func TestRevisitMarksOnlyStatementsReachableTwice(t *testing.T) {
	t.Parallel()
	many := make([]string, maxSlotsAnalysed+1)
	for i := range many {
		many[i] = fmt.Sprintf(`"ec2:Action%d"`, i)
	}
	tests := []struct {
		name   string
		action string // Action element, JSON
		res    string // Resource element, JSON
		want   bool
	}{
		{"one action", `"s3:GetObject"`, `"*"`, false},
		{"disjoint prefixes", `["s3:Get*","s3:List*"]`, `"*"`, false},
		{"nested prefixes", `["s3:Get*","s3:GetObj*"]`, `"*"`, true},
		{"exact under a prefix", `["s3:Get*","s3:GetObject"]`, `"*"`, true},
		{"exact beside a prefix", `["s3:Put*","s3:GetObject"]`, `"*"`, false},
		{"two exact names", `["s3:GetObject","s3:PutObject"]`, `"*"`, false},
		{"two services", `["s3:Get*","ec2:Get*"]`, `"*"`, false},
		{"service wildcard", `["s3:*","s3:GetObject"]`, `"*"`, true},
		{"glob in the name", `["s3:Get?bject","s3:PutObject"]`, `"*"`, false},
		{"glob and exact of one service", `["s3:Get?bject","s3:GetObject"]`, `"*"`, true},
		{"glob and prefix", `["s3:*Object","s3:Get*"]`, `"*"`, true},
		{"any action", `["*","s3:GetObject"]`, `"*"`, true},
		{"wildcard service", `["s*:Get*","ec2:Run*"]`, `"*"`, true},
		{"many actions", "[" + strings.Join(many, ",") + "]", `"*"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := mustSet(t, fmt.Sprintf(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":%s,"Resource":%s}}`, tt.action, tt.res))
			if got := s.stmts[0].revisit; got != tt.want {
				t.Errorf("revisit = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestRevisitByResourcePrefix(t *testing.T) {
	t.Parallel()
	// In a group indexed by resource, a statement is filed under each of
	// its prefixes; it is reachable twice only through prefixes that one
	// resource can start with both of.
	tests := []struct {
		res  string
		want bool
	}{
		{`["arn:aws:s3:::a/*","arn:aws:s3:::b/*"]`, false},
		{`["arn:aws:s3:::a/*","arn:aws:s3:::a/b*"]`, true},
		{`["arn:aws:s3:::a/*","*"]`, false}, // visited for every resource, once
	}
	for _, tt := range tests {
		var stmts []string
		for i := range minResourceIndexed {
			stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":"s3:Get*","Resource":"arn:aws:s3:::x%d/*"}`, i))
		}
		stmts = append(stmts, fmt.Sprintf(`{"Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":%s}`, tt.res))
		s := mustSet(t, `{"Version":"2012-10-17","Statement":[`+strings.Join(stmts, ",")+`]}`)
		if got := s.stmts[len(s.stmts)-1].revisit; got != tt.want {
			t.Errorf("Resource %s: revisit = %v, want %v", tt.res, got, tt.want)
		}
	}
}
