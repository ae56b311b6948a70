-- Web console sessions and root users' console passwords. A session is
-- found by the SHA-256 of the browser's random session value (id_hash), so
-- a copy of this table signs no one in; the (account_id, user_id) index
-- serves DeleteForUser when a user is deleted or its password reset
-- (user_id '' for the root). The idle sweep reads the whole table, which
-- holds only live sessions. mfa_at is NULL when no MFA code was given.

CREATE TABLE console_sessions (
    id_hash                 TEXT PRIMARY KEY,
    account_id              TEXT NOT NULL,
    root                    BOOLEAN NOT NULL,
    user_id                 TEXT NOT NULL,
    user_name               TEXT NOT NULL,
    arn                     TEXT NOT NULL,
    mfa_serial              TEXT NOT NULL,
    password_reset_required BOOLEAN NOT NULL,
    stage                   TEXT NOT NULL,
    csrf                    TEXT NOT NULL,
    created_at              DATETIME NOT NULL,
    last_seen               DATETIME NOT NULL,
    mfa_at                  DATETIME
);
CREATE INDEX console_sessions_user ON console_sessions (account_id, user_id);

-- Each account root user's console password, an argon2id PHC string.
CREATE TABLE root_passwords (
    account_id TEXT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    hash       TEXT NOT NULL,
    set_at     DATETIME NOT NULL
);
