package secrets

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

func newTestHasher(t testing.TB, maxConcurrent int) *PasswordHasher {
	t.Helper()
	h, err := NewPasswordHasher(TestArgon2Params(), maxConcurrent)
	if err != nil {
		t.Fatalf("NewPasswordHasher: %v", err)
	}
	return h
}

func TestPasswordHashVerifyRoundTrip(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 2)
	ctx := context.Background()
	tests := []struct {
		name     string
		password string
	}{
		{"ascii", "correct horse battery staple"},
		{"empty", ""},
		{"unicode", "pässwörd-密码-🔑"},
		{"aws symbols", "!@#$%^&*()_+-=[]{}|'"},
		{"long", strings.Repeat("x", 1000)},
		{"nul byte", "a\x00b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			encoded, err := h.Hash(ctx, tc.password)
			if err != nil {
				t.Fatalf("Hash: %v", err)
			}
			if !strings.HasPrefix(encoded, "$argon2id$v=19$m=64,t=1,p=1$") {
				t.Errorf("Hash = %q, want PHC argon2id prefix with test params", encoded)
			}
			ok, err := h.Verify(ctx, tc.password, encoded)
			if err != nil || !ok {
				t.Errorf("Verify(right password) = %v, %v; want true, nil", ok, err)
			}
			ok, err = h.Verify(ctx, tc.password+"x", encoded)
			if err != nil || ok {
				t.Errorf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
			}
			if h.NeedsRehash(encoded) {
				t.Errorf("NeedsRehash(fresh hash) = true")
			}
		})
	}
}

func TestPasswordHashIsSaltedAndCanonical(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 1)
	ctx := context.Background()
	a, err := h.Hash(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	b, err := h.Hash(ctx, "same")
	if err != nil {
		t.Fatal(err)
	}
	if a == b {
		t.Errorf("two hashes of one password are equal (%q): salt is not random", a)
	}
	// The salt and hash fields use unpadded standard base64 and have the
	// configured lengths: 16 bytes -> 22 chars, 32 bytes -> 43 chars.
	parts := strings.Split(a, "$")
	if len(parts) != 6 || len(parts[4]) != 22 || len(parts[5]) != 43 || strings.ContainsAny(parts[4]+parts[5], "=-_") {
		t.Errorf("Hash = %q: want 22-char salt and 43-char hash in raw std base64", a)
	}
}

// TestPasswordVerifyKnownVector checks our PHC encoding against argon2.IDKey
// computed independently, so that a bug that is symmetric in Hash and
// Verify (say, swapped m and t) cannot pass.
func TestPasswordVerifyKnownVector(t *testing.T) {
	t.Parallel()
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("hunter2"), salt, 2, 32, 1, 32)
	encoded := "$argon2id$v=19$m=32,t=2,p=1$" + phcB64.EncodeToString(salt) + "$" + phcB64.EncodeToString(key)
	h := newTestHasher(t, 1)
	ok, err := h.Verify(context.Background(), "hunter2", encoded)
	if err != nil || !ok {
		t.Fatalf("Verify(known vector) = %v, %v; want true, nil", ok, err)
	}
	// The hasher's params (m=64,t=1) differ from the stored ones.
	if !h.NeedsRehash(encoded) {
		t.Errorf("NeedsRehash(m=32,t=2) with m=64,t=1 params = false, want true")
	}
}

func TestPasswordVerifyMalformed(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 1)
	good, err := h.Hash(context.Background(), "pw")
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, "$")
	salt, hash := parts[4], parts[5]
	with := func(params string) string { return "$argon2id$v=19$" + params + "$" + salt + "$" + hash }
	tests := []struct {
		name    string
		encoded string
	}{
		{"empty", ""},
		{"dollar only", "$"},
		{"no leading dollar", strings.TrimPrefix(good, "$")},
		{"too few fields", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"extra field", good + "$x"},
		{"argon2i", strings.Replace(good, "argon2id", "argon2i", 1)},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"version 16", strings.Replace(good, "v=19", "v=16", 1)},
		{"missing version", "$argon2id$m=64,t=1,p=1$" + salt + "$" + hash},
		{"params reordered", with("t=1,m=64,p=1")},
		{"params missing", with("m=64,t=1")},
		{"params extra", with("m=64,t=1,p=1,k=2")},
		{"negative memory", with("m=-64,t=1,p=1")},
		{"plus sign", with("m=+64,t=1,p=1")},
		{"leading zero", with("m=064,t=1,p=1")},
		{"hex", with("m=0x40,t=1,p=1")},
		{"empty value", with("m=,t=1,p=1")},
		{"zero time", with("m=64,t=0,p=1")},
		{"zero threads", with("m=64,t=1,p=0")},
		{"threads overflow uint8", with("m=64,t=1,p=256")},
		{"memory below 8p", with("m=8,t=1,p=2")},
		{"memory overflow uint32", with("m=4294967296,t=1,p=1")},
		{"memory too large (DoS)", with("m=4194304,t=1,p=1")},
		{"time too large (DoS)", with("m=64,t=100000,p=1")},
		{"salt not base64", "$argon2id$v=19$m=64,t=1,p=1$!!!!!!!!!!!!!!!!!!!!!!$" + hash},
		{"salt padded", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "==$" + hash},
		{"salt too short", "$argon2id$v=19$m=64,t=1,p=1$AAAA$" + hash},
		{"hash url alphabet", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + strings.Repeat("_", 43)},
		{"hash too short", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AAAAAAAA"},
		{"hash non-canonical trailing bits", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash[:42] + "B"},
		{"huge input", "$argon2id$v=19$m=64,t=1,p=1$" + strings.Repeat("A", 100000) + "$" + hash},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ok, err := h.Verify(context.Background(), "pw", tc.encoded)
			if ok || !errors.Is(err, ErrMalformedHash) {
				t.Errorf("Verify(%.80q) = %v, %v; want false, ErrMalformedHash", tc.encoded, ok, err)
			}
			if !h.NeedsRehash(tc.encoded) {
				t.Errorf("NeedsRehash(malformed) = false, want true")
			}
		})
	}
}

func TestNeedsRehash(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	old := newTestHasher(t, 1)
	encoded, err := old.Hash(ctx, "pw")
	if err != nil {
		t.Fatal(err)
	}
	base := TestArgon2Params()
	tests := []struct {
		name   string
		mutate func(*Argon2Params)
		want   bool
	}{
		{"same", func(*Argon2Params) {}, false},
		{"memory", func(p *Argon2Params) { p.Memory *= 2 }, true},
		{"time", func(p *Argon2Params) { p.Time++ }, true},
		{"threads", func(p *Argon2Params) { p.Threads++ }, true},
		{"salt length", func(p *Argon2Params) { p.SaltLength = 32 }, true},
		{"key length", func(p *Argon2Params) { p.KeyLength = 64 }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := base
			tc.mutate(&p)
			h, err := NewPasswordHasher(p, 1)
			if err != nil {
				t.Fatal(err)
			}
			if got := h.NeedsRehash(encoded); got != tc.want {
				t.Errorf("NeedsRehash = %v, want %v", got, tc.want)
			}
			// Whatever the new parameters, the old hash still verifies.
			if ok, err := h.Verify(ctx, "pw", encoded); !ok || err != nil {
				t.Errorf("Verify(old hash) = %v, %v; want true, nil", ok, err)
			}
		})
	}
}

func TestArgon2ParamsValidate(t *testing.T) {
	t.Parallel()
	if err := DefaultArgon2Params().Validate(); err != nil {
		t.Errorf("DefaultArgon2Params invalid: %v", err)
	}
	if p := DefaultArgon2Params(); p.Memory < 19*1024 || p.Time < 1 || p.KeyLength < 32 || p.SaltLength < 16 {
		t.Errorf("DefaultArgon2Params %+v below OWASP's minimum", p)
	}
	bad := []struct {
		name string
		p    Argon2Params
	}{
		{"zero", Argon2Params{}},
		{"zero time", Argon2Params{Memory: 64, Time: 0, Threads: 1, SaltLength: 16, KeyLength: 32}},
		{"zero threads", Argon2Params{Memory: 64, Time: 1, Threads: 0, SaltLength: 16, KeyLength: 32}},
		{"short salt", Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLength: 4, KeyLength: 32}},
		{"short key", Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLength: 16, KeyLength: 8}},
		{"memory too small", Argon2Params{Memory: 7, Time: 1, Threads: 1, SaltLength: 16, KeyLength: 32}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if _, err := NewPasswordHasher(tc.p, 1); err == nil {
				t.Errorf("NewPasswordHasher(%+v) succeeded, want error", tc.p)
			}
		})
	}
}

func TestPasswordHasherHonoursContext(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 1)
	good := "$argon2id$v=19$m=64,t=1,p=1$MDEyMzQ1Njc4OWFiY2RlZg$" + strings.Repeat("A", 43)

	// Occupy the only slot, as a long-running hash would: waiting callers
	// give up when their context ends.
	h.slots <- struct{}{}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := h.Hash(ctx, "pw"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Hash with full semaphore = %v, want DeadlineExceeded", err)
	}
	if ok, err := h.Verify(ctx, "pw", good); ok || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Verify with full semaphore = %v, %v; want false, DeadlineExceeded", ok, err)
	}
	<-h.slots

	// With a free slot, an already-cancelled context still fails rather
	// than spending 64 MiB on a request nobody waits for.
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if _, err := h.Hash(cancelled, "pw"); !errors.Is(err, context.Canceled) {
		t.Errorf("Hash with cancelled context = %v, want Canceled", err)
	}
	if len(h.slots) != 0 {
		t.Errorf("%d slots still held after failed calls", len(h.slots))
	}
}

func TestPasswordHasherBoundsConcurrency(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 2)
	// Take both slots: a Hash must wait until one frees.
	h.slots <- struct{}{}
	h.slots <- struct{}{}
	done := make(chan error, 1)
	go func() {
		_, err := h.Hash(context.Background(), "pw")
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("Hash finished (err %v) while every slot was taken", err)
	case <-time.After(50 * time.Millisecond):
	}
	<-h.slots
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Hash after a slot freed: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Hash did not run after a slot freed")
	}
	<-h.slots

	// Many concurrent calls all complete and release their slots.
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, err := h.Hash(context.Background(), "pw"); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if len(h.slots) != 0 {
		t.Errorf("%d slots still held after all hashes returned", len(h.slots))
	}
}

func TestNewPasswordHasherDefaultConcurrency(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 0)
	if cap(h.slots) < 1 {
		t.Errorf("maxConcurrent 0 gave capacity %d, want GOMAXPROCS", cap(h.slots))
	}
}

func BenchmarkPasswordHashTestParams(b *testing.B) {
	h := newTestHasher(b, 1)
	ctx := context.Background()
	for b.Loop() {
		if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPasswordVerifyTestParams(b *testing.B) {
	h := newTestHasher(b, 1)
	ctx := context.Background()
	encoded, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if ok, err := h.Verify(ctx, "correct horse battery staple", encoded); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkPasswordHashDefaultParams measures the production cost; run it
// explicitly with -bench=DefaultParams, it takes ~90 ms per hash.
func BenchmarkPasswordHashDefaultParams(b *testing.B) {
	h, err := NewPasswordHasher(DefaultArgon2Params(), 1)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for b.Loop() {
		if _, err := h.Hash(ctx, "correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSimulateVerify(t *testing.T) {
	t.Parallel()
	h := newTestHasher(t, 1)
	if err := h.SimulateVerify(context.Background(), "pw"); err != nil {
		t.Errorf("SimulateVerify: %v", err)
	}
	h.slots <- struct{}{} // all slots busy: it waits like a real Verify
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := h.SimulateVerify(ctx, "pw"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("SimulateVerify with full semaphore = %v, want DeadlineExceeded", err)
	}
	<-h.slots
}
