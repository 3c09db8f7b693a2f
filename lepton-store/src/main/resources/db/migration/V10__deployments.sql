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

-- What each revision served: requests answered through the gateway and how many of them failed (5xx), added to
-- by the controller once a second; energy per request divides the revision's replica jobs' energy by these.
CREATE TABLE deployment_traffic (
    name     TEXT   NOT NULL,
    revision BIGINT NOT NULL,
    requests BIGINT NOT NULL,
    errors   BIGINT NOT NULL,
    PRIMARY KEY (name, revision)
);

-- Feedback on predictions (POST /endpoints/NAME/feedback): a rating and/or a label per prediction id; the id names
-- the revision that answered. A second word on the same prediction replaces the first.
CREATE TABLE deployment_feedback (
    name          TEXT             NOT NULL,
    prediction_id TEXT             NOT NULL,
    revision      BIGINT           NOT NULL,
    rating        DOUBLE PRECISION,
    label         TEXT,
    by_user       TEXT             NOT NULL,
    at            BIGINT           NOT NULL,
    PRIMARY KEY (name, prediction_id)
);
