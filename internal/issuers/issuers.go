// Package issuers keeps the accounts' outbound identity federation
// issuers: whether each account has the feature on, its issuer URL, and
// its signing keys sealed in the store. IAM switches the feature, STS signs
// GetWebIdentityToken's tokens through it, and the app serves each
// issuer's discovery document and keys.
package issuers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/iamd/iamd/internal/federation/outbound"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/store"
)

// The refusals of Issuers, which the IAM and STS services turn into AWS's
// errors.
var (
	// ErrAlreadyEnabled: Enable on an account whose issuer is enabled.
	ErrAlreadyEnabled = errors.New("issuers: federation is already enabled")
	// ErrNotEnabled: the account's issuer was never enabled or is
	// disabled now.
	ErrNotEnabled = errors.New("issuers: federation is not enabled")
)

// PathPrefix is where issuers live on iamd's own URL: a new issuer is
// BaseURL + PathPrefix + its ID, and serves its discovery document and
// keys below that.
const PathPrefix = "/oidc/"

// Sealer seals the signing keys at rest (secrets.Keyring).
type Sealer interface {
	Seal(plaintext, associatedData []byte) ([]byte, error)
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Config is what Issuers needs.
type Config struct {
	Store  store.Store
	Sealer Sealer
	// BaseURL returns how clients reach iamd (scheme, host and port),
	// the start of a new issuer's URL, which is then kept as it is. A
	// function, because the address iamd listens on may be known only
	// once it listens.
	BaseURL func() string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Issuers manages the accounts' issuers and their keys.
type Issuers struct {
	cfg Config

	mu sync.Mutex
	// keys caches opened keys by account, with the sealed bytes they came
	// from, so a token costs no decryption or key parsing.
	keys map[string]openedKeys
}

type openedKeys struct {
	sealed string
	keys   *outbound.Keys
}

// New builds the issuers over the store.
func New(cfg Config) *Issuers {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Issuers{cfg: cfg, keys: map[string]openedKeys{}}
}

// newURL is the URL a new issuer gets: where iamd is reached now.
func (is *Issuers) newURL(issuerID string) string {
	return strings.TrimRight(is.cfg.BaseURL(), "/") + PathPrefix + issuerID
}

// Enable turns the account's issuer on, creating it with new keys the
// first time, and returns its URL. It runs in the caller's transaction
// when ctx carries one.
func (is *Issuers) Enable(ctx context.Context, accountID string) (string, error) {
	issuers := is.cfg.Store.OutboundIssuers()
	now := is.cfg.Now().UTC()
	existing, err := issuers.Get(ctx, accountID)
	switch {
	case err == nil && existing.Enabled:
		return "", ErrAlreadyEnabled
	case err == nil:
		if err := issuers.SetEnabled(ctx, accountID, true, now); err != nil {
			return "", fmt.Errorf("issuers: enable: %w", err)
		}
		return existing.IssuerURL, nil
	case !errors.Is(err, store.ErrNotFound):
		return "", fmt.Errorf("issuers: enable: %w", err)
	}
	keys, err := outbound.GenerateKeys()
	if err != nil {
		return "", err
	}
	plain, err := keys.Marshal()
	if err != nil {
		return "", err
	}
	sealed, err := is.cfg.Sealer.Seal(plain, keysAD(accountID))
	if err != nil {
		return "", fmt.Errorf("issuers: seal keys: %w", err)
	}
	id, err := newIssuerID()
	if err != nil {
		return "", err
	}
	url := is.newURL(id)
	err = issuers.Create(ctx, &store.OutboundIssuer{
		AccountID: accountID, IssuerID: id, IssuerURL: url, Enabled: true, SealedKeys: sealed, CreatedAt: now, UpdatedAt: now,
	})
	if errors.Is(err, store.ErrAlreadyExists) {
		// Another node enabled it first (a random issuer ID does not
		// collide in practice).
		return "", ErrAlreadyEnabled
	}
	if err != nil {
		return "", fmt.Errorf("issuers: enable: %w", err)
	}
	return url, nil
}

// Disable turns the account's issuer off; ErrNotEnabled if it is not on.
// Its keys stay published, so tokens issued before still verify.
func (is *Issuers) Disable(ctx context.Context, accountID string) error {
	issuers := is.cfg.Store.OutboundIssuers()
	existing, err := issuers.Get(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !existing.Enabled) {
		return ErrNotEnabled
	}
	if err != nil {
		return fmt.Errorf("issuers: disable: %w", err)
	}
	if err := issuers.SetEnabled(ctx, accountID, false, is.cfg.Now().UTC()); err != nil {
		return fmt.Errorf("issuers: disable: %w", err)
	}
	return nil
}

// Info returns the account's issuer URL and whether it is enabled;
// ErrNotEnabled if the account never enabled the feature.
func (is *Issuers) Info(ctx context.Context, accountID string) (issuerURL string, enabled bool, err error) {
	existing, err := is.cfg.Store.OutboundIssuers().Get(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) {
		return "", false, ErrNotEnabled
	}
	if err != nil {
		return "", false, fmt.Errorf("issuers: info: %w", err)
	}
	return existing.IssuerURL, existing.Enabled, nil
}

// signing returns the issuer URL and keys that sign the account's tokens;
// ErrNotEnabled unless the feature is on.
func (is *Issuers) signing(ctx context.Context, accountID string) (string, *outbound.Keys, error) {
	existing, err := is.cfg.Store.OutboundIssuers().Get(ctx, accountID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !existing.Enabled) {
		return "", nil, ErrNotEnabled
	}
	if err != nil {
		return "", nil, fmt.Errorf("issuers: signing keys: %w", err)
	}
	keys, err := is.open(existing)
	if err != nil {
		return "", nil, err
	}
	return existing.IssuerURL, keys, nil
}

// open returns the issuer's keys, from the cache when its sealed bytes
// are the ones opened before.
func (is *Issuers) open(i *store.OutboundIssuer) (*outbound.Keys, error) {
	is.mu.Lock()
	cached, ok := is.keys[i.AccountID]
	is.mu.Unlock()
	if ok && cached.sealed == string(i.SealedKeys) {
		return cached.keys, nil
	}
	plain, err := is.cfg.Sealer.Open(i.SealedKeys, keysAD(i.AccountID))
	if err != nil {
		return nil, fmt.Errorf("issuers: open keys of %s: %w", i.AccountID, err)
	}
	keys, err := outbound.ParseKeys(plain)
	if err != nil {
		return nil, err
	}
	is.mu.Lock()
	is.keys[i.AccountID] = openedKeys{sealed: string(i.SealedKeys), keys: keys}
	is.mu.Unlock()
	return keys, nil
}

// keysAD binds sealed keys to their account: moved to another account's
// row, they fail to open.
func keysAD(accountID string) []byte { return []byte("outbound-issuer-keys/" + accountID) }

// newIssuerID is a random UUID, as AWS's issuer hosts are.
func newIssuerID() (string, error) {
	id, err := secrets.NewRequestID()
	if err != nil {
		return "", fmt.Errorf("issuers: issuer ID: %w", err)
	}
	return id, nil
}

// Issue signs the claims as the account's issuer with alg (outbound.RS256
// or outbound.ES384), setting their iss; ErrNotEnabled unless the account
// has outbound federation on.
func (is *Issuers) Issue(ctx context.Context, accountID, alg string, c *outbound.Claims) (string, error) {
	issuer, keys, err := is.signing(ctx, accountID)
	if err != nil {
		return "", err
	}
	c.Issuer = issuer
	token, err := keys.Sign(alg, c)
	if err != nil {
		return "", fmt.Errorf("issuers: token of %s: %w", accountID, err)
	}
	return token, nil
}

// Configuration returns the discovery document of an issuer, enabled or
// not; an error wrapping store.ErrNotFound if there is no such issuer.
func (is *Issuers) Configuration(ctx context.Context, issuerID string) (*outbound.DiscoveryDocument, error) {
	issuer, err := is.cfg.Store.OutboundIssuers().GetByIssuerID(ctx, issuerID)
	if err != nil {
		return nil, fmt.Errorf("issuers: issuer %s: %w", issuerID, err)
	}
	return outbound.Discovery(issuer.IssuerURL), nil
}

// PublicKeys returns the public signing keys of an issuer, enabled or not,
// so that tokens issued before a disable still verify; an error wrapping
// store.ErrNotFound if there is no such issuer.
func (is *Issuers) PublicKeys(ctx context.Context, issuerID string) (*jose.JSONWebKeySet, error) {
	issuer, err := is.cfg.Store.OutboundIssuers().GetByIssuerID(ctx, issuerID)
	if err != nil {
		return nil, fmt.Errorf("issuers: issuer %s: %w", issuerID, err)
	}
	keys, err := is.open(issuer)
	if err != nil {
		return nil, err
	}
	set := keys.PublicSet()
	return &set, nil
}
