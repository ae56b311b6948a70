package iam

import (
	"strings"
	"testing"

	"github.com/iamd/iamd/internal/principal"
)

func TestInstanceProfileLifecycle(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	role := f.createRole(t, accountA, "WebServer")
	out, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{
		InstanceProfileName: "Web", Path: "/app/", Tags: []Tag{{Key: "tier", Value: "web"}},
	})
	mustOK(t, err)
	ip := out.InstanceProfile
	if ip.Arn != "arn:aws:iam::111111111111:instance-profile/app/Web" || !strings.HasPrefix(ip.InstanceProfileId, "AIPA") ||
		ip.Roles == nil || len(ip.Roles) != 0 || len(ip.Tags) != 1 {
		t.Errorf("created = %+v", ip)
	}
	_, err = f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "web", RoleName: "webserver"})
	mustOK(t, err)
	got, err := f.svc.GetInstanceProfile(f.rootA, &GetInstanceProfileRequest{InstanceProfileName: "WEB"})
	mustOK(t, err)
	if len(got.InstanceProfile.Roles) != 1 {
		t.Fatalf("roles = %+v", got.InstanceProfile.Roles)
	}
	r := got.InstanceProfile.Roles[0]
	if r.RoleName != "WebServer" || r.RoleId != role.ID || r.Arn != "arn:aws:iam::111111111111:role/WebServer" ||
		r.AssumeRolePolicyDocument != role.AssumeRolePolicy || r.MaxSessionDuration == nil || *r.MaxSessionDuration != 3600 {
		t.Errorf("role in profile = %+v", r)
	}
	if len(got.InstanceProfile.Tags) != 1 || got.InstanceProfile.Tags[0] != (Tag{Key: "tier", Value: "web"}) {
		t.Errorf("tags = %v", got.InstanceProfile.Tags)
	}
	// A profile with a role cannot go, nor can a second role come in.
	_, err = f.svc.DeleteInstanceProfile(f.rootA, &DeleteInstanceProfileRequest{InstanceProfileName: "Web"})
	wantAWSError(t, err, "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.")
	f.createRole(t, accountA, "Other")
	_, err = f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "Web", RoleName: "Other"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")
	_, err = f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "Web", RoleName: "WebServer"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1")

	forRole, err := f.svc.ListInstanceProfilesForRole(f.rootA, &ListInstanceProfilesForRoleRequest{RoleName: "WebServer"})
	mustOK(t, err)
	if len(forRole.InstanceProfiles) != 1 || forRole.InstanceProfiles[0].InstanceProfileName != "Web" || *forRole.IsTruncated {
		t.Errorf("profiles for role = %+v", forRole.InstanceProfiles)
	}

	_, err = f.svc.RemoveRoleFromInstanceProfile(f.rootA, &RemoveRoleFromInstanceProfileRequest{InstanceProfileName: "Web", RoleName: "WebServer"})
	mustOK(t, err)
	_, err = f.svc.RemoveRoleFromInstanceProfile(f.rootA, &RemoveRoleFromInstanceProfileRequest{InstanceProfileName: "Web", RoleName: "WebServer"})
	wantAWSError(t, err, "NoSuchEntity", "The role with name WebServer cannot be found.")
	_, err = f.svc.DeleteInstanceProfile(f.rootA, &DeleteInstanceProfileRequest{InstanceProfileName: "Web"})
	mustOK(t, err)
	_, err = f.svc.GetInstanceProfile(f.rootA, &GetInstanceProfileRequest{InstanceProfileName: "Web"})
	wantAWSError(t, err, "NoSuchEntity", "Instance Profile Web cannot be found.")
	// Its tags went with it.
	_, err = f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "Web"})
	mustOK(t, err)
	tags, err := f.svc.ListInstanceProfileTags(f.rootA, &ListInstanceProfileTagsRequest{InstanceProfileName: "Web"})
	mustOK(t, err)
	if len(tags.Tags) != 0 {
		t.Errorf("recreated profile has tags %v", tags.Tags)
	}
}

func TestInstanceProfileErrors(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.createRole(t, accountA, "R")
	_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "P"})
	mustOK(t, err)
	tests := []struct {
		name      string
		call      func() error
		code, msg string
	}{
		{"create taken", func() error {
			_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "p"})
			return err
		}, "EntityAlreadyExists", "Instance Profile p already exists."},
		{"create with reserved tag", func() error {
			_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "Q", Tags: []Tag{{Key: "aws:x"}}})
			return err
		}, "InvalidInput", msgReservedTagKey},
		{"get unknown", func() error {
			_, err := f.svc.GetInstanceProfile(f.rootA, &GetInstanceProfileRequest{InstanceProfileName: "nope"})
			return err
		}, "NoSuchEntity", "Instance Profile nope cannot be found."},
		{"delete unknown", func() error {
			_, err := f.svc.DeleteInstanceProfile(f.rootA, &DeleteInstanceProfileRequest{InstanceProfileName: "nope"})
			return err
		}, "NoSuchEntity", "Instance Profile nope cannot be found."},
		{"add to unknown profile", func() error {
			_, err := f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "nope", RoleName: "R"})
			return err
		}, "NoSuchEntity", "Instance Profile nope cannot be found."},
		{"add unknown role", func() error {
			_, err := f.svc.AddRoleToInstanceProfile(f.rootA, &AddRoleToInstanceProfileRequest{InstanceProfileName: "P", RoleName: "nope"})
			return err
		}, "NoSuchEntity", "The role with name nope cannot be found."},
		{"profiles of unknown role", func() error {
			_, err := f.svc.ListInstanceProfilesForRole(f.rootA, &ListInstanceProfilesForRoleRequest{RoleName: "nope"})
			return err
		}, "NoSuchEntity", "The role with name nope cannot be found."},
		{"another account's profile", func() error {
			_, err := f.svc.GetInstanceProfile(f.rootB, &GetInstanceProfileRequest{InstanceProfileName: "P"})
			return err
		}, "NoSuchEntity", "Instance Profile P cannot be found."},
		{"another account's role", func() error {
			_, err := f.svc.ListInstanceProfilesForRole(f.rootB, &ListInstanceProfilesForRoleRequest{RoleName: "R"})
			return err
		}, "NoSuchEntity", "The role with name R cannot be found."},
		{"tag unknown profile", func() error {
			_, err := f.svc.TagInstanceProfile(f.rootA, &TagInstanceProfileRequest{InstanceProfileName: "nope", Tags: []Tag{{Key: "k"}}})
			return err
		}, "NoSuchEntity", "Instance Profile nope cannot be found."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantAWSError(t, tt.call(), tt.code, tt.msg) })
	}
}

func TestInstanceProfileListingAndQuota(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	f.svc.quotas.InstanceProfiles = 4
	for _, p := range []struct{ name, path string }{{"a", "/"}, {"b", "/x/"}, {"c", "/x/y/"}, {"d", "/"}} {
		_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: p.name, Path: p.path, Tags: []Tag{{Key: "k"}}})
		mustOK(t, err)
	}
	_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "e"})
	wantAWSError(t, err, "LimitExceeded", "Cannot exceed quota for InstanceProfilesPerAccount: 4")
	_, err = f.svc.CreateInstanceProfile(f.rootB, &CreateInstanceProfileRequest{InstanceProfileName: "e"})
	mustOK(t, err)
	tests := []struct {
		name   string
		prefix string
		max    int32
		want   string
	}{
		{"all, paged", "", 3, "a,b,c,d"},
		{"by path", "/x/", 1, "b,c"},
	}
	for _, tt := range tests {
		var got []string
		marker := ""
		for {
			max := tt.max
			out, err := f.svc.ListInstanceProfiles(f.rootA, &ListInstanceProfilesRequest{PathPrefix: tt.prefix, Marker: marker, MaxItems: &max})
			mustOK(t, err)
			for _, ip := range out.InstanceProfiles {
				if ip.Tags != nil || ip.Roles == nil {
					t.Errorf("%s: listed %+v", tt.name, ip)
				}
				got = append(got, ip.InstanceProfileName)
			}
			if !*out.IsTruncated {
				break
			}
			marker = out.Marker
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("%s: got %v, want %s", tt.name, got, tt.want)
		}
	}
	// The resource of a profile operation carries the profile's path.
	p := principal.FromContext(f.rootA)
	if got := f.svc.instanceProfileResource(p, "C"); got != "arn:aws:iam::111111111111:instance-profile/x/y/c" {
		t.Errorf("resource = %q", got)
	}
}

func TestInstanceProfileTags(t *testing.T) {
	t.Parallel()
	f := newIdentityFixture(t)
	_, err := f.svc.CreateInstanceProfile(f.rootA, &CreateInstanceProfileRequest{InstanceProfileName: "P"})
	mustOK(t, err)
	_, err = f.svc.TagInstanceProfile(f.rootA, &TagInstanceProfileRequest{InstanceProfileName: "P", Tags: tagList("k", 5)})
	mustOK(t, err)
	_, err = f.svc.UntagInstanceProfile(f.rootA, &UntagInstanceProfileRequest{InstanceProfileName: "p", TagKeys: []string{"K01", "absent"}})
	mustOK(t, err)
	var keys []string
	marker := ""
	for {
		two := int32(2)
		out, err := f.svc.ListInstanceProfileTags(f.rootA, &ListInstanceProfileTagsRequest{InstanceProfileName: "P", Marker: marker, MaxItems: &two})
		mustOK(t, err)
		for _, tg := range out.Tags {
			keys = append(keys, tg.Key)
		}
		if !*out.IsTruncated {
			break
		}
		marker = out.Marker
	}
	if strings.Join(keys, ",") != "k00,k02,k03,k04" {
		t.Errorf("tags = %v", keys)
	}
}
