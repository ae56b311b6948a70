package sqlstore

import (
	"context"

	"github.com/iamd/iamd/internal/store"
)

// The per-user credentials of store/user_credentials.go (SSH public keys,
// signing certificates, service-specific credentials) share their shape:
// rows keyed by (account, user, ID), ordered by a per-owner seq, with a
// status. The helpers below are that shared part.

type sshPublicKeys struct{ s *Store }

type signingCertificates struct{ s *Store }

// lockCredentialOwner locks the user row (or, for the root user, userID "", the
// account row) before a quota count, so concurrent creates count one
// after another; ErrNotFound if the owner is absent.
func (s *Store) lockCredentialOwner(ctx context.Context, accountID, userID string) error {
	if userID != "" {
		return s.lockRow(ctx, "users", accountID, userID)
	}
	ok, err := s.exists(ctx, "SELECT 1 FROM accounts WHERE id = ?"+s.d.forUpdate, accountID)
	if err == nil && !ok {
		err = store.ErrNotFound
	}
	return err
}

// nextOwnedSeq locks the owner, counts its rows in table (those matching
// extra, a further condition on the row, with its args) against max, and
// returns the next seq.
func (s *Store) nextOwnedSeq(ctx context.Context, table, accountID, userID string, max int, extra string, args ...any) (int, error) {
	if err := s.lockCredentialOwner(ctx, accountID, userID); err != nil {
		return 0, err
	}
	var n, last int
	err := s.queryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE account_id = ? AND user_id = ?"+extra,
		append([]any{accountID, userID}, args...)...).Scan(&n)
	if err != nil {
		return 0, err
	}
	if max > 0 && n >= max {
		return 0, store.ErrLimitExceeded
	}
	err = s.queryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM "+table+" WHERE account_id = ? AND user_id = ?",
		accountID, userID).Scan(&last)
	return last + 1, err
}

// setOwnedStatus sets the status of the owner's row id in table.
func (s *Store) setOwnedStatus(ctx context.Context, op, table, accountID, userID, id string, st store.AccessKeyStatus) error {
	return s.write(ctx, op, func(tx *Store) error {
		return tx.execOne(ctx, "UPDATE "+table+" SET status = ? WHERE account_id = ? AND user_id = ? AND id = ?",
			string(st), accountID, userID, id)
	})
}

// deleteOwned deletes the owner's row id from table.
func (s *Store) deleteOwned(ctx context.Context, op, table, accountID, userID, id string) error {
	return s.write(ctx, op, func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM "+table+" WHERE account_id = ? AND user_id = ? AND id = ?", accountID, userID, id)
	})
}

// listOwned runs a listing query and scans every row.
func listOwned[T any](ctx context.Context, s *Store, op string, scan func(rowScanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, s.d.wrap(op, err)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.d.wrap(op, err)
		}
		out = append(out, v)
	}
	return out, s.d.wrap(op, rows.Err())
}

const sshPublicKeyColumns = "id, account_id, user_id, body, fingerprint, status, uploaded_at"

func scanSSHPublicKey(r rowScanner) (*store.SSHPublicKey, error) {
	k := &store.SSHPublicKey{}
	var status string
	if err := r.Scan(&k.ID, &k.AccountID, &k.UserID, &k.Body, &k.Fingerprint, &status, &k.UploadedAt); err != nil {
		return nil, err
	}
	k.Status, k.UploadedAt = store.AccessKeyStatus(status), k.UploadedAt.UTC()
	return k, nil
}

func (ks sshPublicKeys) Create(ctx context.Context, k *store.SSHPublicKey, max int) error {
	return ks.s.write(ctx, "create ssh public key", func(tx *Store) error {
		if k.UserID == "" {
			return store.ErrNotFound // SSH keys belong to IAM users only
		}
		seq, err := tx.nextOwnedSeq(ctx, "ssh_public_keys", k.AccountID, k.UserID, max, "")
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO ssh_public_keys (id, account_id, user_id, body, fingerprint, status, uploaded_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			k.ID, k.AccountID, k.UserID, k.Body, k.Fingerprint, string(statusOrActive(k.Status)), dbTime(k.UploadedAt), seq)
		return err
	})
}

func (ks sshPublicKeys) Get(ctx context.Context, accountID, userID, id string) (*store.SSHPublicKey, error) {
	k, err := scanSSHPublicKey(ks.s.queryRow(ctx, "SELECT "+sshPublicKeyColumns+" FROM ssh_public_keys WHERE account_id = ? AND user_id = ? AND id = ?",
		accountID, userID, id))
	if err != nil {
		return nil, ks.s.d.wrap("get ssh public key", notFound(err))
	}
	return k, nil
}

func (ks sshPublicKeys) List(ctx context.Context, accountID, userID string) ([]*store.SSHPublicKey, error) {
	return listOwned(ctx, ks.s, "list ssh public keys", scanSSHPublicKey,
		"SELECT "+sshPublicKeyColumns+" FROM ssh_public_keys WHERE account_id = ? AND user_id = ? ORDER BY seq, id", accountID, userID)
}

func (ks sshPublicKeys) UpdateStatus(ctx context.Context, accountID, userID, id string, st store.AccessKeyStatus) error {
	return ks.s.setOwnedStatus(ctx, "update ssh public key", "ssh_public_keys", accountID, userID, id, st)
}

func (ks sshPublicKeys) Delete(ctx context.Context, accountID, userID, id string) error {
	return ks.s.deleteOwned(ctx, "delete ssh public key", "ssh_public_keys", accountID, userID, id)
}

const signingCertificateColumns = "id, account_id, user_id, body, fingerprint, status, uploaded_at"

func scanSigningCertificate(r rowScanner) (*store.SigningCertificate, error) {
	c := &store.SigningCertificate{}
	var status string
	if err := r.Scan(&c.ID, &c.AccountID, &c.UserID, &c.Body, &c.Fingerprint, &status, &c.UploadedAt); err != nil {
		return nil, err
	}
	c.Status, c.UploadedAt = store.AccessKeyStatus(status), c.UploadedAt.UTC()
	return c, nil
}

func (cs signingCertificates) Create(ctx context.Context, c *store.SigningCertificate, max int) error {
	return cs.s.write(ctx, "create signing certificate", func(tx *Store) error {
		seq, err := tx.nextOwnedSeq(ctx, "signing_certificates", c.AccountID, c.UserID, max, "")
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, "INSERT INTO signing_certificates (id, account_id, user_id, body, fingerprint, status, uploaded_at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			c.ID, c.AccountID, c.UserID, c.Body, c.Fingerprint, string(statusOrActive(c.Status)), dbTime(c.UploadedAt), seq)
		return err
	})
}

func (cs signingCertificates) List(ctx context.Context, accountID, userID string) ([]*store.SigningCertificate, error) {
	return listOwned(ctx, cs.s, "list signing certificates", scanSigningCertificate,
		"SELECT "+signingCertificateColumns+" FROM signing_certificates WHERE account_id = ? AND user_id = ? ORDER BY seq, id", accountID, userID)
}

func (cs signingCertificates) UpdateStatus(ctx context.Context, accountID, userID, id string, st store.AccessKeyStatus) error {
	return cs.s.setOwnedStatus(ctx, "update signing certificate", "signing_certificates", accountID, userID, id, st)
}

func (cs signingCertificates) Delete(ctx context.Context, accountID, userID, id string) error {
	return cs.s.deleteOwned(ctx, "delete signing certificate", "signing_certificates", accountID, userID, id)
}

// statusOrActive is a new credential's status: Active unless given.
func statusOrActive(s store.AccessKeyStatus) store.AccessKeyStatus {
	if s == "" {
		return store.KeyActive
	}
	return s
}
