-- Issue 13: what each worker of each attempt cost in energy, carbon and money, per hour of the
-- grid's carbon intensity, and what no attempt carried (idle and system power, unallocated price)
-- per node and hour. Kept apart from job state: a sampler adds to these rows (each write adds the
-- figures since the last, so a restart neither loses what was written nor counts it twice), and,
-- as attempt_usage, they outlive the jobs they describe, for reports over the past.
CREATE TABLE attempt_energy (
    job_uid         TEXT             NOT NULL,
    epoch           INTEGER          NOT NULL,
    worker_rank     INTEGER          NOT NULL,
    hour            BIGINT           NOT NULL,
    cpu_joules      DOUBLE PRECISION NOT NULL,
    dram_joules     DOUBLE PRECISION NOT NULL,
    gpu_joules      DOUBLE PRECISION NOT NULL,
    measured_joules DOUBLE PRECISION NOT NULL,
    co2e_grams      DOUBLE PRECISION NOT NULL,
    cost_dollars    DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_uid, epoch, worker_rank, hour)
);
CREATE INDEX attempt_energy_hour ON attempt_energy (hour);

CREATE TABLE node_energy (
    node            TEXT             NOT NULL,
    hour            BIGINT           NOT NULL,
    total_joules    DOUBLE PRECISION NOT NULL,
    idle_joules     DOUBLE PRECISION NOT NULL,
    system_joules   DOUBLE PRECISION NOT NULL,
    measured_joules DOUBLE PRECISION NOT NULL,
    co2e_grams      DOUBLE PRECISION NOT NULL,
    idle_cost_dollars DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (node, hour)
);
