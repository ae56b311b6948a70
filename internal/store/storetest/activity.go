package storetest

import (
	"testing"
	"time"

	"github.com/iamd/iamd/internal/store"
)

var activityTests = []test{
	{"Activity/RecordKeepsLatest", func(t *testing.T, f *fixture) {
		act := f.s.Activity()
		alice := "arn:aws:iam::" + f.a + ":user/alice"
		bob := "arn:aws:iam::" + f.a + ":user/bob"
		later := f.now.Add(time.Minute)
		// Recording the same sightings again changes nothing, so the
		// retries of wantNoGenerationMove leave the same records.
		f.wantNoGenerationMove("recording activity", func(int) {
			f.must(act.Record(f.ctx, []store.ServiceActivity{
				{AccountID: f.a, PrincipalARN: alice, Namespace: "iam", At: later, Region: "us-east-1"},
				{AccountID: f.a, PrincipalARN: alice, Namespace: "iam", Action: "ListUsers", At: later, Region: "us-east-1"},
				{AccountID: f.a, PrincipalARN: bob, Namespace: "sts", At: f.now, Region: "eu-west-1"},
				{AccountID: f.b, PrincipalARN: "arn:aws:iam::" + f.b + ":user/alice", Namespace: "iam", At: f.now, Region: "us-east-1"},
			}), "record")
			// An older sighting must not move the time back; a newer one
			// moves time and region.
			f.must(act.Record(f.ctx, []store.ServiceActivity{
				{AccountID: f.a, PrincipalARN: alice, Namespace: "iam", At: f.now, Region: "ap-south-1"},
				{AccountID: f.a, PrincipalARN: bob, Namespace: "sts", At: later, Region: "us-west-2"},
			}), "record again")
		})
		got, err := act.List(f.ctx, f.a, nil)
		f.must(err, "list")
		want := []store.ServiceActivity{
			{AccountID: f.a, PrincipalARN: alice, Namespace: "iam", At: later, Region: "us-east-1"},
			{AccountID: f.a, PrincipalARN: alice, Namespace: "iam", Action: "ListUsers", At: later, Region: "us-east-1"},
			{AccountID: f.a, PrincipalARN: bob, Namespace: "sts", At: later, Region: "us-west-2"},
		}
		if len(got) != len(want) {
			t.Fatalf("List = %+v, want %+v", got, want)
		}
		for i := range want {
			if !got[i].At.Equal(want[i].At) {
				t.Errorf("record %d At = %v, want %v", i, got[i].At, want[i].At)
			}
			got[i].At = want[i].At
			if got[i] != want[i] {
				t.Errorf("record %d = %+v, want %+v", i, got[i], want[i])
			}
		}
		only, err := act.List(f.ctx, f.a, []string{bob})
		f.must(err, "list bob")
		if len(only) != 1 || only[0].PrincipalARN != bob {
			t.Errorf("List(bob) = %+v, want bob's one record", only)
		}
	}},
}
