package sqlstore

import (
	"context"
	"database/sql"

	"github.com/iamd/iamd/internal/store"
)

type instanceProfiles struct{ s *Store }

const instanceProfileColumns = "ip.id, ip.account_id, ip.name, ip.path, ip.created_at, ip.name_key"

func scanInstanceProfile(r rowScanner) (*store.InstanceProfile, []string, error) {
	ip := &store.InstanceProfile{}
	var key string
	if err := r.Scan(&ip.ID, &ip.AccountID, &ip.Name, &ip.Path, &ip.CreatedAt, &key); err != nil {
		return nil, nil, err
	}
	ip.CreatedAt = ip.CreatedAt.UTC()
	return ip, []string{key, ip.Name}, nil
}

func scanInstanceProfileRows(rows *sql.Rows) (*store.InstanceProfile, []string, error) {
	return scanInstanceProfile(rows)
}

// fillRoles sets RoleIDs of each profile, ordered by role ID. A profile
// holds at most a handful of roles (IAM: one), so one query per profile is
// cheap.
func (s *Store) fillRoles(ctx context.Context, ips ...*store.InstanceProfile) error {
	for _, ip := range ips {
		rows, err := s.query(ctx, "SELECT role_id FROM instance_profile_roles WHERE profile_id = ? ORDER BY role_id", ip.ID)
		if err != nil {
			return err
		}
		ip.RoleIDs = []string{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ip.RoleIDs = append(ip.RoleIDs, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (is instanceProfiles) Create(ctx context.Context, ip *store.InstanceProfile, max int) error {
	return is.s.write(ctx, "create instance profile", func(tx *Store) error {
		if err := tx.checkAccountQuota(ctx, "instance_profiles", ip.AccountID, max); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO instance_profiles (id, account_id, name, name_key, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
			ip.ID, ip.AccountID, ip.Name, nameKey(ip.Name), ip.Path, dbTime(ip.CreatedAt))
		return err
	})
}

func (is instanceProfiles) Get(ctx context.Context, accountID, name string) (*store.InstanceProfile, error) {
	ip, _, err := scanInstanceProfile(is.s.queryRow(ctx, "SELECT "+instanceProfileColumns+" FROM instance_profiles ip WHERE ip.account_id = ? AND ip.name_key = ?",
		accountID, nameKey(name)))
	if err == nil {
		err = is.s.fillRoles(ctx, ip)
	}
	if err != nil {
		return nil, is.s.d.wrap("get instance profile", notFound(err))
	}
	return ip, nil
}

var instanceProfileDependents = []dependentCheck{
	{store.DependentRoles, "SELECT 1 FROM instance_profile_roles WHERE account_id = ? AND profile_id = ?"},
}

func (is instanceProfiles) Delete(ctx context.Context, accountID, id string) error {
	return is.s.write(ctx, "delete instance profile", func(tx *Store) error {
		return tx.deleteEntity(ctx, "instance_profiles", store.TagInstanceProfile, accountID, id, instanceProfileDependents)
	})
}

func (is instanceProfiles) list(ctx context.Context, op string, pq pageQuery[*store.InstanceProfile], p store.Page) ([]*store.InstanceProfile, string, error) {
	out, next, err := pq.run(ctx, is.s, p)
	if err == nil {
		err = is.s.fillRoles(ctx, out...)
	}
	if err != nil {
		return nil, "", is.s.d.wrap(op, err)
	}
	return out, next, nil
}

func (is instanceProfiles) List(ctx context.Context, accountID, pathPrefix string, p store.Page) ([]*store.InstanceProfile, string, error) {
	where, args := pathFilter("ip.path", pathPrefix)
	return is.list(ctx, "list instance profiles", pageQuery[*store.InstanceProfile]{
		base:  "SELECT " + instanceProfileColumns + " FROM instance_profiles ip WHERE ip.account_id = ?" + where,
		args:  append([]any{accountID}, args...),
		order: []string{"ip.name_key", "ip.name"},
		scan:  scanInstanceProfileRows,
	}, p)
}

func (is instanceProfiles) Count(ctx context.Context, accountID string) (int, error) {
	return is.s.countInAccount(ctx, "count instance profiles", "instance_profiles", accountID)
}

// AddRole locks the profile, whose role count is the quota.
func (is instanceProfiles) AddRole(ctx context.Context, accountID, profileID, roleID string, max int) error {
	return is.s.write(ctx, "add role to instance profile", func(tx *Store) error {
		if err := tx.lockRow(ctx, "instance_profiles", accountID, profileID); err != nil {
			return err
		}
		if err := tx.lockRow(ctx, "roles", accountID, roleID); err != nil {
			return err
		}
		n, err := tx.count(ctx, "SELECT COUNT(*) FROM instance_profile_roles WHERE profile_id = ?", profileID)
		if err != nil {
			return err
		}
		if n >= max {
			return store.ErrLimitExceeded
		}
		// A duplicate is the primary key's ErrAlreadyExists.
		_, err = tx.exec(ctx, "INSERT INTO instance_profile_roles (profile_id, role_id, account_id) VALUES (?, ?, ?)", profileID, roleID, accountID)
		return err
	})
}

func (is instanceProfiles) RemoveRole(ctx context.Context, accountID, profileID, roleID string) error {
	return is.s.write(ctx, "remove role from instance profile", func(tx *Store) error {
		return tx.execOne(ctx, "DELETE FROM instance_profile_roles WHERE account_id = ? AND profile_id = ? AND role_id = ?", accountID, profileID, roleID)
	})
}

func (is instanceProfiles) ListForRole(ctx context.Context, accountID, roleID string, p store.Page) ([]*store.InstanceProfile, string, error) {
	if _, err := is.s.Roles().GetByID(ctx, accountID, roleID); err != nil {
		return nil, "", err
	}
	return is.list(ctx, "list instance profiles for role", pageQuery[*store.InstanceProfile]{
		base: "SELECT " + instanceProfileColumns + " FROM instance_profile_roles pr JOIN instance_profiles ip ON ip.id = pr.profile_id" +
			" WHERE pr.account_id = ? AND pr.role_id = ?",
		args:  []any{accountID, roleID},
		order: []string{"ip.name_key", "ip.name"},
		scan:  scanInstanceProfileRows,
	}, p)
}
