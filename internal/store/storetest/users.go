package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var userTests = []test{
	{"Users/RoundTrip", func(t *testing.T, f *fixture) {
		used := f.now.Add(time.Hour)
		u := &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "Alice", Path: "/eng/", CreatedAt: f.now,
			PasswordLastUsed: &used, PermissionsBoundary: "arn:aws:iam::111111111111:policy/b"}
		f.must(f.s.Users().Create(f.ctx, u, 0), "create")
		byName, err := f.s.Users().Get(f.ctx, f.a, "Alice")
		f.must(err, "get")
		if diff := cmp.Diff(u, byName); diff != "" {
			t.Fatalf("Get differs (-want +got):\n%s", diff)
		}
		if byName.CreatedAt.Location() != time.UTC || byName.PasswordLastUsed.Location() != time.UTC {
			t.Fatal("times not read back in UTC")
		}
		byID, err := f.s.Users().GetByID(f.ctx, f.a, u.ID)
		f.must(err, "get by id")
		if diff := cmp.Diff(u, byID); diff != "" {
			t.Fatalf("GetByID differs (-want +got):\n%s", diff)
		}
	}},
	{"Users/TimesStoredInUTC", func(t *testing.T, f *fixture) {
		zone := time.FixedZone("UTC+5", 5*3600)
		created := time.Date(2025, 6, 7, 8, 9, 10, 0, zone)
		u := &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "zoned", Path: "/", CreatedAt: created}
		f.must(f.s.Users().Create(f.ctx, u, 0), "create")
		got, err := f.s.Users().GetByID(f.ctx, f.a, u.ID)
		f.must(err, "get")
		if !got.CreatedAt.Equal(created) || got.CreatedAt.Location() != time.UTC || got.PasswordLastUsed != nil {
			t.Fatalf("CreatedAt = %v (PasswordLastUsed %v), want %v in UTC and nil", got.CreatedAt, got.PasswordLastUsed, created.UTC())
		}
	}},
	{"Users/Absent", func(t *testing.T, f *fixture) {
		_, err := f.s.Users().Get(f.ctx, f.a, "nobody")
		wantErr(t, err, store.ErrNotFound, "get")
		_, err = f.s.Users().GetByID(f.ctx, f.a, "AIDANOBODY")
		wantErr(t, err, store.ErrNotFound, "get by id")
		err = f.s.Users().Update(f.ctx, &store.User{AccountID: f.a, ID: "AIDANOBODY", Name: "x", Path: "/"})
		wantErr(t, err, store.ErrNotFound, "update")
		wantErr(t, f.s.Users().Delete(f.ctx, f.a, "AIDANOBODY"), store.ErrNotFound, "delete")
	}},
	{"Users/CaseInsensitiveNames", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "Alice")
		err := f.s.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "ALICE", Path: "/", CreatedAt: f.now}, 0)
		wantErr(t, err, store.ErrAlreadyExists, "create ALICE beside Alice")
		got, err := f.s.Users().Get(f.ctx, f.a, "aLiCe")
		f.must(err, "get aLiCe")
		if got.ID != u.ID || got.Name != "Alice" {
			t.Fatalf("Get(aLiCe) = %s %q, want %s \"Alice\"", got.ID, got.Name, u.ID)
		}
		f.user(f.b, "alice") // other account: no clash
	}},
	{"Users/DuplicateID", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "one")
		err := f.s.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: u.ID, Name: "two", Path: "/", CreatedAt: f.now}, 0)
		wantErr(t, err, store.ErrAlreadyExists, "create with a taken ID")
	}},
	{"Users/CrossAccount", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		_, err := f.s.Users().Get(f.ctx, f.b, "alice")
		wantErr(t, err, store.ErrNotFound, "get from B")
		_, err = f.s.Users().GetByID(f.ctx, f.b, u.ID)
		wantErr(t, err, store.ErrNotFound, "get by id from B")
		other := *u
		other.AccountID, other.Name = f.b, "mallory"
		wantErr(t, f.s.Users().Update(f.ctx, &other), store.ErrNotFound, "update from B")
		wantErr(t, f.s.Users().Delete(f.ctx, f.b, u.ID), store.ErrNotFound, "delete from B")
		list, _, err := f.s.Users().List(f.ctx, f.b, "", store.Page{})
		f.must(err, "list B")
		if len(list) != 0 {
			t.Fatalf("B lists %d users, want 0", len(list))
		}
		n, err := f.s.Users().Count(f.ctx, f.b)
		f.must(err, "count B")
		if n != 0 {
			t.Fatalf("B counts %d users", n)
		}
	}},
	{"Users/UpdateRename", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		f.user(f.a, "bob")
		u.Name, u.Path, u.PermissionsBoundary = "Alicia", "/new/", "arn:aws:iam::aws:policy/PowerUserAccess"
		used := f.now.Add(time.Minute)
		u.PasswordLastUsed = &used
		f.must(f.s.Users().Update(f.ctx, u), "rename")
		_, err := f.s.Users().Get(f.ctx, f.a, "alice")
		wantErr(t, err, store.ErrNotFound, "old name after rename")
		got, err := f.s.Users().Get(f.ctx, f.a, "alicia")
		f.must(err, "new name")
		if diff := cmp.Diff(u, got); diff != "" {
			t.Fatalf("after update (-want +got):\n%s", diff)
		}
		u.Name = "BOB"
		wantErr(t, f.s.Users().Update(f.ctx, u), store.ErrAlreadyExists, "rename onto bob")
		u.Name = "ALICIA"
		f.must(f.s.Users().Update(f.ctx, u), "rename to a different case of its own name")
	}},
	{"Users/DeleteConflictsInOrder", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		g := f.group(f.a, "devs")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}
		att := &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}
		f.must(f.s.Attachments().Attach(f.ctx, att, 10), "attach")
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: "p", Document: "{}"}, 0, 0), "put inline")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, g.ID, u.ID, 10), "add member")
		f.must(f.s.LoginProfiles().Create(f.ctx, &store.LoginProfile{AccountID: f.a, UserID: u.ID, PasswordHash: "h", CreatedAt: f.now}), "login profile")
		k := f.key(f.a, u.ID)

		steps := []struct {
			dep    store.Dependent
			remove func() error
		}{
			{store.DependentAccessKeys, func() error { return f.s.AccessKeys().Delete(f.ctx, f.a, u.ID, k.ID) }},
			{store.DependentLoginProfile, func() error { return f.s.LoginProfiles().Delete(f.ctx, f.a, u.ID) }},
			{store.DependentGroupMemberships, func() error { return f.s.Groups().RemoveMember(f.ctx, f.a, g.ID, u.ID) }},
			{store.DependentInlinePolicies, func() error { return f.s.InlinePolicies().Delete(f.ctx, owner, "p") }},
			{store.DependentAttachedPolicies, func() error { return f.s.Attachments().Detach(f.ctx, att) }},
		}
		for _, st := range steps {
			wantConflict(t, f.s.Users().Delete(f.ctx, f.a, u.ID), st.dep, "delete user")
			f.must(st.remove(), "remove "+string(st.dep))
		}
		f.must(f.s.Users().Delete(f.ctx, f.a, u.ID), "delete user without dependents")
		_, err := f.s.Users().GetByID(f.ctx, f.a, u.ID)
		wantErr(t, err, store.ErrNotFound, "get deleted user")
	}},
	{"Users/DeleteTakesTags", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagUser, u.ID, []store.Tag{{Key: "team", Value: "x"}}, 50), "tag")
		f.must(f.s.Users().Delete(f.ctx, f.a, u.ID), "delete")
		// A new user with the same ID must not inherit the old tags.
		f.must(f.s.Users().Create(f.ctx, &store.User{AccountID: f.a, ID: u.ID, Name: "alice", Path: "/", CreatedAt: f.now}, 0), "recreate")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagUser, u.ID)
		f.must(err, "list tags")
		if len(tags) != 0 {
			t.Fatalf("tags survived their user: %v", tags)
		}
	}},
	{"Users/ListOrderPagesAndPaths", func(t *testing.T, f *fixture) {
		for _, n := range []string{"carol", "Bob", "alice", "Dave", "alice2"} {
			f.user(f.a, n)
		}
		eng := &store.User{AccountID: f.a, ID: f.id("AIDA"), Name: "erin", Path: "/eng/team/", CreatedAt: f.now}
		f.must(f.s.Users().Create(f.ctx, eng, 0), "create erin")
		f.user(f.b, "aaron")
		all, pages := collect(t, 2, func(p store.Page) ([]*store.User, string, error) {
			return f.s.Users().List(f.ctx, f.a, "/", p)
		})
		want := []string{"alice", "alice2", "Bob", "carol", "Dave", "erin"}
		if got := userNames(all); !cmp.Equal(got, want) {
			t.Fatalf("names = %v, want %v", got, want)
		}
		if pages != 3 {
			t.Fatalf("%d pages of 2 for 6 users, want 3", pages)
		}
		one, next, err := f.s.Users().List(f.ctx, f.a, "", store.Page{MaxItems: 6})
		f.must(err, "list 6")
		if len(one) != 6 || next != "" {
			t.Fatalf("exact page: %d items, marker %q; want 6 and none", len(one), next)
		}
		engs, _, err := f.s.Users().List(f.ctx, f.a, "/eng/", store.Page{})
		f.must(err, "list /eng/")
		if got := userNames(engs); !cmp.Equal(got, []string{"erin"}) {
			t.Fatalf("path /eng/ = %v", got)
		}
		none, _, err := f.s.Users().List(f.ctx, f.a, "/ENG/", store.Page{})
		f.must(err, "list /ENG/")
		if len(none) != 0 {
			t.Fatalf("path prefix matched case-insensitively: %v", userNames(none))
		}
		n, err := f.s.Users().Count(f.ctx, f.a)
		f.must(err, "count")
		if n != 6 {
			t.Fatalf("Count = %d, want 6", n)
		}
	}},
	{"Users/DefaultPageSize", func(t *testing.T, f *fixture) {
		for i := 0; i < 101; i++ {
			f.user(f.a, "user"+string(rune('a'+i/26))+string(rune('a'+i%26)))
		}
		page, next, err := f.s.Users().List(f.ctx, f.a, "", store.Page{})
		f.must(err, "list")
		if len(page) != 100 || next == "" {
			t.Fatalf("default page: %d items, marker %q; want 100 and a marker", len(page), next)
		}
		rest, next, err := f.s.Users().List(f.ctx, f.a, "", store.Page{Marker: next})
		f.must(err, "list rest")
		if len(rest) != 1 || next != "" || rest[0].Name != "userdw" {
			t.Fatalf("second page: %v, marker %q", userNames(rest), next)
		}
	}},
}

var loginProfileTests = []test{
	{"LoginProfiles/Lifecycle", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		lp := &store.LoginProfile{AccountID: f.a, UserID: u.ID, PasswordHash: "$argon2id$v=19$x", PasswordResetRequired: true, CreatedAt: f.now}
		_, err := f.s.LoginProfiles().Get(f.ctx, f.a, u.ID)
		wantErr(t, err, store.ErrNotFound, "get before create")
		f.must(f.s.LoginProfiles().Create(f.ctx, lp), "create")
		wantErr(t, f.s.LoginProfiles().Create(f.ctx, lp), store.ErrAlreadyExists, "create twice")
		got, err := f.s.LoginProfiles().Get(f.ctx, f.a, u.ID)
		f.must(err, "get")
		if diff := cmp.Diff(lp, got); diff != "" {
			t.Fatalf("get (-want +got):\n%s", diff)
		}
		lp.PasswordHash, lp.PasswordResetRequired = "$argon2id$v=19$y", false
		f.must(f.s.LoginProfiles().Update(f.ctx, lp), "update")
		got, err = f.s.LoginProfiles().Get(f.ctx, f.a, u.ID)
		f.must(err, "get after update")
		if diff := cmp.Diff(lp, got); diff != "" {
			t.Fatalf("after update (-want +got):\n%s", diff)
		}
		_, err = f.s.LoginProfiles().Get(f.ctx, f.b, u.ID)
		wantErr(t, err, store.ErrNotFound, "get from B")
		wantErr(t, f.s.LoginProfiles().Delete(f.ctx, f.b, u.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.LoginProfiles().Delete(f.ctx, f.a, u.ID), "delete")
		wantErr(t, f.s.LoginProfiles().Delete(f.ctx, f.a, u.ID), store.ErrNotFound, "delete twice")
		wantErr(t, f.s.LoginProfiles().Update(f.ctx, lp), store.ErrNotFound, "update absent")
	}},
	{"LoginProfiles/AbsentUser", func(t *testing.T, f *fixture) {
		err := f.s.LoginProfiles().Create(f.ctx, &store.LoginProfile{AccountID: f.a, UserID: "AIDANOBODY", PasswordHash: "h", CreatedAt: f.now})
		wantErr(t, err, store.ErrNotFound, "create for absent user")
		u := f.user(f.a, "alice")
		err = f.s.LoginProfiles().Create(f.ctx, &store.LoginProfile{AccountID: f.b, UserID: u.ID, PasswordHash: "h", CreatedAt: f.now})
		wantErr(t, err, store.ErrNotFound, "create for another account's user")
	}},
}

func userNames(us []*store.User) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Name)
	}
	return out
}
