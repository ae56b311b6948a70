package sts

import (
	"context"
	"fmt"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
)

// Durations of GetSessionToken and GetFederationToken: 900 to 129,600
// seconds (the model checks the range), 43,200 by default, and at most
// 3,600 (the default too) for the root user
// (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html,
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetFederationToken.html).
// A longer request by the root user is capped at 3,600 seconds.
const (
	defaultUserSession = 43200
	maxRootSession     = 3600
)

// federationKeys are GetFederationToken's condition keys.
func federationKeys(in *GetFederationTokenRequest) []service.ContextKey {
	return tagKeys(in.Tags)
}

// GetSessionToken returns temporary credentials for the calling user or
// root user, who must sign with long-term credentials.
func (s *Service) GetSessionToken(ctx context.Context, in *GetSessionTokenRequest) (*GetSessionTokenResponse, error) {
	p := principal.FromContext(ctx)
	if p == nil {
		return nil, awserr.MissingAuthenticationToken()
	}
	if p.IsSession() {
		return nil, awserr.AccessDenied("Cannot call GetSessionToken with session credentials")
	}
	sess := &session.Session{AccountID: p.AccountID}
	if in.SerialNumber != "" || in.TokenCode != "" {
		at, err := s.verifyMFA(ctx, p, in.SerialNumber, in.TokenCode)
		if err != nil {
			return nil, err
		}
		sess.MFA, sess.MFAAuthTime = true, at
	}
	seconds := duration(in.DurationSeconds, defaultUserSession, 129600)
	if p.IsRoot() {
		sess.Kind = session.RootSession
		seconds = min(duration(in.DurationSeconds, maxRootSession, maxRootSession), maxRootSession)
	} else {
		sess.Kind, sess.UserID, sess.UserName, sess.UserARN = session.UserSession, p.UserID, p.UserName, p.ARN
	}
	now := s.now()
	sess.IssuedAt, sess.Expiration = now, now.Add(time.Duration(seconds)*time.Second)
	creds, err := s.issue(sess)
	if err != nil {
		return nil, fmt.Errorf("sts: get session token: %w", err)
	}
	return &GetSessionTokenResponse{Credentials: creds}, nil
}

// GetFederationToken returns credentials for a federated user whose
// permissions are the caller's intersected with the session policies
// passed (none passed: no permissions at all).
func (s *Service) GetFederationToken(ctx context.Context, in *GetFederationTokenRequest) (*GetFederationTokenResponse, error) {
	p := principal.FromContext(ctx)
	if p == nil {
		return nil, awserr.MissingAuthenticationToken()
	}
	if p.IsSession() {
		return nil, awserr.AccessDenied("Cannot call GetFederationToken with session credentials")
	}
	arns, err := s.sessionPolicy(ctx, p.AccountID, in.Policy, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	tags, err := sessionTags(in.Tags, nil, nil)
	if err != nil {
		return nil, err
	}
	packed, err := checkPacked(in.Policy, arns, tags)
	if err != nil {
		return nil, err
	}
	seconds := duration(in.DurationSeconds, defaultUserSession, 129600)
	sess := &session.Session{
		Kind: session.FederatedUser, AccountID: p.AccountID, SessionName: in.Name,
		Tags: tags, Policy: in.Policy, PolicyARNs: arns,
	}
	if p.IsRoot() {
		seconds = min(duration(in.DurationSeconds, maxRootSession, maxRootSession), maxRootSession)
	} else {
		sess.UserID, sess.UserName, sess.UserARN = p.UserID, p.UserName, p.ARN
	}
	now := s.now()
	sess.IssuedAt, sess.Expiration = now, now.Add(time.Duration(seconds)*time.Second)
	creds, err := s.issue(sess)
	if err != nil {
		return nil, fmt.Errorf("sts: get federation token: %w", err)
	}
	return &GetFederationTokenResponse{
		Credentials:      creds,
		FederatedUser:    &FederatedUser{Arn: sess.ARN(), FederatedUserId: sess.UserIDValue()},
		PackedPolicySize: packed,
	}, nil
}
