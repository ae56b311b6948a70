// Package authn resolves the access key ID of a signed request to the
// principal that owns it and the secret that verifies its signature.
//
// Lookups are cached per store generation: any committed write (a key made
// inactive, a key or user deleted) empties the cache, so such changes take
// effect on the very next request while steady-state requests touch no
// database.
package authn

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
)

// Opener decrypts sealed secrets; associated data is the access key ID.
type Opener interface {
	Open(sealed, associatedData []byte) ([]byte, error)
}

// Identity is what an access key ID resolves to.
type Identity struct {
	Principal *principal.Principal
	// Secret verifies the request's signature. It is empty when SkipVerify.
	Secret string
	// SkipVerify is set only in development mode, for keys iamd never
	// issued: any secret is accepted, as local AWS test tools do.
	SkipVerify bool
}

// Authenticator resolves access keys.
type Authenticator struct {
	store  store.Store
	opener Opener
	// devAccount, when set, turns on development mode.
	devAccount string

	mu    sync.RWMutex
	gen   uint64
	cache map[string]*Identity
}

// New builds an authenticator. devAccount is "" outside development mode.
func New(s store.Store, o Opener, devAccount string) *Authenticator {
	return &Authenticator{store: s, opener: o, devAccount: devAccount, cache: map[string]*Identity{}}
}

// maxCached bounds the cache; past it the cache starts afresh, which costs
// one store read per key and keeps memory bounded under key-ID spraying.
const maxCached = 100_000

// Lookup returns the identity of an access key ID, or InvalidClientTokenId
// for an unknown, inactive or deleted key.
func (a *Authenticator) Lookup(ctx context.Context, keyID string) (*Identity, error) {
	gen := a.store.Generation()
	a.mu.RLock()
	if a.gen == gen {
		if id, ok := a.cache[keyID]; ok {
			a.mu.RUnlock()
			return id, nil
		}
	}
	a.mu.RUnlock()

	id, err := a.resolve(ctx, keyID)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	if a.gen != gen || len(a.cache) >= maxCached {
		a.cache = map[string]*Identity{}
		a.gen = gen
	}
	a.cache[keyID] = id
	a.mu.Unlock()
	return id, nil
}

func (a *Authenticator) resolve(ctx context.Context, keyID string) (*Identity, error) {
	key, err := a.store.AccessKeys().Lookup(ctx, keyID)
	if errors.Is(err, store.ErrNotFound) {
		if a.devAccount != "" {
			return &Identity{Principal: rootPrincipal(a.devAccount, keyID, true), SkipVerify: true}, nil
		}
		return nil, awserr.InvalidClientTokenID()
	}
	if err != nil {
		return nil, fmt.Errorf("authn: look up access key: %w", err)
	}
	if key.Status != store.KeyActive {
		return nil, awserr.InvalidClientTokenID()
	}
	secret, err := a.opener.Open(key.SealedSecret, []byte(key.ID))
	if err != nil {
		return nil, fmt.Errorf("authn: open secret of access key: %w", err)
	}
	if key.UserID == "" {
		return &Identity{Principal: rootPrincipal(key.AccountID, key.ID, false), Secret: string(secret)}, nil
	}
	user, err := a.store.Users().GetByID(ctx, key.AccountID, key.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, awserr.InvalidClientTokenID()
	}
	if err != nil {
		return nil, fmt.Errorf("authn: look up key owner: %w", err)
	}
	return &Identity{
		Principal: &principal.Principal{
			Type:        principal.IAMUser,
			AccountID:   key.AccountID,
			ARN:         UserARN(key.AccountID, user.Path, user.Name),
			UserID:      user.ID,
			UserName:    user.Name,
			AccessKeyID: key.ID,
		},
		Secret: string(secret),
	}, nil
}

func rootPrincipal(accountID, keyID string, dev bool) *principal.Principal {
	return &principal.Principal{
		Type:        principal.Root,
		AccountID:   accountID,
		ARN:         "arn:aws:iam::" + accountID + ":root",
		UserID:      accountID,
		AccessKeyID: keyID,
		Dev:         dev,
	}
}

// UserARN formats a user's ARN; path is "/" or "/a/b/".
func UserARN(accountID, path, name string) string {
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + accountID + ":user" + path + name
}
