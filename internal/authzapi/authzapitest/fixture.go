// Package authzapitest runs the real authorization API over a real store on
// loopback, for the tests of authzapi and of its Go client.
package authzapitest

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamd/iamd/authzclient"
	"github.com/iamd/iamd/internal/audit"
	"github.com/iamd/iamd/internal/authn"
	"github.com/iamd/iamd/internal/authzapi"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/sigv4"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/cached"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

// AccountID is the fixture's first account.
const AccountID = "111122223333"

// Fixture is a running authorization API.
type Fixture struct {
	t testing.TB
	// URL is the iamd endpoint; Handler serves the API alone.
	URL     string
	Handler *authzapi.Handler
	// Store is what requests read, through the cache as in iamd.
	Store store.Store
	// Reads counts every access to the underlying database.
	Reads *atomic.Int64
	// Audit holds the audit events of every call.
	Audit   *Events
	keyring *secrets.Keyring
	n       atomic.Int64
}

// Key is an IAM user and one of its access keys.
type Key struct {
	AccountID, UserName, UserID, AccessKeyID, SecretAccessKey string
}

// ARN is the user's ARN.
func (k Key) ARN() string { return authn.UserARN(k.AccountID, "/", k.UserName) }

// Credentials are the key for the Go client.
func (k Key) Credentials() authzclient.StaticCredentials {
	return authzclient.StaticCredentials{AccessKeyID: k.AccessKeyID, SecretAccessKey: k.SecretAccessKey}
}

// New starts the API on loopback until the test ends.
func New(t testing.TB) *Fixture {
	t.Helper()
	ctx := context.Background()
	raw, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	material := make([]byte, secrets.KeySize)
	_, _ = rand.Read(material)
	keyring, err := secrets.NewKeyring(secrets.Key{ID: 1, Material: material})
	if err != nil {
		t.Fatal(err)
	}
	reads := &atomic.Int64{}
	st := cached.New(&countingStore{Store: raw, reads: reads})
	keys := authn.New(st, keyring, "")
	events := &Events{}
	h := authzapi.New(authzapi.Config{
		Keys: func(ctx context.Context, c *sigv4.Credentials) (*authn.Identity, error) {
			return keys.Lookup(ctx, c.AccessKeyID)
		},
		Enforcer:     permissions.NewEnforcer(permissions.NewLoader(st), nil),
		NewRequestID: secrets.NewRequestID,
		Auditor:      events,
	})
	mux := http.NewServeMux()
	mux.Handle("POST "+authzclient.Path, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &Fixture{t: t, URL: srv.URL, Handler: h, Store: st, Reads: reads, Audit: events, keyring: keyring}
}

// Events records the audit events of the API's calls.
type Events struct {
	mu     sync.Mutex
	events []*audit.Request
}

// keptEvents bounds Events, so that benchmarks do not grow it forever.
const keptEvents = 64

// Record keeps the event, and the latest ones before it.
func (e *Events) Record(_ context.Context, req *audit.Request) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.events) == keptEvents {
		e.events = append(e.events[:0], e.events[1:]...)
	}
	e.events = append(e.events, req)
}

// Last returns the latest event, or nil.
func (e *Events) Last() *audit.Request {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.events) == 0 {
		return nil
	}
	return e.events[len(e.events)-1]
}

// AddUser creates a user of account with an access key and the given
// inline policies (name, document, name, document ...).
func (f *Fixture) AddUser(account, name string, policies ...string) Key {
	f.t.Helper()
	ctx := context.Background()
	n := f.n.Add(1)
	id := "AIDA" + pad(n)
	u := &store.User{AccountID: account, ID: id, Name: name, Path: "/", CreatedAt: time.Now().UTC()}
	if err := f.Store.Users().Create(ctx, u, 0); err != nil {
		f.t.Fatal(err)
	}
	keyID := "AKIA" + pad(n)
	secret, err := secrets.NewSecretAccessKey()
	if err != nil {
		f.t.Fatal(err)
	}
	sealed, err := f.keyring.Seal([]byte(secret), []byte(keyID))
	if err != nil {
		f.t.Fatal(err)
	}
	k := &store.AccessKey{ID: keyID, AccountID: account, UserID: id, SealedSecret: sealed, Status: store.KeyActive, CreatedAt: u.CreatedAt}
	if err := f.Store.AccessKeys().Create(ctx, k, 2); err != nil {
		f.t.Fatal(err)
	}
	key := Key{AccountID: account, UserName: name, UserID: id, AccessKeyID: keyID, SecretAccessKey: secret}
	for i := 0; i+1 < len(policies); i += 2 {
		f.PutUserPolicy(key, policies[i], policies[i+1])
	}
	return key
}

// PutUserPolicy sets an inline policy of the user.
func (f *Fixture) PutUserPolicy(k Key, name, doc string) {
	f.t.Helper()
	owner := store.Owner{AccountID: k.AccountID, Kind: store.OwnerUser, ID: k.UserID}
	if err := f.Store.InlinePolicies().Put(context.Background(), &store.InlinePolicy{Owner: owner, Name: name, Document: doc}, len(doc), 0); err != nil {
		f.t.Fatal(err)
	}
}

// DeleteUserPolicy deletes an inline policy of the user.
func (f *Fixture) DeleteUserPolicy(k Key, name string) {
	f.t.Helper()
	owner := store.Owner{AccountID: k.AccountID, Kind: store.OwnerUser, ID: k.UserID}
	if err := f.Store.InlinePolicies().Delete(context.Background(), owner, name); err != nil {
		f.t.Fatal(err)
	}
}

// ServicePolicy lets a calling service use the API.
const ServicePolicy = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iamd:Authorize","Resource":"*"}]}`

// pad makes the 16 characters after a 4-letter prefix of an AWS ID.
func pad(n int64) string {
	const digits = "0123456789"
	b := []byte("TESTFIXTURE00000")
	for i := len(b) - 1; n > 0 && i >= 0; i-- {
		b[i] = digits[n%10]
		n /= 10
	}
	return string(b)
}
