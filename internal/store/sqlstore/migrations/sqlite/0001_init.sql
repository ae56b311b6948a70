-- The initial schema. One table per aggregate; every name is stored as given
-- plus a lower-cased name_key that carries the per-account UNIQUE constraint,
-- so case-insensitive uniqueness holds by construction. Rows refer to each
-- other by unique ID, so a rename touches one row. Times are DATETIME, which
-- the driver writes and reads back as time.Time.

CREATE TABLE accounts (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE users (
    id                   TEXT PRIMARY KEY,
    account_id           TEXT NOT NULL,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    path                 TEXT NOT NULL,
    created_at           DATETIME NOT NULL,
    password_last_used   DATETIME,
    permissions_boundary TEXT NOT NULL DEFAULT '',
    UNIQUE (account_id, name_key)
);

CREATE TABLE iam_groups (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    path       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE group_members (
    group_id   TEXT NOT NULL REFERENCES iam_groups (id),
    user_id    TEXT NOT NULL REFERENCES users (id),
    account_id TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user ON group_members (user_id);

CREATE TABLE roles (
    id                   TEXT PRIMARY KEY,
    account_id           TEXT NOT NULL,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    path                 TEXT NOT NULL,
    assume_role_policy   TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    max_session_duration INTEGER NOT NULL,
    permissions_boundary TEXT NOT NULL DEFAULT '',
    created_at           DATETIME NOT NULL,
    last_used_at         DATETIME,
    last_used_region     TEXT NOT NULL DEFAULT '',
    UNIQUE (account_id, name_key)
);

CREATE TABLE policies (
    id                 TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    name               TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    path               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    default_version_id TEXT NOT NULL,
    next_version       INTEGER NOT NULL,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE policy_versions (
    policy_id   TEXT NOT NULL REFERENCES policies (id),
    version_id  TEXT NOT NULL,
    version_num INTEGER NOT NULL,
    document    TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

CREATE TABLE inline_policies (
    owner_kind TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    account_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    document   TEXT NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, name_key)
);

CREATE TABLE attachments (
    owner_kind TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    policy_arn TEXT NOT NULL,
    account_id TEXT NOT NULL,
    PRIMARY KEY (owner_kind, owner_id, policy_arn)
);
CREATE INDEX attachments_policy ON attachments (account_id, policy_arn);

CREATE TABLE access_keys (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    user_id       TEXT NOT NULL, -- '' for the account's root user
    sealed_secret BLOB NOT NULL,
    status        TEXT NOT NULL,
    created_at    DATETIME NOT NULL,
    seq           INTEGER NOT NULL, -- creation order within the owner
    last_used_at  DATETIME,
    last_service  TEXT NOT NULL DEFAULT '',
    last_region   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX access_keys_owner ON access_keys (account_id, user_id);

CREATE TABLE login_profiles (
    user_id         TEXT PRIMARY KEY REFERENCES users (id),
    account_id      TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    reset_required  BOOLEAN NOT NULL,
    created_at      DATETIME NOT NULL
);

CREATE TABLE instance_profiles (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    path       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE instance_profile_roles (
    profile_id TEXT NOT NULL REFERENCES instance_profiles (id),
    role_id    TEXT NOT NULL REFERENCES roles (id),
    account_id TEXT NOT NULL,
    PRIMARY KEY (profile_id, role_id)
);
CREATE INDEX instance_profile_roles_role ON instance_profile_roles (role_id);

CREATE TABLE tags (
    account_id TEXT NOT NULL,
    kind       TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    key_lower  TEXT NOT NULL,
    key        TEXT NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (account_id, kind, entity_id, key_lower)
);
