package iam

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

func TestCredentialReportStates(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.GetCredentialReport(f.rootA, &emptyAccountInput{})
	wantAWSError(t, err, "ReportNotPresent", msgReportNotPresent)

	gen, err := f.svc.GenerateCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	if gen.State != "STARTED" || gen.Description != "No report exists. Starting a new report generation task" {
		t.Fatalf("first generate = %+v", gen)
	}
	first, err := f.svc.GetCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	if first.ReportFormat != "text/csv" || !first.GeneratedTime.Equal(f.now.Truncate(time.Second)) {
		t.Fatalf("report = %s at %v", first.ReportFormat, first.GeneratedTime)
	}
	// Within four hours the report is kept as it is, even if users change.
	_, err = f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	f.now = f.now.Add(3 * time.Hour)
	gen, err = f.svc.GenerateCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	if gen.State != "COMPLETE" || gen.Description != "" {
		t.Fatalf("second generate = %+v", gen)
	}
	again, err := f.svc.GetCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	if string(again.Content) != string(first.Content) {
		t.Fatal("report regenerated within four hours")
	}
	// After four hours a new one is made.
	f.now = f.now.Add(2 * time.Hour)
	gen, err = f.svc.GenerateCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	if gen.State != "STARTED" {
		t.Fatalf("generate after expiry = %+v", gen)
	}
	fresh, err := f.svc.GetCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	if !strings.Contains(string(fresh.Content), "\nbob,") {
		t.Fatalf("new report lacks bob:\n%s", fresh.Content)
	}
	// Account B has no report of its own.
	_, err = f.svc.GetCredentialReport(f.rootB, &emptyAccountInput{})
	wantAWSError(t, err, "ReportNotPresent", msgReportNotPresent)
}

func TestCredentialReportColumns(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	// alice: a password, two keys (the second inactive), the first used.
	_, err := f.svc.CreateLoginProfile(f.rootA, &CreateLoginProfileRequest{UserName: "alice", Password: "Correct-Horse-7"})
	mustOK(t, err)
	k1, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "alice"})
	mustOK(t, err)
	f.now = f.now.Add(time.Minute)
	k2, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "alice"})
	mustOK(t, err)
	_, err = f.svc.UpdateAccessKey(f.rootA, &UpdateAccessKeyRequest{UserName: "alice", AccessKeyId: k2.AccessKey.AccessKeyId, Status: "Inactive"})
	mustOK(t, err)
	used := time.Date(2026, 11, 23, 17, 0, 0, 0, time.UTC)
	mustOK(t, f.st.AccessKeys().RecordUse(f.rootA, k1.AccessKey.AccessKeyId, used, "s3", "eu-west-1"))
	// bob: nothing at all.
	_, err = f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob", Path: "/team/"})
	mustOK(t, err)
	_, err = f.svc.GenerateCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	out, err := f.svc.GetCredentialReport(f.rootA, &emptyAccountInput{})
	mustOK(t, err)
	rows, err := csv.NewReader(strings.NewReader(string(out.Content))).ReadAll()
	mustOK(t, err)

	wantHeader := "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed," +
		"password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date," +
		"access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated," +
		"access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
		"cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
	if len(rows) != 4 {
		t.Fatalf("%d rows, want header, root, alice, bob:\n%s", len(rows), out.Content)
	}
	ts := func(t time.Time) string { return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05+00:00") }
	created := f.now.Add(-time.Minute) // alice and her first key
	account, err := f.st.Accounts().Get(f.rootA, accountA)
	mustOK(t, err)
	users, _, err := f.st.Users().List(f.rootA, accountA, "", store.Page{})
	mustOK(t, err)
	want := [][]string{
		strings.Split(wantHeader, ","),
		{"<root_account>", "arn:aws:iam::111111111111:root", ts(account.CreatedAt), "not_supported", "no_information",
			"not_supported", "not_supported", "false",
			"false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"},
		{"alice", "arn:aws:iam::111111111111:user/alice", ts(users[0].CreatedAt), "true", "no_information",
			ts(created), "N/A", "false",
			"true", ts(created), ts(used), "eu-west-1", "s3",
			"false", ts(f.now), "N/A", "N/A", "N/A",
			"false", "N/A", "false", "N/A"},
		{"bob", "arn:aws:iam::111111111111:user/team/bob", ts(f.now), "false", "N/A", "N/A", "N/A", "false",
			"false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "N/A", "N/A", "N/A", "false", "N/A", "false", "N/A"},
	}
	for i := range want {
		if len(rows[i]) != len(want[i]) {
			t.Fatalf("row %d has %d columns, want %d: %v", i, len(rows[i]), len(want[i]), rows[i])
		}
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d column %s = %q, want %q", i, want[0][j], rows[i][j], want[i][j])
			}
		}
	}
}
