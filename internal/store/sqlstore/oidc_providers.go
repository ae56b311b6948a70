package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/iamd/iamd/internal/store"
)

type oidcProviders struct{ s *Store }

const oidcProviderColumns = "id, account_id, url, client_ids, thumbprints, created_at"

// encodeList stores a list as a JSON array ("[]" for none, never "null").
func encodeList(list []string) (string, error) {
	if list == nil {
		list = []string{}
	}
	b, err := json.Marshal(list)
	return string(b), err
}

func decodeList(raw string) ([]string, error) {
	list := []string{}
	if err := json.Unmarshal([]byte(raw), &list); err != nil {
		return nil, fmt.Errorf("decode list: %w", err)
	}
	return list, nil
}

func scanOIDCProvider(r rowScanner) (*store.OIDCProvider, error) {
	p := &store.OIDCProvider{}
	var clientIDs, thumbprints string
	if err := r.Scan(&p.ID, &p.AccountID, &p.URL, &clientIDs, &thumbprints, &p.CreatedAt); err != nil {
		return nil, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	var err error
	if p.ClientIDs, err = decodeList(clientIDs); err != nil {
		return nil, err
	}
	if p.Thumbprints, err = decodeList(thumbprints); err != nil {
		return nil, err
	}
	return p, nil
}

func (o oidcProviders) Create(ctx context.Context, p *store.OIDCProvider, max int) error {
	clientIDs, err := encodeList(p.ClientIDs)
	if err != nil {
		return err
	}
	thumbprints, err := encodeList(p.Thumbprints)
	if err != nil {
		return err
	}
	return o.s.write(ctx, "create oidc provider", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "oidc_providers", p.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO oidc_providers (id, account_id, url, url_key, client_ids, thumbprints, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			p.ID, p.AccountID, p.URL, store.OIDCProviderKey(p.URL), clientIDs, thumbprints, dbTime(p.CreatedAt))
		return err
	})
}

func (o oidcProviders) Get(ctx context.Context, accountID, url string) (*store.OIDCProvider, error) {
	p, err := scanOIDCProvider(o.s.queryRow(ctx, "SELECT "+oidcProviderColumns+" FROM oidc_providers WHERE account_id = ? AND url_key = ?",
		accountID, store.OIDCProviderKey(url)))
	if err != nil {
		return nil, o.s.d.wrap("get oidc provider", notFound(err))
	}
	return p, nil
}

func (o oidcProviders) List(ctx context.Context, accountID string) ([]*store.OIDCProvider, error) {
	rows, err := o.s.query(ctx, "SELECT "+oidcProviderColumns+" FROM oidc_providers WHERE account_id = ? ORDER BY url_key", accountID)
	if err != nil {
		return nil, o.s.d.wrap("list oidc providers", err)
	}
	defer rows.Close()
	out := []*store.OIDCProvider{}
	for rows.Next() {
		p, err := scanOIDCProvider(rows)
		if err != nil {
			return nil, o.s.d.wrap("list oidc providers", err)
		}
		out = append(out, p)
	}
	return out, o.s.d.wrap("list oidc providers", rows.Err())
}

func (o oidcProviders) Delete(ctx context.Context, accountID, id string) error {
	return o.s.write(ctx, "delete oidc provider", func(tx *Store) error {
		return tx.deleteEntity(ctx, "oidc_providers", store.TagOIDCProvider, accountID, id, nil)
	})
}

// change locks the provider's row, lets edit change its lists and writes
// them back: a read-modify-write that concurrent writers run one after
// another (SQLite's IMMEDIATE transaction; PostgreSQL's row lock).
func (o oidcProviders) change(ctx context.Context, op, accountID, id string, edit func(p *store.OIDCProvider) error) error {
	return o.s.write(ctx, op, func(tx *Store) error {
		p, err := scanOIDCProvider(tx.queryRow(ctx, "SELECT "+oidcProviderColumns+" FROM oidc_providers WHERE account_id = ? AND id = ?"+tx.d.forUpdate,
			accountID, id))
		if err != nil {
			return notFound(err)
		}
		if err := edit(p); err != nil {
			return err
		}
		clientIDs, err := encodeList(p.ClientIDs)
		if err != nil {
			return err
		}
		thumbprints, err := encodeList(p.Thumbprints)
		if err != nil {
			return err
		}
		return tx.execOne(ctx, "UPDATE oidc_providers SET client_ids = ?, thumbprints = ? WHERE account_id = ? AND id = ?",
			clientIDs, thumbprints, accountID, id)
	})
}

func (o oidcProviders) AddClientID(ctx context.Context, accountID, id, clientID string, max int) error {
	return o.change(ctx, "add client id", accountID, id, func(p *store.OIDCProvider) error {
		if slices.Contains(p.ClientIDs, clientID) {
			return nil
		}
		if max > 0 && len(p.ClientIDs) >= max {
			return store.ErrLimitExceeded
		}
		p.ClientIDs = append(p.ClientIDs, clientID)
		return nil
	})
}

func (o oidcProviders) RemoveClientID(ctx context.Context, accountID, id, clientID string) error {
	return o.change(ctx, "remove client id", accountID, id, func(p *store.OIDCProvider) error {
		p.ClientIDs = slices.DeleteFunc(p.ClientIDs, func(c string) bool { return c == clientID })
		return nil
	})
}

func (o oidcProviders) SetThumbprints(ctx context.Context, accountID, id string, thumbprints []string) error {
	return o.change(ctx, "set thumbprints", accountID, id, func(p *store.OIDCProvider) error {
		p.Thumbprints = slices.Clone(thumbprints)
		return nil
	})
}
