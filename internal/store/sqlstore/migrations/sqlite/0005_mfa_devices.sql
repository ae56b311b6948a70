-- Virtual MFA devices (CreateVirtualMFADevice). Names are unique per
-- account without case (name_key). The seed is sealed by the service: the
-- row holds only ciphertext. user_id is the assigned user, '' for the root
-- while assigned is 1. last_step is the last accepted TOTP step, so a code
-- is accepted once only; step_offset is the drift learnt by a resync.

CREATE TABLE mfa_devices (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    path         TEXT NOT NULL,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    sealed_seed  BLOB NOT NULL,
    created_at   DATETIME NOT NULL,
    assigned     INTEGER NOT NULL DEFAULT 0,
    user_id      TEXT NOT NULL DEFAULT '',
    enabled_at   DATETIME,
    last_step    INTEGER NOT NULL DEFAULT 0,
    step_offset  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (account_id, name_key)
);

CREATE INDEX mfa_devices_user ON mfa_devices (account_id, assigned, user_id);
