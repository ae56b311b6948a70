// Package principal describes who made a request, as the authentication
// step establishes it, and carries it through a request's context.
package principal

import (
	"context"

	"github.com/iamd/iamd/internal/session"
)

// Type is the kind of identity, as CloudTrail's userIdentity.type names it.
type Type string

// The identity kinds iamd authenticates.
const (
	Root          Type = "Root"
	IAMUser       Type = "IAMUser"
	AssumedRole   Type = "AssumedRole"
	FederatedUser Type = "FederatedUser"
	// Anonymous is an unsigned caller of an operation that needs no
	// credentials (it proves its identity in the request itself).
	Anonymous Type = "Anonymous"
	// Unknown is a caller whose authentication failed: only its access
	// key ID, if any, is known, and only the audit trail may use it.
	Unknown Type = "Unknown"
)

// Principal is an authenticated caller.
type Principal struct {
	Type      Type
	AccountID string
	// ARN is the caller's ARN: arn:aws:iam::ACCOUNT:root,
	// arn:aws:iam::ACCOUNT:user/PATH/NAME, or a session ARN.
	ARN string
	// UserID is what GetCallerIdentity returns as UserId: the account ID for
	// the root, the unique ID (AIDA...) for a user.
	UserID string
	// UserName is the IAM user name ("" for others).
	UserName    string
	AccessKeyID string
	// Dev marks a root identity granted by --dev mode to a key iamd never
	// issued.
	Dev bool

	// Session is the opened session of temporary credentials; nil for
	// long-term credentials. For an AssumedRole or FederatedUser principal
	// it says which role or user the session belongs to; for an IAMUser or
	// Root principal with a Session, the credentials came from
	// GetSessionToken.
	Session *session.Session
}

// IsSession reports whether the caller signed with temporary credentials.
func (p *Principal) IsSession() bool { return p != nil && p.Session != nil }

// FromSession is the principal a session authenticates, as
// GetCallerIdentity reports it: the role session, the federated user, or
// the IAM user (or root) behind a GetSessionToken session.
func FromSession(s *session.Session) *Principal {
	p := &Principal{
		AccountID:   s.AccountID,
		ARN:         s.ARN(),
		UserID:      s.UserIDValue(),
		AccessKeyID: s.AccessKeyID,
		Session:     s,
	}
	switch s.Kind {
	case session.AssumedRole:
		p.Type = AssumedRole
	case session.FederatedUser:
		p.Type = FederatedUser
	case session.RootSession:
		p.Type = Root
	default:
		p.Type = IAMUser
		p.UserName = s.UserName
	}
	return p
}

// IsRoot reports whether the caller is an account's root user.
func (p *Principal) IsRoot() bool { return p != nil && p.Type == Root }

type contextKey struct{}

// WithContext returns ctx carrying p.
func WithContext(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, contextKey{}, p)
}

// FromContext returns the principal in ctx, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(contextKey{}).(*Principal)
	return p
}
