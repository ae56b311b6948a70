-- OpenID Connect providers (CreateOpenIDConnectProvider). One per issuer
-- URL per account: url_key is the URL with its host lower-cased
-- (store.OIDCProviderKey) and carries the uniqueness constraint. Client IDs
-- and thumbprints are small lists (at most 100 and 5) always read and
-- written whole, so they are JSON arrays in the row; writers lock the row
-- before changing them.

CREATE TABLE oidc_providers (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL,
    url          TEXT NOT NULL,
    url_key      TEXT NOT NULL,
    client_ids   TEXT NOT NULL,
    thumbprints  TEXT NOT NULL,
    created_at   DATETIME NOT NULL,
    UNIQUE (account_id, url_key)
);
