package iam

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func TestCreateAccessKeySealsTheSecret(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	tests := []struct {
		name       string
		ctx        context.Context
		user       string
		wantUser   string
		wantUserID bool // the stored key belongs to a user, not the root
	}{
		{"named user", f.rootA, "alice", "alice", true},
		{"a user's own key", f.alice, "", "alice", true},
		{"the root's own key", f.rootA, "", "", false},
	}
	for _, tt := range tests {
		out, err := f.svc.CreateAccessKey(tt.ctx, &CreateAccessKeyRequest{UserName: tt.user})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		k := out.AccessKey
		if k.UserName != tt.wantUser || k.Status != "Active" || len(k.SecretAccessKey) != 40 || k.CreateDate == nil || !k.CreateDate.Equal(f.now.Truncate(time.Second)) {
			t.Errorf("%s: key = %+v", tt.name, k)
		}
		stored, err := f.st.AccessKeys().Lookup(context.Background(), k.AccessKeyId)
		mustOK(t, err)
		if stored.AccountID != accountA || (stored.UserID != "") != tt.wantUserID {
			t.Errorf("%s: stored owner = %q/%q", tt.name, stored.AccountID, stored.UserID)
		}
		if bytes.Contains(stored.SealedSecret, []byte(k.SecretAccessKey)) {
			t.Errorf("%s: the stored row holds the plaintext secret", tt.name)
		}
		opened, err := f.keys.Open(stored.SealedSecret, []byte(k.AccessKeyId))
		if err != nil || string(opened) != k.SecretAccessKey {
			t.Errorf("%s: sealed secret opens to %q, %v", tt.name, opened, err)
		}
		// Bound to its key ID: it does not open as another key's secret.
		if _, err := f.keys.Open(stored.SealedSecret, []byte("AKIAOTHERKEY00000000")); err == nil {
			t.Errorf("%s: sealed secret opened under another key ID", tt.name)
		}
	}
	// The secret is never shown again.
	list, err := f.svc.ListAccessKeys(f.rootA, &ListAccessKeysRequest{UserName: "alice"})
	mustOK(t, err)
	if len(list.AccessKeyMetadata) != 2 {
		t.Fatalf("alice has %d keys, want 2", len(list.AccessKeyMetadata))
	}
	root, err := f.svc.ListAccessKeys(f.rootA, &ListAccessKeysRequest{})
	mustOK(t, err)
	if len(root.AccessKeyMetadata) != 1 || root.AccessKeyMetadata[0].UserName != "" {
		t.Errorf("root keys = %+v", root.AccessKeyMetadata)
	}
}

func TestAccessKeyErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateUser(f.rootA, &CreateUserRequest{UserName: "bob"})
	mustOK(t, err)
	first, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "bob"})
	mustOK(t, err)
	_, err = f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "bob"})
	mustOK(t, err)
	bobKey := first.AccessKey.AccessKeyId
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"third key", func() error {
			_, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "bob"})
			return err
		}, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2"},
		{"unknown user", func() error {
			_, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "ghost"})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"a role must name a user", func() error {
			_, err := f.svc.CreateAccessKey(f.role, &CreateAccessKeyRequest{})
			return err
		}, "ValidationError", "Must specify userName when calling with non-User credentials"},
		{"update another user's key", func() error {
			_, err := f.svc.UpdateAccessKey(f.rootA, &UpdateAccessKeyRequest{UserName: "alice", AccessKeyId: bobKey, Status: "Inactive"})
			return err
		}, "NoSuchEntity", "The Access Key with id " + bobKey + " cannot be found."},
		{"update as the root without a user name", func() error {
			_, err := f.svc.UpdateAccessKey(f.rootA, &UpdateAccessKeyRequest{AccessKeyId: bobKey, Status: "Inactive"})
			return err
		}, "NoSuchEntity", "The Access Key with id " + bobKey + " cannot be found."},
		{"delete unknown key", func() error {
			_, err := f.svc.DeleteAccessKey(f.rootA, &DeleteAccessKeyRequest{UserName: "bob", AccessKeyId: "AKIANOSUCHKEY0000000"})
			return err
		}, "NoSuchEntity", "The Access Key with id AKIANOSUCHKEY0000000 cannot be found."},
		{"delete from another account", func() error {
			_, err := f.svc.DeleteAccessKey(f.rootB, &DeleteAccessKeyRequest{UserName: "bob", AccessKeyId: bobKey})
			return err
		}, "NoSuchEntity", "The user with name bob cannot be found."},
		{"last used of another account's key", func() error {
			_, err := f.svc.GetAccessKeyLastUsed(f.rootB, &GetAccessKeyLastUsedRequest{AccessKeyId: bobKey})
			return err
		}, "NoSuchEntity", "The Access Key with id " + bobKey + " cannot be found."},
		{"last used of an unknown key", func() error {
			_, err := f.svc.GetAccessKeyLastUsed(f.rootA, &GetAccessKeyLastUsedRequest{AccessKeyId: "AKIANOSUCHKEY0000000"})
			return err
		}, "NoSuchEntity", "The Access Key with id AKIANOSUCHKEY0000000 cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantAWSError(t, tt.call(), tt.code, tt.msg) })
	}
}

func TestAccessKeyUpdateListDelete(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	var ids []string
	for i := 0; i < 2; i++ {
		out, err := f.svc.CreateAccessKey(f.alice, &CreateAccessKeyRequest{})
		mustOK(t, err)
		ids = append(ids, out.AccessKey.AccessKeyId)
	}
	_, err := f.svc.UpdateAccessKey(f.alice, &UpdateAccessKeyRequest{AccessKeyId: ids[0], Status: "Inactive"})
	mustOK(t, err)
	// Page through, one key a page, oldest first.
	var got []AccessKeyMetadata
	marker := ""
	for {
		one := int32(1)
		out, err := f.svc.ListAccessKeys(f.rootA, &ListAccessKeysRequest{UserName: "alice", Marker: marker, MaxItems: &one})
		mustOK(t, err)
		got = append(got, out.AccessKeyMetadata...)
		if !*out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if len(got) != 2 || got[0].AccessKeyId != ids[0] || got[0].Status != "Inactive" || got[1].Status != "Active" || got[1].UserName != "alice" {
		t.Errorf("keys = %+v", got)
	}
	_, err = f.svc.DeleteAccessKey(f.alice, &DeleteAccessKeyRequest{AccessKeyId: ids[0]})
	mustOK(t, err)
	out, err := f.svc.ListAccessKeys(f.alice, &ListAccessKeysRequest{})
	mustOK(t, err)
	if len(out.AccessKeyMetadata) != 1 || out.AccessKeyMetadata[0].AccessKeyId != ids[1] {
		t.Errorf("after delete: %+v", out.AccessKeyMetadata)
	}
	// The freed slot can be used again.
	_, err = f.svc.CreateAccessKey(f.alice, &CreateAccessKeyRequest{})
	mustOK(t, err)
}

func TestGetAccessKeyLastUsed(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	key, err := f.svc.CreateAccessKey(f.rootA, &CreateAccessKeyRequest{UserName: "alice"})
	mustOK(t, err)
	id := key.AccessKey.AccessKeyId
	out, err := f.svc.GetAccessKeyLastUsed(f.alice, &GetAccessKeyLastUsedRequest{AccessKeyId: id})
	mustOK(t, err)
	lu := out.AccessKeyLastUsed
	if out.UserName != "alice" || lu == nil || lu.LastUsedDate != nil || lu.ServiceName != "N/A" || lu.Region != "N/A" {
		t.Errorf("never used: %+v %+v", out, lu)
	}
	used := time.Date(2026, 11, 23, 17, 0, 1, 0, time.UTC)
	mustOK(t, f.st.AccessKeys().RecordUse(context.Background(), id, used, "iam", "us-east-1"))
	out, err = f.svc.GetAccessKeyLastUsed(f.rootA, &GetAccessKeyLastUsedRequest{AccessKeyId: id})
	mustOK(t, err)
	lu = out.AccessKeyLastUsed
	if lu.LastUsedDate == nil || !lu.LastUsedDate.Equal(used) || lu.ServiceName != "iam" || lu.Region != "us-east-1" {
		t.Errorf("used: %+v", lu)
	}
}
