package app

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/iamd/iamd/internal/config"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

// Open opens the configured store and the keyring that seals secrets in it.
// Commands that work on the data directory (accounts) share it with serve.
func Open(ctx context.Context, cfg config.Config) (store.Store, *secrets.Keyring, error) {
	st, keyring, _, err := openAll(ctx, cfg)
	return st, keyring, err
}

// openAll is Open that also returns the sealer of STS session tokens, whose
// key is derived from the same master key for its own purpose: every node
// sharing the master key opens every node's tokens.
func openAll(ctx context.Context, cfg config.Config) (store.Store, *secrets.Keyring, *session.Sealer, error) {
	master, err := masterKey(cfg)
	if err != nil {
		return nil, nil, nil, err
	}
	sealer, err := session.NewSealerFromMaster(master)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("session token key: %w", err)
	}
	// Purpose-bound derivation: the master key itself never seals data, so
	// later uses (session tokens) get independent keys.
	material, err := secrets.DeriveKey(master, "iamd access key secrets v1")
	if err != nil {
		return nil, nil, nil, fmt.Errorf("derive sealing key: %w", err)
	}
	keyring, err := secrets.NewKeyring(secrets.Key{ID: 1, Material: material})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("keyring: %w", err)
	}
	var st store.Store
	switch {
	case cfg.Dev:
		st, err = sqlstore.OpenSQLite(ctx, ":memory:")
	case cfg.IsPostgres():
		st, err = sqlstore.OpenPostgres(ctx, cfg.DB)
	default:
		if err = cfg.EnsureDataDir(); err == nil {
			st, err = sqlstore.OpenSQLite(ctx, cfg.SQLitePath())
		}
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open store: %w", err)
	}
	return st, keyring, sealer, nil
}

// masterKey is the operator's key, the data directory's key file, or (in
// development mode, whose data dies with the process) a fresh random key.
func masterKey(cfg config.Config) ([]byte, error) {
	switch {
	case cfg.MasterKey != "":
		k, err := secrets.ParseMasterKey(cfg.MasterKey)
		if err != nil {
			return nil, fmt.Errorf("IAMD_MASTER_KEY: %w", err)
		}
		return k, nil
	case cfg.Dev:
		k := make([]byte, secrets.KeySize)
		if _, err := rand.Read(k); err != nil {
			return nil, fmt.Errorf("development master key: %w", err)
		}
		return k, nil
	default:
		if err := cfg.EnsureDataDir(); err != nil {
			return nil, err
		}
		k, err := secrets.LoadOrCreateMasterKey(cfg.MasterKeyPath())
		if err != nil {
			return nil, fmt.Errorf("master key: %w", err)
		}
		return k, nil
	}
}
