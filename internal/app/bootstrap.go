package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/store"
)

// RootCredentials are an account's root access key, shown once.
type RootCredentials struct {
	AccountID   string
	AccountName string
	// Email is the root user's email address, with which it signs in to
	// the console ("" for none: it signs in with the account's name).
	Email           string
	AccessKeyID     string
	SecretAccessKey secrets.Secret
}

// Sealer encrypts secrets at rest.
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
}

// NewAccount creates an account with its root access key. Empty fields of
// want are generated; a given key pair is used as is (for automation).
func NewAccount(ctx context.Context, st store.Store, sealer Sealer, want RootCredentials, now time.Time) (*RootCredentials, error) {
	creds := want
	var err error
	if creds.AccountID == "" {
		if creds.AccountID, err = secrets.NewAccountID(); err != nil {
			return nil, fmt.Errorf("new account ID: %w", err)
		}
	}
	if creds.AccessKeyID == "" {
		if creds.AccessKeyID, err = secrets.NewAccessKeyID("AKIA"); err != nil {
			return nil, fmt.Errorf("new root access key: %w", err)
		}
		secret, err := secrets.NewSecretAccessKey()
		if err != nil {
			return nil, fmt.Errorf("new root secret: %w", err)
		}
		creds.SecretAccessKey = secrets.Secret(secret)
	}
	if creds.AccountName == "" {
		creds.AccountName = "account-" + creds.AccountID
	}
	sealed, err := sealer.Seal([]byte(creds.SecretAccessKey.Reveal()), []byte(creds.AccessKeyID))
	if err != nil {
		return nil, fmt.Errorf("seal root secret: %w", err)
	}
	err = st.WithTx(ctx, func(tx store.Store) error {
		if err := tx.Accounts().Create(ctx, &store.Account{ID: creds.AccountID, Name: creds.AccountName, Email: creds.Email, CreatedAt: now}); err != nil {
			return fmt.Errorf("create account %s: %w", creds.AccountID, err)
		}
		key := &store.AccessKey{
			ID: creds.AccessKeyID, AccountID: creds.AccountID, SealedSecret: sealed,
			Status: store.KeyActive, CreatedAt: now,
		}
		if err := tx.AccessKeys().Create(ctx, key, 2); err != nil {
			return fmt.Errorf("create root access key: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &creds, nil
}

// Bootstrap creates the first account when the store has none. It returns
// nil credentials when accounts exist already: a restart prints no secret.
func Bootstrap(ctx context.Context, st store.Store, sealer Sealer, want RootCredentials, now time.Time) (*RootCredentials, error) {
	accounts, err := st.Accounts().List(ctx)
	if err != nil {
		return nil, fmt.Errorf("bootstrap: list accounts: %w", err)
	}
	if len(accounts) > 0 {
		return nil, nil
	}
	creds, err := NewAccount(ctx, st, sealer, want, now)
	if errors.Is(err, store.ErrAlreadyExists) {
		// Another node bootstrapped the same shared database first.
		return nil, nil
	}
	return creds, err
}

// PrintRootCredentials writes credentials once, in the form `aws configure`
// and ~/.aws/credentials take.
func PrintRootCredentials(w io.Writer, c *RootCredentials, endpoint string) {
	fmt.Fprintf(w, `
iamd: created account %s (%s) and its root access key.
The secret is shown only now. Store it, or paste it into 'aws configure':

  AWS Access Key ID:     %s
  AWS Secret Access Key: %s

or as a profile in ~/.aws/credentials and ~/.aws/config:

  [profile-name]
  aws_access_key_id = %s
  aws_secret_access_key = %s
  endpoint_url = %s

`, c.AccountID, c.AccountName, c.AccessKeyID, c.SecretAccessKey.Reveal(),
		c.AccessKeyID, c.SecretAccessKey.Reveal(), endpoint)
}
