package iam

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/internal/store/sqlstore"
)

// Accounts of the identity tests: A is the one under test, B proves that
// nothing of A is visible from another account.
const (
	accountA = "111111111111"
	accountB = "222222222222"
)

// identityFixture is a Service on a fresh in-memory SQLite store with two
// accounts and callers of each kind.
type identityFixture struct {
	svc    *Service
	st     store.Store
	keys   *secrets.Keyring
	hasher *secrets.PasswordHasher
	now    time.Time

	rootA context.Context // account A's root
	rootB context.Context // account B's root
	alice context.Context // IAM user "alice" of account A
	role  context.Context // an assumed-role session of account A
}

func newIdentityFixture(t *testing.T) *identityFixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlstore.OpenSQLite(ctx, ":memory:")
	if err != nil {
		t.Fatalf("OpenSQLite: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	keys, err := secrets.NewKeyring(secrets.Key{ID: 1, Material: make([]byte, secrets.KeySize)})
	if err != nil {
		t.Fatalf("NewKeyring: %v", err)
	}
	hasher, err := secrets.NewPasswordHasher(secrets.TestArgon2Params(), 2)
	if err != nil {
		t.Fatalf("NewPasswordHasher: %v", err)
	}
	f := &identityFixture{
		st:     st,
		keys:   keys,
		hasher: hasher,
		now:    time.Date(2026, 11, 23, 16, 30, 45, 123456789, time.UTC),
	}
	var seq sequence
	f.svc = New(Config{
		Store:  st,
		Sealer: keys,
		Hasher: hasher,
		Clock:  func() time.Time { return f.now },
		NewID:  seq.id,
		NewKey: seq.key,
	})
	for _, id := range []string{accountA, accountB} {
		if err := st.Accounts().Create(ctx, &store.Account{ID: id, Name: "acct-" + id, CreatedAt: f.now.Add(-time.Hour).Truncate(time.Second)}); err != nil {
			t.Fatalf("create account: %v", err)
		}
	}
	f.rootA = principal.WithContext(ctx, rootPrincipal(accountA))
	f.rootB = principal.WithContext(ctx, rootPrincipal(accountB))
	f.role = principal.WithContext(ctx, &principal.Principal{
		Type: principal.AssumedRole, AccountID: accountA,
		ARN: "arn:aws:sts::" + accountA + ":assumed-role/Admin/s", UserID: "AROAEXAMPLE:s",
	})
	out, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "alice"})
	if err != nil {
		t.Fatalf("create alice: %v", err)
	}
	f.alice = principal.WithContext(ctx, &principal.Principal{
		Type: principal.IAMUser, AccountID: accountA, ARN: out.User.Arn,
		UserID: out.User.UserId, UserName: "alice",
	})
	return f
}

func rootPrincipal(accountID string) *principal.Principal {
	return &principal.Principal{Type: principal.Root, AccountID: accountID, ARN: rootARN(accountID), UserID: accountID}
}

// sequence hands out predictable, distinct IDs and keys.
type sequence struct {
	mu sync.Mutex
	n  int
}

func (q *sequence) next() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.n++
	return q.n
}

func (q *sequence) id(prefix string) (string, error) {
	return fmt.Sprintf("%s%017d", prefix, q.next()), nil
}

func (q *sequence) key() (string, string, error) {
	n := q.next()
	return fmt.Sprintf("AKIA%016d", n), fmt.Sprintf("secret/%033d", n), nil
}

// wantAWSError checks that err is the AWS error with that code and message.
func wantAWSError(t *testing.T, err error, code, msg string) {
	t.Helper()
	var e *awserr.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want AWS %s %q", err, code, msg)
	}
	if e.Code != code || e.Message != msg {
		t.Fatalf("error = %s %q, want %s %q", e.Code, e.Message, code, msg)
	}
}

// mustOK fails the test on an error.
func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// createCustomerPolicy stores a customer managed policy directly, for the
// tests that need one (policies are another file's operations).
func (f *identityFixture) createCustomerPolicy(t *testing.T, accountID, path, name string) string {
	t.Helper()
	id, _ := f.svc.newID("ANPA")
	err := f.st.Policies().Create(context.Background(), &store.ManagedPolicy{
		AccountID: accountID, ID: id, Name: name, Path: path, DefaultVersionID: "v1",
		CreatedAt: f.now, UpdatedAt: f.now, NextVersion: 2,
	}, &store.PolicyVersion{PolicyID: id, VersionID: "v1", IsDefault: true, CreatedAt: f.now,
		Document: `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`}, 0)
	if err != nil {
		t.Fatalf("create policy: %v", err)
	}
	return policyARN(accountID, path, name)
}

// createRole stores a role directly (roles are another file's operations).
func (f *identityFixture) createRole(t *testing.T, accountID, name string) *store.Role {
	t.Helper()
	id, _ := f.svc.newID("AROA")
	r := &store.Role{
		AccountID: accountID, ID: id, Name: name, Path: "/", CreatedAt: f.now,
		AssumeRolePolicy:   `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`,
		MaxSessionDuration: 3600,
	}
	if err := f.st.Roles().Create(context.Background(), r, 0); err != nil {
		t.Fatalf("create role: %v", err)
	}
	return r
}

// tagList makes n tags k0=v0 ... with the given key prefix.
func tagList(prefix string, n int) []Tag {
	tags := make([]Tag, n)
	for i := range tags {
		tags[i] = Tag{Key: fmt.Sprintf("%s%02d", prefix, i), Value: strings.Repeat("v", i%3)}
	}
	return tags
}
