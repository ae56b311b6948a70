-- Outbound web identity federation (EnableOutboundWebIdentityFederation):
-- one issuer per account, named by a random issuer_id in its URL (fixed,
-- whole, at creation), with its token signing keys sealed by the master key. A disabled issuer keeps its
-- row, so its keys stay published and its URL stays the same.

CREATE TABLE outbound_issuers (
    account_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    issuer_id   TEXT COLLATE "C" NOT NULL UNIQUE,
    issuer_url  TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    sealed_keys BYTEA NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
