package permissions

import (
	"context"
	"maps"
	"testing"

	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// TestPrincipalTagsOf: the tags a principal carries are those
// aws:PrincipalTag sees in its requests.
func TestPrincipalTagsOf(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	if err := f.st.Tags().Set(ctx, acct, store.TagUser, f.user.ID, []store.Tag{{Key: "team", Value: "blue"}, {Key: "cost", Value: "7"}}, 50); err != nil {
		t.Fatal(err)
	}
	role := f.addRole("Reader", allow("iam:GetUser", "*", ""))
	if err := f.st.Tags().Set(ctx, acct, store.TagRole, role.ID, []store.Tag{{Key: "Team", Value: "red"}, {Key: "env", Value: "prod"}}, 50); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		p    *principal.Principal
		want map[string]string
	}{
		{"user", f.principal(), map[string]string{"team": "blue", "cost": "7"}},
		{"user's GetSessionToken session", f.session(session.UserSession, func(s *session.Session) {
			s.UserID, s.UserName, s.UserARN = f.user.ID, "alice", "arn:aws:iam::"+acct+":user/alice"
		}), map[string]string{"team": "blue", "cost": "7"}},
		{"role session: session tags win, ignoring case", f.session(session.AssumedRole, func(s *session.Session) {
			s.RoleID, s.RoleARN, s.SessionName = role.ID, "arn:aws:iam::"+acct+":role/Reader", "s"
			s.Tags = []session.Tag{{Key: "team", Value: "green"}}
		}), map[string]string{"team": "green", "env": "prod"}},
		{"federated user over the user's tags", f.session(session.FederatedUser, func(s *session.Session) {
			s.UserID, s.UserARN, s.SessionName = f.user.ID, "arn:aws:iam::"+acct+":user/alice", "fed"
			s.Tags = []session.Tag{{Key: "cost", Value: "9"}}
		}), map[string]string{"team": "blue", "cost": "9"}},
		{"root", &principal.Principal{Type: principal.Root, AccountID: acct, ARN: "arn:aws:iam::" + acct + ":root"}, map[string]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.enf.PrincipalTags(ctx, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("tags %v, want %v", got, tt.want)
			}
		})
	}
}
