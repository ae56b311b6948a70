package authn

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/iamd/iamd/internal/awserr"
	"github.com/iamd/iamd/internal/principal"
	"github.com/iamd/iamd/internal/session"
)

func TestSessionsLookup(t *testing.T) {
	t.Parallel()
	sealer, err := session.NewSealerFromMaster(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	keyID, err := session.NewAccessKeyID("111122223333")
	if err != nil {
		t.Fatal(err)
	}
	issued := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	sess := &session.Session{
		Kind: session.AssumedRole, AccountID: "111122223333", AccessKeyID: keyID, SecretAccessKey: "s3cr3t",
		IssuedAt: issued, Expiration: issued.Add(15 * time.Minute),
		RoleID: "AROAEXAMPLE", RoleARN: "arn:aws:iam::111122223333:role/R", RoleName: "R", SessionName: "s",
	}
	token, err := sealer.Seal(sess)
	if err != nil {
		t.Fatal(err)
	}
	clock := func(d time.Duration) func() time.Time { return func() time.Time { return issued.Add(d) } }
	cases := []struct {
		name          string
		keyID, token  string
		at            time.Duration
		dev           string
		wantCode      string
		wantStatus    int
		wantPrincipal principal.Type
		wantSkip      bool
	}{
		{name: "valid", keyID: keyID, token: token, at: time.Minute, wantPrincipal: principal.AssumedRole},
		{name: "last second", keyID: keyID, token: token, at: 15*time.Minute - time.Second, wantPrincipal: principal.AssumedRole},
		{name: "expired", keyID: keyID, token: token, at: 15 * time.Minute, wantCode: "ExpiredToken", wantStatus: 403},
		{name: "other key ID", keyID: "ASIAAAAAAAAAAAAAAAAA", token: token, at: time.Minute, wantCode: "InvalidClientTokenId", wantStatus: 403},
		{name: "tampered", keyID: keyID, token: tamper(token), at: time.Minute, wantCode: "InvalidClientTokenId", wantStatus: 403},
		{name: "garbage", keyID: keyID, token: "FwoGZXIvYXdzEXAMPLE", at: time.Minute, wantCode: "InvalidClientTokenId", wantStatus: 403},
		{name: "garbage in dev mode", keyID: keyID, token: "FwoGZXIvYXdzEXAMPLE", dev: "123456789012", wantPrincipal: principal.Root, wantSkip: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			id, err := NewSessions(sealer, clock(c.at), c.dev).Lookup(c.keyID, c.token)
			if c.wantCode != "" {
				e := awserr.As(err)
				if !awserr.Is(err, c.wantCode) || e.Status != c.wantStatus {
					t.Fatalf("err = %v, want %s (%d)", err, c.wantCode, c.wantStatus)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if id.Principal.Type != c.wantPrincipal || id.SkipVerify != c.wantSkip {
				t.Fatalf("principal %+v skip %v", id.Principal, id.SkipVerify)
			}
			if !c.wantSkip {
				if id.Secret != "s3cr3t" || id.Principal.ARN != "arn:aws:sts::111122223333:assumed-role/R/s" ||
					id.Principal.UserID != "AROAEXAMPLE:s" || id.Principal.Session == nil {
					t.Errorf("identity %+v secret %q", id.Principal, id.Secret)
				}
			}
		})
	}
}

// tamper changes one character in the middle of a token.
func tamper(token string) string {
	b := []byte(token)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// countingOpener counts the tokens it opens.
type countingOpener struct {
	inner SessionOpener
	mu    sync.Mutex
	n     int
}

func (c *countingOpener) Open(token string) (*session.Session, error) {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.inner.Open(token)
}

func TestSessionsCacheOpenedTokens(t *testing.T) {
	t.Parallel()
	sealer, err := session.NewSealerFromMaster(bytes.Repeat([]byte{4}, 32))
	if err != nil {
		t.Fatal(err)
	}
	keyID, _ := session.NewAccessKeyID("111122223333")
	issued := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	token, err := sealer.Seal(&session.Session{Kind: session.RootSession, AccountID: "111122223333", AccessKeyID: keyID,
		SecretAccessKey: "s", IssuedAt: issued, Expiration: issued.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	now := issued
	opener := &countingOpener{inner: sealer}
	s := NewSessions(opener, func() time.Time { return now }, "")
	for range 3 {
		if _, err := s.Lookup(keyID, token); err != nil {
			t.Fatal(err)
		}
	}
	if opener.n != 1 {
		t.Errorf("token opened %d times, want once", opener.n)
	}
	// A cached session still expires.
	now = issued.Add(time.Hour)
	if _, err := s.Lookup(keyID, token); !awserr.Is(err, "ExpiredToken") {
		t.Errorf("cached expired session: %v", err)
	}
	// Failures are not cached.
	for range 2 {
		if _, err := s.Lookup(keyID, "garbage"); !awserr.Is(err, "InvalidClientTokenId") {
			t.Fatal(err)
		}
	}
	if opener.n != 3 {
		t.Errorf("opens = %d, want 3", opener.n)
	}
}
