-- SAML 2.0 identity providers (CreateSAMLProvider). Names are unique per
-- account compared case-insensitively: name_key is the lower-cased name and
-- carries the constraint. The metadata document is kept exactly as
-- uploaded (GetSAMLProvider returns it); its tags live in the tags table
-- under kind 'saml-provider'.

CREATE TABLE saml_providers (
    id                        TEXT PRIMARY KEY,
    account_id                TEXT NOT NULL,
    name                      TEXT NOT NULL,
    name_key                  TEXT NOT NULL,
    uuid                      TEXT NOT NULL,
    metadata_document         TEXT NOT NULL,
    assertion_encryption_mode TEXT NOT NULL,
    created_at                DATETIME NOT NULL,
    valid_until               DATETIME NOT NULL,
    UNIQUE (account_id, name_key)
);
