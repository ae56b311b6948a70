package sts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/outbound"
	"github.com/iamd/iamd/internal/issuers"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service"
)

// WebIdentityTokens signs GetWebIdentityToken's tokens as the caller's
// account's issuer (issuers.Issuers); it refuses with
// issuers.ErrNotEnabled unless the account enabled the feature.
type WebIdentityTokens interface {
	Issue(ctx context.Context, accountID, alg string, claims *outbound.Claims) (string, error)
}

// PrincipalTagger returns the tags a principal carries, as
// aws:PrincipalTag sees them (permissions.Enforcer).
type PrincipalTagger interface {
	PrincipalTags(ctx context.Context, p *principal.Principal) (map[string]string, error)
}

// defaultWebIdentityTokenSeconds is DurationSeconds' default; the model
// bounds it to 60..3600.
const defaultWebIdentityTokenSeconds = 300

// maxWebIdentityTokenPayload bounds the token's claims as serialized
// JSON. AWS publishes no number; 14,984 bytes is the largest payload its
// API was seen to accept, for users and role sessions and both
// algorithms (radkawar/stackd, testdata/aws/iam/outbound_issuance.json).
const maxWebIdentityTokenPayload = 14984

// AWS publishes no texts for GetWebIdentityToken's errors; these are the
// ones its API answers with, as captured from real responses (the same
// source).
const (
	msgTokenAlgorithm  = "Requested SigningAlgorithm is not supported. See the GetWebIdentityToken documentation for supported algorithms"
	msgTokenFederated  = "GetWebIdentityToken does not support federated user sessions"
	msgTokenEscalation = "Requested token expiry time must be before the original session's expiry time."
	msgTokenPayload    = "JWT payload exceeds maximum allowed size"
	msgTokenNotEnabled = "OutboundWebIdentityFederation is disabled."
)

// webIdentityTokenResource is what sts:GetWebIdentityToken is authorized
// on: the action has no resource type, and AWS's denials name the
// caller's account's arn:aws:sts::ACCOUNT:self.
func webIdentityTokenResource(p *principal.Principal, _ *GetWebIdentityTokenRequest) string {
	return "arn:aws:sts::" + p.AccountID + ":self"
}

// webIdentityTokenKeys are the request's condition keys: the audiences,
// the duration, the algorithm and the request tags.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html
func webIdentityTokenKeys(in *GetWebIdentityTokenRequest) []service.ContextKey {
	keys := []service.ContextKey{
		{Key: "sts:IdentityTokenAudience", Values: in.Audience},
		{Key: "sts:DurationSeconds", Values: []string{strconv.Itoa(tokenSeconds(in))}},
		{Key: "sts:SigningAlgorithm", Values: []string{in.SigningAlgorithm}},
	}
	return append(keys, tagKeys(in.Tags)...)
}

// tokenSeconds is the token's lifetime: DurationSeconds or its default.
func tokenSeconds(in *GetWebIdentityTokenRequest) int {
	if in.DurationSeconds != nil {
		return int(*in.DurationSeconds)
	}
	return defaultWebIdentityTokenSeconds
}

// GetWebIdentityToken returns a JWT, signed as the caller's account's
// issuer, that asserts who the caller is to a service outside AWS.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
func (s *Service) GetWebIdentityToken(ctx context.Context, in *GetWebIdentityTokenRequest) (*GetWebIdentityTokenResponse, error) {
	p := principal.FromContext(ctx)
	if p == nil {
		return nil, awserr.MissingAuthenticationToken()
	}
	if s.cfg.WebIdentityTokens == nil {
		return nil, errors.New("sts: web identity tokens are not configured")
	}
	// The model checks the length (5); the value is checked here.
	if in.SigningAlgorithm != outbound.RS256 && in.SigningAlgorithm != outbound.ES384 {
		return nil, awserr.ValidationError(msgTokenAlgorithm)
	}
	if p.Type == principal.FederatedUser {
		return nil, awserr.AccessDenied(msgTokenFederated)
	}
	// Request tags are refused as session tags are: keys differing only
	// in case are duplicates.
	tags, err := sessionTags(in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	if err := s.authorizeTokenTags(ctx, p, in); err != nil {
		return nil, err
	}
	now := s.now().UTC().Truncate(time.Second)
	expires := now.Add(time.Duration(tokenSeconds(in)) * time.Second)
	sess := p.Session
	if sess != nil && !expires.Before(sess.Expiration) {
		return nil, awserr.New("SessionDurationEscalationException", 403, msgTokenEscalation)
	}
	region := service.RequestFactsFrom(ctx).Region
	if region == "" {
		region = "us-east-1"
	}
	subject := tokenSubject(p)
	claims := &outbound.Claims{
		Subject: subject, Audience: jwt.Audience(in.Audience),
		IssuedAt: jwt.NewNumericDate(now), Expiry: jwt.NewNumericDate(expires),
		AWS: outbound.AWSClaims{Account: p.AccountID, SourceRegion: region, PrincipalID: subject},
	}
	if sess != nil {
		claims.AWS.OriginalSessionExp = sess.Expiration.UTC().Format(time.RFC3339)
		claims.AWS.SourceIdentity = sess.SourceIdentity
	}
	if len(tags) > 0 {
		claims.AWS.RequestTags = make(map[string]string, len(tags))
		for _, t := range tags {
			claims.AWS.RequestTags[t.Key] = t.Value
		}
	}
	if s.cfg.PrincipalTags != nil {
		tags, err := s.cfg.PrincipalTags.PrincipalTags(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("sts: web identity token: %w", err)
		}
		if len(tags) > 0 {
			claims.AWS.PrincipalTags = tags
		}
	}
	if claims.ID, err = secrets.NewRequestID(); err != nil {
		return nil, fmt.Errorf("sts: web identity token: %w", err)
	}
	if payload, err := json.Marshal(claims); err != nil {
		return nil, fmt.Errorf("sts: web identity token: %w", err)
	} else if len(payload) > maxWebIdentityTokenPayload {
		return nil, awserr.New("JWTPayloadSizeExceededException", 400, msgTokenPayload)
	}
	token, err := s.cfg.WebIdentityTokens.Issue(ctx, p.AccountID, in.SigningAlgorithm, claims)
	if errors.Is(err, issuers.ErrNotEnabled) {
		return nil, awserr.New("OutboundWebIdentityFederationDisabledException", 403, msgTokenNotEnabled)
	}
	if err != nil {
		return nil, fmt.Errorf("sts: web identity token: %w", err)
	}
	return &GetWebIdentityTokenResponse{WebIdentityToken: token, Expiration: &expires}, nil
}

// tokenSubject is the sub claim: the IAM identity behind the caller, so
// that a role's tokens name the role whatever the session's name.
func tokenSubject(p *principal.Principal) string {
	if sess := p.Session; sess != nil && p.Type == principal.AssumedRole {
		return sess.RoleARN
	}
	return p.ARN
}

// authorizeTokenTags checks sts:TagGetWebIdentityToken, the permission AWS
// requires beyond sts:GetWebIdentityToken to put request tags in a token,
// with the same condition keys.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_policies.html
func (s *Service) authorizeTokenTags(ctx context.Context, p *principal.Principal, in *GetWebIdentityTokenRequest) error {
	if len(in.Tags) == 0 {
		return nil
	}
	if s.cfg.Authorizer == nil {
		return errors.New("sts: no authorizer configured")
	}
	return s.cfg.Authorizer.Authorize(ctx, &service.AuthzRequest{
		Principal: p, Action: "sts:TagGetWebIdentityToken", Resource: webIdentityTokenResource(p, in), Keys: webIdentityTokenKeys(in),
	})
}
