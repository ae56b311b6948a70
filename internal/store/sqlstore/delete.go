package sqlstore

import (
	"context"

	"github.com/iamd/iamd/internal/store"
)

// dependentCheck is one kind of dependent that blocks a delete: query takes
// (account ID, entity ID) and returns a row when a dependent exists.
type dependentCheck struct {
	dependent store.Dependent
	query     string
}

// deleteEntity deletes the row of table with the account and ID, after
// locking it and checking its dependents in order (the first one present
// is the *store.ConflictError); the entity's tags go with it. kind is ""
// for entities without tags.
func (s *Store) deleteEntity(ctx context.Context, table string, kind store.TaggableKind, accountID, id string, checks []dependentCheck) error {
	if err := s.lockRow(ctx, table, accountID, id); err != nil {
		return err
	}
	for _, c := range checks {
		found, err := s.exists(ctx, c.query, accountID, id)
		if err != nil {
			return err
		}
		if found {
			return &store.ConflictError{Dependent: c.dependent}
		}
	}
	if kind != "" {
		if _, err := s.exec(ctx, "DELETE FROM tags WHERE account_id = ? AND kind = ? AND entity_id = ?", accountID, string(kind), id); err != nil {
			return err
		}
	}
	return s.execOne(ctx, "DELETE FROM "+table+" WHERE account_id = ? AND id = ?", accountID, id)
}
