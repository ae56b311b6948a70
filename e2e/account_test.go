package e2e

import (
	"encoding/base64"
	"encoding/csv"
	"strings"
	"testing"
)

// TestAWSCLIAccount drives the account operations with the AWS CLI: an
// alias, the summary's counts, and a credential report parsed as CSV.
func TestAWSCLIAccount(t *testing.T) {
	for _, eng := range engines {
		t.Run(string(eng), func(t *testing.T) {
			t.Parallel()
			s := start(t, startOptions{engine: eng, fixRoot: true})
			root := newCLI(t, s, rootKeyID, rootSecret)

			// A1: one alias, listed; "--" is refused by its pattern.
			root.ok("iam", "create-account-alias", "--account-alias", "example-"+string(eng))
			aliases := root.ok("iam", "list-account-aliases")
			if got := mustJSON(t, aliases["AccountAliases"]); got != `["example-`+string(eng)+`"]` {
				t.Fatalf("aliases = %s", got)
			}
			root.fails("ValidationError", "iam", "create-account-alias", "--account-alias", "bad--alias")

			// A2: the summary's Users count moves after create-user.
			users := func() float64 {
				m, _ := root.ok("iam", "get-account-summary")["SummaryMap"].(map[string]any)
				n, ok := m["Users"].(float64)
				if !ok || m["UsersQuota"] == nil {
					t.Fatalf("summary = %v", m)
				}
				return n
			}
			before := users()
			root.ok("iam", "create-user", "--user-name", "report-user")
			if after := users(); after != before+1 {
				t.Fatalf("Users = %v after create-user, want %v", after, before+1)
			}

			// A3: generate, then get and parse the report.
			if state := str(root.ok("iam", "generate-credential-report"), "State"); state != "STARTED" {
				t.Fatalf("first generate State = %q, want STARTED", state)
			}
			if state := str(root.ok("iam", "generate-credential-report"), "State"); state != "COMPLETE" {
				t.Fatalf("second generate State = %q, want COMPLETE", state)
			}
			report := root.ok("iam", "get-credential-report")
			if str(report, "ReportFormat") != "text/csv" || str(report, "GeneratedTime") == "" {
				t.Fatalf("report = %v", report)
			}
			raw, err := base64.StdEncoding.DecodeString(str(report, "Content"))
			if err != nil {
				t.Fatalf("Content is not base64: %v", err)
			}
			rows, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
			if err != nil {
				t.Fatalf("report is not CSV: %v\n%s", err, raw)
			}
			if len(rows) < 3 || rows[0][0] != "user" || len(rows[0]) != 22 {
				t.Fatalf("report rows = %v", rows)
			}
			if rows[1][0] != "<root_account>" || rows[1][1] != "arn:aws:iam::"+s.AccountID+":root" || rows[1][3] != "not_supported" {
				t.Fatalf("root row = %v", rows[1])
			}
			var found bool
			for _, r := range rows[2:] {
				if r[0] == "report-user" {
					found = r[1] == "arn:aws:iam::"+s.AccountID+":user/report-user" && r[3] == "false" && r[8] == "false"
				}
			}
			if !found {
				t.Fatalf("report-user row missing or wrong: %v", rows)
			}
		})
	}
}
