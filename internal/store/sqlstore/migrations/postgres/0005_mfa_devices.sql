-- Virtual MFA devices (CreateVirtualMFADevice). Names are unique per
-- account without case (name_key). The seed is sealed by the service: the
-- row holds only ciphertext. user_id is the assigned user, '' for the root
-- while assigned is 1. last_step is the last accepted TOTP step, so a code
-- is accepted once only; step_offset is the drift learnt by a resync.

CREATE TABLE mfa_devices (
    id           TEXT COLLATE "C" PRIMARY KEY,
    account_id   TEXT COLLATE "C" NOT NULL,
    path         TEXT COLLATE "C" NOT NULL,
    name         TEXT COLLATE "C" NOT NULL,
    name_key     TEXT COLLATE "C" NOT NULL,
    sealed_seed  BYTEA NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    assigned     INTEGER NOT NULL DEFAULT 0,
    user_id      TEXT COLLATE "C" NOT NULL DEFAULT '',
    enabled_at   TIMESTAMPTZ,
    last_step    BIGINT NOT NULL DEFAULT 0,
    step_offset  BIGINT NOT NULL DEFAULT 0,
    UNIQUE (account_id, name_key)
);

CREATE INDEX mfa_devices_user ON mfa_devices (account_id, assigned, user_id);
