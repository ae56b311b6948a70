package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/iamd/iamd/internal/secrets"
)

// KeyPurpose is the HKDF purpose of the key that seals session tokens:
// secrets.DeriveKey(master, KeyPurpose).
const KeyPurpose = "iamd session tokens v1"

// associatedData binds a sealed body to its use, so a value sealed by the
// same keyring for any other reason never opens as a session.
var associatedData = []byte("iamd sts session token")

// MaxTokenLength bounds what Open reads. A session with the largest
// session policy (2,048 characters, JSON-escaped), ten policy ARNs of 2,048
// characters, fifty tags of 128+256 characters and their transitive keys
// seals well under 64 KiB.
const MaxTokenLength = 64 << 10

// ErrInvalidToken is wrapped by every error Open returns for a token that
// is not a well-formed session sealed by this keyring: truncated, altered,
// sealed under an unknown key, or decoding to an incomplete session.
var ErrInvalidToken = errors.New("invalid session token")

// Sealer seals sessions into tokens and opens them. It is safe for
// concurrent use.
type Sealer struct {
	ring *secrets.Keyring
}

// NewSealer builds a sealer over a keyring whose keys are derived for
// KeyPurpose. Every node sharing the master key opens every node's tokens.
func NewSealer(ring *secrets.Keyring) *Sealer { return &Sealer{ring: ring} }

// NewSealerFromMaster derives the session-token key from the master key and
// builds a sealer with it as key 1.
func NewSealerFromMaster(master []byte) (*Sealer, error) {
	material, err := secrets.DeriveKey(master, KeyPurpose)
	if err != nil {
		return nil, fmt.Errorf("session: derive key: %w", err)
	}
	ring, err := secrets.NewKeyring(secrets.Key{ID: 1, Material: material})
	if err != nil {
		return nil, fmt.Errorf("session: keyring: %w", err)
	}
	return NewSealer(ring), nil
}

// Seal returns the session token of s. s must be complete (see Open).
func (z *Sealer) Seal(s *Session) (string, error) {
	if err := s.check(); err != nil {
		return "", fmt.Errorf("session: seal: %w", err)
	}
	body, err := json.Marshal(s)
	if err != nil {
		return "", fmt.Errorf("session: seal: %w", err)
	}
	token, err := z.ring.SealToString(body, associatedData)
	if err != nil {
		return "", fmt.Errorf("session: seal: %w", err)
	}
	if len(token) > MaxTokenLength {
		return "", fmt.Errorf("session: seal: token of %d bytes exceeds %d", len(token), MaxTokenLength)
	}
	return token, nil
}

// Open authenticates and decodes a token made by Seal. Any failure wraps
// ErrInvalidToken; expiry is the caller's to check (Session.Expired), since
// AWS reports it with its own error.
func (z *Sealer) Open(token string) (*Session, error) {
	if len(token) == 0 || len(token) > MaxTokenLength {
		return nil, fmt.Errorf("session: open: %w: length %d", ErrInvalidToken, len(token))
	}
	body, err := z.ring.OpenString(token, associatedData)
	if err != nil {
		return nil, fmt.Errorf("session: open: %w: %w", ErrInvalidToken, err)
	}
	var s Session
	if err := json.Unmarshal(body, &s); err != nil {
		return nil, fmt.Errorf("session: open: %w: %w", ErrInvalidToken, err)
	}
	if err := s.check(); err != nil {
		return nil, fmt.Errorf("session: open: %w: %w", ErrInvalidToken, err)
	}
	return &s, nil
}

// check verifies the fields every session needs, so that no caller ever
// authenticates a half-formed principal, even from a token this keyring
// sealed by mistake.
func (s *Session) check() error {
	switch {
	case !s.Kind.Valid():
		return fmt.Errorf("unknown kind %q", s.Kind)
	case len(s.AccountID) != 12:
		return errors.New("no account")
	case !strings.HasPrefix(s.AccessKeyID, TemporaryKeyPrefix) || len(s.AccessKeyID) != 20:
		return errors.New("no temporary access key ID")
	case s.SecretAccessKey == "":
		return errors.New("no secret")
	case s.IssuedAt.IsZero() || !s.Expiration.After(s.IssuedAt):
		return errors.New("no validity period")
	}
	switch s.Kind {
	case AssumedRole:
		if s.RoleID == "" || s.RoleARN == "" || s.RoleName == "" || s.SessionName == "" {
			return errors.New("incomplete role session")
		}
	case FederatedUser:
		if s.SessionName == "" {
			return errors.New("federated user without a name")
		}
	case UserSession:
		if s.UserID == "" || s.UserARN == "" {
			return errors.New("user session without a user")
		}
	}
	return nil
}

// messageData binds sealed authorization messages (see SealMessage) to
// their use, apart from session tokens.
var messageData = []byte("iamd authorization message")

// SealMessage seals an encoded authorization message (the JSON that
// sts:DecodeAuthorizationMessage returns) into the opaque text a denial
// can carry. Only a keyring holder opens it.
func (z *Sealer) SealMessage(decoded []byte) (string, error) {
	s, err := z.ring.SealToString(decoded, messageData)
	if err != nil {
		return "", fmt.Errorf("session: seal message: %w", err)
	}
	return s, nil
}

// OpenMessage reverses SealMessage; any failure wraps ErrInvalidToken. A
// session token never opens as a message, nor a message as a token.
func (z *Sealer) OpenMessage(encoded string) ([]byte, error) {
	if len(encoded) == 0 || len(encoded) > MaxTokenLength {
		return nil, fmt.Errorf("session: open message: %w: length %d", ErrInvalidToken, len(encoded))
	}
	b, err := z.ring.OpenString(encoded, messageData)
	if err != nil {
		return nil, fmt.Errorf("session: open message: %w: %w", ErrInvalidToken, err)
	}
	return b, nil
}
