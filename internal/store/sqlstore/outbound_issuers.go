package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// OutboundIssuers returns the outbound web identity federation aggregate.
func (s *Store) OutboundIssuers() store.OutboundIssuers { return outboundIssuers{s} }

// outboundIssuers keeps one row per account that ever enabled outbound
// federation; the primary key makes Create race-safe across nodes.
type outboundIssuers struct{ s *Store }

const outboundColumns = "account_id, issuer_id, issuer_url, enabled, sealed_keys, created_at, updated_at"

func (oi outboundIssuers) Create(ctx context.Context, i *store.OutboundIssuer) error {
	return oi.s.write(ctx, "create outbound issuer", func(tx *Store) error {
		_, err := tx.exec(ctx, "INSERT INTO outbound_issuers ("+outboundColumns+") VALUES (?, ?, ?, ?, ?, ?, ?)",
			i.AccountID, i.IssuerID, i.IssuerURL, i.Enabled, i.SealedKeys, dbTime(i.CreatedAt), dbTime(i.UpdatedAt))
		return err
	})
}

func (oi outboundIssuers) SetEnabled(ctx context.Context, accountID string, enabled bool, at time.Time) error {
	return oi.s.write(ctx, "set outbound issuer enabled", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE outbound_issuers SET enabled = ?, updated_at = ? WHERE account_id = ?",
			enabled, dbTime(at), accountID)
	})
}

func (oi outboundIssuers) Get(ctx context.Context, accountID string) (*store.OutboundIssuer, error) {
	i, err := scanOutboundIssuer(oi.s.queryRow(ctx, "SELECT "+outboundColumns+" FROM outbound_issuers WHERE account_id = ?", accountID))
	return i, oi.s.d.wrap("get outbound issuer", err)
}

func (oi outboundIssuers) GetByIssuerID(ctx context.Context, issuerID string) (*store.OutboundIssuer, error) {
	i, err := scanOutboundIssuer(oi.s.queryRow(ctx, "SELECT "+outboundColumns+" FROM outbound_issuers WHERE issuer_id = ?", issuerID))
	return i, oi.s.d.wrap("get outbound issuer by ID", err)
}

func scanOutboundIssuer(row *sql.Row) (*store.OutboundIssuer, error) {
	i := &store.OutboundIssuer{}
	if err := row.Scan(&i.AccountID, &i.IssuerID, &i.IssuerURL, &i.Enabled, &i.SealedKeys, &i.CreatedAt, &i.UpdatedAt); err != nil {
		return nil, notFound(err)
	}
	i.CreatedAt, i.UpdatedAt = i.CreatedAt.UTC(), i.UpdatedAt.UTC()
	return i, nil
}
