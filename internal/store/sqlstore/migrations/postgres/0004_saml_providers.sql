-- SAML 2.0 identity providers (CreateSAMLProvider). Names are unique per
-- account compared case-insensitively: name_key is the lower-cased name and
-- carries the constraint. The metadata document is kept exactly as
-- uploaded (GetSAMLProvider returns it); its tags live in the tags table
-- under kind 'saml-provider'.

CREATE TABLE saml_providers (
    id                        TEXT COLLATE "C" PRIMARY KEY,
    account_id                TEXT COLLATE "C" NOT NULL,
    name                      TEXT COLLATE "C" NOT NULL,
    name_key                  TEXT COLLATE "C" NOT NULL,
    uuid                      TEXT COLLATE "C" NOT NULL,
    metadata_document         TEXT COLLATE "C" NOT NULL,
    assertion_encryption_mode TEXT COLLATE "C" NOT NULL,
    created_at                TIMESTAMPTZ NOT NULL,
    valid_until               TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, name_key)
);
