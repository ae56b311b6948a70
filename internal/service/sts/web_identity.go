package sts

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/webtoken"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/service/constraint"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// WebIdentityVerifier verifies an OpenID Connect ID token against an IAM
// OIDC provider's URL and client IDs (oidc.Verifier). Its errors are AWS
// errors (InvalidIdentityToken, ExpiredTokenException,
// IDPCommunicationError) or internal failures.
type WebIdentityVerifier interface {
	Verify(ctx context.Context, providerURL string, clientIDs []string, rawToken string) (*webtoken.Claims, error)
}

// FederatedTrust decides whether a role's trust policy allows a federated
// caller (permissions.Enforcer).
type FederatedTrust interface {
	AuthorizeFederated(ctx context.Context, req *permissions.FederatedRequest) (bool, error)
}

// Claims of the web identity token that AWS reads beyond the OpenID
// Connect ones: session tags and the source identity
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-idp,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
const (
	claimTags           = "https://aws.amazon.com/tags"
	claimSourceIdentity = "https://aws.amazon.com/source_identity"
)

// actionWebIdentity is the action a role's trust policy must allow.
const actionWebIdentity = "sts:AssumeRoleWithWebIdentity"

// notAuthorized is AWS's AccessDenied for a trust policy that does not
// allow the federated caller (quoted in aws/aws-sdk-js-v3#6225,
// aws-amplify/aws-sdk-android#9: "Not authorized to perform
// sts:AssumeRoleWithWebIdentity"), also sent for a role that does not
// exist. The implied actions get the same phrase with their own name.
func notAuthorized(action string) error {
	return awserr.AccessDenied("Not authorized to perform " + action)
}

// AssumeRoleWithWebIdentity exchanges an OpenID Connect ID token for a
// session of a role that trusts the token's issuer
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
// It needs no AWS credentials: the token proves the caller. The issuer
// must be an IAM OIDC provider of the role's account, the token's aud one
// of the provider's client IDs, and the role's trust policy must allow the
// provider as a Federated principal under the token's claims
// (HOST/PATH:sub, :aud, :amr).
func (s *Service) AssumeRoleWithWebIdentity(ctx context.Context, in *AssumeRoleWithWebIdentityRequest) (*AssumeRoleWithWebIdentityResponse, error) {
	if s.cfg.WebIdentity == nil || s.cfg.Trust == nil {
		return nil, errors.New("sts: web identity federation is not configured")
	}
	if in.ProviderId != "" {
		// OAuth 2.0 access tokens (www.amazon.com, graph.facebook.com)
		// are verified by asking their provider, which iamd cannot do;
		// AWS's reference says not to pass ProviderId for OpenID Connect
		// ID tokens. The text is iamd's: AWS's is not published.
		return nil, awserr.InvalidIdentityToken(fmt.Sprintf("ProviderId %s names an OAuth 2.0 provider; only OpenID Connect ID tokens are supported.", in.ProviderId))
	}
	accountID, roleName, ok := splitRoleARN(in.RoleArn)
	if !ok {
		return nil, notAuthorized(actionWebIdentity)
	}

	provider, claims, err := s.verifyWebIdentity(ctx, accountID, in.WebIdentityToken)
	if err != nil {
		return nil, err
	}
	providerARN := "arn:aws:iam::" + accountID + ":oidc-provider/" + provider.URL

	tags, transitive, err := tokenSessionTags(claims.Raw)
	if err != nil {
		return nil, err
	}
	sourceIdentity, err := tokenSourceIdentity(claims.Raw)
	if err != nil {
		return nil, err
	}

	role, err := s.cfg.Store.Roles().Get(ctx, accountID, roleName)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notAuthorized(actionWebIdentity)
	}
	if err != nil {
		return nil, fmt.Errorf("sts: assume role with web identity: %w", err)
	}
	if err := s.authorizeFederated(ctx, in, providerARN, claims, tags, transitive, sourceIdentity); err != nil {
		return nil, err
	}

	seconds, err := roleSessionSeconds(role, in.DurationSeconds)
	if err != nil {
		return nil, err
	}

	arns, err := s.sessionPolicy(ctx, accountID, in.Policy, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	sessTags, err := sessionTags(tags, transitive, nil)
	if err != nil {
		return nil, err
	}
	packed, err := checkPacked(in.Policy, arns, sessTags)
	if err != nil {
		return nil, err
	}

	now := s.now()
	sess := &session.Session{
		Kind: session.AssumedRole, AccountID: accountID,
		IssuedAt: now, Expiration: now.Add(time.Duration(seconds) * time.Second),
		RoleID: role.ID, RoleARN: in.RoleArn, RoleName: role.Name, SessionName: in.RoleSessionName,
		SourceIdentity: sourceIdentity, Tags: sessTags, TransitiveTagKeys: transitive,
		Policy: in.Policy, PolicyARNs: arns, Provider: providerARN,
	}
	creds, err := s.issue(sess)
	if err != nil {
		return nil, fmt.Errorf("sts: assume role with web identity: %w", err)
	}
	s.recordRoleUse(ctx, role, now)
	return &AssumeRoleWithWebIdentityResponse{
		Credentials:                 creds,
		SubjectFromWebIdentityToken: claims.Subject,
		AssumedRoleUser:             &AssumedRoleUser{Arn: sess.ARN(), AssumedRoleId: sess.UserIDValue()},
		PackedPolicySize:            packed,
		// AWS answers an IAM OIDC provider's token with the provider's
		// ARN (spiffe/spiffe.io#110 quotes a real response).
		Provider:       providerARN,
		Audience:       claims.MatchedAudiences[0],
		SourceIdentity: sourceIdentity,
	}, nil
}

// verifyWebIdentity finds the account's OIDC provider for the token's
// issuer and verifies the token against it.
func (s *Service) verifyWebIdentity(ctx context.Context, accountID, token string) (*store.OIDCProvider, *webtoken.Claims, error) {
	iss, err := webtoken.UnverifiedIssuer(token)
	if err != nil {
		return nil, nil, err
	}
	provider, err := s.cfg.Store.OIDCProviders().Get(ctx, accountID, webtoken.KeyPrefix(iss))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, awserr.InvalidIdentityToken(fmt.Sprintf(awserr.MsgNoOIDCProvider, iss))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("sts: oidc provider for %s: %w", iss, err)
	}
	claims, err := s.cfg.WebIdentity.Verify(ctx, provider.URL, provider.ClientIDs, token)
	if err != nil {
		return nil, nil, err
	}
	return provider, claims, nil
}

// authorizeFederated evaluates the role's trust policy for
// sts:AssumeRoleWithWebIdentity and, as for AssumeRole, sts:TagSession
// when the token carries session tags and sts:SetSourceIdentity when it
// carries a source identity.
func (s *Service) authorizeFederated(ctx context.Context, in *AssumeRoleWithWebIdentityRequest, providerARN string,
	claims *webtoken.Claims, tags []Tag, transitive []string, sourceIdentity string) error {
	keys := []service.ContextKey{{Key: "sts:RoleSessionName", Values: []string{in.RoleSessionName}}}
	for k, v := range claims.ContextKeys() {
		keys = append(keys, service.ContextKey{Key: k, Values: v})
	}
	keys = append(keys, tagKeys(tags)...)
	if len(transitive) > 0 {
		keys = append(keys, service.ContextKey{Key: "sts:TransitiveTagKeys", Values: transitive})
	}
	if sourceIdentity != "" {
		keys = append(keys, service.ContextKey{Key: "sts:SourceIdentity", Values: []string{sourceIdentity}})
	}
	actions := []string{actionWebIdentity}
	if len(tags) > 0 {
		actions = append(actions, "sts:TagSession")
	}
	if sourceIdentity != "" {
		actions = append(actions, "sts:SetSourceIdentity")
	}
	for _, action := range actions {
		ok, err := s.cfg.Trust.AuthorizeFederated(ctx, &permissions.FederatedRequest{
			RoleARN: in.RoleArn, Action: action, Provider: providerARN, Keys: keys})
		if err != nil {
			return err
		}
		if !ok {
			return notAuthorized(action)
		}
	}
	return nil
}

// msgBadTagsClaim is iamd's text for a malformed session tags claim; AWS
// does not publish its own.
const msgBadTagsClaim = "The web identity token's " + claimTags + " claim is not valid: %s"

// tokenSessionTags reads the session tags claim: {"principal_tags":
// {"KEY": ["VALUE"]}, "transitive_tag_keys": ["KEY"]}, each tag's value a
// one-element list as AWS documents (a bare string is accepted too). Tags
// come back sorted by key, since JSON objects have no order.
func tokenSessionTags(raw map[string]any) ([]Tag, []string, error) {
	v, present := raw[claimTags]
	if !present {
		return nil, nil, nil
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, nil, awserr.InvalidIdentityToken(fmt.Sprintf(msgBadTagsClaim, "not an object"))
	}
	var tags []Tag
	if pt, present := obj["principal_tags"]; present {
		m, ok := pt.(map[string]any)
		if !ok {
			return nil, nil, awserr.InvalidIdentityToken(fmt.Sprintf(msgBadTagsClaim, "principal_tags is not an object"))
		}
		for k, val := range m {
			value, ok := singleString(val)
			if !ok {
				return nil, nil, awserr.InvalidIdentityToken(fmt.Sprintf(msgBadTagsClaim, "the value of "+k+" is not a single string"))
			}
			tags = append(tags, Tag{Key: k, Value: value})
		}
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].Key < tags[j].Key })
	var transitive []string
	if tt, present := obj["transitive_tag_keys"]; present {
		list, ok := tt.([]any)
		if !ok {
			return nil, nil, awserr.InvalidIdentityToken(fmt.Sprintf(msgBadTagsClaim, "transitive_tag_keys is not a list"))
		}
		for _, e := range list {
			k, ok := e.(string)
			if !ok {
				return nil, nil, awserr.InvalidIdentityToken(fmt.Sprintf(msgBadTagsClaim, "transitive_tag_keys holds a non-string"))
			}
			transitive = append(transitive, k)
		}
	}
	if err := validateTokenTags(tags); err != nil {
		return nil, nil, err
	}
	return tags, transitive, nil
}

// validateTokenTags applies AssumeRole's limits on session tags (50 tags,
// keys of 1..128 and values of 0..256 characters) to the token's tags.
func validateTokenTags(tags []Tag) error {
	var v constraint.Validator
	if len(tags) > 0 {
		v.CheckList("", "tags", tags, len(tags), &constraint.ListRules{Max: 50})
	}
	for i, t := range tags {
		prefix := fmt.Sprintf("tags.%d", i+1)
		v.CheckString(prefix, "key", t.Key, &rulesTagKeyType)
		if t.Value != "" {
			v.CheckString(prefix, "value", t.Value, &rulesTagValueType)
		}
	}
	return v.Err()
}

// singleString reads a tag value: ["v"] or "v".
func singleString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case []any:
		if len(v) == 1 {
			s, ok := v[0].(string)
			return s, ok
		}
	}
	return "", false
}

// tokenSourceIdentity reads the source identity claim, validated as
// AssumeRole's SourceIdentity parameter is.
func tokenSourceIdentity(raw map[string]any) (string, error) {
	v, present := raw[claimSourceIdentity]
	if !present {
		return "", nil
	}
	id, ok := v.(string)
	if !ok {
		return "", awserr.InvalidIdentityToken(fmt.Sprintf("The web identity token's %s claim is not a string.", claimSourceIdentity))
	}
	var val constraint.Validator
	val.CheckString("", "sourceIdentity", id, &rulesSourceIdentityType)
	if err := val.Err(); err != nil {
		return "", err
	}
	return id, nil
}
