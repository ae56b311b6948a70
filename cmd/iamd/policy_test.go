package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// writeFiles writes name→content into a temp dir and returns the paths.
func writeFiles(t *testing.T, files map[string]string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	paths := map[string]string{}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		paths[name] = p
	}
	return paths
}

const cliPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*",
     "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
    {"Sid": "NoDelete", "Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
  ]
}`

func TestPolicyValidate(t *testing.T) {
	t.Parallel()
	p := writeFiles(t, map[string]string{
		"ok.json":       cliPolicy,
		"noaction.json": "{\"Version\":\"2012-10-17\",\n\"Statement\":[\n  {\"Effect\":\"Allow\",\"Resource\":\"*\"}]}",
		"syntax.json":   "{",
		"trust.json":    `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
	})
	tests := []struct {
		name   string
		args   []string
		want   []string
		failed bool
		usage  bool
	}{
		{"valid", []string{p["ok.json"]}, []string{p["ok.json"] + ": OK"}, false, false},
		{"statement position", []string{p["ok.json"], p["noaction.json"]}, []string{
			p["ok.json"] + ": OK",
			p["noaction.json"] + ":3:3: MalformedPolicyDocument: Policy statement must contain actions.",
		}, true, false},
		{"syntax", []string{p["syntax.json"]}, nil, true, false},
		{"trust kind", []string{"--kind", "trust", p["trust.json"]}, []string{p["trust.json"] + ": OK"}, false, false},
		{"identity rules reject a principal", []string{p["trust.json"]}, []string{
			p["trust.json"] + ":1:38: MalformedPolicyDocument: Policy document should not specify a principal."}, true, false},
		{"unknown kind", []string{"--kind", "x", p["ok.json"]}, nil, false, true},
		{"no files", nil, nil, false, true},
		{"unreadable", []string{filepath.Join(t.TempDir(), "none.json")}, nil, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var out, errOut bytes.Buffer
			err := run(context.Background(), append([]string{"policy", "validate"}, tt.args...), &out, &errOut)
			var fe failedError
			var ue usageError
			if errors.As(err, &fe) != tt.failed || errors.As(err, &ue) != tt.usage {
				t.Fatalf("err = %v, want failed %v usage %v", err, tt.failed, tt.usage)
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if tt.want != nil {
				if diff := cmp.Diff(tt.want, lines); diff != "" {
					t.Fatalf("output (-want +got):\n%s", diff)
				}
			}
			if tt.name == "syntax" && !strings.HasPrefix(lines[0], p["syntax.json"]+": MalformedPolicyDocument: Syntax errors in policy.") {
				t.Fatalf("syntax output = %q", lines[0])
			}
		})
	}
}

func TestPolicySimulate(t *testing.T) {
	t.Parallel()
	p := writeFiles(t, map[string]string{
		"id.json":       cliPolicy,
		"boundary.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:List*","Resource":"*"}]}`,
		"queue.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/bob"},` +
			`"Action":"sqs:SendMessage","Resource":"*"}]}`,
	})
	run1 := func(t *testing.T, args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"policy", "simulate"}, args...), &out, &errOut)
		return out.String(), err
	}

	out, err := run1(t, "--policy", p["id.json"], "--action", "s3:GetObject", "--action", "s3:DeleteObject",
		"--resource", "arn:aws:s3:::b/k", "--context", "aws:SourceIp=ip:10.1.2.3")
	var fe failedError
	if !errors.As(err, &fe) || fe.msg != "1 of 2 requests denied" {
		t.Fatalf("err = %v, want one denial", err)
	}
	for _, want := range []string{
		"s3:GetObject     arn:aws:s3:::b/k  allowed       " + p["id.json"] + ":4",
		"s3:DeleteObject  arn:aws:s3:::b/k  explicitDeny  " + p["id.json"] + ":6",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}

	// Every request allowed: exit status 0.
	if _, err := run1(t, "--policy", p["id.json"], "--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k",
		"--context", "aws:SourceIp=ip:10.1.2.3"); err != nil {
		t.Fatalf("all allowed: err = %v", err)
	}

	// JSON, a missing context key, a boundary that caps the identity.
	out, err = run1(t, "--json", "--policy", p["id.json"], "--boundary", p["boundary.json"],
		"--action", "s3:GetObject", "--resource", "arn:aws:s3:::b/k")
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want a denial", err)
	}
	var rows []simRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	want := []simRow{{Action: "s3:GetObject", Resource: "arn:aws:s3:::b/k", Decision: "implicitDeny",
		Statements: []simStatement{}, Missing: []string{"aws:SourceIp"}}}
	if diff := cmp.Diff(want, rows); diff != "" {
		t.Fatalf("rows (-want +got):\n%s", diff)
	}

	// A resource policy grants the caller; its statement is located in
	// its file.
	out, err = run1(t, "--json", "--policy", p["id.json"], "--resource-policy", p["queue.json"],
		"--caller-arn", "arn:aws:iam::111122223333:user/bob", "--action", "sqs:SendMessage",
		"--resource", "arn:aws:sqs:us-east-1:111122223333:q")
	if err != nil {
		t.Fatalf("resource policy: %v\n%s", err, out)
	}
	rows = nil
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || len(rows[0].Statements) != 1 || rows[0].Statements[0].File != p["queue.json"] || rows[0].Statements[0].Line != 1 {
		t.Fatalf("rows = %+v, want the queue policy's statement", rows)
	}

	// Errors.
	var ue usageError
	for _, args := range [][]string{
		{"--action", "s3:GetObject"},
		{"--policy", p["id.json"]},
		{"--policy", p["id.json"], "--action", "s3:GetObject", "--context", "novalue"},
	} {
		if _, err := run1(t, args...); !errors.As(err, &ue) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
	if _, err := run1(t, "--policy", p["id.json"], "--resource-policy", p["queue.json"], "--action", "sqs:SendMessage"); err == nil ||
		!strings.Contains(err.Error(), "CallerArn is required") {
		t.Errorf("resource policy without caller: err = %v", err)
	}
}

func TestParseContextFlag(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][3]string{
		"aws:SourceIp=ip:10.0.0.1":               {"aws:SourceIp", "ip", "10.0.0.1"},
		"aws:PrincipalArn=arn:aws:iam::1:user/x": {"aws:PrincipalArn", "string", "arn:aws:iam::1:user/x"},
		"aws:TagKeys=stringList:a,b":             {"aws:TagKeys", "stringList", "a|b"},
		"aws:PrincipalTag/team=dev":              {"aws:PrincipalTag/team", "string", "dev"},
	} {
		e, err := parseContextFlag(in)
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		got := [3]string{e.ContextKeyName, e.ContextKeyType, strings.Join(e.ContextKeyValues, "|")}
		if got != want {
			t.Errorf("%s = %v, want %v", in, got, want)
		}
	}
}
