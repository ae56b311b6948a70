package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/iamd/iamd/internal/store"
)

type policies struct{ s *Store }

const policyColumns = "id, account_id, name, path, description, default_version_id, created_at, updated_at, next_version, name_key"

// scanPolicy reads policyColumns: a policy followed by its name_key.
func scanPolicy(r rowScanner) (*store.ManagedPolicy, []string, error) {
	p := &store.ManagedPolicy{}
	var key string
	if err := r.Scan(&p.ID, &p.AccountID, &p.Name, &p.Path, &p.Description, &p.DefaultVersionID,
		&p.CreatedAt, &p.UpdatedAt, &p.NextVersion, &key); err != nil {
		return nil, nil, err
	}
	p.CreatedAt = p.CreatedAt.UTC()
	p.UpdatedAt = p.UpdatedAt.UTC()
	return p, []string{key, p.Name}, nil
}

func versionID(n int) string { return "v" + strconv.Itoa(n) }

func (ps policies) Create(ctx context.Context, p *store.ManagedPolicy, first *store.PolicyVersion, max int) error {
	return ps.s.write(ctx, "create policy", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "policies", p.AccountID, max); err != nil {
			return err
		}
		updated := p.UpdatedAt
		if updated.IsZero() {
			updated = p.CreatedAt
		}
		created := first.CreatedAt
		if created.IsZero() {
			created = p.CreatedAt
		}
		if _, err := tx.exec(ctx, "INSERT INTO policies (id, account_id, name, name_key, path, description, default_version_id,"+
			" next_version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			p.ID, p.AccountID, p.Name, nameKey(p.Name), p.Path, p.Description, versionID(1), 2,
			dbTime(p.CreatedAt), dbTime(updated)); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "INSERT INTO policy_versions (policy_id, version_id, version_num, document, created_at) VALUES (?, ?, ?, ?, ?)",
			p.ID, versionID(1), 1, first.Document, dbTime(created)); err != nil {
			return err
		}
		p.DefaultVersionID, p.NextVersion, p.UpdatedAt = versionID(1), 2, updated
		first.PolicyID, first.VersionID, first.IsDefault, first.CreatedAt = p.ID, versionID(1), true, created
		return nil
	})
}

func (ps policies) Get(ctx context.Context, accountID, name string) (*store.ManagedPolicy, error) {
	p, _, err := scanPolicy(ps.s.queryRow(ctx, "SELECT "+policyColumns+" FROM policies WHERE account_id = ? AND name_key = ?", accountID, nameKey(name)))
	if err != nil {
		return nil, ps.s.d.wrap("get policy", notFound(err))
	}
	return p, nil
}

func (ps policies) GetByID(ctx context.Context, accountID, id string) (*store.ManagedPolicy, error) {
	p, _, err := scanPolicy(ps.s.queryRow(ctx, "SELECT "+policyColumns+" FROM policies WHERE account_id = ? AND id = ?", accountID, id))
	if err != nil {
		return nil, ps.s.d.wrap("get policy by id", notFound(err))
	}
	return p, nil
}

func (ps policies) Update(ctx context.Context, p *store.ManagedPolicy) error {
	return ps.s.write(ctx, "update policy", func(tx *Store) error {
		if err := tx.lockRow(ctx, "policies", p.AccountID, p.ID); err != nil {
			return err
		}
		if err := tx.versionExists(ctx, p.ID, p.DefaultVersionID); err != nil {
			return err
		}
		return tx.execOne(ctx, "UPDATE policies SET description = ?, default_version_id = ?, updated_at = ? WHERE account_id = ? AND id = ?",
			p.Description, p.DefaultVersionID, dbTime(p.UpdatedAt), p.AccountID, p.ID)
	})
}

// policyARNSuffix is what every ARN of the policy ends with, whatever the
// partition: ":iam::<account>:policy<path><name>". Attachments and
// permissions boundaries name policies by ARN; the store knows a policy by
// account, path and name, and matching the suffix keeps it partition-free.
func policyARNSuffix(accountID, path, name string) string {
	return ":iam::" + accountID + ":policy" + path + name
}

// arnSuffixMatch is a WHERE fragment: column ends with the ? argument whose
// length in characters is the preceding ? argument.
func arnSuffixMatch(column string) string {
	return "substr(" + column + ", length(" + column + ") - ? + 1) = ?"
}

func (ps policies) Delete(ctx context.Context, accountID, id string) error {
	return ps.s.write(ctx, "delete policy", func(tx *Store) error {
		p, _, err := scanPolicy(tx.queryRow(ctx, "SELECT "+policyColumns+" FROM policies WHERE account_id = ? AND id = ?"+tx.d.forUpdate, accountID, id))
		if err != nil {
			return notFound(err)
		}
		suffix := policyARNSuffix(accountID, p.Path, p.Name)
		n := utf8.RuneCountInString(suffix)
		for _, q := range []string{
			"SELECT 1 FROM attachments WHERE account_id = ? AND " + arnSuffixMatch("policy_arn"),
			"SELECT 1 FROM users WHERE account_id = ? AND " + arnSuffixMatch("permissions_boundary"),
			"SELECT 1 FROM roles WHERE account_id = ? AND " + arnSuffixMatch("permissions_boundary"),
		} {
			used, err := tx.exists(ctx, q, accountID, n, suffix)
			if err != nil {
				return err
			}
			if used {
				return &store.ConflictError{Dependent: store.DependentAttachments}
			}
		}
		others, err := tx.exists(ctx, "SELECT 1 FROM policy_versions WHERE policy_id = ? AND version_id <> ?", id, p.DefaultVersionID)
		if err != nil {
			return err
		}
		if others {
			return &store.ConflictError{Dependent: store.DependentPolicyVersions}
		}
		if _, err := tx.exec(ctx, "DELETE FROM policy_versions WHERE policy_id = ?", id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "DELETE FROM tags WHERE account_id = ? AND kind = ? AND entity_id = ?", accountID, string(store.TagPolicy), id); err != nil {
			return err
		}
		return tx.execOne(ctx, "DELETE FROM policies WHERE account_id = ? AND id = ?", accountID, id)
	})
}

func (ps policies) List(ctx context.Context, accountID, pathPrefix string, p store.Page) ([]*store.ManagedPolicy, string, error) {
	where, args := pathFilter("path", pathPrefix)
	pq := pageQuery[*store.ManagedPolicy]{
		base:  "SELECT " + policyColumns + " FROM policies WHERE account_id = ?" + where,
		args:  append([]any{accountID}, args...),
		order: []string{"name_key", "name"},
		scan:  func(rows *sql.Rows) (*store.ManagedPolicy, []string, error) { return scanPolicy(rows) },
	}
	out, next, err := pq.run(ctx, ps.s, p)
	return out, next, ps.s.d.wrap("list policies", err)
}

func (ps policies) Count(ctx context.Context, accountID string) (int, error) {
	return ps.s.countInAccount(ctx, "count policies", "policies", accountID)
}

// CreateVersion locks the policy row, counts its versions and claims the
// next version number, all in one transaction.
func (ps policies) CreateVersion(ctx context.Context, accountID, policyID string, v *store.PolicyVersion, setDefault bool, maxVersions int) error {
	return ps.s.write(ctx, "create policy version", func(tx *Store) error {
		var next int
		err := tx.queryRow(ctx, "SELECT next_version FROM policies WHERE account_id = ? AND id = ?"+tx.d.forUpdate, accountID, policyID).Scan(&next)
		if err != nil {
			return notFound(err)
		}
		n, err := tx.count(ctx, "SELECT COUNT(*) FROM policy_versions WHERE policy_id = ?", policyID)
		if err != nil {
			return err
		}
		if n >= maxVersions {
			return store.ErrLimitExceeded
		}
		id := versionID(next)
		if _, err := tx.exec(ctx, "INSERT INTO policy_versions (policy_id, version_id, version_num, document, created_at) VALUES (?, ?, ?, ?, ?)",
			policyID, id, next, v.Document, dbTime(v.CreatedAt)); err != nil {
			return err
		}
		if setDefault {
			_, err = tx.exec(ctx, "UPDATE policies SET next_version = ?, default_version_id = ?, updated_at = ? WHERE id = ?",
				next+1, id, dbTime(v.CreatedAt), policyID)
		} else {
			_, err = tx.exec(ctx, "UPDATE policies SET next_version = ? WHERE id = ?", next+1, policyID)
		}
		if err != nil {
			return err
		}
		v.PolicyID, v.VersionID, v.IsDefault = policyID, id, setDefault
		return nil
	})
}

const versionColumns = "v.policy_id, v.version_id, v.document, v.created_at, v.version_id = p.default_version_id"

func scanVersion(r rowScanner) (*store.PolicyVersion, error) {
	v := &store.PolicyVersion{}
	if err := r.Scan(&v.PolicyID, &v.VersionID, &v.Document, &v.CreatedAt, &v.IsDefault); err != nil {
		return nil, err
	}
	v.CreatedAt = v.CreatedAt.UTC()
	return v, nil
}

func (ps policies) GetVersion(ctx context.Context, accountID, policyID, versionID string) (*store.PolicyVersion, error) {
	v, err := scanVersion(ps.s.queryRow(ctx, "SELECT "+versionColumns+" FROM policy_versions v JOIN policies p ON p.id = v.policy_id"+
		" WHERE p.account_id = ? AND p.id = ? AND v.version_id = ?", accountID, policyID, versionID))
	if err != nil {
		return nil, ps.s.d.wrap("get policy version", notFound(err))
	}
	return v, nil
}

func (ps policies) ListVersions(ctx context.Context, accountID, policyID string) ([]*store.PolicyVersion, error) {
	if _, err := ps.GetByID(ctx, accountID, policyID); err != nil {
		return nil, err
	}
	rows, err := ps.s.query(ctx, "SELECT "+versionColumns+" FROM policy_versions v JOIN policies p ON p.id = v.policy_id"+
		" WHERE p.account_id = ? AND p.id = ? ORDER BY v.version_num DESC", accountID, policyID)
	if err != nil {
		return nil, ps.s.d.wrap("list policy versions", err)
	}
	defer rows.Close()
	var out []*store.PolicyVersion
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, ps.s.d.wrap("list policy versions", err)
		}
		out = append(out, v)
	}
	return out, ps.s.d.wrap("list policy versions", rows.Err())
}

func (ps policies) DeleteVersion(ctx context.Context, accountID, policyID, versionID string) error {
	return ps.s.write(ctx, "delete policy version", func(tx *Store) error {
		var def string
		err := tx.queryRow(ctx, "SELECT default_version_id FROM policies WHERE account_id = ? AND id = ?"+tx.d.forUpdate, accountID, policyID).Scan(&def)
		if err != nil {
			return notFound(err)
		}
		if err := tx.versionExists(ctx, policyID, versionID); err != nil {
			return err
		}
		if versionID == def {
			return &store.ConflictError{Dependent: store.DependentDefaultVersion}
		}
		return tx.execOne(ctx, "DELETE FROM policy_versions WHERE policy_id = ? AND version_id = ?", policyID, versionID)
	})
}

func (ps policies) SetDefaultVersion(ctx context.Context, accountID, policyID, versionID string, now time.Time) error {
	return ps.s.write(ctx, "set default policy version", func(tx *Store) error {
		if err := tx.lockRow(ctx, "policies", accountID, policyID); err != nil {
			return err
		}
		if err := tx.versionExists(ctx, policyID, versionID); err != nil {
			return err
		}
		return tx.execOne(ctx, "UPDATE policies SET default_version_id = ?, updated_at = ? WHERE account_id = ? AND id = ?",
			versionID, dbTime(now), accountID, policyID)
	})
}

// versionExists returns ErrNotFound unless the policy has the version.
func (s *Store) versionExists(ctx context.Context, policyID, versionID string) error {
	ok, err := s.exists(ctx, "SELECT 1 FROM policy_versions WHERE policy_id = ? AND version_id = ?", policyID, versionID)
	if err != nil {
		return err
	}
	if !ok {
		return store.ErrNotFound
	}
	return nil
}
