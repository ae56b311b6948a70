package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var groupTests = []test{
	{"Groups/CRUD", func(t *testing.T, f *fixture) {
		g := &store.Group{AccountID: f.a, ID: f.id("AGPA"), Name: "Admins", Path: "/ops/", CreatedAt: f.now}
		f.must(f.s.Groups().Create(f.ctx, g, 0), "create")
		err := f.s.Groups().Create(f.ctx, &store.Group{AccountID: f.a, ID: f.id("AGPA"), Name: "ADMINS", Path: "/", CreatedAt: f.now}, 0)
		wantErr(t, err, store.ErrAlreadyExists, "create ADMINS")
		got, err := f.s.Groups().Get(f.ctx, f.a, "admins")
		f.must(err, "get")
		if diff := cmp.Diff(g, got); diff != "" {
			t.Fatalf("get (-want +got):\n%s", diff)
		}
		_, err = f.s.Groups().Get(f.ctx, f.b, "admins")
		wantErr(t, err, store.ErrNotFound, "get from B")
		_, err = f.s.Groups().GetByID(f.ctx, f.b, g.ID)
		wantErr(t, err, store.ErrNotFound, "get by id from B")
		other := f.group(f.a, "others")
		g.Name, g.Path = "Operators", "/new/"
		f.must(f.s.Groups().Update(f.ctx, g), "rename")
		got, err = f.s.Groups().GetByID(f.ctx, f.a, g.ID)
		f.must(err, "get by id")
		if diff := cmp.Diff(g, got); diff != "" {
			t.Fatalf("after rename (-want +got):\n%s", diff)
		}
		g.Name = "OTHERS"
		wantErr(t, f.s.Groups().Update(f.ctx, g), store.ErrAlreadyExists, "rename onto others")
		wantErr(t, f.s.Groups().Update(f.ctx, &store.Group{AccountID: f.b, ID: other.ID, Name: "x", Path: "/"}), store.ErrNotFound, "update from B")
		wantErr(t, f.s.Groups().Delete(f.ctx, f.b, other.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.Groups().Delete(f.ctx, f.a, other.ID), "delete")
		wantErr(t, f.s.Groups().Delete(f.ctx, f.a, other.ID), store.ErrNotFound, "delete twice")
	}},
	{"Groups/ListPagesAndPaths", func(t *testing.T, f *fixture) {
		for _, n := range []string{"b", "A", "c", "d", "E"} {
			f.group(f.a, n)
		}
		f.must(f.s.Groups().Create(f.ctx, &store.Group{AccountID: f.a, ID: f.id("AGPA"), Name: "f", Path: "/x/", CreatedAt: f.now}, 0), "create f")
		f.group(f.b, "0")
		all, pages := collect(t, 4, func(p store.Page) ([]*store.Group, string, error) {
			return f.s.Groups().List(f.ctx, f.a, "", p)
		})
		if got := groupNames(all); !cmp.Equal(got, []string{"A", "b", "c", "d", "E", "f"}) || pages != 2 {
			t.Fatalf("list = %v in %d pages", got, pages)
		}
		xs, _, err := f.s.Groups().List(f.ctx, f.a, "/x/", store.Page{})
		f.must(err, "list /x/")
		if got := groupNames(xs); !cmp.Equal(got, []string{"f"}) {
			t.Fatalf("list /x/ = %v", got)
		}
	}},
	{"Groups/Membership", func(t *testing.T, f *fixture) {
		g := f.group(f.a, "devs")
		g2 := f.group(f.a, "Admins")
		alice, bob := f.user(f.a, "alice"), f.user(f.a, "Bob")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, g.ID, bob.ID, 10), "add bob")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, g.ID, alice.ID, 10), "add alice")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, g.ID, alice.ID, 10), "add alice again (idempotent)")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, g2.ID, alice.ID, 10), "add alice to admins")
		members, pages := collect(t, 1, func(p store.Page) ([]*store.User, string, error) {
			return f.s.Groups().Members(f.ctx, f.a, g.ID, p)
		})
		if got := userNames(members); !cmp.Equal(got, []string{"alice", "Bob"}) || pages != 2 {
			t.Fatalf("members = %v in %d pages", got, pages)
		}
		gs, _ := collect(t, 1, func(p store.Page) ([]*store.Group, string, error) {
			return f.s.Groups().GroupsForUser(f.ctx, f.a, alice.ID, p)
		})
		if got := groupNames(gs); !cmp.Equal(got, []string{"Admins", "devs"}) {
			t.Fatalf("groups for alice = %v", got)
		}
		wantConflict(t, f.s.Groups().Delete(f.ctx, f.a, g.ID), store.DependentGroupMembers, "delete group with members")
		f.must(f.s.Groups().RemoveMember(f.ctx, f.a, g.ID, bob.ID), "remove bob")
		wantErr(t, f.s.Groups().RemoveMember(f.ctx, f.a, g.ID, bob.ID), store.ErrNotFound, "remove bob twice")
		wantErr(t, f.s.Groups().RemoveMember(f.ctx, f.b, g.ID, alice.ID), store.ErrNotFound, "remove from B")
		_, _, err := f.s.Groups().Members(f.ctx, f.b, g.ID, store.Page{})
		wantErr(t, err, store.ErrNotFound, "members from B")
		_, _, err = f.s.Groups().GroupsForUser(f.ctx, f.b, alice.ID, store.Page{})
		wantErr(t, err, store.ErrNotFound, "groups for user from B")
	}},
	{"Groups/MembershipAbsentSides", func(t *testing.T, f *fixture) {
		g := f.group(f.a, "devs")
		u := f.user(f.a, "alice")
		wantErr(t, f.s.Groups().AddMember(f.ctx, f.a, g.ID, "AIDANOBODY", 10), store.ErrNotFound, "absent user")
		wantErr(t, f.s.Groups().AddMember(f.ctx, f.a, "AGPANOBODY", u.ID, 10), store.ErrNotFound, "absent group")
		wantErr(t, f.s.Groups().AddMember(f.ctx, f.b, g.ID, u.ID, 10), store.ErrNotFound, "both sides in another account")
		ub := f.user(f.b, "bob")
		wantErr(t, f.s.Groups().AddMember(f.ctx, f.a, g.ID, ub.ID, 10), store.ErrNotFound, "user of another account")
	}},
	{"Groups/GroupsPerUserQuota", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		var gs []*store.Group
		for _, n := range []string{"g1", "g2", "g3"} {
			gs = append(gs, f.group(f.a, n))
		}
		f.must(f.s.Groups().AddMember(f.ctx, f.a, gs[0].ID, u.ID, 2), "first")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, gs[1].ID, u.ID, 2), "second")
		wantErr(t, f.s.Groups().AddMember(f.ctx, f.a, gs[2].ID, u.ID, 2), store.ErrLimitExceeded, "third")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, gs[1].ID, u.ID, 2), "re-add at the limit is idempotent")
	}},
	{"Groups/DeleteConflictsInOrder", func(t *testing.T, f *fixture) {
		g := f.group(f.a, "devs")
		u := f.user(f.a, "alice")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerGroup, ID: g.ID}
		att := &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}
		f.must(f.s.Attachments().Attach(f.ctx, att, 10), "attach")
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: "p", Document: "{}"}, 0, 0), "put inline")
		f.must(f.s.Groups().AddMember(f.ctx, f.a, g.ID, u.ID, 10), "add member")
		steps := []struct {
			dep    store.Dependent
			remove func() error
		}{
			{store.DependentGroupMembers, func() error { return f.s.Groups().RemoveMember(f.ctx, f.a, g.ID, u.ID) }},
			{store.DependentInlinePolicies, func() error { return f.s.InlinePolicies().Delete(f.ctx, owner, "P") }},
			{store.DependentAttachedPolicies, func() error { return f.s.Attachments().Detach(f.ctx, att) }},
		}
		for _, st := range steps {
			wantConflict(t, f.s.Groups().Delete(f.ctx, f.a, g.ID), st.dep, "delete group")
			f.must(st.remove(), "remove "+string(st.dep))
		}
		f.must(f.s.Groups().Delete(f.ctx, f.a, g.ID), "delete group")
	}},
}

func groupNames(gs []*store.Group) []string {
	out := []string{}
	for _, g := range gs {
		out = append(out, g.Name)
	}
	return out
}
