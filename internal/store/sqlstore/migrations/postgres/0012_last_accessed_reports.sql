-- Service last accessed reports (GenerateServiceLastAccessedDetails), in
-- the database rather than in a node's memory so that a job ID made on one
-- node is served by every other. content is the report as the IAM service
-- encodes it; the created_at index serves the sweep of expired reports.

CREATE TABLE last_accessed_reports (
    account_id TEXT COLLATE "C" NOT NULL,
    job_id     TEXT COLLATE "C" NOT NULL,
    requester  TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    content    BYTEA NOT NULL,
    PRIMARY KEY (account_id, job_id)
);
CREATE INDEX last_accessed_reports_created ON last_accessed_reports (created_at);
