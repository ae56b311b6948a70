package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

var attachmentTests = []test{
	{"Attachments/AttachDetach", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}
		arns := []string{"arn:aws:iam::aws:policy/C", "arn:aws:iam::aws:policy/A", "arn:aws:iam::111111111111:policy/B"}
		for _, arn := range arns {
			f.must(f.s.Attachments().Attach(f.ctx, &store.Attachment{Owner: owner, PolicyARN: arn}, 3), "attach "+arn)
		}
		f.must(f.s.Attachments().Attach(f.ctx, &store.Attachment{Owner: owner, PolicyARN: arns[0]}, 3), "attach again at the limit (idempotent)")
		wantErr(t, f.s.Attachments().Attach(f.ctx, &store.Attachment{Owner: owner, PolicyARN: "arn:aws:iam::aws:policy/D"}, 3),
			store.ErrLimitExceeded, "fourth")
		all, pages := collect(t, 2, func(p store.Page) ([]string, string, error) {
			return f.s.Attachments().ListForOwner(f.ctx, owner, p)
		})
		want := []string{"arn:aws:iam::111111111111:policy/B", "arn:aws:iam::aws:policy/A", "arn:aws:iam::aws:policy/C"}
		if !cmp.Equal(all, want) || pages != 2 {
			t.Fatalf("ListForOwner = %v in %d pages, want %v", all, pages, want)
		}
		other := store.Owner{AccountID: f.b, Kind: store.OwnerUser, ID: u.ID}
		wantErr(t, f.s.Attachments().Detach(f.ctx, &store.Attachment{Owner: other, PolicyARN: arns[0]}), store.ErrNotFound, "detach from B")
		wantErr(t, f.s.Attachments().Attach(f.ctx, &store.Attachment{Owner: other, PolicyARN: arns[0]}, 10), store.ErrNotFound, "attach from B")
		_, _, err := f.s.Attachments().ListForOwner(f.ctx, other, store.Page{})
		wantErr(t, err, store.ErrNotFound, "list from B")
		f.must(f.s.Attachments().Detach(f.ctx, &store.Attachment{Owner: owner, PolicyARN: arns[0]}), "detach")
		wantErr(t, f.s.Attachments().Detach(f.ctx, &store.Attachment{Owner: owner, PolicyARN: arns[0]}), store.ErrNotFound, "detach twice")
	}},
	{"Attachments/AbsentOwner", func(t *testing.T, f *fixture) {
		for _, kind := range []store.OwnerKind{store.OwnerUser, store.OwnerGroup, store.OwnerRole} {
			a := &store.Attachment{Owner: store.Owner{AccountID: f.a, Kind: kind, ID: "NOBODY"}, PolicyARN: "arn:aws:iam::aws:policy/A"}
			wantErr(t, f.s.Attachments().Attach(f.ctx, a, 10), store.ErrNotFound, "attach to absent "+string(kind))
		}
	}},
	{"Attachments/EntitiesAndCounts", func(t *testing.T, f *fixture) {
		const arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
		u := f.user(f.a, "u")
		g := f.group(f.a, "g")
		r := &store.Role{AccountID: f.a, ID: f.id("AROA"), Name: "r", Path: "/svc/", AssumeRolePolicy: "{}", CreatedAt: f.now}
		f.must(f.s.Roles().Create(f.ctx, r, 0), "create role")
		ub := f.user(f.b, "ub")
		owners := []store.Owner{
			{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID},
			{AccountID: f.a, Kind: store.OwnerGroup, ID: g.ID},
			{AccountID: f.a, Kind: store.OwnerRole, ID: r.ID},
			{AccountID: f.b, Kind: store.OwnerUser, ID: ub.ID},
		}
		for _, o := range owners {
			f.must(f.s.Attachments().Attach(f.ctx, &store.Attachment{Owner: o, PolicyARN: arn}, 10), "attach")
		}
		all, pages := collect(t, 1, func(p store.Page) ([]store.Owner, string, error) {
			return f.s.Attachments().ListEntities(f.ctx, f.a, arn, store.EntityFilter{}, p)
		})
		if len(all) != 3 || pages != 3 {
			t.Fatalf("ListEntities = %v in %d pages, want A's three", all, pages)
		}
		seen := map[store.Owner]bool{}
		for _, o := range all {
			seen[o] = true
		}
		for _, o := range owners[:3] {
			if !seen[o] {
				t.Fatalf("ListEntities misses %+v", o)
			}
		}
		users, _, err := f.s.Attachments().ListEntities(f.ctx, f.a, arn, store.EntityFilter{Kinds: []store.OwnerKind{store.OwnerUser}}, store.Page{})
		f.must(err, "list users")
		if !cmp.Equal(users, owners[:1]) {
			t.Fatalf("users only = %v", users)
		}
		two, _, err := f.s.Attachments().ListEntities(f.ctx, f.a, arn,
			store.EntityFilter{Kinds: []store.OwnerKind{store.OwnerUser, store.OwnerRole}}, store.Page{})
		f.must(err, "list users and roles")
		if len(two) != 2 {
			t.Fatalf("users and roles = %v", two)
		}
		svc, _, err := f.s.Attachments().ListEntities(f.ctx, f.a, arn, store.EntityFilter{PathPrefix: "/svc/"}, store.Page{})
		f.must(err, "list /svc/")
		if !cmp.Equal(svc, owners[2:3]) {
			t.Fatalf("path /svc/ = %v", svc)
		}
		n, err := f.s.Attachments().Count(f.ctx, f.a, arn)
		f.must(err, "count")
		if n != 3 {
			t.Fatalf("Count = %d, want 3", n)
		}
		u.PermissionsBoundary, r.PermissionsBoundary = arn, arn
		f.must(f.s.Users().Update(f.ctx, u), "user boundary")
		f.must(f.s.Roles().Update(f.ctx, r), "role boundary")
		ub.PermissionsBoundary = arn
		f.must(f.s.Users().Update(f.ctx, ub), "B's boundary")
		n, err = f.s.Attachments().CountBoundaryUses(f.ctx, f.a, arn)
		f.must(err, "count boundary uses")
		if n != 2 {
			t.Fatalf("CountBoundaryUses = %d, want 2", n)
		}
	}},
}
