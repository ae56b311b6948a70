package permissions

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/iamd/iamd/internal/authz"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/policy"
	"github.com/iamd/iamd/policy/eval"
)

// sessionInput fills the evaluation input of a role session or a
// federated user: the policies of the role (or of the user who federated),
// the session policy, and the principal's tags, which session tags
// override key by key, as AWS documents for both AssumeRole and
// GetFederationToken
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html).
func (e *Enforcer) sessionInput(ctx context.Context, in *authz.Input, p *principal.Principal) ([]tagPair, error) {
	s := p.Session
	if s == nil {
		return nil, fmt.Errorf("permissions: %s principal without a session", p.Type)
	}
	var sets *Sets
	var err error
	switch p.Type {
	case principal.AssumedRole:
		in.PrincipalKind = authz.AssumedRole
		in.Request.Principal.RoleARN = s.RoleARN
		sets, err = e.loader.ForRole(ctx, s.AccountID, s.RoleID)
	default:
		in.PrincipalKind = authz.FederatedUser
		if s.UserID == "" {
			// Federated by the root user, whom no identity policy limits:
			// the session policy alone bounds the federated user.
			sets, err = rootFederationSets()
		} else {
			// A resource-based policy naming the user who federated
			// reaches the federated user, capped by the session policy.
			in.Request.Principal.RoleARN = s.UserARN
			sets, err = e.loader.ForUser(ctx, s.AccountID, s.UserID)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("permissions: load policies of %s: %w", p.ARN, err)
	}
	in.Identity, in.Boundary = sets.Identity, sets.Boundary
	if in.Session, err = e.loader.ForSessionPolicy(ctx, s); err != nil {
		return nil, fmt.Errorf("permissions: session policy of %s: %w", p.ARN, err)
	}
	return mergeTags(sets, s.Tags), nil
}

// mergeTags returns the entity's tags overridden by session tags.
func mergeTags(sets *Sets, sessionTags []session.Tag) []tagPair {
	tags := make([]tagPair, 0, len(sets.Tags)+len(sessionTags))
	byKey := map[string]int{}
	for _, t := range sets.Tags {
		byKey[lower(t.Key)] = len(tags)
		tags = append(tags, tagPair{t.Key, t.Value})
	}
	for _, t := range sessionTags {
		if i, ok := byKey[lower(t.Key)]; ok {
			tags[i] = tagPair{t.Key, t.Value}
			continue
		}
		tags = append(tags, tagPair{t.Key, t.Value})
	}
	return tags
}

// lower folds ASCII letters: tag keys are compared case-insensitively.
func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// rootFederationSets stands for the root user's unlimited permissions in a
// federated user session it created. Compiled once.
var rootFederationSets = sync.OnceValues(func() (*Sets, error) {
	doc, err := policy.Parse([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`))
	if err != nil {
		return nil, fmt.Errorf("root federation policy: %w", err)
	}
	set, err := eval.Compile(eval.PolicyInput{Kind: policy.KindIdentity, Ref: "root", Doc: doc})
	if err != nil {
		return nil, fmt.Errorf("root federation policy: %w", err)
	}
	return &Sets{Identity: set}, nil
})

// sessionContext sets the global condition keys of requests signed with
// temporary credentials
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
// aws:PrincipalType AssumedRole or FederatedUser; aws:PrincipalArn the
// role's ARN (not the session's) for a role session; aws:TokenIssueTime;
// aws:MultiFactorAuthPresent, present only with temporary credentials
// (true or false), and aws:MultiFactorAuthAge when MFA was used;
// aws:SourceIdentity and aws:FederatedProvider when set.
func sessionContext(c *eval.Context, p *principal.Principal, s *session.Session, now time.Time) {
	switch p.Type {
	case principal.AssumedRole:
		c.Set("aws:principaltype", "AssumedRole")
		c.Set("aws:principalarn", s.RoleARN)
	case principal.FederatedUser:
		c.Set("aws:principaltype", "FederatedUser")
	}
	c.Set("aws:tokenissuetime", s.IssuedAt.UTC().Format(time.RFC3339))
	c.Set("aws:multifactorauthpresent", strconv.FormatBool(s.MFA))
	if s.MFA && !s.MFAAuthTime.IsZero() {
		age := max(0, now.Unix()-s.MFAAuthTime.Unix())
		c.Set("aws:multifactorauthage", strconv.FormatInt(age, 10))
	}
	if s.SourceIdentity != "" {
		c.Set("aws:sourceidentity", s.SourceIdentity)
	}
	if s.Provider != "" {
		c.Set("aws:federatedprovider", s.Provider)
	}
}
