package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

// mfaDevice stores an unassigned virtual MFA device named name in account.
func (f *fixture) mfaDevice(account, name string) *store.MFADevice {
	f.t.Helper()
	d := &store.MFADevice{AccountID: account, ID: f.id("MFA"), Path: "/", Name: name, SealedSeed: []byte("sealed\x00" + name), CreatedAt: f.now}
	f.must(f.s.MFADevices().Create(f.ctx, d), "create mfa device "+name)
	return d
}

var mfaDeviceTests = []test{
	{"MFADevices/CreateGetIsolation", func(t *testing.T, f *fixture) {
		d := f.mfaDevice(f.a, "Phone")
		got, err := f.s.MFADevices().Get(f.ctx, f.a, "PHONE")
		f.must(err, "get in another case")
		if !cmp.Equal(got, d) {
			t.Fatalf("get = %+v, want %+v", got, d)
		}
		wantErr(t, getErr(f.s.MFADevices().Get(f.ctx, f.b, "Phone")), store.ErrNotFound, "get from B")
		dup := &store.MFADevice{AccountID: f.a, ID: f.id("MFA"), Path: "/other/", Name: "phone", SealedSeed: []byte{1}, CreatedAt: f.now}
		wantErr(t, f.s.MFADevices().Create(f.ctx, dup), store.ErrAlreadyExists, "same name on another path")
		dup.AccountID = f.b
		f.must(f.s.MFADevices().Create(f.ctx, dup), "same name in B")
	}},
	{"MFADevices/EnableDeactivateDelete", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		d := f.mfaDevice(f.a, "alice-phone")
		wantErr(t, f.s.MFADevices().Enable(f.ctx, f.a, d.ID, "AIDANOSUCHUSER", f.now, 5, 8), store.ErrNotFound, "enable for absent user")
		wantErr(t, f.s.MFADevices().Enable(f.ctx, f.b, d.ID, u.ID, f.now, 5, 8), store.ErrNotFound, "enable from B")
		f.must(f.s.MFADevices().Enable(f.ctx, f.a, d.ID, u.ID, f.now, 5, 8), "enable")
		wantErr(t, f.s.MFADevices().Enable(f.ctx, f.a, d.ID, "", f.now, 6, 8), store.ErrAlreadyExists, "enable twice")
		wantConflict(t, f.s.MFADevices().Delete(f.ctx, f.a, d.ID), store.DependentMFAAssignment, "delete assigned")
		got, err := f.s.MFADevices().Get(f.ctx, f.a, d.Name)
		f.must(err, "get")
		if !got.Assigned || got.UserID != u.ID || got.EnabledAt == nil || !got.EnabledAt.Equal(f.now) || got.LastStep != 5 {
			t.Fatalf("enabled device = %+v", got)
		}
		mine, err := f.s.MFADevices().ListForUser(f.ctx, f.a, u.ID)
		f.must(err, "list for user")
		if len(mine) != 1 || mine[0].ID != d.ID {
			t.Fatalf("ListForUser = %v", mine)
		}
		root, err := f.s.MFADevices().ListForUser(f.ctx, f.a, "")
		f.must(err, "list for root")
		if len(root) != 0 {
			t.Fatalf("root's devices = %v, want none", root)
		}
		wantErr(t, f.s.MFADevices().Deactivate(f.ctx, f.a, d.ID, ""), store.ErrNotFound, "deactivate for the wrong owner")
		f.must(f.s.MFADevices().Deactivate(f.ctx, f.a, d.ID, u.ID), "deactivate")
		wantErr(t, f.s.MFADevices().Deactivate(f.ctx, f.a, d.ID, u.ID), store.ErrNotFound, "deactivate twice")
		got, err = f.s.MFADevices().Get(f.ctx, f.a, d.Name)
		f.must(err, "get")
		if got.Assigned || got.EnabledAt != nil || got.LastStep != 0 {
			t.Fatalf("deactivated device = %+v", got)
		}
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagMFADevice, d.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
		f.must(f.s.MFADevices().Delete(f.ctx, f.a, d.ID), "delete")
		wantErr(t, f.s.MFADevices().Delete(f.ctx, f.a, d.ID), store.ErrNotFound, "delete twice")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagMFADevice, d.ID)
		f.must(err, "list tags")
		if len(tags) != 0 {
			t.Fatalf("tags outlived the device: %v", tags)
		}
	}},
	{"MFADevices/RootAndPerUserLimit", func(t *testing.T, f *fixture) {
		for i := range 3 {
			d := f.mfaDevice(f.a, fmt.Sprintf("root-%d", i))
			err := f.s.MFADevices().Enable(f.ctx, f.a, d.ID, "", f.now, 1, 2)
			if i < 2 {
				f.must(err, "enable for root")
			} else {
				wantErr(t, err, store.ErrLimitExceeded, "third root device")
			}
		}
		root, err := f.s.MFADevices().ListForUser(f.ctx, f.a, "")
		f.must(err, "list root's")
		if len(root) != 2 || root[0].Name != "root-0" {
			t.Fatalf("root's devices = %v", root)
		}
	}},
	{"MFADevices/AcceptStepRefusesReplays", func(t *testing.T, f *fixture) {
		d := f.mfaDevice(f.a, "replay")
		f.must(f.s.MFADevices().AcceptStep(f.ctx, f.a, d.ID, 100, 0), "first step")
		wantErr(t, f.s.MFADevices().AcceptStep(f.ctx, f.a, d.ID, 100, 0), store.ErrConflict, "same step")
		wantErr(t, f.s.MFADevices().AcceptStep(f.ctx, f.a, d.ID, 99, 0), store.ErrConflict, "older step")
		f.must(f.s.MFADevices().AcceptStep(f.ctx, f.a, d.ID, 101, -2), "next step")
		wantErr(t, f.s.MFADevices().AcceptStep(f.ctx, f.b, d.ID, 200, 0), store.ErrNotFound, "from B")
		got, err := f.s.MFADevices().Get(f.ctx, f.a, d.Name)
		f.must(err, "get")
		if got.LastStep != 101 || got.StepOffset != -2 {
			t.Fatalf("device = %+v, want last step 101, offset -2", got)
		}
		// Concurrent callers with one code: exactly one wins.
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 6 {
			wg.Go(func() {
				err := f.s.MFADevices().AcceptStep(f.ctx, f.a, d.ID, 150, 0)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					wins++
				case !errors.Is(err, store.ErrConflict):
					t.Errorf("concurrent accept: %v", err)
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Fatalf("%d concurrent callers accepted one step, want 1", wins)
		}
	}},
	{"MFADevices/ListAssignmentAndPaging", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "bob")
		for _, n := range []string{"d", "B", "a", "C"} {
			f.mfaDevice(f.a, n)
		}
		f.mfaDevice(f.b, "other")
		c, err := f.s.MFADevices().Get(f.ctx, f.a, "c")
		f.must(err, "get c")
		f.must(f.s.MFADevices().Enable(f.ctx, f.a, c.ID, u.ID, f.now, 1, 0), "enable c")
		names := func(assigned *bool, max int) []string {
			var out []string
			p := store.Page{MaxItems: max}
			for {
				list, next, err := f.s.MFADevices().List(f.ctx, f.a, assigned, p)
				f.must(err, "list")
				for _, d := range list {
					out = append(out, d.Name)
				}
				if next == "" {
					return out
				}
				p.Marker = next
			}
		}
		yes, no := true, false
		for _, tc := range []struct {
			assigned *bool
			want     []string
		}{{nil, []string{"a", "B", "C", "d"}}, {&yes, []string{"C"}}, {&no, []string{"a", "B", "d"}}} {
			if got := names(tc.assigned, 1); !cmp.Equal(got, tc.want) {
				t.Errorf("list(%v) = %v, want %v", tc.assigned, got, tc.want)
			}
		}
		_, _, err = f.s.MFADevices().List(f.ctx, f.a, nil, store.Page{Marker: "!!"})
		wantErr(t, err, store.ErrInvalidMarker, "bad marker")
	}},
}
