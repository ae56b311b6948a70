// Package session defines the session a temporary credential carries and
// seals it into the opaque session token STS hands out, so that any iamd
// node can authenticate a request signed with temporary credentials from
// the token alone, with no database read.
//
// A token is the JSON encoding of a Session sealed with AES-256-GCM under a
// key derived from the master key for this one purpose ("iamd session
// tokens v1"). The session's secret access key travels inside the sealed
// body: it is random (240 bits from crypto/rand, like a long-term secret),
// GCM keeps it confidential, and key rotation of the keyring covers it with
// no second key to manage. Deriving it instead (an HMAC of the body) would
// save 40 bytes per token at the cost of a second derived key whose loss
// exposes every session; tokens are already hundreds of bytes, so the
// simpler design wins.
package session

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
)

// Kind says how a session was obtained; the principal it authenticates
// follows from it.
type Kind string

// The session kinds.
const (
	// AssumedRole: sts:AssumeRole* — the principal is the role session.
	AssumedRole Kind = "AssumedRole"
	// FederatedUser: sts:GetFederationToken — a federated user whose
	// permissions are those of the IAM user (or root) who called it,
	// intersected with the session policy.
	FederatedUser Kind = "FederatedUser"
	// UserSession: sts:GetSessionToken called by an IAM user — the
	// principal is that user.
	UserSession Kind = "UserSession"
	// RootSession: sts:GetSessionToken called by an account's root user.
	RootSession Kind = "RootSession"
)

// Valid reports whether k is one of the session kinds.
func (k Kind) Valid() bool {
	switch k {
	case AssumedRole, FederatedUser, UserSession, RootSession:
		return true
	}
	return false
}

// Tag is a session tag (aws:PrincipalTag/KEY within the session).
type Tag struct {
	Key   string `json:"k"`
	Value string `json:"v"`
}

// Session is everything a temporary credential stands for. It is sealed
// whole into the session token; nothing of it is stored.
type Session struct {
	Kind      Kind   `json:"kind"`
	AccountID string `json:"acct"`
	// AccessKeyID is the ASIA... key ID the credential signs with; a
	// request's signing key ID must equal it.
	AccessKeyID     string `json:"akid"`
	SecretAccessKey string `json:"sk"`

	IssuedAt   time.Time `json:"iat"`
	Expiration time.Time `json:"exp"`

	// Role session (AssumedRole): the role's unique ID (AROA...), ARN and
	// name, and the session name.
	RoleID   string `json:"rid,omitempty"`
	RoleARN  string `json:"rarn,omitempty"`
	RoleName string `json:"rname,omitempty"`
	// SessionName is the role session name, or the federated user's name.
	SessionName string `json:"sn,omitempty"`

	// UserID, UserName and UserARN name the IAM user behind a UserSession
	// or a FederatedUser session (empty when the root user called).
	UserID   string `json:"uid,omitempty"`
	UserName string `json:"uname,omitempty"`
	UserARN  string `json:"uarn,omitempty"`

	// MFA: the caller authenticated with an MFA device when the session
	// was created, at MFAAuthTime.
	MFA         bool      `json:"mfa,omitempty"`
	MFAAuthTime time.Time `json:"mfat,omitzero"`

	SourceIdentity    string   `json:"src,omitempty"`
	Tags              []Tag    `json:"tags,omitempty"`
	TransitiveTagKeys []string `json:"ttk,omitempty"`

	// Policy is the inline session policy, as passed; PolicyARNs the
	// managed session policies' ARNs.
	Policy     string   `json:"pol,omitempty"`
	PolicyARNs []string `json:"parns,omitempty"`

	// Provider is the identity provider of a web-identity or SAML session
	// (aws:FederatedProvider); "" otherwise.
	Provider string `json:"prov,omitempty"`

	// Chained: an assumed-role session created with another role session's
	// credentials (role chaining: at most one hour, transitive tags kept).
	Chained bool `json:"chain,omitempty"`
}

// Expired reports whether the session has expired at now.
func (s *Session) Expired(now time.Time) bool { return !now.Before(s.Expiration) }

// HasSessionPolicy reports whether a session policy was passed.
func (s *Session) HasSessionPolicy() bool { return s.Policy != "" || len(s.PolicyARNs) > 0 }

// PolicyDigest identifies the session policy content (inline document and
// ARNs, in order): equal digests mean equal session policies, so compiled
// sets can be cached by it. "" when there is no session policy.
func (s *Session) PolicyDigest() string {
	if !s.HasSessionPolicy() {
		return ""
	}
	h := sha256.New()
	// Length-prefixed fields keep the concatenation unambiguous.
	writeField := func(v string) {
		var n [8]byte
		for i, l := 0, uint64(len(v)); i < 8; i++ {
			n[i] = byte(l >> (8 * i))
		}
		h.Write(n[:])
		h.Write([]byte(v))
	}
	writeField(s.Policy)
	for _, a := range s.PolicyARNs {
		writeField(a)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ARN is the session principal's ARN as GetCallerIdentity returns it:
// arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION for a role session,
// arn:aws:sts::ACCOUNT:federated-user/NAME for a federated user, and the
// user's (or root's) own ARN for a GetSessionToken session.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
func (s *Session) ARN() string {
	switch s.Kind {
	case AssumedRole:
		return AssumedRoleARN(s.AccountID, s.RoleName, s.SessionName)
	case FederatedUser:
		return FederatedUserARN(s.AccountID, s.SessionName)
	case RootSession:
		return "arn:aws:iam::" + s.AccountID + ":root"
	default:
		return s.UserARN
	}
}

// UserIDValue is aws:userid and GetCallerIdentity's UserId: ROLEID:SESSION
// for a role session, ACCOUNT:NAME for a federated user, the user's unique
// ID or the account ID otherwise.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
func (s *Session) UserIDValue() string {
	switch s.Kind {
	case AssumedRole:
		return s.RoleID + ":" + s.SessionName
	case FederatedUser:
		return s.AccountID + ":" + s.SessionName
	case RootSession:
		return s.AccountID
	default:
		return s.UserID
	}
}

// AssumedRoleARN formats a role session's ARN. The role's path is not part
// of it, as AWS documents.
func AssumedRoleARN(accountID, roleName, sessionName string) string {
	return "arn:aws:sts::" + accountID + ":assumed-role/" + roleName + "/" + sessionName
}

// FederatedUserARN formats a federated user's ARN.
func FederatedUserARN(accountID, name string) string {
	return "arn:aws:sts::" + accountID + ":federated-user/" + name
}

// RoleNameFromARN returns the name in arn:aws:iam::ACCOUNT:role/PATH/NAME.
func RoleNameFromARN(roleARN string) string {
	return roleARN[strings.LastIndex(roleARN, "/")+1:]
}
