// Package secrets holds iamd's credential and cryptography primitives:
// password hashing, identifier and secret generation, encryption at rest,
// constant-time comparison, redaction and console password generation.
//
// The package is pure: it imports only the standard library and
// golang.org/x/crypto/argon2, and never net/http, database/sql or the store.
// Callers pass keys and parameters in through constructors; nothing here is
// global, so one test process can run many servers with different keys.
//
// # Why each primitive
//
// Passwords are hashed with argon2id (RFC 9106), the winner of the Password
// Hashing Competition and OWASP's first recommendation: it is memory-hard, so
// GPU and ASIC guessing is costly, and the "id" variant resists both
// side-channel and time-memory trade-off attacks. Hashes are stored as PHC
// strings ($argon2id$v=19$m=...,t=...,p=...$salt$hash) so that each hash
// carries its own parameters: the defaults can be raised later, old hashes
// still verify, and [PasswordHasher.NeedsRehash] tells when to re-hash at the
// next successful login. One hash at the default parameters takes about
// 64 MiB and 90 ms, so a semaphore bounds how many run at once; otherwise a
// burst of logins could exhaust the machine's memory.
//
// Identifiers and secrets come from crypto/rand in AWS's own formats (AKIA/
// ASIA access key IDs, 40-character secret access keys, AIDA/AROA/... unique
// IDs, 12-digit account IDs, UUID request IDs), because AWS clients and
// tooling recognise them by shape. Characters are drawn by rejection sampling,
// never by a bare modulo, so every character of the alphabet is equally
// likely and no ID is easier to guess than another.
//
// Secret access keys must be stored recoverably, since SigV4 verification
// needs the secret itself, so they are encrypted rather than hashed. A
// [Keyring] of AES-256-GCM keys does it: GCM is an AEAD from the standard
// library with hardware support, so every ciphertext is authenticated and any
// tampering is detected. Each sealed value names the key that sealed it by a
// one-byte ID, so keys can rotate without re-encrypting everything at once.
// Associated data binds a ciphertext to its row (for example the access key
// ID), so a secret copied from one row into another fails to open. STS
// session tokens use the same sealing, in URL-safe base64, so that any node
// can verify a token without a database read.
//
// The master key lives base64-encoded in a 0600 file in the data directory or
// is supplied by the operator. A key file that group or others can read is
// refused rather than silently used: a leaked master key exposes every stored
// secret. [DeriveKey] separates keys by purpose with HKDF-SHA-256, so that one
// master key can serve several keyrings without their ciphertexts being
// interchangeable.
//
// [Equal] compares secrets in constant time, so a signature or token check
// does not leak through timing how many leading bytes matched.
//
// [Secret] is a string type that prints as [REDACTED] through fmt, log/slog,
// encoding/json and encoding/text, so that passing one to a logger or an audit
// event by mistake cannot leak it; only [Secret.Reveal] gives the value.
//
// [GeneratePassword] produces console passwords that contain every required
// character class, drawn from AWS's allowed symbol set, as the AWS console
// does when it generates a password for a new user.
package secrets
