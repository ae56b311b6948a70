-- Account aliases (CreateAccountAlias): one per account (the primary key)
-- and each alias held by one account at most across the whole store (the
-- UNIQUE constraint), since the alias names the account's console sign-in
-- address. Aliases are lower case by their pattern, so they compare
-- exactly.

CREATE TABLE account_aliases (
    account_id TEXT PRIMARY KEY,
    alias      TEXT NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);

-- Each account's latest credential report (GenerateCredentialReport), the
-- CSV as GetCredentialReport returns it, kept in the database so that
-- every node serves the same report.

CREATE TABLE credential_reports (
    account_id   TEXT PRIMARY KEY,
    generated_at DATETIME NOT NULL,
    content      BLOB NOT NULL
);
