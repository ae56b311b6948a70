package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/iamd/iamd/internal/store"
)

func (f *fixture) sshKey(account, userID, fingerprint string) *store.SSHPublicKey {
	return &store.SSHPublicKey{AccountID: account, UserID: userID, ID: f.id("APKA"), Body: "ssh-rsa AAAA " + fingerprint,
		Fingerprint: fingerprint, Status: store.KeyActive, UploadedAt: f.now}
}

func (f *fixture) serverCert(account, path, name string) *store.ServerCertificate {
	return &store.ServerCertificate{AccountID: account, ID: f.id("ASCA"), Name: name, Path: path, Body: "-----BEGIN CERTIFICATE-----",
		Chain: "", SealedPrivateKey: []byte{1, 2, 3}, Expiration: f.now.AddDate(1, 0, 0), UploadedAt: f.now}
}

var userCredentialTests = []test{
	{"SSHPublicKeys/Contract", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		k := f.sshKey(f.a, u.ID, "aa:bb")
		f.must(f.s.SSHPublicKeys().Create(f.ctx, k, 5), "create")
		got, err := f.s.SSHPublicKeys().Get(f.ctx, f.a, u.ID, k.ID)
		f.must(err, "get")
		k.UploadedAt = k.UploadedAt.Truncate(time.Microsecond)
		if !cmp.Equal(got, k) {
			t.Fatalf("get = %+v, want %+v", got, k)
		}
		wantErr(t, f.s.SSHPublicKeys().Create(f.ctx, f.sshKey(f.a, u.ID, "aa:bb"), 5), store.ErrAlreadyExists, "same fingerprint")
		wantErr(t, f.s.SSHPublicKeys().Create(f.ctx, f.sshKey(f.a, "AIDANOPE", "cc"), 5), store.ErrNotFound, "absent user")
		wantErr(t, f.s.SSHPublicKeys().Create(f.ctx, f.sshKey(f.b, u.ID, "cc"), 5), store.ErrNotFound, "user of another account")
		f.must(f.s.SSHPublicKeys().Create(f.ctx, f.sshKey(f.a, u.ID, "cc"), 2), "second")
		wantErr(t, f.s.SSHPublicKeys().Create(f.ctx, f.sshKey(f.a, u.ID, "dd"), 2), store.ErrLimitExceeded, "over max")
		list, err := f.s.SSHPublicKeys().List(f.ctx, f.a, u.ID)
		f.must(err, "list")
		if len(list) != 2 || list[0].ID != k.ID {
			t.Fatalf("list = %+v", list)
		}
		f.must(f.s.SSHPublicKeys().UpdateStatus(f.ctx, f.a, u.ID, k.ID, store.KeyInactive), "deactivate")
		got, err = f.s.SSHPublicKeys().Get(f.ctx, f.a, u.ID, k.ID)
		f.must(err, "get")
		if got.Status != store.KeyInactive {
			t.Fatalf("status = %s", got.Status)
		}
		wantErr(t, f.s.SSHPublicKeys().UpdateStatus(f.ctx, f.b, u.ID, k.ID, store.KeyActive), store.ErrNotFound, "update from B")
		wantErr(t, f.s.SSHPublicKeys().Delete(f.ctx, f.a, "AIDAOTHER", k.ID), store.ErrNotFound, "delete as another user")
		f.must(f.s.SSHPublicKeys().Delete(f.ctx, f.a, u.ID, k.ID), "delete")
		wantErr(t, getErr(f.s.SSHPublicKeys().Get(f.ctx, f.a, u.ID, k.ID)), store.ErrNotFound, "get deleted")
	}},
	{"SSHPublicKeys/ConcurrentQuota", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		const max, writers = 3, 8
		var wg sync.WaitGroup
		errs := make([]error, writers)
		for i := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = f.s.SSHPublicKeys().Create(f.ctx, f.sshKey(f.a, u.ID, fmt.Sprintf("fp%d", i)), max)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				wantErr(t, err, store.ErrLimitExceeded, "loser")
			}
		}
		list, err := f.s.SSHPublicKeys().List(f.ctx, f.a, u.ID)
		f.must(err, "list")
		if ok != max || len(list) != max {
			t.Fatalf("%d creates succeeded, %d keys stored; want %d", ok, len(list), max)
		}
	}},
	{"SigningCertificates/Contract", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		c := &store.SigningCertificate{AccountID: f.a, UserID: u.ID, ID: f.id("CERT"), Body: "pem", Fingerprint: "f1", Status: store.KeyActive, UploadedAt: f.now}
		f.must(f.s.SigningCertificates().Create(f.ctx, c, 2), "create")
		root := &store.SigningCertificate{AccountID: f.a, ID: f.id("CERT"), Body: "pem", Fingerprint: "f1", UploadedAt: f.now}
		wantErr(t, f.s.SigningCertificates().Create(f.ctx, root, 2), store.ErrAlreadyExists, "same certificate on the root")
		root.Fingerprint = "f2"
		f.must(f.s.SigningCertificates().Create(f.ctx, root, 2), "root's certificate")
		other := &store.SigningCertificate{AccountID: f.b, ID: f.id("CERT"), Body: "pem", Fingerprint: "f1", UploadedAt: f.now}
		f.must(f.s.SigningCertificates().Create(f.ctx, other, 2), "same certificate in B")
		list, err := f.s.SigningCertificates().List(f.ctx, f.a, "")
		f.must(err, "list root's")
		if len(list) != 1 || list[0].ID != root.ID || list[0].Status != store.KeyActive {
			t.Fatalf("root's list = %+v", list)
		}
		f.must(f.s.SigningCertificates().UpdateStatus(f.ctx, f.a, u.ID, c.ID, store.KeyInactive), "deactivate")
		wantErr(t, f.s.SigningCertificates().UpdateStatus(f.ctx, f.a, "", c.ID, store.KeyInactive), store.ErrNotFound, "root's update of alice's")
		f.must(f.s.SigningCertificates().Delete(f.ctx, f.a, u.ID, c.ID), "delete")
		wantErr(t, f.s.SigningCertificates().Delete(f.ctx, f.a, u.ID, c.ID), store.ErrNotFound, "delete twice")
	}},
	{"ServerCertificates/Contract", func(t *testing.T, f *fixture) {
		c := f.serverCert(f.a, "/a/", "Web")
		f.must(f.s.ServerCertificates().Create(f.ctx, c, 0), "create")
		got, err := f.s.ServerCertificates().Get(f.ctx, f.a, "WEB")
		f.must(err, "get in another case")
		c.UploadedAt, c.Expiration = c.UploadedAt.Truncate(time.Microsecond), c.Expiration.Truncate(time.Microsecond)
		if !cmp.Equal(got, c) {
			t.Fatalf("get = %+v, want %+v", got, c)
		}
		wantErr(t, f.s.ServerCertificates().Create(f.ctx, f.serverCert(f.a, "/", "web"), 0), store.ErrAlreadyExists, "same name")
		wantErr(t, getErr(f.s.ServerCertificates().Get(f.ctx, f.b, "Web")), store.ErrNotFound, "get from B")
		f.must(f.s.ServerCertificates().Create(f.ctx, f.serverCert(f.a, "/b/", "api"), 2), "second")
		wantErr(t, f.s.ServerCertificates().Create(f.ctx, f.serverCert(f.a, "/", "third"), 2), store.ErrLimitExceeded, "over max")
		list, next, err := f.s.ServerCertificates().List(f.ctx, f.a, "/", store.Page{})
		f.must(err, "list")
		if len(list) != 2 || next != "" || list[0].Name != "api" {
			t.Fatalf("list = %+v %q", list, next)
		}
		list, _, err = f.s.ServerCertificates().List(f.ctx, f.a, "/a/", store.Page{})
		f.must(err, "list /a/")
		if len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("list /a/ = %+v", list)
		}
		renamed := *c
		renamed.Name = "API"
		wantErr(t, f.s.ServerCertificates().Update(f.ctx, &renamed), store.ErrAlreadyExists, "rename onto another")
		renamed.Name, renamed.Path = "www", "/c/"
		f.must(f.s.ServerCertificates().Update(f.ctx, &renamed), "rename")
		got, err = f.s.ServerCertificates().Get(f.ctx, f.a, "www")
		f.must(err, "get renamed")
		if got.Path != "/c/" || got.ID != c.ID {
			t.Fatalf("renamed = %+v", got)
		}
		f.must(f.s.Tags().Set(f.ctx, f.a, store.TagServerCertificate, c.ID, []store.Tag{{Key: "k", Value: "v"}}, 50), "tag")
		wantErr(t, f.s.ServerCertificates().Delete(f.ctx, f.b, c.ID), store.ErrNotFound, "delete from B")
		f.must(f.s.ServerCertificates().Delete(f.ctx, f.a, c.ID), "delete")
		tags, err := f.s.Tags().List(f.ctx, f.a, store.TagServerCertificate, c.ID)
		f.must(err, "tags after delete")
		if len(tags) != 0 {
			t.Fatalf("tags outlived the certificate: %v", tags)
		}
	}},
	{"ServiceSpecificCredentials/Contract", func(t *testing.T, f *fixture) {
		u := f.user(f.a, "alice")
		cred := func(service string) *store.ServiceSpecificCredential {
			return &store.ServiceSpecificCredential{AccountID: f.a, UserID: u.ID, ID: f.id("ACCA"), ServiceName: service,
				ServiceUserName: "alice-at-" + f.a, SealedPassword: []byte{9}, Status: store.KeyActive, CreatedAt: f.now}
		}
		first := cred("codecommit.amazonaws.com")
		f.must(f.s.ServiceSpecificCredentials().Create(f.ctx, first, 1), "create")
		wantErr(t, f.s.ServiceSpecificCredentials().Create(f.ctx, cred("codecommit.amazonaws.com"), 1), store.ErrLimitExceeded, "second of a service")
		f.must(f.s.ServiceSpecificCredentials().Create(f.ctx, cred("cassandra.amazonaws.com"), 1), "another service")
		all, err := f.s.ServiceSpecificCredentials().List(f.ctx, f.a, u.ID, "")
		f.must(err, "list")
		cc, err := f.s.ServiceSpecificCredentials().List(f.ctx, f.a, u.ID, "codecommit.amazonaws.com")
		f.must(err, "list one service")
		if len(all) != 2 || len(cc) != 1 || cc[0].ID != first.ID {
			t.Fatalf("lists = %+v / %+v", all, cc)
		}
		f.must(f.s.ServiceSpecificCredentials().SetPassword(f.ctx, f.a, u.ID, first.ID, []byte{7, 7}), "set password")
		f.must(f.s.ServiceSpecificCredentials().UpdateStatus(f.ctx, f.a, u.ID, first.ID, store.KeyInactive), "deactivate")
		got, err := f.s.ServiceSpecificCredentials().Get(f.ctx, f.a, u.ID, first.ID)
		f.must(err, "get")
		if !cmp.Equal(got.SealedPassword, []byte{7, 7}) || got.Status != store.KeyInactive {
			t.Fatalf("after updates = %+v", got)
		}
		wantErr(t, f.s.ServiceSpecificCredentials().SetPassword(f.ctx, f.b, u.ID, first.ID, nil), store.ErrNotFound, "from B")
		f.must(f.s.ServiceSpecificCredentials().Delete(f.ctx, f.a, u.ID, first.ID), "delete")
		wantErr(t, getErr(f.s.ServiceSpecificCredentials().Get(f.ctx, f.a, u.ID, first.ID)), store.ErrNotFound, "get deleted")
	}},
	{"STSPreferences/Upsert", func(t *testing.T, f *fixture) {
		v, err := f.s.STSPreferences().GlobalEndpointTokenVersion(f.ctx, f.a)
		f.must(err, "get unset")
		if v != "" {
			t.Fatalf("unset = %q", v)
		}
		f.must(f.s.STSPreferences().SetGlobalEndpointTokenVersion(f.ctx, f.a, "v2Token"), "set")
		f.must(f.s.STSPreferences().SetGlobalEndpointTokenVersion(f.ctx, f.a, "v1Token"), "set again")
		v, err = f.s.STSPreferences().GlobalEndpointTokenVersion(f.ctx, f.a)
		f.must(err, "get")
		vb, err := f.s.STSPreferences().GlobalEndpointTokenVersion(f.ctx, f.b)
		f.must(err, "get B")
		if v != "v1Token" || vb != "" {
			t.Fatalf("A = %q, B = %q", v, vb)
		}
	}},
}
