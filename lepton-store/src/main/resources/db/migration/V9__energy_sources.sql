-- Where each worker's energy figures came from: per worker and source (rapl, nvidia-smi,
-- slurm:acct_gather_energy/ipmi, model:tdp-table, …) the joules it gave and how many of them were
-- measured. Added to as attempt_energy is (each write adds the figures since the last), per worker
-- rather than per hour: a job's footprint names its sources, reports roll up by hour from attempt_energy.
CREATE TABLE attempt_energy_source (
    job_uid         TEXT             NOT NULL,
    epoch           INTEGER          NOT NULL,
    worker_rank     INTEGER          NOT NULL,
    source          TEXT             NOT NULL,
    joules          DOUBLE PRECISION NOT NULL,
    measured_joules DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_uid, epoch, worker_rank, source)
);
