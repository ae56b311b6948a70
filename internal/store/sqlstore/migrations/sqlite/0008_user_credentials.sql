-- Users' other credentials (SSH public keys, signing certificates,
-- service-specific credentials), server certificates and each account's
-- STS preferences. Secrets (server certificates' private keys,
-- service-specific passwords) are sealed by the service before they reach
-- these tables. seq orders an owner's credentials by creation.

CREATE TABLE ssh_public_keys (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    body         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       TEXT NOT NULL,
    uploaded_at  DATETIME NOT NULL,
    seq          INTEGER NOT NULL,
    UNIQUE (account_id, user_id, fingerprint)
);

CREATE TABLE signing_certificates (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    user_id      TEXT NOT NULL, -- '' for the account's root user
    body         TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    status       TEXT NOT NULL,
    uploaded_at  DATETIME NOT NULL,
    seq          INTEGER NOT NULL,
    UNIQUE (account_id, fingerprint)
);
CREATE INDEX signing_certificates_owner ON signing_certificates (account_id, user_id);

CREATE TABLE server_certificates (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    name               TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    path               TEXT NOT NULL,
    body               TEXT NOT NULL,
    chain              TEXT NOT NULL,
    sealed_private_key BLOB NOT NULL,
    expiration         DATETIME NOT NULL,
    uploaded_at        DATETIME NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE service_specific_credentials (
    id                TEXT PRIMARY KEY,
    account_id        TEXT NOT NULL,
    user_id           TEXT NOT NULL,
    service_name      TEXT NOT NULL,
    service_user_name TEXT NOT NULL,
    sealed_password   BLOB NOT NULL,
    status            TEXT NOT NULL,
    created_at        DATETIME NOT NULL,
    seq               INTEGER NOT NULL
);
CREATE INDEX service_specific_credentials_owner ON service_specific_credentials (account_id, user_id);

CREATE TABLE sts_preferences (
    account_id                    TEXT PRIMARY KEY,
    global_endpoint_token_version TEXT NOT NULL
);
