package iam

import (
	"strings"
	"testing"
)

func TestUserTags(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: []Tag{{Key: "Team", Value: "a"}, {Key: "env", Value: "dev"}}})
	mustOK(t, err)
	// Keys compare without case: the new key's case and value win.
	_, err = f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "ALICE", Tags: []Tag{{Key: "team", Value: "b"}}})
	mustOK(t, err)
	out, err := f.svc.ListUserTags(f.rootA, &ListUserTagsRequest{UserName: "alice"})
	mustOK(t, err)
	if len(out.Tags) != 2 || *out.IsTruncated {
		t.Fatalf("tags = %+v", out.Tags)
	}
	byKey := map[string]string{}
	for _, tg := range out.Tags {
		byKey[strings.ToLower(tg.Key)] = tg.Key + "=" + tg.Value
	}
	if byKey["team"] != "team=b" || byKey["env"] != "env=dev" {
		t.Errorf("tags = %v", out.Tags)
	}
	_, err = f.svc.UntagUser(f.rootA, &UntagUserRequest{UserName: "alice", TagKeys: []string{"TEAM", "never-set"}})
	mustOK(t, err)
	out, err = f.svc.ListUserTags(f.rootA, &ListUserTagsRequest{UserName: "alice"})
	mustOK(t, err)
	if len(out.Tags) != 1 || out.Tags[0].Key != "env" {
		t.Errorf("after untag: %v", out.Tags)
	}
}

func TestUserTagLimitsAndPaging(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: tagList("a", 30)})
	mustOK(t, err)
	_, err = f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: tagList("b", 20)})
	mustOK(t, err)
	// Overwriting an existing key takes no room.
	_, err = f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: []Tag{{Key: "A00", Value: "new"}}})
	mustOK(t, err)
	_, err = f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: []Tag{{Key: "c", Value: "x"}}})
	wantAWSError(t, err, "LimitExceeded", "The number of tags has reached the maximum limit.")

	var keys []string
	marker, pages := "", 0
	for {
		seven := int32(7)
		out, err := f.svc.ListUserTags(f.rootA, &ListUserTagsRequest{UserName: "alice", Marker: marker, MaxItems: &seven})
		mustOK(t, err)
		pages++
		for _, tg := range out.Tags {
			keys = append(keys, tg.Key)
		}
		if !*out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if len(keys) != 50 || pages != 8 {
		t.Errorf("paged %d tags in %d pages, want 50 in 8", len(keys), pages)
	}
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[strings.ToLower(k)] {
			t.Errorf("tag %s listed twice", k)
		}
		seen[strings.ToLower(k)] = true
	}
}

func TestUserTagErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"reserved prefix", func() error {
			_, err := f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: []Tag{{Key: "aws:cost", Value: "1"}}})
			return err
		}, "InvalidInput", msgReservedTagKey},
		{"duplicate keys", func() error {
			_, err := f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "alice", Tags: []Tag{{Key: "Dup"}, {Key: "dUP"}}})
			return err
		}, "InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive."},
		{"unknown user", func() error {
			_, err := f.svc.TagUser(f.rootA, &TagUserRequest{UserName: "ghost", Tags: []Tag{{Key: "k"}}})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"untag unknown user", func() error {
			_, err := f.svc.UntagUser(f.rootA, &UntagUserRequest{UserName: "ghost", TagKeys: []string{"k"}})
			return err
		}, "NoSuchEntity", "The user with name ghost cannot be found."},
		{"another account's user", func() error {
			_, err := f.svc.ListUserTags(f.rootB, &ListUserTagsRequest{UserName: "alice"})
			return err
		}, "NoSuchEntity", "The user with name alice cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantAWSError(t, tt.call(), tt.code, tt.msg) })
	}
}
