package sqlstore

import (
	"context"

	"github.com/iamd/iamd/internal/store"
)

type samlProviders struct{ s *Store }

const samlProviderColumns = "id, account_id, name, uuid, metadata_document, assertion_encryption_mode, created_at, valid_until"

func scanSAMLProvider(r rowScanner) (*store.SAMLProvider, error) {
	p := &store.SAMLProvider{}
	if err := r.Scan(&p.ID, &p.AccountID, &p.Name, &p.UUID, &p.MetadataDocument, &p.AssertionEncryptionMode,
		&p.CreatedAt, &p.ValidUntil); err != nil {
		return nil, err
	}
	p.CreatedAt, p.ValidUntil = p.CreatedAt.UTC(), p.ValidUntil.UTC()
	return p, nil
}

func (sp samlProviders) Create(ctx context.Context, p *store.SAMLProvider, max int) error {
	return sp.s.write(ctx, "create saml provider", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "saml_providers", p.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO saml_providers (id, account_id, name, name_key, uuid, metadata_document, assertion_encryption_mode, created_at, valid_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			p.ID, p.AccountID, p.Name, nameKey(p.Name), p.UUID, p.MetadataDocument, p.AssertionEncryptionMode,
			dbTime(p.CreatedAt), dbTime(p.ValidUntil))
		return err
	})
}

func (sp samlProviders) Get(ctx context.Context, accountID, name string) (*store.SAMLProvider, error) {
	p, err := scanSAMLProvider(sp.s.queryRow(ctx, "SELECT "+samlProviderColumns+" FROM saml_providers WHERE account_id = ? AND name_key = ?",
		accountID, nameKey(name)))
	if err != nil {
		return nil, sp.s.d.wrap("get saml provider", notFound(err))
	}
	return p, nil
}

func (sp samlProviders) List(ctx context.Context, accountID string) ([]*store.SAMLProvider, error) {
	rows, err := sp.s.query(ctx, "SELECT "+samlProviderColumns+" FROM saml_providers WHERE account_id = ? ORDER BY name_key, name", accountID)
	if err != nil {
		return nil, sp.s.d.wrap("list saml providers", err)
	}
	defer rows.Close()
	out := []*store.SAMLProvider{}
	for rows.Next() {
		p, err := scanSAMLProvider(rows)
		if err != nil {
			return nil, sp.s.d.wrap("list saml providers", err)
		}
		out = append(out, p)
	}
	return out, sp.s.d.wrap("list saml providers", rows.Err())
}

func (sp samlProviders) Update(ctx context.Context, p *store.SAMLProvider) error {
	return sp.s.write(ctx, "update saml provider", func(tx *Store) error {
		return notFound(tx.execOne(ctx, "UPDATE saml_providers SET metadata_document = ?, valid_until = ?, assertion_encryption_mode = ? WHERE account_id = ? AND id = ?",
			p.MetadataDocument, dbTime(p.ValidUntil), p.AssertionEncryptionMode, p.AccountID, p.ID))
	})
}

func (sp samlProviders) Delete(ctx context.Context, accountID, id string) error {
	return sp.s.write(ctx, "delete saml provider", func(tx *Store) error {
		return tx.deleteEntity(ctx, "saml_providers", store.TagSAMLProvider, accountID, id, nil)
	})
}
