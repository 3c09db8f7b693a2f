-- Issue 3: a queue carries its quota (nominal, cohort, borrowing limit) as JSON; cohorts may nest.
ALTER TABLE queues ADD COLUMN spec TEXT NOT NULL DEFAULT '';

CREATE TABLE cohorts (
    name       TEXT   NOT NULL PRIMARY KEY,
    parent     TEXT,
    created_at BIGINT NOT NULL
);
