-- The audit trail (CloudTrail LookupEvents): one row per request, the
-- attributes LookupEvents filters on as columns and the whole record as
-- JSON. Listings walk (event_time, id) in either direction, so every index
-- ends with those two columns; the attribute indexes cover the lookups a
-- caller narrows most (a user, a key, a resource, an action).

CREATE TABLE audit_events (
    id            TEXT COLLATE "C" PRIMARY KEY,
    account_id    TEXT COLLATE "C" NOT NULL,
    event_time    TIMESTAMPTZ NOT NULL,
    event_source  TEXT COLLATE "C" NOT NULL,
    event_name    TEXT COLLATE "C" NOT NULL,
    read_only     BOOLEAN NOT NULL,
    username      TEXT COLLATE "C" NOT NULL,
    access_key_id TEXT COLLATE "C" NOT NULL,
    resource_type TEXT COLLATE "C" NOT NULL,
    resource_name TEXT COLLATE "C" NOT NULL,
    error_code    TEXT COLLATE "C" NOT NULL,
    record        TEXT NOT NULL
);
CREATE INDEX audit_events_account_time ON audit_events (account_id, event_time, id);
-- The operator's export across accounts and DeleteBefore's retention sweep.
CREATE INDEX audit_events_time ON audit_events (event_time, id);
CREATE INDEX audit_events_name ON audit_events (account_id, event_name, event_time, id);
CREATE INDEX audit_events_username ON audit_events (account_id, username, event_time, id);
CREATE INDEX audit_events_access_key ON audit_events (account_id, access_key_id, event_time, id);
CREATE INDEX audit_events_resource ON audit_events (account_id, resource_name, event_time, id);
