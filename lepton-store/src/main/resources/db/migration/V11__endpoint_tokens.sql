-- Endpoint tokens (issue 15): a token that calls one deployment's endpoint and nothing else, for a client that should
-- hold no Lepton token. Only the SHA-256 of the secret is kept (the secret is shown once, when the token is made); id is
-- the start of that hash, as for users' tokens. The tokens go with their deployment.
CREATE TABLE endpoint_tokens (
    deployment TEXT   NOT NULL,
    id         TEXT   NOT NULL,
    hash       TEXT   NOT NULL UNIQUE,
    created_by TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (deployment, id)
);
