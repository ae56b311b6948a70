-- Account password policies (UpdateAccountPasswordPolicy), one per
-- account, and each user's password history: the hashes of the newest 24
-- passwords (IAM's largest PasswordReusePrevention) for reuse prevention.
-- The newest entry's set_at is the user's password_last_changed, so no
-- column is added to login_profiles. The history goes with its user.

CREATE TABLE password_policies (
    account_id                TEXT PRIMARY KEY,
    minimum_password_length   INTEGER NOT NULL,
    require_symbols           BOOLEAN NOT NULL,
    require_numbers           BOOLEAN NOT NULL,
    require_uppercase         BOOLEAN NOT NULL,
    require_lowercase         BOOLEAN NOT NULL,
    allow_users_to_change     BOOLEAN NOT NULL,
    max_password_age          INTEGER NOT NULL,
    password_reuse_prevention INTEGER NOT NULL,
    hard_expiry               BOOLEAN NOT NULL
);

CREATE TABLE password_history (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id    TEXT NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash TEXT NOT NULL,
    set_at        DATETIME NOT NULL
);

CREATE INDEX password_history_user ON password_history (account_id, user_id, seq);
