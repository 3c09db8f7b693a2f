package dev.lepton.server.usage;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.Usage;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;

/**
 * The latest usage sample of every running worker, replaced whole at each sample. A job as stored
 * holds its workers' usage as of their last state change; readers see it with these figures laid
 * over it, so that a sample costs no write and no new version of the job. Every
 * {@code persistEvery} the samples also reach the usage ledger, in one transaction, so that what a
 * running worker used survives a restart; the worker's end writes its final figures.
 */
public final class LiveUsage {
    /** How often samples of running workers reach the usage ledger. */
    public static final Duration PERSIST_EVERY = Duration.ofMinutes(1);

    private final Store store;
    private final InstantSource clock;
    private final Duration persistEvery;
    private volatile Map<AttemptId, Usage> latest = Map.of();
    private Instant persisted; // the sampling thread's alone

    public LiveUsage(Store store, InstantSource clock, Duration persistEvery) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.persistEvery = requireNonNull(persistEvery, "persistEvery is null");
        this.persisted = clock.instant();
    }

    /** A new sample of every running worker; called from one sampling thread. */
    public void record(Map<AttemptId, Usage> sample) {
        latest = Map.copyOf(sample);
        Instant now = clock.instant();
        if (!now.isBefore(persisted.plus(persistEvery)) && !sample.isEmpty()) {
            Map<AttemptId, Usage> rows = latest;
            store.write(tx -> {
                rows.forEach((attempt, usage) -> tx.usage().sampled(attempt, usage, now));
                return null;
            });
            persisted = now;
        }
    }

    /** The job with each running worker's latest sample, never below what was stored for it. */
    public Job overlay(Job job) {
        Map<AttemptId, Usage> now = latest;
        Job current = job;
        for (WorkerStatus worker : job.status().workers()) {
            AttemptId attempt = new AttemptId(job.uid(), job.status().epoch(), worker.rank());
            Usage usage = worker.state().isFinished() ? null : now.get(attempt);
            if (usage != null) {
                current = JobTransitions.usage(current, attempt, usage);
            }
        }
        return current;
    }
}
