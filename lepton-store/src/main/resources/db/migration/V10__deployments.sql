-- Inference deployments (issue 15). A deployment's name is its endpoint (/v2/models/NAME, /endpoints/NAME),
-- so it is unique on the server. spec is the current revision's; deployment_revisions keeps every revision's
-- spec, for rollback and for what deploy status says of older replicas. Replicas are jobs.
CREATE TABLE deployments (
    name             TEXT    NOT NULL PRIMARY KEY,
    project          TEXT    NOT NULL,
    uid              TEXT    NOT NULL,
    owner            TEXT    NOT NULL,
    revision         BIGINT  NOT NULL,
    spec             TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    resource_version BIGINT  NOT NULL
);
CREATE INDEX deployments_project ON deployments (project, name);

CREATE TABLE deployment_revisions (
    name       TEXT   NOT NULL,
    revision   BIGINT NOT NULL,
    spec       TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (name, revision)
);
