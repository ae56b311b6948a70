package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// policyARN is the ARN of a customer managed policy, as the services build it.
func policyARN(p *store.ManagedPolicy) string {
	return "arn:aws:iam::" + p.AccountID + ":policy" + p.Path + p.Name
}

var policyTests = []test{
	{"Policies/CreateGetUpdate", func(t *testing.T, f *fixture) {
		p := &store.ManagedPolicy{AccountID: f.a, ID: f.id("ANPA"), Name: "ReadS3", Path: "/data/", Description: "read", CreatedAt: f.now}
		v1 := &store.PolicyVersion{Document: `{"Version":"2012-10-17"}`, CreatedAt: f.now}
		f.must(f.s.Policies().Create(f.ctx, p, v1, 0), "create")
		if p.DefaultVersionID != "v1" || p.NextVersion != 2 || v1.VersionID != "v1" || !v1.IsDefault || v1.PolicyID != p.ID {
			t.Fatalf("after create: policy %+v, version %+v", p, v1)
		}
		dup := &store.ManagedPolicy{AccountID: f.a, ID: f.id("ANPA"), Name: "READS3", Path: "/other/", CreatedAt: f.now}
		wantErr(t, f.s.Policies().Create(f.ctx, dup, &store.PolicyVersion{Document: "{}", CreatedAt: f.now}, 0), store.ErrAlreadyExists,
			"same name, other case and path")
		got, err := f.s.Policies().Get(f.ctx, f.a, "reads3")
		f.must(err, "get")
		want := *p
		want.UpdatedAt = f.now
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Fatalf("get (-want +got):\n%s", diff)
		}
		gotV, err := f.s.Policies().GetVersion(f.ctx, f.a, p.ID, "v1")
		f.must(err, "get version")
		if diff := cmp.Diff(v1, gotV); diff != "" {
			t.Fatalf("get version (-want +got):\n%s", diff)
		}
		f.must(f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, &store.PolicyVersion{Document: "{2}", CreatedAt: f.now}, false, 5), "v2")
		want.Description, want.DefaultVersionID, want.UpdatedAt = "changed", "v2", f.now.Add(time.Hour)
		f.must(f.s.Policies().Update(f.ctx, &want), "update")
		got, err = f.s.Policies().GetByID(f.ctx, f.a, p.ID)
		f.must(err, "get by id")
		want.NextVersion = 3
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Fatalf("after update (-want +got):\n%s", diff)
		}
		_, err = f.s.Policies().Get(f.ctx, f.b, "reads3")
		wantErr(t, err, store.ErrNotFound, "get from B")
		_, err = f.s.Policies().GetByID(f.ctx, f.b, p.ID)
		wantErr(t, err, store.ErrNotFound, "get by id from B")
		_, err = f.s.Policies().GetVersion(f.ctx, f.b, p.ID, "v1")
		wantErr(t, err, store.ErrNotFound, "get version from B")
		_, err = f.s.Policies().ListVersions(f.ctx, f.b, p.ID)
		wantErr(t, err, store.ErrNotFound, "list versions from B")
		wrong := want
		wrong.AccountID = f.b
		wantErr(t, f.s.Policies().Update(f.ctx, &wrong), store.ErrNotFound, "update from B")
	}},
	{"Policies/Versions", func(t *testing.T, f *fixture) {
		p := f.policy(f.a, "/", "p")
		for i := 2; i <= 4; i++ {
			v := &store.PolicyVersion{Document: "doc", CreatedAt: f.now.Add(time.Duration(i) * time.Minute)}
			f.must(f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, v, i == 3, 5), "create version")
			if want := "v" + string(rune('0'+i)); v.VersionID != want || v.PolicyID != p.ID || v.IsDefault != (i == 3) {
				t.Fatalf("version %d filled as %+v, want ID %s", i, v, want)
			}
		}
		got, err := f.s.Policies().GetByID(f.ctx, f.a, p.ID)
		f.must(err, "get")
		if got.DefaultVersionID != "v3" || got.NextVersion != 5 {
			t.Fatalf("default %s next %d, want v3 and 5", got.DefaultVersionID, got.NextVersion)
		}
		vs, err := f.s.Policies().ListVersions(f.ctx, f.a, p.ID)
		f.must(err, "list versions")
		var ids []string
		for _, v := range vs {
			ids = append(ids, v.VersionID)
			if v.IsDefault != (v.VersionID == "v3") {
				t.Fatalf("%s IsDefault = %v", v.VersionID, v.IsDefault)
			}
		}
		if !cmp.Equal(ids, []string{"v4", "v3", "v2", "v1"}) {
			t.Fatalf("versions = %v, want newest first", ids)
		}
		wantConflict(t, f.s.Policies().DeleteVersion(f.ctx, f.a, p.ID, "v3"), store.DependentDefaultVersion, "delete default")
		wantErr(t, f.s.Policies().DeleteVersion(f.ctx, f.a, p.ID, "v9"), store.ErrNotFound, "delete unknown")
		wantErr(t, f.s.Policies().DeleteVersion(f.ctx, f.b, p.ID, "v2"), store.ErrNotFound, "delete from B")
		f.must(f.s.Policies().DeleteVersion(f.ctx, f.a, p.ID, "v4"), "delete v4")
		_, err = f.s.Policies().GetVersion(f.ctx, f.a, p.ID, "v4")
		wantErr(t, err, store.ErrNotFound, "get deleted version")
		v := &store.PolicyVersion{Document: "again", CreatedAt: f.now}
		f.must(f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, v, false, 5), "create after delete")
		if v.VersionID != "v5" {
			t.Fatalf("new version %s, want v5: IDs are never reused", v.VersionID)
		}
		wantErr(t, f.s.Policies().SetDefaultVersion(f.ctx, f.a, p.ID, "v4", f.now), store.ErrNotFound, "set deleted default")
		wantErr(t, f.s.Policies().SetDefaultVersion(f.ctx, f.b, p.ID, "v2", f.now), store.ErrNotFound, "set default from B")
		later := f.now.Add(24 * time.Hour)
		f.must(f.s.Policies().SetDefaultVersion(f.ctx, f.a, p.ID, "v2", later), "set v2 default")
		got, err = f.s.Policies().GetByID(f.ctx, f.a, p.ID)
		f.must(err, "get")
		if got.DefaultVersionID != "v2" || !got.UpdatedAt.Equal(later) {
			t.Fatalf("default %s updated %v, want v2 at %v", got.DefaultVersionID, got.UpdatedAt, later)
		}
		wantErr(t, f.s.Policies().CreateVersion(f.ctx, f.a, "ANPANOBODY", &store.PolicyVersion{CreatedAt: f.now}, false, 5),
			store.ErrNotFound, "version of absent policy")
		_, err = f.s.Policies().GetVersion(f.ctx, f.a, "ANPANOBODY", "v1")
		wantErr(t, err, store.ErrNotFound, "get version of absent policy")
	}},
	{"Policies/VersionQuota", func(t *testing.T, f *fixture) {
		p := f.policy(f.a, "/", "p")
		for i := 2; i <= 5; i++ {
			f.must(f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, &store.PolicyVersion{Document: "d", CreatedAt: f.now}, false, 5), "version")
		}
		err := f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, &store.PolicyVersion{Document: "d", CreatedAt: f.now}, true, 5)
		wantErr(t, err, store.ErrLimitExceeded, "sixth version")
		got, err := f.s.Policies().GetByID(f.ctx, f.a, p.ID)
		f.must(err, "get")
		if got.DefaultVersionID != "v1" || got.NextVersion != 6 {
			t.Fatalf("refused version changed the policy: %+v", got)
		}
	}},
	{"Policies/DeleteConflicts", func(t *testing.T, f *fixture) {
		p := f.policy(f.a, "/team/", "p")
		u, r := f.user(f.a, "u"), f.role(f.a, "r")
		f.must(f.s.Policies().CreateVersion(f.ctx, f.a, p.ID, &store.PolicyVersion{Document: "d", CreatedAt: f.now}, false, 5), "v2")
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagPolicy, p.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
		att := &store.Attachment{Owner: store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}, PolicyARN: policyARN(p)}
		f.must(f.s.Attachments().Attach(f.ctx, att, 10), "attach")
		wantConflict(t, f.s.Policies().Delete(f.ctx, f.a, p.ID), store.DependentAttachments, "delete attached")
		f.must(f.s.Attachments().Detach(f.ctx, att), "detach")
		r.PermissionsBoundary = policyARN(p)
		f.must(f.s.Roles().Update(f.ctx, r), "set boundary")
		wantConflict(t, f.s.Policies().Delete(f.ctx, f.a, p.ID), store.DependentAttachments, "delete used as boundary")
		r.PermissionsBoundary = ""
		f.must(f.s.Roles().Update(f.ctx, r), "clear boundary")
		wantConflict(t, f.s.Policies().Delete(f.ctx, f.a, p.ID), store.DependentPolicyVersions, "delete with v2")
		f.must(f.s.Policies().DeleteVersion(f.ctx, f.a, p.ID, "v2"), "delete v2")
		wantErr(t, f.s.Policies().Delete(f.ctx, f.b, p.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.Policies().Delete(f.ctx, f.a, p.ID), "delete")
		_, err := f.s.Policies().GetByID(f.ctx, f.a, p.ID)
		wantErr(t, err, store.ErrNotFound, "get deleted")
		_, err = f.s.Policies().GetVersion(f.ctx, f.a, p.ID, "v1")
		wantErr(t, err, store.ErrNotFound, "default version deleted with the policy")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagPolicy, p.ID)
		f.must(err, "list tags")
		if len(tags) != 0 {
			t.Fatalf("tags survived their policy: %v", tags)
		}
		wantErr(t, f.s.Policies().Delete(f.ctx, f.a, p.ID), store.ErrNotFound, "delete twice")
	}},
	{"Policies/ListPagesAndPaths", func(t *testing.T, f *fixture) {
		f.policy(f.a, "/", "Beta")
		f.policy(f.a, "/", "alpha")
		f.policy(f.a, "/x/", "gamma")
		f.policy(f.b, "/", "aaa")
		all, pages := collect(t, 2, func(p store.Page) ([]*store.ManagedPolicy, string, error) {
			return f.s.Policies().List(f.ctx, f.a, "", p)
		})
		var names []string
		for _, p := range all {
			names = append(names, p.Name)
		}
		if !cmp.Equal(names, []string{"alpha", "Beta", "gamma"}) || pages != 2 {
			t.Fatalf("list = %v in %d pages", names, pages)
		}
		xs, _, err := f.s.Policies().List(f.ctx, f.a, "/x", store.Page{})
		f.must(err, "list /x")
		if len(xs) != 1 || xs[0].Name != "gamma" {
			t.Fatalf("list /x = %d", len(xs))
		}
	}},
}

var inlinePolicyTests = []test{
	{"InlinePolicies/PutGetDelete", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: "Access", Document: "one"}, 0, 0), "put")
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: "ACCESS", Document: "two"}, 0, 0), "replace, other case")
		got, err := f.s.InlinePolicies().Get(f.ctx, owner, "access")
		f.must(err, "get")
		if got.Document != "two" || got.Owner != owner {
			t.Fatalf("get = %+v", got)
		}
		list, _, err := f.s.InlinePolicies().List(f.ctx, owner, store.Page{})
		f.must(err, "list")
		if len(list) != 1 {
			t.Fatalf("%d policies after replace, want 1", len(list))
		}
		other := store.Owner{AccountID: f.b, Kind: store.OwnerUser, ID: u.ID}
		_, err = f.s.InlinePolicies().Get(f.ctx, other, "access")
		wantErr(t, err, store.ErrNotFound, "get from B")
		wantErr(t, f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: other, Name: "x", Document: "{}"}, 0, 0), store.ErrNotFound, "put from B")
		wantErr(t, f.s.InlinePolicies().Delete(f.ctx, other, "access"), store.ErrNotFound, "delete from B")
		asGroup := store.Owner{AccountID: f.a, Kind: store.OwnerGroup, ID: u.ID}
		_, err = f.s.InlinePolicies().Get(f.ctx, asGroup, "access")
		wantErr(t, err, store.ErrNotFound, "get with the wrong owner kind")
		f.must(f.s.InlinePolicies().Delete(f.ctx, owner, "aCCess"), "delete")
		wantErr(t, f.s.InlinePolicies().Delete(f.ctx, owner, "access"), store.ErrNotFound, "delete twice")
		_, err = f.s.InlinePolicies().Get(f.ctx, owner, "access")
		wantErr(t, err, store.ErrNotFound, "get deleted")
	}},
	{"InlinePolicies/AbsentOwner", func(t *testing.T, f *fixture) {
		for _, kind := range []store.OwnerKind{store.OwnerUser, store.OwnerGroup, store.OwnerRole} {
			owner := store.Owner{AccountID: f.a, Kind: kind, ID: "NOBODY"}
			err := f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: "p", Document: "{}"}, 0, 0)
			wantErr(t, err, store.ErrNotFound, "put for absent "+string(kind))
		}
	}},
	{"InlinePolicies/ListOrderAndPages", func(t *testing.T, f *fixture) {
		g := f.group(f.a, "g")
		r := f.role(f.a, "r")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerGroup, ID: g.ID}
		for _, n := range []string{"c", "A", "b"} {
			f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: n, Document: "{}"}, 0, 0), "put "+n)
		}
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: store.Owner{AccountID: f.a, Kind: store.OwnerRole, ID: r.ID},
			Name: "a0", Document: "{}"}, 0, 0), "put on role")
		all, pages := collect(t, 2, func(p store.Page) ([]*store.InlinePolicy, string, error) {
			return f.s.InlinePolicies().List(f.ctx, owner, p)
		})
		var names []string
		for _, p := range all {
			names = append(names, p.Name)
		}
		if !cmp.Equal(names, []string{"A", "b", "c"}) || pages != 2 {
			t.Fatalf("list = %v in %d pages", names, pages)
		}
	}},
}
