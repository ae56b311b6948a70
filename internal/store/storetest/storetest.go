// Package storetest is the conformance suite every store.Store passes:
// Run(t, open) runs one subtest per contract sentence, each on a fresh
// store from open. It also starts throwaway PostgreSQL clusters
// (postgres.go) and greps database files for plaintext (grep.go).
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

// test is one conformance check on a fresh, empty store.
type test struct {
	name string
	fn   func(t *testing.T, f *fixture)
}

// Run runs the conformance suite. open returns a store for one subtest;
// Run closes it when the subtest ends. Subtests run in parallel and each
// works in accounts of its own, so open may return a fresh database each
// time or new handles on one shared database.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	groups := [][]test{
		accountTests, userTests, loginProfileTests, groupTests, roleTests, instanceProfileTests,
		policyTests, inlinePolicyTests, attachmentTests, accessKeyTests, tagTests, txTests, concurrencyTests,
		quotaTests, inlineSizeTests, attachmentMapTests, markerTests,
		userCredentialTests,
		oidcProviderTests, samlProviderTests, mfaDeviceTests,
		passwordPolicyTests,
		accountAliasTests,
		activityTests,
		auditTests,
		consoleTests,
		lastAccessedReportTests,
		outboundIssuerTests,
	}
	for _, tests := range groups {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				s := open(t)
				t.Cleanup(func() {
					if err := s.Close(); err != nil {
						t.Errorf("Close: %v", err)
					}
				})
				tc.fn(t, newFixture(t, s))
			})
		}
	}
}

// seq numbers every account and entity ID the suite makes, process-wide
// and from a random start, so that tests can share one database: each test
// works in its own two accounts (which also tests that accounts isolate).
var seq atomic.Uint64

func init() {
	var b [8]byte
	_, _ = rand.Read(b[:])
	seq.Store(binary.BigEndian.Uint64(b[:]) % 1e10)
}

// fixture makes records with fresh IDs in one store. Each test works in
// account a and checks that account b sees none of it.
type fixture struct {
	t    *testing.T
	s    store.Store
	ctx  context.Context
	now  time.Time
	a, b string
}

func newFixture(t *testing.T, s store.Store) *fixture {
	f := &fixture{t: t, s: s, ctx: t.Context(), now: time.Date(2025, 3, 4, 5, 6, 7, 123456000, time.UTC)}
	f.a, f.b = f.account(), f.account()
	for _, id := range []string{f.a, f.b} {
		if err := s.Accounts().Create(f.ctx, &store.Account{ID: id, Name: "acct-" + id, Email: id + "@example.com", CreatedAt: f.now}); err != nil {
			t.Fatalf("create account %s: %v", id, err)
		}
	}
	return f
}

// id returns a new unique ID with the prefix.
func (f *fixture) id(prefix string) string {
	return fmt.Sprintf("%s%017d", prefix, seq.Add(1))
}

// account returns a new, unused 12-digit account ID starting with 5.
func (f *fixture) account() string { return f.accountWithDigit('5') }

// accountWithDigit returns a new, unused 12-digit account ID starting with
// first, so that a test can make IDs that sort before or after others.
func (f *fixture) accountWithDigit(first byte) string {
	return fmt.Sprintf("%c%011d", first, seq.Add(1)%1e11)
}

func (f *fixture) must(err error, what string) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("%s: %v", what, err)
	}
}

func (f *fixture) user(account, name string) *store.User {
	f.t.Helper()
	u := &store.User{AccountID: account, ID: f.id("AIDA"), Name: name, Path: "/", CreatedAt: f.now}
	f.must(f.s.Users().Create(f.ctx, u, 0), "create user "+name)
	return u
}

func (f *fixture) group(account, name string) *store.Group {
	f.t.Helper()
	g := &store.Group{AccountID: account, ID: f.id("AGPA"), Name: name, Path: "/", CreatedAt: f.now}
	f.must(f.s.Groups().Create(f.ctx, g, 0), "create group "+name)
	return g
}

func (f *fixture) role(account, name string) *store.Role {
	f.t.Helper()
	r := &store.Role{AccountID: account, ID: f.id("AROA"), Name: name, Path: "/", AssumeRolePolicy: `{"Version":"2012-10-17"}`,
		MaxSessionDuration: 3600, CreatedAt: f.now}
	f.must(f.s.Roles().Create(f.ctx, r, 0), "create role "+name)
	return r
}

func (f *fixture) policy(account, path, name string) *store.ManagedPolicy {
	f.t.Helper()
	p := &store.ManagedPolicy{AccountID: account, ID: f.id("ANPA"), Name: name, Path: path, CreatedAt: f.now}
	f.must(f.s.Policies().Create(f.ctx, p, &store.PolicyVersion{Document: `{"v":1}`, CreatedAt: f.now}, 0), "create policy "+name)
	return p
}

func (f *fixture) profile(account, name string) *store.InstanceProfile {
	f.t.Helper()
	ip := &store.InstanceProfile{AccountID: account, ID: f.id("AIPA"), Name: name, Path: "/", CreatedAt: f.now}
	f.must(f.s.InstanceProfiles().Create(f.ctx, ip, 0), "create instance profile "+name)
	return ip
}

func (f *fixture) key(account, userID string) *store.AccessKey {
	f.t.Helper()
	k := &store.AccessKey{ID: f.id("AKIA"), AccountID: account, UserID: userID, SealedSecret: []byte("sealed-" + userID),
		Status: store.KeyActive, CreatedAt: f.now}
	f.must(f.s.AccessKeys().Create(f.ctx, k, 2), "create access key")
	return k
}

// wantErr fails unless errors.Is(err, want); want nil means success.
func wantErr(t *testing.T, err, want error, what string) {
	t.Helper()
	if want == nil {
		if err != nil {
			t.Fatalf("%s: unexpected error %v", what, err)
		}
		return
	}
	if !errors.Is(err, want) {
		t.Fatalf("%s: got error %v, want %v", what, err, want)
	}
}

// wantConflict fails unless err is a *store.ConflictError naming dep.
func wantConflict(t *testing.T, err error, dep store.Dependent, what string) {
	t.Helper()
	var ce *store.ConflictError
	if !errors.As(err, &ce) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("%s: got %v, want *ConflictError(%s)", what, err, dep)
	}
	if ce.Dependent != dep {
		t.Fatalf("%s: conflict on %q, want %q", what, ce.Dependent, dep)
	}
}

// collect pages through a listing with page size n and returns every item
// and the number of pages.
func collect[T any](t *testing.T, n int, list func(p store.Page) ([]T, string, error)) ([]T, int) {
	t.Helper()
	var all []T
	p := store.Page{MaxItems: n}
	for pages := 1; ; pages++ {
		items, next, err := list(p)
		if err != nil {
			t.Fatalf("list page %d: %v", pages, err)
		}
		if len(items) > n {
			t.Fatalf("page %d has %d items, limit %d", pages, len(items), n)
		}
		all = append(all, items...)
		if next == "" {
			return all, pages
		}
		if pages > 1000 {
			t.Fatal("pagination does not end")
		}
		p.Marker = next
	}
}

// wantNoGenerationMove runs op, which must not count as a write, and fails
// the test if the generation moved. On PostgreSQL the tests share one
// database, and other tests' writes reach this store's generation through
// notifications, so a move is tried again: an op that really counts as a
// write moves it every time.
func (f *fixture) wantNoGenerationMove(what string, op func(attempt int)) {
	f.t.Helper()
	for i := range 3 {
		gen := f.s.Generation()
		op(i)
		if f.s.Generation() == gen {
			return
		}
	}
	f.t.Fatalf("%s moved the generation every time; it is not a write", what)
}
