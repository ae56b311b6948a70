package storetest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// Tests of the contract sentences added for the service's quota and
// listing needs: inline policy size totals, attachment and boundary maps,
// and invalid markers.

var inlineSizeTests = []test{
	{"InlinePolicies/SizeQuota", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}
		put := func(name string, size, maxTotal int) error {
			return f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: name, Document: fmt.Sprint(name, size)}, size, maxTotal)
		}
		f.must(put("a", 40, 100), "first")
		f.must(put("b", 60, 100), "up to the total exactly")
		wantErr(t, put("c", 1, 100), store.ErrLimitExceeded, "one past the total")
		f.must(put("B", 50, 100), "a replacement counts instead of the old size")
		f.must(put("c", 10, 100), "the space the replacement freed")
		wantErr(t, put("A", 41, 100), store.ErrLimitExceeded, "a replacement that grows past the total")
		got, err := f.s.InlinePolicies().Get(f.ctx, owner, "a")
		f.must(err, "get")
		if got.Document != "a40" {
			t.Fatalf("a refused put changed the policy: %q", got.Document)
		}
		f.must(put("d", 1000, 0), "maxTotal 0 is no limit")
		f.must(f.s.InlinePolicies().Delete(f.ctx, owner, "d"), "delete")
		f.must(put("e", 0, 100), "a deleted policy's size no longer counts")
		r := f.role(f.a, "r")
		other := store.Owner{AccountID: f.a, Kind: store.OwnerRole, ID: r.ID}
		f.must(f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: other, Name: "a", Document: "x"}, 100, 100),
			"another owner's total is its own")
	}},
	{"Concurrency/InlineSizeQuota", func(t *testing.T, f *fixture) {
		g := f.group(f.a, "g")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerGroup, ID: g.ID}
		wins := race(t, f, store.ErrLimitExceeded, func(i int) error {
			return f.s.InlinePolicies().Put(f.ctx, &store.InlinePolicy{Owner: owner, Name: fmt.Sprint("p", i), Document: "{}"}, 10, 100)
		})
		all, _ := collect(t, 100, func(p store.Page) ([]*store.InlinePolicy, string, error) {
			return f.s.InlinePolicies().List(f.ctx, owner, p)
		})
		if wins != 10 || len(all) != 10 {
			t.Fatalf("%d racers won and the group has %d policies; want 10 and 10", wins, len(all))
		}
	}},
}

var attachmentMapTests = []test{
	{"Attachments/AttachedAndBoundaryARNs", func(t *testing.T, f *fixture) {
		const ro, admin, boundary = "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess",
			"arn:aws:iam::aws:policy/PowerUserAccess"
		empty, err := f.s.Attachments().AttachedARNs(f.ctx, f.a)
		f.must(err, "AttachedARNs of an empty account")
		if len(empty) != 0 {
			t.Fatalf("AttachedARNs of an empty account = %v", empty)
		}
		u := f.user(f.a, "u")
		g := f.group(f.a, "g")
		r := f.role(f.a, "r")
		ub := f.user(f.b, "ub")
		for _, a := range []struct {
			owner store.Owner
			arn   string
		}{
			{store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}, ro},
			{store.Owner{AccountID: f.a, Kind: store.OwnerGroup, ID: g.ID}, ro},
			{store.Owner{AccountID: f.a, Kind: store.OwnerRole, ID: r.ID}, ro},
			{store.Owner{AccountID: f.a, Kind: store.OwnerRole, ID: r.ID}, admin},
			{store.Owner{AccountID: f.b, Kind: store.OwnerUser, ID: ub.ID}, admin},
		} {
			f.must(f.s.Attachments().Attach(f.ctx, &store.Attachment{Owner: a.owner, PolicyARN: a.arn}, 10), "attach")
		}
		u.PermissionsBoundary, r.PermissionsBoundary = boundary, boundary
		f.must(f.s.Users().Update(f.ctx, u), "set user boundary")
		f.must(f.s.Roles().Update(f.ctx, r), "set role boundary")
		ub.PermissionsBoundary = ro
		f.must(f.s.Users().Update(f.ctx, ub), "set B's boundary")

		attached, err := f.s.Attachments().AttachedARNs(f.ctx, f.a)
		f.must(err, "AttachedARNs")
		if want := map[string]int{ro: 3, admin: 1}; !cmp.Equal(attached, want) {
			t.Fatalf("AttachedARNs = %v, want %v", attached, want)
		}
		boundaries, err := f.s.Attachments().BoundaryARNs(f.ctx, f.a)
		f.must(err, "BoundaryARNs")
		if want := map[string]int{boundary: 2}; !cmp.Equal(boundaries, want) {
			t.Fatalf("BoundaryARNs = %v, want %v", boundaries, want)
		}
		for _, arn := range []string{ro, admin, boundary} {
			n, err := f.s.Attachments().Count(f.ctx, f.a, arn)
			f.must(err, "Count")
			b, err := f.s.Attachments().CountBoundaryUses(f.ctx, f.a, arn)
			f.must(err, "CountBoundaryUses")
			if n != attached[arn] || b != boundaries[arn] {
				t.Fatalf("%s: Count %d and CountBoundaryUses %d disagree with the maps (%d, %d)", arn, n, b, attached[arn], boundaries[arn])
			}
		}
	}},
}

var markerTests = []test{
	{"Pagination/InvalidMarker", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "u")
		g := f.group(f.a, "g")
		r := f.role(f.a, "r")
		f.policy(f.a, "/", "p")
		f.profile(f.a, "ip")
		owner := store.Owner{AccountID: f.a, Kind: store.OwnerUser, ID: u.ID}
		listings := map[string]func(p store.Page) error{
			"users":    func(p store.Page) error { _, _, err := f.s.Users().List(f.ctx, f.a, "/", p); return err },
			"groups":   func(p store.Page) error { _, _, err := f.s.Groups().List(f.ctx, f.a, "/", p); return err },
			"members":  func(p store.Page) error { _, _, err := f.s.Groups().Members(f.ctx, f.a, g.ID, p); return err },
			"for user": func(p store.Page) error { _, _, err := f.s.Groups().GroupsForUser(f.ctx, f.a, u.ID, p); return err },
			"roles":    func(p store.Page) error { _, _, err := f.s.Roles().List(f.ctx, f.a, "/", p); return err },
			"policies": func(p store.Page) error { _, _, err := f.s.Policies().List(f.ctx, f.a, "/", p); return err },
			"inline":   func(p store.Page) error { _, _, err := f.s.InlinePolicies().List(f.ctx, owner, p); return err },
			"attached": func(p store.Page) error { _, _, err := f.s.Attachments().ListForOwner(f.ctx, owner, p); return err },
			"profiles": func(p store.Page) error { _, _, err := f.s.InstanceProfiles().List(f.ctx, f.a, "/", p); return err },
			"for role": func(p store.Page) error {
				_, _, err := f.s.InstanceProfiles().ListForRole(f.ctx, f.a, r.ID, p)
				return err
			},
			"entities": func(p store.Page) error {
				_, _, err := f.s.Attachments().ListEntities(f.ctx, f.a, "arn:aws:iam::aws:policy/A", store.EntityFilter{}, p)
				return err
			},
		}
		for name, list := range listings {
			if err := list(store.Page{MaxItems: 1}); err != nil {
				t.Fatalf("%s: first page: %v", name, err)
			}
			// Not base64; base64 of a key with too many parts.
			for _, bad := range []string{"not a marker!", "YQBiAGM"} {
				wantErr(t, list(store.Page{Marker: bad, MaxItems: 1}), store.ErrInvalidMarker, name+" with marker "+bad)
			}
		}
	}},
}
