-- OpenID Connect providers (CreateOpenIDConnectProvider). One per issuer
-- URL per account: url_key is the URL with its host lower-cased
-- (store.OIDCProviderKey) and carries the uniqueness constraint. Client IDs
-- and thumbprints are small lists (at most 100 and 5) always read and
-- written whole, so they are JSON arrays in the row; writers lock the row
-- before changing them.

CREATE TABLE oidc_providers (
    id           TEXT COLLATE "C" PRIMARY KEY,
    account_id   TEXT COLLATE "C" NOT NULL,
    url          TEXT COLLATE "C" NOT NULL,
    url_key      TEXT COLLATE "C" NOT NULL,
    client_ids   TEXT COLLATE "C" NOT NULL,
    thumbprints  TEXT COLLATE "C" NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, url_key)
);
