package sts

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/federation/saml"
	"github.com/iamd/iamd/internal/permissions"
	"github.com/iamd/iamd/internal/service"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
)

// awsStaticSignInURL is the other sign-in URL AWS documents for the
// Recipient of a SAML response
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_create_saml_assertions.html).
const awsStaticSignInURL = "https://signin.aws.amazon.com/static/saml"

// samlOptions accepts what IdPs configured for AWS send: AWS's sign-in URL
// as Recipient and Destination, and it or urn:amazon:webservices as the
// Audience. iamd has no sign-in endpoint of its own, so an IdP set up for
// AWS works against iamd unchanged.
var samlOptions = saml.Options{
	Audiences:  []string{saml.AWSSignInURL, awsStaticSignInURL, saml.AWSAudienceURN},
	Recipients: []string{saml.AWSSignInURL, awsStaticSignInURL},
}

// msgSAMLNotAuthorized is AWS's AccessDenied text for every refusal of
// AssumeRoleWithSAML that is not about the response itself: no matching role pair,
// a trust policy that does not allow the provider, a missing role or provider
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_saml.html).
const msgSAMLNotAuthorized = "Not authorized to perform " + actionSAML

// actionSAML is the action a role's trust policy must allow.
const actionSAML = "sts:AssumeRoleWithSAML"

// msgSAMLEncryptionRequired is iamd's own wording: a provider whose
// AssertionEncryptionMode is Required accepts only encrypted assertions,
// which iamd cannot decrypt (it holds no SP private key).
const msgSAMLEncryptionRequired = "The SAML provider requires encrypted assertions"

// AssumeRoleWithSAML exchanges a SAML 2.0 Response signed by the IdP of an
// IAM SAML provider for a session of a role that trusts that provider. It
// is called without credentials: the signed response is the proof. In
// order: the provider (PrincipalArn) and role are loaded; the response is
// verified against the provider's metadata (saml.Authenticate: signature,
// issuer, audience, times, and the (RoleArn, PrincipalArn) pair in the
// Role attribute); the role's trust policy must allow the provider as a
// Federated principal sts:AssumeRoleWithSAML with the assertion's saml:*
// keys, and also sts:TagSession when the assertion passes PrincipalTag
// attributes and sts:SetSourceIdentity when it passes a SourceIdentity.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html
func (s *Service) AssumeRoleWithSAML(ctx context.Context, in *AssumeRoleWithSAMLRequest) (*AssumeRoleWithSAMLResponse, error) {
	denied := awserr.AccessDenied(msgSAMLNotAuthorized)
	provider, err := s.samlProvider(ctx, in.PrincipalArn)
	if err != nil {
		return nil, err
	}
	roleAccount, _, ok := splitRoleARN(in.RoleArn)
	if !ok {
		return nil, denied
	}
	fed, err := saml.Authenticate(*provider, in.RoleArn, in.PrincipalArn, in.SAMLAssertion, s.cfg.Now().UTC(), samlOptions)
	if err != nil {
		return nil, err
	}
	role, err := s.roleByARN(ctx, in.RoleArn)
	if err != nil {
		return nil, err
	}
	if role == nil {
		return nil, denied
	}
	a := fed.Assertion

	now := s.now()
	if !a.SessionNotOnOrAfter.IsZero() && !now.Before(a.SessionNotOnOrAfter) {
		return nil, awserr.ExpiredTokenException("The SAML assertion's SessionNotOnOrAfter has passed")
	}
	seconds, err := roleSessionSeconds(role, in.DurationSeconds)
	if err != nil {
		return nil, err
	}
	expiration := now.Add(time.Duration(seconds) * time.Second)
	// "Your role session lasts for the duration that you specify, or until
	// the time specified in the SAML authentication response's
	// SessionNotOnOrAfter value, whichever is shorter." The SessionDuration
	// attribute is for console sessions and does not lengthen or shorten
	// the credentials of this API.
	if !a.SessionNotOnOrAfter.IsZero() && a.SessionNotOnOrAfter.Before(expiration) {
		expiration = a.SessionNotOnOrAfter.Truncate(time.Second)
	}

	incoming := make([]Tag, 0, len(a.PrincipalTags))
	for _, t := range a.PrincipalTags {
		incoming = append(incoming, Tag{Key: t.Key, Value: t.Value})
	}
	tags, err := sessionTags(incoming, a.TransitiveTagKeys, nil)
	if err != nil {
		return nil, err
	}
	if err := s.samlTrust(ctx, in.RoleArn, fed, tags); err != nil {
		return nil, err
	}
	arns, err := s.sessionPolicy(ctx, roleAccount, in.Policy, in.PolicyArns)
	if err != nil {
		return nil, err
	}
	packed, err := checkPacked(in.Policy, arns, tags)
	if err != nil {
		return nil, err
	}

	sess := &session.Session{
		Kind: session.AssumedRole, AccountID: roleAccount,
		IssuedAt: now, Expiration: expiration,
		RoleID: role.ID, RoleARN: in.RoleArn, RoleName: role.Name, SessionName: a.RoleSessionName,
		SourceIdentity: a.SourceIdentity, Tags: tags, TransitiveTagKeys: a.TransitiveTagKeys,
		Policy: in.Policy, PolicyARNs: arns, Provider: in.PrincipalArn,
	}
	creds, err := s.issue(sess)
	if err != nil {
		return nil, fmt.Errorf("sts: assume role with SAML: %w", err)
	}
	s.recordRoleUse(ctx, role, now)
	return &AssumeRoleWithSAMLResponse{
		Credentials:      creds,
		AssumedRoleUser:  &AssumedRoleUser{Arn: sess.ARN(), AssumedRoleId: sess.UserIDValue()},
		PackedPolicySize: packed,
		Subject:          a.NameID,
		SubjectType:      fed.SubjectType,
		Issuer:           a.Issuer,
		Audience:         a.Recipient,
		NameQualifier:    fed.NameQualifier,
		SourceIdentity:   a.SourceIdentity,
	}, nil
}

// samlProvider loads the SAML provider an ARN names, in the ARN's account,
// with its metadata parsed (cached per provider and document). A provider
// that does not exist is AccessDenied, as a role pair naming it would be.
func (s *Service) samlProvider(ctx context.Context, providerARN string) (*saml.Provider, error) {
	accountID, name, ok := splitSAMLProviderARN(providerARN)
	if !ok {
		return nil, awserr.AccessDenied(msgSAMLNotAuthorized)
	}
	p, err := s.cfg.Store.SAMLProviders().Get(ctx, accountID, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, awserr.AccessDenied(msgSAMLNotAuthorized)
	}
	if err != nil {
		return nil, fmt.Errorf("sts: SAML provider %s: %w", providerARN, err)
	}
	if strings.EqualFold(p.AssertionEncryptionMode, "Required") {
		return nil, awserr.InvalidIdentityToken(msgSAMLEncryptionRequired)
	}
	md, err := parsedMetadata(p)
	if err != nil {
		// A provider whose stored metadata no longer parses vouches for
		// nothing; the verifier answers the same for a bad signature.
		return nil, awserr.InvalidIdentityToken("Response signature invalid")
	}
	return &saml.Provider{ARN: providerARN, AccountID: accountID, Name: p.Name, Metadata: md}, nil
}

// metadataCache holds parsed metadata by provider ID; an entry is reused
// only while the stored document is unchanged.
var metadataCache sync.Map // provider ID -> *cachedMetadata

type cachedMetadata struct {
	doc string
	md  *saml.Metadata
}

func parsedMetadata(p *store.SAMLProvider) (*saml.Metadata, error) {
	if c, ok := metadataCache.Load(p.ID); ok && c.(*cachedMetadata).doc == p.MetadataDocument {
		return c.(*cachedMetadata).md, nil
	}
	md, err := saml.ParseMetadata([]byte(p.MetadataDocument))
	if err != nil {
		return nil, err
	}
	metadataCache.Store(p.ID, &cachedMetadata{doc: p.MetadataDocument, md: md})
	return md, nil
}

// roleByARN returns the role an ARN names (path included), or nil.
func (s *Service) roleByARN(ctx context.Context, roleARN string) (*store.Role, error) {
	accountID, name, ok := splitRoleARN(roleARN)
	if !ok {
		return nil, nil
	}
	role, err := s.cfg.Store.Roles().Get(ctx, accountID, name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sts: role %s: %w", roleARN, err)
	}
	path := role.Path
	if path == "" {
		path = "/"
	}
	if "arn:aws:iam::"+role.AccountID+":role"+path+role.Name != roleARN {
		return nil, nil
	}
	return role, nil
}

// samlTrust evaluates the role's trust policy for the SAML provider as a
// Federated principal (Config.Trust): sts:AssumeRoleWithSAML, then
// sts:TagSession when the assertion passes session tags and
// sts:SetSourceIdentity when it passes a source identity, as AWS requires
// of SAML sessions
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_adding-assume-role-saml,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html).
// The request context holds the assertion's saml:* keys and the session's
// tag and source identity keys.
func (s *Service) samlTrust(ctx context.Context, roleARN string, fed *saml.Federation, tags []session.Tag) error {
	if s.cfg.Trust == nil {
		return errors.New("sts: no federated trust evaluator configured")
	}
	a := fed.Assertion
	actions := []string{actionSAML}
	if len(tags) > 0 || len(a.TransitiveTagKeys) > 0 {
		actions = append(actions, "sts:TagSession")
	}
	if a.SourceIdentity != "" {
		actions = append(actions, "sts:SetSourceIdentity")
	}
	keys := make([]service.ContextKey, 0, len(fed.ContextKeys)+len(tags)+3)
	for _, k := range fed.ContextKeys {
		keys = append(keys, service.ContextKey{Key: k.Key, Values: k.Values})
	}
	keys = append(keys, samlSessionKeys(tags, a)...)
	for _, action := range actions {
		ok, err := s.cfg.Trust.AuthorizeFederated(ctx, &permissions.FederatedRequest{
			RoleARN: roleARN, Action: action, Provider: fed.Role.ProviderARN, Keys: keys})
		if err != nil {
			return fmt.Errorf("sts: trust policy of %s: %w", roleARN, err)
		}
		if !ok {
			return awserr.AccessDenied("Not authorized to perform " + action)
		}
	}
	return nil
}

// samlSessionKeys are the request keys of the session an assertion asks
// for: its tags (aws:RequestTag/KEY, aws:TagKeys), sts:TransitiveTagKeys
// and sts:SourceIdentity.
func samlSessionKeys(tags []session.Tag, a *saml.Assertion) []service.ContextKey {
	asTags := make([]Tag, 0, len(tags))
	for _, t := range tags {
		asTags = append(asTags, Tag{Key: t.Key, Value: t.Value})
	}
	keys := tagKeys(asTags)
	if len(a.TransitiveTagKeys) > 0 {
		keys = append(keys, service.ContextKey{Key: "sts:TransitiveTagKeys", Values: a.TransitiveTagKeys})
	}
	if a.SourceIdentity != "" {
		keys = append(keys, service.ContextKey{Key: "sts:SourceIdentity", Values: []string{a.SourceIdentity}})
	}
	return keys
}

// splitSAMLProviderARN reads arn:aws:iam::ACCOUNT:saml-provider/NAME.
func splitSAMLProviderARN(a string) (accountID, name string, ok bool) {
	const prefix = "arn:aws:iam::"
	rest, found := strings.CutPrefix(a, prefix)
	if !found || len(rest) < 13 || rest[12] != ':' {
		return "", "", false
	}
	name, found = strings.CutPrefix(rest[13:], "saml-provider/")
	if !found || name == "" || strings.Contains(name, "/") {
		return "", "", false
	}
	return rest[:12], name, true
}
