-- The initial schema. One table per aggregate; every name is stored as given
-- plus a lower-cased name_key that carries the per-account UNIQUE constraint,
-- so case-insensitive uniqueness holds by construction. Rows refer to each
-- other by unique ID, so a rename touches one row. Text columns that are
-- compared or sorted use the C collation, so ordering is by bytes as in
-- SQLite, whatever the database's locale.

CREATE TABLE accounts (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL,
    email      TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    account_id           TEXT COLLATE "C" NOT NULL,
    name                 TEXT COLLATE "C" NOT NULL,
    name_key             TEXT COLLATE "C" NOT NULL,
    path                 TEXT COLLATE "C" NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    password_last_used   TIMESTAMPTZ,
    permissions_boundary TEXT COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (account_id, name_key)
);

CREATE TABLE iam_groups (
    id         TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    name_key   TEXT COLLATE "C" NOT NULL,
    path       TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE group_members (
    group_id   TEXT COLLATE "C" NOT NULL REFERENCES iam_groups (id),
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
    account_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    account_id           TEXT COLLATE "C" NOT NULL,
    name                 TEXT COLLATE "C" NOT NULL,
    name_key             TEXT COLLATE "C" NOT NULL,
    path                 TEXT COLLATE "C" NOT NULL,
    assume_role_policy   TEXT COLLATE "C" NOT NULL,
    description          TEXT COLLATE "C" NOT NULL DEFAULT '',
    max_session_duration INTEGER NOT NULL,
    permissions_boundary TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at           TIMESTAMPTZ NOT NULL,
    last_used_at         TIMESTAMPTZ,
    last_used_region     TEXT COLLATE "C" NOT NULL DEFAULT '',
    UNIQUE (account_id, name_key)
);

CREATE TABLE policies (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    account_id         TEXT COLLATE "C" NOT NULL,
    name               TEXT COLLATE "C" NOT NULL,
    name_key           TEXT COLLATE "C" NOT NULL,
    path               TEXT COLLATE "C" NOT NULL,
    description        TEXT COLLATE "C" NOT NULL DEFAULT '',
    default_version_id TEXT COLLATE "C" NOT NULL,
    next_version       INTEGER NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE policy_versions (
    policy_id   TEXT COLLATE "C" NOT NULL REFERENCES policies (id),
    version_id  TEXT COLLATE "C" NOT NULL,
    version_num INTEGER NOT NULL,
    document    TEXT COLLATE "C" NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

CREATE TABLE inline_policies (
    owner_kind TEXT COLLATE "C" NOT NULL,
    owner_id   TEXT COLLATE "C" NOT NULL,
    name_key   TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    document   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, name_key)
);

CREATE TABLE attachments (
    owner_kind TEXT COLLATE "C" NOT NULL,
    owner_id   TEXT COLLATE "C" NOT NULL,
    policy_arn TEXT COLLATE "C" NOT NULL,
    account_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, policy_arn)
);
CREATE INDEX attachments_policy ON attachments (account_id, policy_arn);

CREATE TABLE access_keys (
    id            TEXT COLLATE "C" PRIMARY KEY,
    account_id    TEXT COLLATE "C" NOT NULL,
    user_id       TEXT COLLATE "C" NOT NULL, -- '' for the account's root user
    sealed_secret BYTEA NOT NULL,
    status        TEXT COLLATE "C" NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    seq           INTEGER NOT NULL, -- creation order within the owner
    last_used_at  TIMESTAMPTZ,
    last_service  TEXT COLLATE "C" NOT NULL DEFAULT '',
    last_region   TEXT COLLATE "C" NOT NULL DEFAULT ''
);
CREATE INDEX access_keys_owner ON access_keys (account_id, user_id);

CREATE TABLE login_profiles (
    user_id         TEXT COLLATE "C" PRIMARY KEY REFERENCES users (id),
    account_id      TEXT COLLATE "C" NOT NULL,
    password_hash   TEXT COLLATE "C" NOT NULL,
    reset_required  BOOLEAN NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE instance_profiles (
    id         TEXT COLLATE "C" PRIMARY KEY,
    account_id TEXT COLLATE "C" NOT NULL,
    name       TEXT COLLATE "C" NOT NULL,
    name_key   TEXT COLLATE "C" NOT NULL,
    path       TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE instance_profile_roles (
    profile_id TEXT COLLATE "C" NOT NULL REFERENCES instance_profiles (id),
    role_id    TEXT COLLATE "C" NOT NULL REFERENCES roles (id),
    account_id TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles (role_id);

CREATE TABLE tags (
    account_id TEXT COLLATE "C" NOT NULL,
    kind       TEXT COLLATE "C" NOT NULL,
    entity_id  TEXT COLLATE "C" NOT NULL,
    key_lower  TEXT COLLATE "C" NOT NULL,
    key        TEXT COLLATE "C" NOT NULL,
    value      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account_id, kind, entity_id, key_lower)
);
