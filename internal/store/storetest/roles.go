package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var roleTests = []test{
	{"Roles/CRUD", func(t *testing.T, f *fixture) {
		r := &store.Role{AccountID: f.a, ID: f.id("AROA"), Name: "Deployer", Path: "/ci/", AssumeRolePolicy: `{"Statement":[]}`,
			Description: "deploys", MaxSessionDuration: 7200, PermissionsBoundary: "arn:aws:iam::aws:policy/B", CreatedAt: f.now}
		f.must(f.s.Roles().Create(f.ctx, r, 0), "create")
		err := f.s.Roles().Create(f.ctx, &store.Role{AccountID: f.a, ID: f.id("AROA"), Name: "DEPLOYER", Path: "/", CreatedAt: f.now}, 0)
		wantErr(t, err, store.ErrAlreadyExists, "create DEPLOYER")
		got, err := f.s.Roles().Get(f.ctx, f.a, "deployer")
		f.must(err, "get")
		if diff := cmp.Diff(r, got); diff != "" {
			t.Fatalf("get (-want +got):\n%s", diff)
		}
		used := f.now.Add(2 * time.Hour)
		r.AssumeRolePolicy, r.Description, r.MaxSessionDuration = `{"Statement":[{}]}`, "", 3600
		r.PermissionsBoundary, r.LastUsedAt, r.LastUsedRegion = "", &used, "eu-west-1"
		f.must(f.s.Roles().Update(f.ctx, r), "update")
		got, err = f.s.Roles().GetByID(f.ctx, f.a, r.ID)
		f.must(err, "get by id")
		if diff := cmp.Diff(r, got); diff != "" {
			t.Fatalf("after update (-want +got):\n%s", diff)
		}
		_, err = f.s.Roles().Get(f.ctx, f.b, "deployer")
		wantErr(t, err, store.ErrNotFound, "get from B")
		_, err = f.s.Roles().GetByID(f.ctx, f.b, r.ID)
		wantErr(t, err, store.ErrNotFound, "get by id from B")
		wrong := *r
		wrong.AccountID = f.b
		wantErr(t, f.s.Roles().Update(f.ctx, &wrong), store.ErrNotFound, "update from B")
		wantErr(t, f.s.Roles().Delete(f.ctx, f.b, r.ID), store.ErrNotFound, "delete from B")
	}},
	{"Roles/ListPagesAndPaths", func(t *testing.T, f *fixture) {
		for _, n := range []string{"b", "a", "C"} {
			f.role(f.a, n)
		}
		all, pages := collect(t, 1, func(p store.Page) ([]*store.Role, string, error) {
			return f.s.Roles().List(f.ctx, f.a, "/", p)
		})
		var names []string
		for _, r := range all {
			names = append(names, r.Name)
		}
		if !cmp.Equal(names, []string{"a", "b", "C"}) || pages != 3 {
			t.Fatalf("list = %v in %d pages", names, pages)
		}
		none, _, err := f.s.Roles().List(f.ctx, f.a, "/service-role/", store.Page{})
		f.must(err, "list by path")
		if len(none) != 0 {
			t.Fatalf("path filter: %d roles", len(none))
		}
	}},
	{"Roles/DeleteConflictsInOrder", func(t *testing.T, f *fixture) {
		r := f.role(f.a, "r")
		ip := f.profile(f.a, "ip")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerRole, ID: r.ID}
		att := &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/ReadOnlyAccess"}
		f.must(f.s.Attachments().Attach(f.ctx, att, 10), "attach")
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: "p", Document: "{}"}, 0, 0), "put inline")
		f.must(f.s.InstanceProfiles().AddRole(f.ctx, f.a, ip.ID, r.ID, 1), "add to profile")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagRole, r.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
		steps := []struct {
			dep    store.Dependent
			remove func() error
		}{
			{store.DependentInstanceProfiles, func() error { return f.s.InstanceProfiles().RemoveRole(f.ctx, f.a, ip.ID, r.ID) }},
			{store.DependentInlinePolicies, func() error { return f.s.InlinePolicies().Delete(f.ctx, owner, "p") }},
			{store.DependentAttachedPolicies, func() error { return f.s.Attachments().Detach(f.ctx, att) }},
		}
		for _, st := range steps {
			wantConflict(t, f.s.Roles().Delete(f.ctx, f.a, r.ID), st.dep, "delete role")
			f.must(st.remove(), "remove "+string(st.dep))
		}
		f.must(f.s.Roles().Delete(f.ctx, f.a, r.ID), "delete role")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagRole, r.ID)
		f.must(err, "list tags")
		if len(tags) != 0 {
			t.Fatalf("tags survived their role: %v", tags)
		}
	}},
}

var instanceProfileTests = []test{
	{"InstanceProfiles/Lifecycle", func(t *testing.T, f *fixture) {
		ip := f.profile(f.a, "Web")
		err := f.s.InstanceProfiles().Create(f.ctx, &store.InstanceProfile{AccountID: f.a, ID: f.id("AIPA"), Name: "WEB", Path: "/", CreatedAt: f.now}, 0)
		wantErr(t, err, store.ErrAlreadyExists, "create WEB")
		r1, r2 := f.role(f.a, "r1"), f.role(f.a, "r2")
		wantErr(t, f.s.InstanceProfiles().AddRole(f.ctx, f.a, ip.ID, "AROANOBODY", 1), store.ErrNotFound, "add absent role")
		wantErr(t, f.s.InstanceProfiles().AddRole(f.ctx, f.a, "AIPANOBODY", r1.ID, 1), store.ErrNotFound, "add to absent profile")
		f.must(f.s.InstanceProfiles().AddRole(f.ctx, f.a, ip.ID, r1.ID, 1), "add r1")
		wantErr(t, f.s.InstanceProfiles().AddRole(f.ctx, f.a, ip.ID, r2.ID, 1), store.ErrLimitExceeded, "add r2 beyond 1")
		wantErr(t, f.s.InstanceProfiles().AddRole(f.ctx, f.a, ip.ID, r1.ID, 2), store.ErrAlreadyExists, "add r1 again")
		got, err := f.s.InstanceProfiles().Get(f.ctx, f.a, "web")
		f.must(err, "get")
		want := *ip
		want.RoleIDs = []string{r1.ID}
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Fatalf("get (-want +got):\n%s", diff)
		}
		_, err = f.s.InstanceProfiles().Get(f.ctx, f.b, "web")
		wantErr(t, err, store.ErrNotFound, "get from B")
		ips, _, err := f.s.InstanceProfiles().ListForRole(f.ctx, f.a, r1.ID, store.Page{})
		f.must(err, "list for role")
		if len(ips) != 1 || ips[0].ID != ip.ID || !cmp.Equal(ips[0].RoleIDs, []string{r1.ID}) {
			t.Fatalf("list for role = %+v", ips)
		}
		wantConflict(t, f.s.InstanceProfiles().Delete(f.ctx, f.a, ip.ID), store.DependentRoles, "delete with role")
		wantErr(t, f.s.InstanceProfiles().RemoveRole(f.ctx, f.a, ip.ID, r2.ID), store.ErrNotFound, "remove role not in it")
		wantErr(t, f.s.InstanceProfiles().RemoveRole(f.ctx, f.b, ip.ID, r1.ID), store.ErrNotFound, "remove from B")
		f.must(f.s.InstanceProfiles().RemoveRole(f.ctx, f.a, ip.ID, r1.ID), "remove r1")
		wantErr(t, f.s.InstanceProfiles().Delete(f.ctx, f.b, ip.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.InstanceProfiles().Delete(f.ctx, f.a, ip.ID), "delete")
		_, err = f.s.InstanceProfiles().Get(f.ctx, f.a, "web")
		wantErr(t, err, store.ErrNotFound, "get deleted")
	}},
	{"InstanceProfiles/List", func(t *testing.T, f *fixture) {
		for _, n := range []string{"b", "A", "c"} {
			f.profile(f.a, n)
		}
		f.must(f.s.InstanceProfiles().Create(f.ctx, &store.InstanceProfile{AccountID: f.a, ID: f.id("AIPA"), Name: "d", Path: "/p/", CreatedAt: f.now}, 0), "create d")
		all, pages := collect(t, 2, func(p store.Page) ([]*store.InstanceProfile, string, error) {
			return f.s.InstanceProfiles().List(f.ctx, f.a, "", p)
		})
		var names []string
		for _, ip := range all {
			names = append(names, ip.Name)
			if ip.RoleIDs == nil {
				t.Fatalf("%s: RoleIDs not filled", ip.Name)
			}
		}
		if !cmp.Equal(names, []string{"A", "b", "c", "d"}) || pages != 2 {
			t.Fatalf("list = %v in %d pages", names, pages)
		}
		ps, _, err := f.s.InstanceProfiles().List(f.ctx, f.a, "/p/", store.Page{})
		f.must(err, "list /p/")
		if len(ps) != 1 || ps[0].Name != "d" {
			t.Fatalf("list /p/ = %d", len(ps))
		}
	}},
}
