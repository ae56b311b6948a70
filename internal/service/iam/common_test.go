package iam

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/store"
)

func TestEntityARNs(t *testing.T) {
	t.Parallel()
	tests := []struct{ got, want string }{
		{userARN("123456789012", "/division_abc/subdivision_xyz/", "Bob"), "arn:aws:iam::123456789012:user/division_abc/subdivision_xyz/Bob"},
		{userARN("123456789012", "", "Bob"), "arn:aws:iam::123456789012:user/Bob"},
		{groupARN("123456789012", "/", "Admins"), "arn:aws:iam::123456789012:group/Admins"},
		{roleARN("123456789012", "/service-role/", "R"), "arn:aws:iam::123456789012:role/service-role/R"},
		{policyARN("123456789012", "/p/", "P"), "arn:aws:iam::123456789012:policy/p/P"},
		{instanceProfileARN("123456789012", "/", "IP"), "arn:aws:iam::123456789012:instance-profile/IP"},
		{rootARN("123456789012"), "arn:aws:iam::123456789012:root"},
		{accountWildcardARN("123456789012", "user"), "arn:aws:iam::123456789012:user/*"},
		{entityARN("123456789012", "user", "/eng/", ""), "arn:aws:iam::123456789012:user/eng/"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestParsePolicyARN(t *testing.T) {
	t.Parallel()
	tests := []struct {
		arn        string
		path, name string
		ok         bool
	}{
		{"arn:aws:iam::111111111111:policy/P", "/", "P", true},
		{"arn:aws:iam::111111111111:policy/a/b/P", "/a/b/", "P", true},
		{"arn:aws:iam::222222222222:policy/P", "", "", false},
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", "", "", false},
		{"arn:aws:iam::111111111111:policy/dir/", "", "", false},
		{"arn:aws:iam::111111111111:role/P", "", "", false},
	}
	for _, tt := range tests {
		path, name, ok := parsePolicyARN(accountA, tt.arn)
		if path != tt.path || name != tt.name || ok != tt.ok {
			t.Errorf("parsePolicyARN(%q) = %q, %q, %v; want %q, %q, %v", tt.arn, path, name, ok, tt.path, tt.name, tt.ok)
		}
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	items := []int{0, 1, 2, 3, 4}
	tests := []struct {
		page     store.Page
		want     string
		wantNext string
		wantErr  error
	}{
		{store.Page{}, "[0 1 2 3 4]", "", nil},
		{store.Page{MaxItems: 2}, "[0 1]", "2", nil},
		{store.Page{Marker: "2", MaxItems: 2}, "[2 3]", "4", nil},
		{store.Page{Marker: "4", MaxItems: 2}, "[4]", "", nil},
		{store.Page{Marker: "5", MaxItems: 2}, "[]", "", nil},
		{store.Page{Marker: "9", MaxItems: 2}, "[]", "", store.ErrInvalidMarker},
		{store.Page{Marker: "-1", MaxItems: 2}, "[]", "", store.ErrInvalidMarker},
		{store.Page{Marker: "garbage", MaxItems: 2}, "[]", "", store.ErrInvalidMarker},
		{store.Page{Marker: "2x", MaxItems: 2}, "[]", "", store.ErrInvalidMarker},
	}
	for _, tt := range tests {
		got, next, err := pageSlice(items, tt.page)
		if fmt.Sprint(got) != tt.want || next != tt.wantNext || !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
			t.Errorf("pageSlice(%+v) = %v, %q, %v; want %s, %q, %v", tt.page, got, next, err, tt.want, tt.wantNext, tt.wantErr)
		}
	}
	max := int32(7)
	if p := pageOf("m", &max); p.Marker != "m" || p.MaxItems != 7 {
		t.Errorf("pageOf = %+v", p)
	}
	if p := pageOf("", nil); p.Limit() != 100 {
		t.Errorf("default limit = %d", p.Limit())
	}
	if tr, m := pageEnd("x"); !*tr || m != "x" {
		t.Errorf("pageEnd(x) = %v, %q", *tr, m)
	}
	if tr, m := pageEnd(""); *tr || m != "" {
		t.Errorf("pageEnd('') = %v, %q", *tr, m)
	}
}

func TestStoreError(t *testing.T) {
	t.Parallel()
	notFound := awserr.NoSuchEntity("gone")
	exists := awserr.EntityAlreadyExists("taken")
	tests := []struct {
		name string
		err  error
		code string
		msg  string
	}{
		{"nil stays nil", nil, "", ""},
		{"mapped not found", fmt.Errorf("wrapped: %w", store.ErrNotFound), "NoSuchEntity", "gone"},
		{"mapped exists", store.ErrAlreadyExists, "EntityAlreadyExists", "taken"},
		{"AWS error passes", awserr.InvalidInput("bad"), "InvalidInput", "bad"},
		{"conflict", &store.ConflictError{Dependent: store.DependentAccessKeys}, "DeleteConflict", msgMustDeleteAccessKeys},
		{"invalid marker", fmt.Errorf("sqlstore: list users: %w", store.ErrInvalidMarker), "ValidationError", "Invalid Marker."},
		{"unmapped sentinel is internal", store.ErrLimitExceeded, "InternalFailure", ""},
		{"other error is internal", errors.New("disk on fire"), "InternalFailure", ""},
	}
	for _, tt := range tests {
		err := storeError(tt.err, ifNotFound(notFound), ifExists(exists))
		if tt.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		got := awserr.As(err)
		if got.Code != tt.code || (tt.msg != "" && got.Message != tt.msg) {
			t.Errorf("%s: %s %q, want %s %q", tt.name, got.Code, got.Message, tt.code, tt.msg)
		}
		if tt.code == "InternalFailure" && !errors.Is(err, tt.err) {
			t.Errorf("%s: the cause is not kept for the log: %v", tt.name, err)
		}
	}
	// Every dependent the store can report has AWS's message.
	for _, d := range []store.Dependent{
		store.DependentAccessKeys, store.DependentLoginProfile, store.DependentGroupMemberships,
		store.DependentGroupMembers, store.DependentInlinePolicies, store.DependentAttachedPolicies,
		store.DependentAttachments, store.DependentInstanceProfiles, store.DependentRoles, store.DependentDefaultVersion,
	} {
		if got := awserr.As(storeError(&store.ConflictError{Dependent: d})); got.Code != "DeleteConflict" {
			t.Errorf("dependent %q: %s", d, got.Code)
		}
	}
}

func TestCheckTags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		tags []Tag
		msg  string
	}{
		{nil, ""},
		{[]Tag{{Key: "a"}, {Key: "b"}}, ""},
		{[]Tag{{Key: "awsx"}, {Key: "aws"}}, ""},
		{[]Tag{{Key: "aws:x"}}, msgReservedTagKey},
		{[]Tag{{Key: "AwS:x"}}, msgReservedTagKey},
		{[]Tag{{Key: "K"}, {Key: "k"}}, msgDuplicateTagKeys},
	}
	for _, tt := range tests {
		err := checkTags(tt.tags)
		if tt.msg == "" {
			if err != nil {
				t.Errorf("checkTags(%v) = %v", tt.tags, err)
			}
			continue
		}
		wantAWSError(t, err, "InvalidInput", tt.msg)
	}
}

func TestCallerRequired(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	// Without a principal (a wiring bug) operations fail as InternalFailure.
	_, err := f.svc.ListUsers(context.Background(), &ListUsersRequest{})
	if got := awserr.As(err); err == nil || got.Code != "InternalFailure" {
		t.Errorf("no principal: %v", err)
	}
	_, err = f.svc.GetUser(principal.WithContext(context.Background(), &principal.Principal{Type: principal.Root}), &GetUserRequest{})
	if err == nil {
		t.Error("a principal without account was accepted")
	}
}
