package dev.lepton.core.job;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jobs for the core's own tests: {@code Jobs.training().workers(2).maxRetries(1).build()} is an
 * admitted ({@code Queued}) job. A trimmed twin of lepton-testing's {@code TestJobs}, which the
 * core cannot use: lepton-testing depends on lepton-core, and Maven refuses the cycle.
 */
final class Jobs {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private Jobs() {}

    static Builder training() {
        return new Builder();
    }

    /** Every worker on {@code node}, worker r pinned to GPUs r*g .. r*g+g-1. */
    static Job schedule(Job job, String node) {
        int gpus = job.spec().resources().gpus();
        List<Assignment> assignments = new ArrayList<>();
        for (int rank = 0; rank < job.spec().workers(); rank++) {
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < gpus; i++) {
                indices.add(rank * gpus + i);
            }
            assignments.add(new Assignment(rank, node, indices));
        }
        return JobTransitions.schedule(job, assignments);
    }

    /** Scheduled on {@code node}, and every worker started at {@code now}. */
    static Job run(Job job, Instant now) {
        Job current = schedule(job, "n1");
        for (int rank = 0; rank < job.spec().workers(); rank++) {
            current = JobTransitions.workerStarted(current, ProcessRef.local(attempt(current, rank), 100 + rank, now), now);
        }
        return current;
    }

    static AttemptId attempt(Job job, int rank) {
        return new AttemptId(job.uid(), job.status().epoch(), rank);
    }

    static final class Builder {
        private String name = "train";
        private int workers = 1;
        private int gpus;
        private int maxRetries;
        private Duration backoff = Duration.ofSeconds(10);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Optional<Duration> maxDuration = Optional.empty();

        Builder name(String value) { name = value; return this; }
        Builder workers(int value) { workers = value; return this; }
        Builder gpus(int value) { gpus = value; return this; }
        Builder maxRetries(int value) { maxRetries = value; return this; }
        Builder backoff(Duration value) { backoff = value; return this; }
        Builder maxBackoff(Duration value) { maxBackoff = value; return this; }
        Builder maxDuration(Duration value) { maxDuration = Optional.of(value); return this; }

        Job pending() {
            JobSpec spec = new JobSpec(List.of("python", "train.py"), Map.of(), new Resources(1_000, 1L << 30, gpus), Constraints.NONE, workers,
                    "default", 0, Preemption.DEFAULT, new RetryPolicy(maxRetries, backoff, maxBackoff), maxDuration, Map.of());
            return new Job("ml", name, "uid-" + name, "alice", 1, T0, 1, spec, JobStatus.pending());
        }

        Job build() {
            return JobTransitions.admit(pending());
        }
    }
}
