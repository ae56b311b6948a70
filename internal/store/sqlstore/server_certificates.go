package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/iamd/iamd/internal/store"
)

type serverCertificates struct{ s *Store }

type serviceCredentials struct{ s *Store }

type stsPreferences struct{ s *Store }

const serverCertificateColumns = "id, account_id, name, path, body, chain, sealed_private_key, expiration, uploaded_at"

func scanServerCertificate(r rowScanner) (*store.ServerCertificate, error) {
	c := &store.ServerCertificate{}
	if err := r.Scan(&c.ID, &c.AccountID, &c.Name, &c.Path, &c.Body, &c.Chain, &c.SealedPrivateKey, &c.Expiration, &c.UploadedAt); err != nil {
		return nil, err
	}
	c.Expiration, c.UploadedAt = c.Expiration.UTC(), c.UploadedAt.UTC()
	return c, nil
}

// scanServerCertificateWithKey reads a certificate followed by its
// name_key column, for paged listings.
func scanServerCertificateWithKey(rows *sql.Rows) (*store.ServerCertificate, []string, error) {
	c := &store.ServerCertificate{}
	var key string
	if err := rows.Scan(&c.ID, &c.AccountID, &c.Name, &c.Path, &c.Body, &c.Chain, &c.SealedPrivateKey, &c.Expiration, &c.UploadedAt, &key); err != nil {
		return nil, nil, err
	}
	c.Expiration, c.UploadedAt = c.Expiration.UTC(), c.UploadedAt.UTC()
	return c, []string{key, c.Name}, nil
}

func (cs serverCertificates) Create(ctx context.Context, c *store.ServerCertificate, max int) error {
	return cs.s.write(ctx, "create server certificate", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "server_certificates", c.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO server_certificates (id, account_id, name, name_key, path, body, chain, sealed_private_key, expiration, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			c.ID, c.AccountID, c.Name, nameKey(c.Name), c.Path, c.Body, c.Chain, c.SealedPrivateKey, dbTime(c.Expiration), dbTime(c.UploadedAt))
		return err
	})
}

func (cs serverCertificates) Get(ctx context.Context, accountID, name string) (*store.ServerCertificate, error) {
	c, err := scanServerCertificate(cs.s.queryRow(ctx, "SELECT "+serverCertificateColumns+" FROM server_certificates WHERE account_id = ? AND name_key = ?",
		accountID, nameKey(name)))
	if err != nil {
		return nil, cs.s.d.wrap("get server certificate", notFound(err))
	}
	return c, nil
}

func (cs serverCertificates) List(ctx context.Context, accountID, pathPrefix string, p store.Page) ([]*store.ServerCertificate, string, error) {
	where, args := pathFilter("path", pathPrefix)
	pq := pageQuery[*store.ServerCertificate]{
		base:  "SELECT " + serverCertificateColumns + ", name_key FROM server_certificates WHERE account_id = ?" + where,
		args:  append([]any{accountID}, args...),
		order: []string{"name_key", "name"},
		scan:  scanServerCertificateWithKey,
	}
	out, next, err := pq.run(ctx, cs.s, p)
	return out, next, cs.s.d.wrap("list server certificates", err)
}

func (cs serverCertificates) Update(ctx context.Context, c *store.ServerCertificate) error {
	return cs.s.write(ctx, "update server certificate", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE server_certificates SET name = ?, name_key = ?, path = ? WHERE account_id = ? AND id = ?",
			c.Name, nameKey(c.Name), c.Path, c.AccountID, c.ID)
	})
}

func (cs serverCertificates) Delete(ctx context.Context, accountID, id string) error {
	return cs.s.write(ctx, "delete server certificate", func(tx *Store) error {
		return tx.deleteEntity(ctx, "server_certificates", store.TagServerCertificate, accountID, id, nil)
	})
}

const serviceCredentialColumns = "id, account_id, user_id, service_name, service_user_name, sealed_password, status, created_at"

func scanServiceCredential(r rowScanner) (*store.ServiceSpecificCredential, error) {
	c := &store.ServiceSpecificCredential{}
	var status string
	if err := r.Scan(&c.ID, &c.AccountID, &c.UserID, &c.ServiceName, &c.ServiceUserName, &c.SealedPassword, &status, &c.CreatedAt); err != nil {
		return nil, err
	}
	c.Status, c.CreatedAt = store.AccessKeyStatus(status), c.CreatedAt.UTC()
	return c, nil
}

func (cs serviceCredentials) Create(ctx context.Context, c *store.ServiceSpecificCredential, maxPerService int) error {
	return cs.s.write(ctx, "create service-specific credential", func(tx *Store) error {
		if c.UserID == "" {
			return store.ErrNotFound // IAM users only
		}
		seq, err := tx.nextOwnedSeq(ctx, "service_specific_credentials", c.AccountID, c.UserID, maxPerService, " AND service_name = ?", c.ServiceName)
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO service_specific_credentials (id, account_id, user_id, service_name, service_user_name, sealed_password, status, created_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			c.ID, c.AccountID, c.UserID, c.ServiceName, c.ServiceUserName, c.SealedPassword, string(statusOrActive(c.Status)), dbTime(c.CreatedAt), seq)
		return err
	})
}

func (cs serviceCredentials) Get(ctx context.Context, accountID, userID, id string) (*store.ServiceSpecificCredential, error) {
	c, err := scanServiceCredential(cs.s.queryRow(ctx, "SELECT "+serviceCredentialColumns+" FROM service_specific_credentials WHERE account_id = ? AND user_id = ? AND id = ?",
		accountID, userID, id))
	if err != nil {
		return nil, cs.s.d.wrap("get service-specific credential", notFound(err))
	}
	return c, nil
}

func (cs serviceCredentials) List(ctx context.Context, accountID, userID, serviceName string) ([]*store.ServiceSpecificCredential, error) {
	query := "SELECT " + serviceCredentialColumns + " FROM service_specific_credentials WHERE account_id = ? AND user_id = ?"
	args := []any{accountID, userID}
	if serviceName != "" {
		query += " AND service_name = ?"
		args = append(args, serviceName)
	}
	return listOwned(ctx, cs.s, "list service-specific credentials", scanServiceCredential, query+" ORDER BY seq, id", args...)
}

func (cs serviceCredentials) UpdateStatus(ctx context.Context, accountID, userID, id string, st store.AccessKeyStatus) error {
	return cs.s.setOwnedStatus(ctx, "update service-specific credential", "service_specific_credentials", accountID, userID, id, st)
}

func (cs serviceCredentials) SetPassword(ctx context.Context, accountID, userID, id string, sealed []byte) error {
	return cs.s.write(ctx, "reset service-specific credential", func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE service_specific_credentials SET sealed_password = ? WHERE account_id = ? AND user_id = ? AND id = ?",
			sealed, accountID, userID, id)
	})
}

func (cs serviceCredentials) Delete(ctx context.Context, accountID, userID, id string) error {
	return cs.s.deleteOwned(ctx, "delete service-specific credential", "service_specific_credentials", accountID, userID, id)
}

func (ps stsPreferences) GlobalEndpointTokenVersion(ctx context.Context, accountID string) (string, error) {
	var v string
	err := ps.s.queryRow(ctx, "SELECT global_endpoint_token_version FROM sts_preferences WHERE account_id = ?", accountID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, ps.s.d.wrap("get sts preferences", err)
}

func (ps stsPreferences) SetGlobalEndpointTokenVersion(ctx context.Context, accountID, version string) error {
	return ps.s.write(ctx, "set sts preferences", func(tx *Store) error {
		_, err := tx.exec(ctx, "INSERT INTO sts_preferences (account_id, global_endpoint_token_version) VALUES (?, ?)"+
			tx.d.upsert("account_id", "global_endpoint_token_version"), accountID, version)
		return err
	})
}
