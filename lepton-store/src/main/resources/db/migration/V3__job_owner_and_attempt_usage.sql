-- Issue 11: who submitted each job (jobs stored before this know no owner: ''), and what each
-- worker of each attempt used, kept apart from job state: a running job's samples stay in memory
-- and reach this table at a coarse interval and when the worker ends, so a sample never rewrites
-- a job. Rows survive the job's own retention only as long as the job does.
ALTER TABLE jobs ADD COLUMN owner TEXT NOT NULL DEFAULT '';

CREATE TABLE attempt_usage (
    job_uid           TEXT             NOT NULL,
    epoch             INTEGER          NOT NULL,
    worker_rank       INTEGER          NOT NULL,
    project           TEXT             NOT NULL,
    job_name          TEXT             NOT NULL,
    owner             TEXT             NOT NULL,
    queue             TEXT             NOT NULL,
    node              TEXT             NOT NULL,
    gpus              INTEGER          NOT NULL,
    cpu_millis        BIGINT           NOT NULL,
    memory_bytes      BIGINT           NOT NULL,
    started_at        BIGINT           NOT NULL,
    ended_at          BIGINT,
    cpu_seconds       DOUBLE PRECISION NOT NULL,
    peak_memory_bytes BIGINT           NOT NULL,
    updated_at        BIGINT           NOT NULL,
    PRIMARY KEY (job_uid, epoch, worker_rank)
);
-- Usage reports walk a time window.
CREATE INDEX attempt_usage_started ON attempt_usage (started_at);
