package sqlstore

import (
	"context"

	"github.com/iamd/iamd/internal/store"
)

type accounts struct{ s *Store }

func (a accounts) Create(ctx context.Context, acc *store.Account) error {
	return a.s.write(ctx, "create account", func(tx *Store) error {
		_, err := tx.exec(ctx, "INSERT INTO accounts (id, name, email, created_at) VALUES (?, ?, ?, ?)",
			acc.ID, acc.Name, acc.Email, dbTime(acc.CreatedAt))
		return err
	})
}

func (a accounts) Get(ctx context.Context, id string) (*store.Account, error) {
	acc := &store.Account{}
	err := a.s.queryRow(ctx, "SELECT id, name, email, created_at FROM accounts WHERE id = ?", id).
		Scan(&acc.ID, &acc.Name, &acc.Email, &acc.CreatedAt)
	if err != nil {
		return nil, a.s.d.wrap("get account", notFound(err))
	}
	acc.CreatedAt = acc.CreatedAt.UTC()
	return acc, nil
}

func (a accounts) List(ctx context.Context) ([]*store.Account, error) {
	rows, err := a.s.query(ctx, "SELECT id, name, email, created_at FROM accounts ORDER BY id")
	if err != nil {
		return nil, a.s.d.wrap("list accounts", err)
	}
	defer rows.Close()
	var out []*store.Account
	for rows.Next() {
		acc := &store.Account{}
		if err := rows.Scan(&acc.ID, &acc.Name, &acc.Email, &acc.CreatedAt); err != nil {
			return nil, a.s.d.wrap("list accounts", err)
		}
		acc.CreatedAt = acc.CreatedAt.UTC()
		out = append(out, acc)
	}
	return out, a.s.d.wrap("list accounts", rows.Err())
}
