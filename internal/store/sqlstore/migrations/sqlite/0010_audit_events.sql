-- The audit trail (CloudTrail LookupEvents): one row per request, the
-- attributes LookupEvents filters on as columns and the whole record as
-- JSON. Listings walk (event_time, id) in either direction, so every index
-- ends with those two columns; the attribute indexes cover the lookups a
-- caller narrows most (a user, a key, a resource, an action). event_time
-- holds the driver's text form of a UTC time, which sorts as the times do.

CREATE TABLE audit_events (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    event_time    DATETIME NOT NULL,
    event_source  TEXT NOT NULL,
    event_name    TEXT NOT NULL,
    read_only     BOOLEAN NOT NULL,
    username      TEXT NOT NULL,
    access_key_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_name TEXT NOT NULL,
    error_code    TEXT NOT NULL,
    record        TEXT NOT NULL
);
CREATE INDEX audit_events_account_time ON audit_events (account_id, event_time, id);
-- The operator's export across accounts and DeleteBefore's retention sweep.
CREATE INDEX audit_events_time ON audit_events (event_time, id);
CREATE INDEX audit_events_name ON audit_events (account_id, event_name, event_time, id);
CREATE INDEX audit_events_username ON audit_events (account_id, username, event_time, id);
CREATE INDEX audit_events_access_key ON audit_events (account_id, access_key_id, event_time, id);
CREATE INDEX audit_events_resource ON audit_events (account_id, resource_name, event_time, id);
