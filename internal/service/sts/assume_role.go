package sts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// Session durations of AssumeRole
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
const (
	defaultRoleSession = 3600
	maxChainedSession  = 3600
	// lastUsedEvery bounds how often AssumeRole writes RoleLastUsed: each
	// write moves the store's generation and empties every node's caches,
	// and AWS itself reports the date with a delay of hours.
	lastUsedEvery = time.Hour
)

// assumeRoleKeys are AssumeRole's condition keys, which the role's trust
// policy (and the caller's policies) can test.
func assumeRoleKeys(in *AssumeRoleRequest) []service.ContextKey {
	keys := []service.ContextKey{{Key: "sts:RoleSessionName", Values: []string{in.RoleSessionName}}}
	if in.ExternalId != "" {
		keys = append(keys, service.ContextKey{Key: "sts:ExternalId", Values: []string{in.ExternalId}})
	}
	if in.SourceIdentity != "" {
		keys = append(keys, service.ContextKey{Key: "sts:SourceIdentity", Values: []string{in.SourceIdentity}})
	}
	keys = append(keys, tagKeys(in.Tags)...)
	if len(in.TransitiveTagKeys) > 0 {
		keys = append(keys, service.ContextKey{Key: "sts:TransitiveTagKeys", Values: in.TransitiveTagKeys})
	}
	// A caller that passes an MFA code meets a trust policy's MFA
	// conditions, as AWS documents for MFA-protected roles; AssumeRole
	// refuses the request unless the code is right, so the claim made here
	// is checked before any credential is issued.
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
	if in.SerialNumber != "" && in.TokenCode != "" {
		keys = append(keys,
			service.ContextKey{Key: "aws:MultiFactorAuthPresent", Values: []string{"true"}},
			service.ContextKey{Key: "aws:MultiFactorAuthAge", Values: []string{"0"}})
	}
	return keys
}

// tagKeys are aws:RequestTag/KEY and aws:TagKeys of session tags.
func tagKeys(tags []Tag) []service.ContextKey {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]service.ContextKey, 0, len(tags)+1)
	names := make([]string, 0, len(tags))
	for _, t := range tags {
		keys = append(keys, service.ContextKey{Key: "aws:RequestTag/" + t.Key, Values: []string{t.Value}})
		names = append(names, t.Key)
	}
	return append(keys, service.ContextKey{Key: "aws:TagKeys", Values: names})
}

// AssumeRole returns credentials for a session of a role. By the time it
// runs, the gateway has authorized sts:AssumeRole on the role ARN with the
// role's trust policy as the resource-based policy (and, across accounts,
// the caller's own policies), so a role that does not exist never reaches
// it; one deleted since gets the same AccessDenied.
func (s *Service) AssumeRole(ctx context.Context, in *AssumeRoleRequest) (*AssumeRoleResponse, error) {
	p := principal.FromContext(ctx)
	if p == nil {
		return nil, awserr.MissingAuthenticationToken()
	}
	if p.IsRoot() {
		// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html:
		// "You cannot use root user credentials to call AssumeRole".
		return nil, awserr.AccessDenied("Roles may not be assumed by root accounts.")
	}
	var mfaAt time.Time
	if in.SerialNumber != "" || in.TokenCode != "" {
		at, err := s.verifyMFA(ctx, p, in.SerialNumber, in.TokenCode)
		if err != nil {
			return nil, err
		}
		mfaAt = at
	}
	denied := awserr.AccessDenied(fmt.Sprintf("User: %s is not authorized to perform: sts:AssumeRole on resource: %s", p.ARN, in.RoleArn))
	accountID, roleName, ok := splitRoleARN(in.RoleArn)
	if !ok {
		return nil, denied
	}
	role, err := s.cfg.Store.Roles().Get(ctx, accountID, roleName)
	if errors.Is(err, store.ErrNotFound) {
		return nil, denied
	}
	if err != nil {
		return nil, fmt.Errorf("sts: assume role: %w", err)
	}

	if err := s.authorizeImplied(ctx, p, in); err != nil {
		return nil, err
	}

	chained := p.Type == principal.AssumedRole
	if chained && in.DurationSeconds != nil && *in.DurationSeconds > maxChainedSession {
		return nil, awserr.ValidationError("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
	}
	seconds, err := roleSessionSeconds(role, in.DurationSeconds)
	if err != nil {
		return nil, err
	}

	arns, err := s.sessionPolicy(ctx, accountID, in.Policy, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	// Role chaining keeps the caller's transitive tags and source identity.
	var inherited []session.Tag
	var inheritedTransitive []string
	sourceIdentity := in.SourceIdentity
	if prev := p.Session; chained && prev != nil {
		for _, t := range prev.Tags {
			for _, k := range prev.TransitiveTagKeys {
				if strings.EqualFold(k, t.Key) {
					inherited = append(inherited, t)
					inheritedTransitive = append(inheritedTransitive, t.Key)
				}
			}
		}
		if prev.SourceIdentity != "" {
			if sourceIdentity != "" && sourceIdentity != prev.SourceIdentity {
				return nil, awserr.AccessDenied("The source identity of a role session cannot be changed by role chaining.")
			}
			sourceIdentity = prev.SourceIdentity
		}
	}
	tags, err := sessionTags(in.Tags, in.TransitiveTagKeys, inherited)
	if err != nil {
		return nil, err
	}
	// Inherited transitive tags do not count against the new session's
	// packed size: they were paid for when first passed.
	packed, err := checkPacked(in.Policy, arns, tags[len(inherited):])
	if err != nil {
		return nil, err
	}

	now := s.now()
	sess := &session.Session{
		Kind: session.AssumedRole, AccountID: accountID,
		IssuedAt: now, Expiration: now.Add(time.Duration(seconds) * time.Second),
		RoleID: role.ID, RoleARN: in.RoleArn, RoleName: role.Name, SessionName: in.RoleSessionName,
		SourceIdentity: sourceIdentity, Tags: tags,
		TransitiveTagKeys: append(inheritedTransitive, in.TransitiveTagKeys...),
		Policy:            in.Policy, PolicyARNs: arns, Chained: chained,
	}
	if !mfaAt.IsZero() {
		sess.MFA, sess.MFAAuthTime = true, mfaAt
	} else if prev := p.Session; prev != nil && prev.MFA {
		sess.MFA, sess.MFAAuthTime = true, prev.MFAAuthTime
	}
	creds, err := s.issue(sess)
	if err != nil {
		return nil, fmt.Errorf("sts: assume role: %w", err)
	}
	s.recordRoleUse(ctx, role, now)
	return &AssumeRoleResponse{
		Credentials:      creds,
		AssumedRoleUser:  &AssumedRoleUser{Arn: sess.ARN(), AssumedRoleId: sess.UserIDValue()},
		PackedPolicySize: packed,
		SourceIdentity:   sourceIdentity,
	}, nil
}

// authorizeImplied checks the permissions AWS requires beyond
// sts:AssumeRole: sts:TagSession to pass session tags and
// sts:SetSourceIdentity to set a source identity, both evaluated like
// sts:AssumeRole (the trust policy must allow them, and across accounts the
// caller's policies too)
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_permissions-required,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
// Operations do not see the request's network facts, so aws:SourceIp and
// aws:UserAgent are absent from these two decisions.
func (s *Service) authorizeImplied(ctx context.Context, p *principal.Principal, in *AssumeRoleRequest) error {
	var actions []string
	if len(in.Tags) > 0 || len(in.TransitiveTagKeys) > 0 {
		actions = append(actions, "sts:TagSession")
	}
	if in.SourceIdentity != "" {
		actions = append(actions, "sts:SetSourceIdentity")
	}
	if len(actions) == 0 {
		return nil
	}
	if s.cfg.Authorizer == nil {
		return errors.New("sts: no authorizer configured")
	}
	for _, action := range actions {
		req := &service.AuthzRequest{Principal: p, Action: action, Resource: in.RoleArn, Keys: assumeRoleKeys(in)}
		if err := s.cfg.Authorizer.Authorize(ctx, req); err != nil {
			return err
		}
	}
	return nil
}

// recordRoleUse updates RoleLastUsed, best-effort: a failure is not the
// caller's problem, and writes are rate-limited (lastUsedEvery). The
// region is not known to operations, so it is left as last recorded.
func (s *Service) recordRoleUse(ctx context.Context, role *store.Role, now time.Time) {
	if role.LastUsedAt != nil && now.Sub(*role.LastUsedAt) < lastUsedEvery {
		return
	}
	_ = s.cfg.Store.WithTx(ctx, func(tx store.Store) error {
		r, err := tx.Roles().GetByID(ctx, role.AccountID, role.ID)
		if err != nil {
			return err
		}
		r.LastUsedAt = &now
		if r.LastUsedRegion == "" {
			r.LastUsedRegion = "us-east-1"
		}
		return tx.Roles().Update(ctx, r)
	})
}

// splitRoleARN reads arn:aws:iam::ACCOUNT:role/PATH/NAME.
func splitRoleARN(a string) (accountID, name string, ok bool) {
	const prefix = "arn:aws:iam::"
	if !strings.HasPrefix(a, prefix) {
		return "", "", false
	}
	rest := a[len(prefix):]
	if len(rest) < 18 || rest[12] != ':' || !strings.HasPrefix(rest[13:], "role/") {
		return "", "", false
	}
	name = rest[strings.LastIndexByte(rest, '/')+1:]
	return rest[:12], name, name != ""
}
