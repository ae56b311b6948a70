-- Users' other credentials (SSH public keys, signing certificates,
-- service-specific credentials), server certificates and each account's
-- STS preferences. Secrets (server certificates' private keys,
-- service-specific passwords) are sealed by the service before they reach
-- these tables. seq orders an owner's credentials by creation.

CREATE TABLE ssh_public_keys (
    id           TEXT COLLATE "C" PRIMARY KEY,
    account_id   TEXT COLLATE "C" NOT NULL,
    user_id      TEXT COLLATE "C" NOT NULL,
    body         TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL,
    seq          INTEGER NOT NULL,
    UNIQUE (account_id, user_id, fingerprint)
);

CREATE TABLE signing_certificates (
    id           TEXT COLLATE "C" PRIMARY KEY,
    account_id   TEXT COLLATE "C" NOT NULL,
    user_id      TEXT COLLATE "C" NOT NULL, -- '' for the account's root user
    body         TEXT COLLATE "C" NOT NULL,
    fingerprint  TEXT COLLATE "C" NOT NULL,
    status       TEXT COLLATE "C" NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL,
    seq          INTEGER NOT NULL,
    UNIQUE (account_id, fingerprint)
);
CREATE INDEX signing_certificates_owner ON signing_certificates (account_id, user_id);

CREATE TABLE server_certificates (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    account_id         TEXT COLLATE "C" NOT NULL,
    name               TEXT COLLATE "C" NOT NULL,
    name_key           TEXT COLLATE "C" NOT NULL,
    path               TEXT COLLATE "C" NOT NULL,
    body               TEXT COLLATE "C" NOT NULL,
    chain              TEXT COLLATE "C" NOT NULL,
    sealed_private_key BYTEA NOT NULL,
    expiration         TIMESTAMPTZ NOT NULL,
    uploaded_at        TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE service_specific_credentials (
    id                TEXT COLLATE "C" PRIMARY KEY,
    account_id        TEXT COLLATE "C" NOT NULL,
    user_id           TEXT COLLATE "C" NOT NULL,
    service_name      TEXT COLLATE "C" NOT NULL,
    service_user_name TEXT COLLATE "C" NOT NULL,
    sealed_password   BYTEA NOT NULL,
    status            TEXT COLLATE "C" NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL,
    seq               INTEGER NOT NULL
);
CREATE INDEX service_specific_credentials_owner ON service_specific_credentials (account_id, user_id);

CREATE TABLE sts_preferences (
    account_id                    TEXT COLLATE "C" PRIMARY KEY,
    global_endpoint_token_version TEXT COLLATE "C" NOT NULL
);
