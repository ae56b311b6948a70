package sts

import (
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/secrets"
	"github.com/iamd/iamd/internal/service/constraint"
	"github.com/iamd/iamd/internal/session"
	"github.com/iamd/iamd/internal/store"
	"github.com/iamd/iamd/policy"
)

// Limits of session policies and tags, from "IAM and AWS STS quotas"
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)
// and the AssumeRole reference.
const (
	maxSessionPolicyLength = 2048
	maxSessionPolicyARNs   = 10
	// packedLimit is the size, in bytes, of the packed (DEFLATE-compressed)
	// form of session policies and tags that counts as 100%. AWS does not
	// publish its packing; iamd packs the inline policy with its
	// insignificant whitespace removed, each policy ARN, and each tag key
	// and value, NUL-separated, with DEFLATE at the best compression, and
	// reports ceil(100 * packed / packedLimit). A 2,048-character policy
	// of typical statements packs to well under the limit, as with AWS.
	packedLimit = 2048
)

// issue seals s (its key ID and secret filled here) and returns the
// credentials for the response.
func (s *Service) issue(sess *session.Session) (*Credentials, error) {
	if s.cfg.Sealer == nil {
		return nil, errors.New("sts: no session sealer configured")
	}
	keyID, err := session.NewAccessKeyID(sess.AccountID)
	if err != nil {
		return nil, err
	}
	secret, err := secrets.NewSecretAccessKey()
	if err != nil {
		return nil, err
	}
	sess.AccessKeyID, sess.SecretAccessKey = keyID, secret
	token, err := s.cfg.Sealer.Seal(sess)
	if err != nil {
		return nil, err
	}
	return &Credentials{AccessKeyId: keyID, SecretAccessKey: secret, SessionToken: token, Expiration: sess.Expiration}, nil
}

// now is the service clock, truncated to seconds as STS's timestamps are.
func (s *Service) now() time.Time { return s.cfg.Now().UTC().Truncate(time.Second) }

// sessionPolicy validates the Policy and PolicyArns of a request and
// returns the ARNs. The document must be a valid policy of at most 2,048
// characters; the ARNs at most ten, each naming a managed policy of the
// caller's account or an AWS managed policy.
func (s *Service) sessionPolicy(ctx context.Context, accountID, doc string, arns []PolicyDescriptorType) ([]string, error) {
	var v constraint.Validator
	if doc != "" {
		v.CheckString("", "policy", doc, &constraint.StringRules{Max: maxSessionPolicyLength})
	}
	v.CheckList("", "policyArns", arns, len(arns), &constraint.ListRules{Max: maxSessionPolicyARNs})
	if err := v.Err(); err != nil {
		return nil, err
	}
	if doc != "" {
		if _, err := policy.ParseAndValidate([]byte(doc), policy.KindSession); err != nil {
			var perr *policy.Error
			if errors.As(err, &perr) {
				return nil, awserr.MalformedPolicyDocument("%s", perr.Message)
			}
			return nil, awserr.MalformedPolicyDocument("%s", "Syntax errors in policy.")
		}
	}
	out := make([]string, 0, len(arns))
	for _, a := range arns {
		out = append(out, a.Arn)
	}
	if len(out) > 0 {
		if s.cfg.Policies == nil {
			return nil, errors.New("sts: no policy resolver configured")
		}
		if _, err := s.cfg.Policies.SessionPolicySources(ctx, accountID, "", out); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return nil, awserr.InvalidParameterValue("One or more of the provided policy ARNs is not valid.")
			}
			return nil, err
		}
	}
	return out, nil
}

// sessionTags validates session tags and transitive tag keys: keys unique
// regardless of case, and every transitive key among the tags. inherited
// are the transitive tags of a calling role session (role chaining), which
// the new session keeps and may not override.
func sessionTags(tags []Tag, transitive []string, inherited []session.Tag) ([]session.Tag, error) {
	seen := map[string]bool{}
	var out []session.Tag
	for _, t := range inherited {
		seen[strings.ToLower(t.Key)] = true
		out = append(out, t)
	}
	inheritedKeys := len(seen)
	for _, t := range tags {
		k := strings.ToLower(t.Key)
		if seen[k] {
			if inheritedKeys > 0 {
				return nil, awserr.InvalidParameterValue("One or more of the specified tag keys conflict with the transitive tags of the session.")
			}
			return nil, awserr.InvalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
		}
		seen[k] = true
		out = append(out, session.Tag{Key: t.Key, Value: t.Value})
	}
	for _, k := range transitive {
		found := false
		for _, t := range tags {
			if strings.EqualFold(t.Key, k) {
				found = true
				break
			}
		}
		if !found {
			return nil, awserr.InvalidParameterValue("The specified transitive tag key must be included in the requested tags.")
		}
	}
	return out, nil
}

// packedPercent is the share of STS's packed limit the session policies
// and tags take (see packedLimit).
func packedPercent(doc string, arns []string, tags []session.Tag) (int, error) {
	var raw bytes.Buffer
	if doc != "" {
		if err := compactJSON(&raw, doc); err != nil {
			raw.WriteString(doc)
		}
	}
	for _, a := range arns {
		raw.WriteByte(0)
		raw.WriteString(a)
	}
	for _, t := range tags {
		raw.WriteByte(0)
		raw.WriteString(t.Key)
		raw.WriteByte(0)
		raw.WriteString(t.Value)
	}
	var packed bytes.Buffer
	w, err := flate.NewWriter(&packed, flate.BestCompression)
	if err != nil {
		return 0, err
	}
	if _, err := w.Write(raw.Bytes()); err != nil {
		return 0, err
	}
	if err := w.Close(); err != nil {
		return 0, err
	}
	return (packed.Len()*100 + packedLimit - 1) / packedLimit, nil
}

// checkPacked returns PackedPolicySize for the response (nil when no
// session policy or tag was passed, as AWS omits it) or
// PackedPolicyTooLarge.
func checkPacked(doc string, arns []string, tags []session.Tag) (*int32, error) {
	if doc == "" && len(arns) == 0 && len(tags) == 0 {
		return nil, nil
	}
	pct, err := packedPercent(doc, arns, tags)
	if err != nil {
		return nil, err
	}
	if pct > 100 {
		return nil, awserr.PackedPolicyTooLarge(pct)
	}
	v := int32(pct)
	return &v, nil
}

// duration resolves DurationSeconds against a default and a maximum.
func duration(requested *int32, def, maxSeconds int32) int32 {
	if requested == nil {
		return min(def, maxSeconds)
	}
	return *requested
}

// roleSessionSeconds is the lifetime of a role session: the requested
// DurationSeconds (default one hour), which may not exceed the role's
// MaxSessionDuration.
func roleSessionSeconds(role *store.Role, requested *int32) (int32, error) {
	maxSession := role.MaxSessionDuration
	if maxSession == 0 {
		maxSession = defaultRoleSession
	}
	if requested != nil && *requested > maxSession {
		return 0, awserr.ValidationError("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
	}
	return duration(requested, defaultRoleSession, maxSession), nil
}

// errMFAFailed is AWS's answer to a wrong, reused or foreign MFA code.
func errMFAFailed() error {
	return awserr.AccessDenied("MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.")
}

// verifyMFA checks the SerialNumber and TokenCode a caller passed and
// returns when the MFA authentication happened.
func (s *Service) verifyMFA(ctx context.Context, p *principal.Principal, serial, code string) (time.Time, error) {
	if serial == "" || code == "" || s.cfg.MFA == nil || (p.Type != principal.IAMUser && !p.IsRoot()) {
		return time.Time{}, errMFAFailed()
	}
	userID := p.UserID
	if p.IsRoot() {
		userID = ""
	}
	at, err := s.cfg.MFA.VerifyMFACode(ctx, p.AccountID, userID, serial, code)
	if errors.Is(err, ErrInvalidMFA) {
		return time.Time{}, errMFAFailed()
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("sts: verify MFA code: %w", err)
	}
	return at, nil
}

// compactJSON writes doc without insignificant whitespace.
func compactJSON(dst *bytes.Buffer, doc string) error {
	return json.Compact(dst, []byte(doc))
}
