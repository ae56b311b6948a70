-- Service last accessed data (GenerateServiceLastAccessedDetails): when
-- and in which region each user or role last authenticated to a service
-- (action = '') or to one of its actions. Written in batches by the
-- activity recorder, never per request.

CREATE TABLE service_activity (
    account_id    TEXT NOT NULL,
    principal_arn TEXT NOT NULL,
    namespace     TEXT NOT NULL,
    action        TEXT NOT NULL,
    last_at       DATETIME NOT NULL,
    region        TEXT NOT NULL,
    PRIMARY KEY (account_id, principal_arn, namespace, action)
);
