package sqlstore

import (
	"context"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// accountAliases keeps one row per account with an alias; the UNIQUE
// constraint on alias makes aliases global across accounts even when two
// nodes set one alias at once.
type accountAliases struct{ s *Store }

func (aa accountAliases) Set(ctx context.Context, accountID, alias string, at time.Time) error {
	return aa.s.write(ctx, "set account alias", func(tx *Store) error {
		taken, err := tx.exists(ctx, "SELECT 1 FROM account_aliases WHERE alias = ?", alias)
		if err != nil {
			return err
		}
		if taken {
			return store.ErrAlreadyExists
		}
		if _, err := tx.exec(ctx, "DELETE FROM account_aliases WHERE account_id = ?", accountID); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO account_aliases (account_id, alias, created_at) VALUES (?, ?, ?)",
			accountID, alias, dbTime(at))
		return err
	})
}

func (aa accountAliases) Get(ctx context.Context, accountID string) (string, error) {
	var alias string
	err := aa.s.queryRow(ctx, "SELECT alias FROM account_aliases WHERE account_id = ?", accountID).Scan(&alias)
	if err != nil {
		return "", aa.s.d.wrap("get account alias", notFound(err))
	}
	return alias, nil
}

func (aa accountAliases) Delete(ctx context.Context, accountID, alias string) error {
	return aa.s.write(ctx, "delete account alias", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM account_aliases WHERE account_id = ? AND alias = ?", accountID, alias)
	})
}

func (aa accountAliases) Lookup(ctx context.Context, alias string) (string, error) {
	var accountID string
	err := aa.s.queryRow(ctx, "SELECT account_id FROM account_aliases WHERE alias = ?", alias).Scan(&accountID)
	if err != nil {
		return "", aa.s.d.wrap("look up account alias", notFound(err))
	}
	return accountID, nil
}

// credentialReports keeps each account's latest credential report.
type credentialReports struct{ s *Store }

func (cr credentialReports) Put(ctx context.Context, r *store.CredentialReport) error {
	return cr.s.write(ctx, "put credential report", func(tx *Store) error {
		if _, err := tx.exec(ctx, "DELETE FROM credential_reports WHERE account_id = ?", r.AccountID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO credential_reports (account_id, generated_at, content) VALUES (?, ?, ?)",
			r.AccountID, dbTime(r.GeneratedAt), r.Content)
		return err
	})
}

func (cr credentialReports) Get(ctx context.Context, accountID string) (*store.CredentialReport, error) {
	r := &store.CredentialReport{AccountID: accountID}
	err := cr.s.queryRow(ctx, "SELECT generated_at, content FROM credential_reports WHERE account_id = ?", accountID).
		Scan(&r.GeneratedAt, &r.Content)
	if err != nil {
		return nil, cr.s.d.wrap("get credential report", notFound(err))
	}
	r.GeneratedAt = r.GeneratedAt.UTC()
	return r, nil
}
