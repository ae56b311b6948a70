package storetest

import (
	"fmt"
	"testing"

	"github.com/iamd/iamd/internal/store"
)

// accountQuotaKind is one kind of entity with an account-level quota, as
// the quota tests create and count it.
type accountQuotaKind struct {
	name   string
	create func(f *fixture, account, name string, max int) error
	count  func(f *fixture, account string) (int, error)
}

var accountQuotaKinds = []accountQuotaKind{
	{"Users", func(f *fixture, account, name string, max int) error {
		return f.s.Users().Create(f.ctx, &store.User{AccountID: account, ID: f.id("AIDA"), Name: name, Path: "/", CreatedAt: f.now}, max)
	}, func(f *fixture, account string) (int, error) { return f.s.Users().Count(f.ctx, account) }},
	{"Groups", func(f *fixture, account, name string, max int) error {
		return f.s.Groups().Create(f.ctx, &store.Group{AccountID: account, ID: f.id("AGPA"), Name: name, Path: "/", CreatedAt: f.now}, max)
	}, func(f *fixture, account string) (int, error) { return f.s.Groups().Count(f.ctx, account) }},
	{"Roles", func(f *fixture, account, name string, max int) error {
		return f.s.Roles().Create(f.ctx, &store.Role{AccountID: account, ID: f.id("AROA"), Name: name, Path: "/",
			AssumeRolePolicy: "{}", MaxSessionDuration: 3600, CreatedAt: f.now}, max)
	}, func(f *fixture, account string) (int, error) { return f.s.Roles().Count(f.ctx, account) }},
	{"Policies", func(f *fixture, account, name string, max int) error {
		return f.s.Policies().Create(f.ctx, &store.ManagedPolicy{AccountID: account, ID: f.id("ANPA"), Name: name, Path: "/", CreatedAt: f.now},
			&store.PolicyVersion{Document: "{}", CreatedAt: f.now}, max)
	}, func(f *fixture, account string) (int, error) { return f.s.Policies().Count(f.ctx, account) }},
	{"InstanceProfiles", func(f *fixture, account, name string, max int) error {
		return f.s.InstanceProfiles().Create(f.ctx, &store.InstanceProfile{AccountID: account, ID: f.id("AIPA"), Name: name, Path: "/", CreatedAt: f.now}, max)
	}, func(f *fixture, account string) (int, error) { return f.s.InstanceProfiles().Count(f.ctx, account) }},
}

// wantCount fails unless the kind's Count of the account is want.
func (k accountQuotaKind) wantCount(t *testing.T, f *fixture, account string, want int) {
	t.Helper()
	n, err := k.count(f, account)
	f.must(err, "count "+k.name)
	if n != want {
		t.Fatalf("%s: Count(%s) = %d, want %d", k.name, account, n, want)
	}
}

// quotaTests are generated per kind: the quota itself, and the quota
// under racing creators.
var quotaTests = func() []test {
	var tests []test
	for _, k := range accountQuotaKinds {
		tests = append(tests, test{"Quotas/Account" + k.name, func(t *testing.T, f *fixture) {
			k.wantCount(t, f, f.a, 0)
			for i := range 3 {
				f.must(k.create(f, f.a, fmt.Sprint("n", i), 3), "create within the quota")
			}
			wantErr(t, k.create(f, f.a, "over", 3), store.ErrLimitExceeded, "create past the quota")
			k.wantCount(t, f, f.a, 3)
			f.must(k.create(f, f.b, "n0", 1), "another account's quota is its own")
			wantErr(t, k.create(f, f.a, "N1", 0), store.ErrAlreadyExists, "a taken name without a quota")
			f.must(k.create(f, f.a, "unlimited", 0), "max 0 is no limit")
			wantErr(t, k.create(f, f.a, "over", 4), store.ErrLimitExceeded, "a quota lowered below the count")
			k.wantCount(t, f, f.a, 4)
			k.wantCount(t, f, f.b, 1)
		}})
		tests = append(tests, test{"Concurrency/AccountQuota" + k.name, func(t *testing.T, f *fixture) {
			const max = 10
			wins := race(t, f, store.ErrLimitExceeded, func(i int) error {
				return k.create(f, f.a, fmt.Sprintf("racer%02d", i), max)
			})
			n, err := k.count(f, f.a)
			f.must(err, "count")
			if wins != max || n != max {
				t.Fatalf("%d racers won and %d %s exist; want %d and %d", wins, n, k.name, max, max)
			}
		}})
	}
	return tests
}()
