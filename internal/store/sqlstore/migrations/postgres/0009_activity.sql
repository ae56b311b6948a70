-- Service last accessed data (GenerateServiceLastAccessedDetails): when
-- and in which region each user or role last authenticated to a service
-- (action = '') or to one of its actions. Written in batches by the
-- activity recorder, never per request.

CREATE TABLE service_activity (
    account_id    TEXT COLLATE "C" NOT NULL,
    principal_arn TEXT COLLATE "C" NOT NULL,
    namespace     TEXT COLLATE "C" NOT NULL,
    action        TEXT COLLATE "C" NOT NULL,
    last_at       TIMESTAMPTZ NOT NULL,
    region        TEXT NOT NULL,
    PRIMARY KEY (account_id, principal_arn, namespace, action)
);
