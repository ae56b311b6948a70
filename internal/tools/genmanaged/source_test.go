package main

import (
	"strings"
	"testing"
)

// fakeSource builds a file shaped like moto's aws_managed_policies.py.
func fakeSource(jsonText string) []byte {
	return []byte("# Imported via `make aws_managed_policies`\n" + dataMarker + "\n" + jsonText + `"""` + "\n")
}

const (
	fakeB = `"B":{"CreateDate":"2015-02-06T18:39:46+00:00","DefaultVersionId":"v2","Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]},"Path":"/","PermissionsBoundaryUsageCount":0,"UpdateDate":"2016-01-01T00:00:00+00:00"}`
	fakeA = `"A":{"CreateDate":"2018-04-19T18:04:44+00:00","DefaultVersionId":"v1","Document":{
   "Statement": {"Sid":"Z", "Effect":"Allow", "Action":["s3:Get*", "s3:List*"], "Resource":"arn:aws:s3:::<b>&"},
   "Version":"2012-10-17"},"Path":"/aws-service-role/","UpdateDate":"2018-04-19T18:04:44+00:00"}`
)

func TestExtractJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		py      string
		want    string
		wantErr string
	}{
		{"moto's shape", string(fakeSource(`{}`)), "\n{}", ""},
		{"no marker", "x = 1\n", "", "not found"},
		{"unterminated", dataMarker + "{}", "", "unterminated"},
		{"backslash escape", dataMarker + `{"a":"\n"}"""`, "", "backslash"},
		{"empty file", "", "", "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := extractJSON([]byte(tt.py))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseSourceKeepsOrderAndCompacts(t *testing.T) {
	t.Parallel()
	got, err := parseSource([]byte("{" + fakeB + ",\n" + fakeA + "}"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "B" || got[1].Name != "A" {
		t.Fatalf("got %+v; want B then A, in source order", got)
	}
	// Keys stay as written (Version before Statement in B, the reverse in
	// A); whitespace goes; string contents, "<b>&" included, stay verbatim.
	wantB := `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`
	wantA := `{"Statement":{"Sid":"Z","Effect":"Allow","Action":["s3:Get*","s3:List*"],"Resource":"arn:aws:s3:::<b>&"},"Version":"2012-10-17"}`
	if string(got[0].Document) != wantB {
		t.Errorf("B document = %s\nwant %s", got[0].Document, wantB)
	}
	if string(got[1].Document) != wantA {
		t.Errorf("A document = %s\nwant %s", got[1].Document, wantA)
	}
	if got[1].Path != "/aws-service-role/" || got[1].DefaultVersionID != "v1" || got[0].UpdateDate != "2016-01-01T00:00:00+00:00" {
		t.Errorf("fields not carried over: %+v", got)
	}
}

func TestParseSourceRejects(t *testing.T) {
	t.Parallel()
	entry := func(fields string) string { return `{"P":{` + fields + `}}` }
	const ok = `"CreateDate":"2015-02-06T18:39:46+00:00","UpdateDate":"2015-02-06T18:39:46+00:00","DefaultVersionId":"v1","Path":"/"`
	tests := []struct {
		name, data, wantErr string
	}{
		{"not an object", `[]`, "top level"},
		{"duplicate name", "{" + fakeB + "," + fakeB + "}", "appears twice"},
		{"document is a string", entry(ok + `,"Document":"{}"`), "not a JSON object"},
		{"document is an array", entry(ok + `,"Document":[]`), "not a JSON object"},
		{"document is null", entry(ok + `,"Document":null`), "not a JSON object"},
		{"no document", entry(ok), "document"},
		{"bad date", entry(strings.Replace(ok, "2015-02-06T18:39:46+00:00", "Feb 6 2015", 1) + `,"Document":{}`), "CreateDate"},
		{"no version", entry(strings.Replace(ok, `"v1"`, `""`, 1) + `,"Document":{}`), "DefaultVersionId"},
		{"bad path", entry(strings.Replace(ok, `"Path":"/"`, `"Path":"service-role"`, 1) + `,"Document":{}`), "path"},
		{"truncated", `{"P":{` + ok, "P"},
		{"trailing data", entry(ok+`,"Document":{}`) + "{}", "trailing"},
		{"wrong field type", entry(`"Path":1`), "P"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := parseSource([]byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
		})
	}
}
