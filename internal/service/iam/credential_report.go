package iam

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/store"
)

// Credential reports: GenerateCredentialReport builds the account's CSV
// and keeps it in the store (so every node serves the same report);
// GetCredentialReport returns it. As AWS does, a report younger than four
// hours is not rebuilt. iamd builds the report synchronously, so the call
// that starts a generation has finished it: the first call answers
// STARTED, later ones COMPLETE.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html

// credentialReportMaxAge is how long a report is served before
// GenerateCredentialReport makes a new one (AWS: four hours).
const credentialReportMaxAge = 4 * time.Hour

// Report states and texts.
const (
	reportStarted  = "STARTED"
	reportComplete = "COMPLETE"
	// msgReportStarted is the Description AWS returns with STARTED.
	msgReportStarted = "No report exists. Starting a new report generation task"
	// msgReportNotPresent is the API reference's description of
	// ReportNotPresent (AWS's live message is not documented).
	// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html
	msgReportNotPresent = "The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport."
	reportFormatCSV     = "text/csv"
)

// errReportNotPresent is ReportNotPresent (HTTP 410, the API reference).
func errReportNotPresent() *awserr.Error {
	return awserr.New("ReportNotPresent", 410, msgReportNotPresent)
}

// credentialReportOps declares the two report operations, authorized on "*".
func (s *Service) credentialReportOps() []service.Operation {
	return []service.Operation{
		service.Op("iam", "GenerateCredentialReport", s.GenerateCredentialReport),
		service.Op("iam", "GetCredentialReport", s.GetCredentialReport, service.ReadOnly[emptyAccountInput]()),
	}
}

// GenerateCredentialReport makes the account's credential report unless
// one younger than four hours exists.
func (s *Service) GenerateCredentialReport(ctx context.Context, _ *emptyAccountInput) (*GenerateCredentialReportResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	existing, err := s.store.CredentialReports().Get(ctx, accountID)
	switch {
	case err == nil && now.Sub(existing.GeneratedAt) < credentialReportMaxAge:
		return &GenerateCredentialReportResponse{State: reportComplete}, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return nil, storeError(err)
	}
	var content []byte
	err = s.store.WithTx(ctx, func(tx store.Store) error {
		var err error
		content, err = s.buildCredentialReport(ctx, tx, accountID)
		if err != nil {
			return err
		}
		return tx.CredentialReports().Put(ctx, &store.CredentialReport{AccountID: accountID, GeneratedAt: now, Content: content})
	})
	if err != nil {
		return nil, storeError(err)
	}
	return &GenerateCredentialReportResponse{State: reportStarted, Description: msgReportStarted}, nil
}

// GetCredentialReport returns the account's latest report.
func (s *Service) GetCredentialReport(ctx context.Context, _ *emptyAccountInput) (*GetCredentialReportResponse, error) {
	accountID, err := accountOf(ctx)
	if err != nil {
		return nil, err
	}
	r, err := s.store.CredentialReports().Get(ctx, accountID)
	if err != nil {
		return nil, storeError(err, ifNotFound(errReportNotPresent()))
	}
	at := r.GeneratedAt
	return &GetCredentialReportResponse{Content: r.Content, ReportFormat: reportFormatCSV, GeneratedTime: &at}, nil
}

// credentialReportHeader is AWS's column list, in AWS's order.
var credentialReportHeader = []string{
	"user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed",
	"password_next_rotation", "mfa_active",
	"access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
	"access_key_1_last_used_region", "access_key_1_last_used_service",
	"access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
	"access_key_2_last_used_region", "access_key_2_last_used_service",
	"cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
}

// Values AWS writes where a column has no date.
const (
	reportNA            = "N/A"            // the credential does not exist or was never used
	reportNotSupported  = "not_supported"  // the root user's password columns
	reportNoInformation = "no_information" // a password never used (since tracking began)
	rootAccountUser     = "<root_account>"
)

// reportTime formats a time as the report does: ISO 8601 in UTC with an
// explicit offset, "2014-10-20T22:16:40+00:00".
func reportTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05+00:00") }

func reportBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// buildCredentialReport writes the CSV: the header, the root user's row,
// then one row per IAM user in the store's order.
func (s *Service) buildCredentialReport(ctx context.Context, tx store.Store, accountID string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(credentialReportHeader); err != nil {
		return nil, err
	}
	root, err := s.rootReportRow(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	if err := w.Write(root); err != nil {
		return nil, err
	}
	p := store.Page{MaxItems: listAllPageSize}
	for {
		users, next, err := tx.Users().List(ctx, accountID, "", p)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		for _, u := range users {
			row, err := s.userReportRow(ctx, tx, u)
			if err != nil {
				return nil, err
			}
			if err := w.Write(row); err != nil {
				return nil, err
			}
		}
		if next == "" {
			break
		}
		p.Marker = next
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// rootReportRow is the "<root_account>" row: the account's creation time,
// not_supported for the password columns AWS does not report for root
// (iamd's root user has no console password, so its last use is
// no_information), and its access keys.
func (s *Service) rootReportRow(ctx context.Context, tx store.Store, accountID string) ([]string, error) {
	account, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return nil, fmt.Errorf("get account: %w", err)
	}
	mfa, err := s.accountMFASummary(ctx, tx, accountID)
	if err != nil {
		return nil, err
	}
	row := []string{rootAccountUser, rootARN(accountID), reportTime(account.CreatedAt),
		reportNotSupported, reportNoInformation, reportNotSupported, reportNotSupported, reportBool(mfa.rootEnabled)}
	keys, err := tx.AccessKeys().List(ctx, accountID, "")
	if err != nil {
		return nil, fmt.Errorf("list root keys: %w", err)
	}
	return append(append(row, keyColumns(keys)...), certColumns()...), nil
}

// userReportRow is one IAM user's row.
func (s *Service) userReportRow(ctx context.Context, tx store.Store, u *store.User) ([]string, error) {
	row := []string{u.Name, userARN(u.AccountID, u.Path, u.Name), reportTime(u.CreatedAt)}
	lp, err := tx.LoginProfiles().Get(ctx, u.AccountID, u.ID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		row = append(row, reportBool(false), reportNA, reportNA, reportNA)
	case err != nil:
		return nil, fmt.Errorf("get login profile of %s: %w", u.Name, err)
	default:
		lastUsed := reportNoInformation
		if u.PasswordLastUsed != nil {
			lastUsed = reportTime(*u.PasswordLastUsed)
		}
		// The login profile's creation is the last change iamd records.
		changed := lp.CreatedAt
		next := reportNA
		if maxAge, err := s.passwordMaxAge(ctx, tx, u.AccountID); err != nil {
			return nil, err
		} else if maxAge > 0 {
			next = reportTime(changed.Add(maxAge))
		}
		row = append(row, reportBool(true), lastUsed, reportTime(changed), next)
	}
	mfa, err := s.userMFAActive(ctx, tx, u)
	if err != nil {
		return nil, err
	}
	row = append(row, reportBool(mfa))
	keys, err := tx.AccessKeys().List(ctx, u.AccountID, u.ID)
	if err != nil {
		return nil, fmt.Errorf("list keys of %s: %w", u.Name, err)
	}
	return append(append(row, keyColumns(keys)...), certColumns()...), nil
}

// passwordMaxAge is the account password policy's MaxPasswordAge, 0 when
// passwords never expire (no policy, or no maximum age).
func (s *Service) passwordMaxAge(ctx context.Context, tx store.Store, accountID string) (time.Duration, error) {
	pp, err := tx.PasswordPolicies().Get(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("get password policy: %w", err)
	}
	return time.Duration(pp.MaxPasswordAge) * 24 * time.Hour, nil
}

// userMFAActive reports whether the user has an MFA device enabled.
func (s *Service) userMFAActive(ctx context.Context, tx store.Store, u *store.User) (bool, error) {
	devices, err := tx.MFADevices().ListForUser(ctx, u.AccountID, u.ID)
	if err != nil {
		return false, fmt.Errorf("list MFA devices of %s: %w", u.Name, err)
	}
	return len(devices) > 0, nil
}

// keyColumns are the ten access key columns: keys in creation order (the
// store's List order), the first as key 1.
func keyColumns(keys []*store.AccessKey) []string {
	var cols []string
	for i := range 2 {
		if i >= len(keys) {
			cols = append(cols, reportBool(false), reportNA, reportNA, reportNA, reportNA)
			continue
		}
		k := keys[i]
		used, region, svc := reportNA, reportNA, reportNA
		if k.LastUsedAt != nil {
			used = reportTime(*k.LastUsedAt)
			region, svc = orNA(k.LastRegion), orNA(k.LastService)
		}
		cols = append(cols, reportBool(k.Status == store.KeyActive), reportTime(k.CreatedAt), used, region, svc)
	}
	return cols
}

// certColumns are the four signing certificate columns. Signing
// certificates are being built apart; until the report reads them, no
// user has one.
func certColumns() []string {
	return []string{reportBool(false), reportNA, reportBool(false), reportNA}
}

func orNA(s string) string {
	if s == "" {
		return reportNA
	}
	return s
}
