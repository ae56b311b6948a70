package session

import (
	"bytes"
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var testMaster = bytes.Repeat([]byte{7}, 32)

func testSealer(t testing.TB, master []byte) *Sealer {
	t.Helper()
	z, err := NewSealerFromMaster(master)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func roleSession(t testing.TB) *Session {
	t.Helper()
	id, err := NewAccessKeyID("111122223333")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	return &Session{
		Kind: AssumedRole, AccountID: "111122223333", AccessKeyID: id,
		SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
		IssuedAt:        at, Expiration: at.Add(time.Hour),
		RoleID: "AROAEXAMPLEEXAMPLE123", RoleARN: "arn:aws:iam::111122223333:role/path/Reader",
		RoleName: "Reader", SessionName: "alice",
		MFA: true, MFAAuthTime: at.Add(-time.Minute), SourceIdentity: "alice@example.com",
		Tags:              []Tag{{"team", "blue"}, {"cost", ""}},
		TransitiveTagKeys: []string{"team"},
		Policy:            `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		PolicyARNs:        []string{"arn:aws:iam::aws:policy/ReadOnlyAccess"},
		Chained:           true,
	}
}

func TestSealOpenRoundTrip(t *testing.T) {
	t.Parallel()
	z := testSealer(t, testMaster)
	kinds := map[string]*Session{"role": roleSession(t)}
	fed := *roleSession(t)
	fed.Kind, fed.RoleID, fed.RoleARN, fed.RoleName, fed.SessionName = FederatedUser, "", "", "", "bob"
	fed.UserID, fed.UserName, fed.UserARN = "AIDAEXAMPLE", "carol", "arn:aws:iam::111122223333:user/carol"
	kinds["federated"] = &fed
	user := fed
	user.Kind, user.SessionName, user.Policy, user.PolicyARNs = UserSession, "", "", nil
	kinds["user"] = &user
	root := user
	root.Kind, root.UserID, root.UserName, root.UserARN = RootSession, "", "", ""
	kinds["root"] = &root
	for name, s := range kinds {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			token, err := z.Seal(s)
			if err != nil {
				t.Fatal(err)
			}
			// Another sealer from the same master key (another node) opens it.
			got, err := testSealer(t, testMaster).Open(token)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(s, got); diff != "" {
				t.Errorf("round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOpenRefusesBadTokens(t *testing.T) {
	t.Parallel()
	z := testSealer(t, testMaster)
	token, err := z.Seal(roleSession(t))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(i int) string {
		b := bytes.Clone(raw)
		b[i] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	other := testSealer(t, bytes.Repeat([]byte{8}, 32))
	otherToken, err := other.Seal(roleSession(t))
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]string{
		"empty":             "",
		"garbage":           "not a token",
		"truncated":         token[:len(token)-5],
		"truncated to head": token[:3],
		"flipped version":   flip(0),
		"flipped key id":    flip(1),
		"flipped body":      flip(len(raw) / 2),
		"flipped tag":       flip(len(raw) - 1),
		"other master key":  otherToken,
		"too long":          strings.Repeat("A", MaxTokenLength+1),
		"padding added":     token + "==",
	}
	for name, tok := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if s, err := z.Open(tok); !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Open = %v, %v; want ErrInvalidToken", s, err)
			}
		})
	}
}

func TestSealRefusesIncompleteSessions(t *testing.T) {
	t.Parallel()
	z := testSealer(t, testMaster)
	for name, mutate := range map[string]func(*Session){
		"unknown kind":      func(s *Session) { s.Kind = "Bogus" },
		"no account":        func(s *Session) { s.AccountID = "" },
		"long-term key":     func(s *Session) { s.AccessKeyID = "AKIAIOSFODNN7EXAMPLE" },
		"no secret":         func(s *Session) { s.SecretAccessKey = "" },
		"expires at issue":  func(s *Session) { s.Expiration = s.IssuedAt },
		"role without name": func(s *Session) { s.SessionName = "" },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			s := roleSession(t)
			mutate(s)
			if _, err := z.Seal(s); err == nil {
				t.Error("Seal accepted an incomplete session")
			}
		})
	}
}

func TestSessionIdentity(t *testing.T) {
	t.Parallel()
	s := roleSession(t)
	cases := []struct {
		kind          Kind
		wantARN, want string
	}{
		{AssumedRole, "arn:aws:sts::111122223333:assumed-role/Reader/alice", "AROAEXAMPLEEXAMPLE123:alice"},
		{FederatedUser, "arn:aws:sts::111122223333:federated-user/alice", "111122223333:alice"},
		{RootSession, "arn:aws:iam::111122223333:root", "111122223333"},
	}
	for _, c := range cases {
		v := *s
		v.Kind = c.kind
		if got := v.ARN(); got != c.wantARN {
			t.Errorf("%s ARN = %q, want %q", c.kind, got, c.wantARN)
		}
		if got := v.UserIDValue(); got != c.want {
			t.Errorf("%s UserIDValue = %q, want %q", c.kind, got, c.want)
		}
	}
	at := s.Expiration
	if s.Expired(at.Add(-time.Second)) || !s.Expired(at) {
		t.Error("Expired is wrong at the boundary")
	}
}

func TestPolicyDigest(t *testing.T) {
	t.Parallel()
	a, b := roleSession(t), roleSession(t)
	if a.PolicyDigest() != b.PolicyDigest() || a.PolicyDigest() == "" {
		t.Fatal("equal session policies must have one non-empty digest")
	}
	b.PolicyARNs = append(b.PolicyARNs, "arn:aws:iam::aws:policy/X")
	if a.PolicyDigest() == b.PolicyDigest() {
		t.Error("an extra ARN must change the digest")
	}
	// Moving text between the document and an ARN must not collide.
	c, d := roleSession(t), roleSession(t)
	c.Policy, c.PolicyARNs = "ab", []string{"c"}
	d.Policy, d.PolicyARNs = "a", []string{"bc"}
	if c.PolicyDigest() == d.PolicyDigest() {
		t.Error("digest is ambiguous")
	}
	c.Policy, c.PolicyARNs = "", nil
	if c.PolicyDigest() != "" {
		t.Error("no session policy must have an empty digest")
	}
}

func TestAccessKeyIDCarriesAccount(t *testing.T) {
	t.Parallel()
	for _, acct := range []string{"000000000000", "111122223333", "999999999999", "123456789012"} {
		for range 20 {
			id, err := NewAccessKeyID(acct)
			if err != nil {
				t.Fatal(err)
			}
			if len(id) != 20 || !strings.HasPrefix(id, "ASIA") || strings.Trim(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") != "" {
				t.Fatalf("key ID %q is not ASIA + 16 base32 characters", id)
			}
			if got, ok := AccountFromAccessKeyID(id); !ok || got != acct {
				t.Fatalf("AccountFromAccessKeyID(%s) = %q, %v; want %s", id, got, ok, acct)
			}
		}
	}
	// A key ID from the public write-up of AWS's layout decodes as AWS's
	// own GetAccessKeyInfo answers: ASIAY34FZKBOKMUTVV7A -> 609629065308.
	if got, ok := AccountFromAccessKeyID("ASIAY34FZKBOKMUTVV7A"); !ok || got != "609629065308" {
		t.Errorf("AWS example decodes to %q, %v; want 609629065308", got, ok)
	}
	for _, bad := range []string{"", "ASIA", "ASIAY34FZKBOKMUTVV7", "ASIAY34FZKBOKMUTVV71", "ASIA////////////////"} {
		if _, ok := AccountFromAccessKeyID(bad); ok {
			t.Errorf("AccountFromAccessKeyID(%q) succeeded", bad)
		}
	}
	for _, bad := range []string{"", "12345678901", "12345678901a", "1234567890123"} {
		if _, err := NewAccessKeyID(bad); err == nil {
			t.Errorf("NewAccessKeyID(%q) succeeded", bad)
		}
	}
}

func TestMessagesAndTokensDoNotMix(t *testing.T) {
	t.Parallel()
	z := testSealer(t, testMaster)
	msg, err := z.SealMessage([]byte(`{"allowed":false}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := z.OpenMessage(msg); err != nil || string(got) != `{"allowed":false}` {
		t.Fatalf("OpenMessage = %q, %v", got, err)
	}
	if _, err := z.Open(msg); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("a message opened as a session token: %v", err)
	}
	token, err := z.Seal(roleSession(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := z.OpenMessage(token); !errors.Is(err, ErrInvalidToken) {
		t.Errorf("a session token opened as a message: %v", err)
	}
}

func BenchmarkOpen(b *testing.B) {
	z := testSealer(b, testMaster)
	token, err := z.Seal(roleSession(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := z.Open(token); err != nil {
			b.Fatal(err)
		}
	}
}
