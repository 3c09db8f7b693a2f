-- One schema for SQLite and PostgreSQL. Portable SQL only; ${autoIncrementKey} is the one
-- dialect-specific phrase (see Dialect). Times are epoch milliseconds; records are JSON text.

CREATE TABLE jobs (
    seq              ${autoIncrementKey},
    uid              TEXT    NOT NULL,
    project          TEXT    NOT NULL,
    name             TEXT    NOT NULL,
    queue            TEXT    NOT NULL,
    priority         INTEGER NOT NULL,
    phase            TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    resource_version BIGINT  NOT NULL,
    spec             TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    CONSTRAINT jobs_uid_unique UNIQUE (uid),
    CONSTRAINT jobs_project_name_unique UNIQUE (project, name)
);
-- active() and phase-filtered lists walk phase then submission order.
CREATE INDEX jobs_phase_seq ON jobs (phase, seq);
-- A project's jobs page by seq.
CREATE INDEX jobs_project_seq ON jobs (project, seq);
-- The scheduler's view of one queue: waiting jobs by priority.
CREATE INDEX jobs_queue_phase_priority ON jobs (queue, phase, priority);

CREATE TABLE nodes (
    name         TEXT   NOT NULL PRIMARY KEY,
    node         TEXT   NOT NULL,
    heartbeat_at BIGINT NOT NULL
);

CREATE TABLE queues (
    name        TEXT   NOT NULL PRIMARY KEY,
    description TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    name       TEXT   NOT NULL PRIMARY KEY,
    created_at BIGINT NOT NULL
);

CREATE TABLE role_bindings (
    user_name TEXT NOT NULL REFERENCES users (name),
    project   TEXT NOT NULL,
    role      TEXT NOT NULL,
    PRIMARY KEY (user_name, project)
);

-- Only the SHA-256 hex digest of a token; the token itself is never stored.
CREATE TABLE api_tokens (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    user_name  TEXT   NOT NULL REFERENCES users (name),
    created_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_name);

CREATE TABLE events (
    seq     ${autoIncrementKey},
    at      BIGINT NOT NULL,
    project TEXT   NOT NULL,
    object  TEXT   NOT NULL,
    type    TEXT   NOT NULL,
    message TEXT   NOT NULL
);
CREATE INDEX events_project_object_seq ON events (project, object, seq);
CREATE INDEX events_project_seq ON events (project, seq);

CREATE TABLE audit_log (
    seq     ${autoIncrementKey},
    at      BIGINT  NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL,
    allowed BOOLEAN NOT NULL,
    detail  TEXT    NOT NULL
);

CREATE TABLE idempotency_keys (
    actor      TEXT   NOT NULL,
    idem_key   TEXT   NOT NULL,
    result     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (actor, idem_key)
);
-- Old keys are purged by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
