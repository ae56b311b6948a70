package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

var lastAccessedReportTests = []test{
	{"LastAccessedReports/PutGet", func(t *testing.T, f *fixture) {
		lr := f.s.LastAccessedReports()
		job := f.id("job-")
		wantErr(t, getErr(lr.Get(f.ctx, f.a, job)), store.ErrNotFound, "get before put")
		r := &store.LastAccessedReport{AccountID: f.a, JobID: job, Requester: "arn:aws:iam::" + f.a + ":user/alice",
			CreatedAt: f.now, Content: []byte(`{"services":[]}`)}
		f.must(lr.Put(f.ctx, r, f.now.Add(-72*time.Hour)), "put")
		got, err := lr.Get(f.ctx, f.a, job)
		if err != nil {
			t.Fatalf("Get: %v", err)
		}
		if got.AccountID != f.a || got.JobID != job || got.Requester != r.Requester || !got.CreatedAt.Equal(f.now) ||
			!bytes.Equal(got.Content, r.Content) {
			t.Fatalf("Get = %+v; want %+v", got, r)
		}
		// A job ID is the account's own.
		wantErr(t, getErr(lr.Get(f.ctx, f.b, job)), store.ErrNotFound, "another account's job")
		// A second put of the same job ID keeps the first report.
		f.must(lr.Put(f.ctx, &store.LastAccessedReport{AccountID: f.a, JobID: job, Requester: "x", CreatedAt: f.now, Content: []byte("{}")},
			f.now.Add(-72*time.Hour)), "put again")
		if got, err := lr.Get(f.ctx, f.a, job); err != nil || got.Requester != r.Requester {
			t.Fatalf("after a second put: %+v, %v; want the first report", got, err)
		}
	}},
	{"LastAccessedReports/Expire", func(t *testing.T, f *fixture) {
		// The suite's databases may be shared, so the expiry bound lies
		// before f.now and only this test's old report is older than it.
		lr := f.s.LastAccessedReports()
		old := &store.LastAccessedReport{AccountID: f.a, JobID: f.id("job-"), Requester: "r", CreatedAt: f.now.Add(-48 * time.Hour), Content: []byte("{}")}
		kept := &store.LastAccessedReport{AccountID: f.b, JobID: f.id("job-"), Requester: "r", CreatedAt: f.now.Add(-time.Hour), Content: []byte("{}")}
		f.must(lr.Put(f.ctx, old, f.now.Add(-72*time.Hour)), "put old")
		f.must(lr.Put(f.ctx, kept, f.now.Add(-72*time.Hour)), "put kept")
		fresh := &store.LastAccessedReport{AccountID: f.a, JobID: f.id("job-"), Requester: "r", CreatedAt: f.now, Content: []byte("{}")}
		f.must(lr.Put(f.ctx, fresh, f.now.Add(-24*time.Hour)), "put fresh, expiring the old")
		wantErr(t, getErr(lr.Get(f.ctx, f.a, old.JobID)), store.ErrNotFound, "expired report")
		for _, r := range []*store.LastAccessedReport{kept, fresh} {
			if _, err := lr.Get(f.ctx, r.AccountID, r.JobID); err != nil {
				t.Errorf("report created %v: %v, want it kept", r.CreatedAt, err)
			}
		}
	}},
	{"LastAccessedReports/NotAWrite", func(t *testing.T, f *fixture) {
		f.wantNoGenerationMove("put report", func(int) {
			f.must(f.s.LastAccessedReports().Put(f.ctx, &store.LastAccessedReport{AccountID: f.a, JobID: f.id("job-"), Requester: "r",
				CreatedAt: f.now, Content: []byte("{}")}, f.now.Add(-72*time.Hour)), "put")
		})
	}},
}
