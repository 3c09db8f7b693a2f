package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.Constraints;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One job as policies see it. A candidate with assignments is running; without, it waits.
 * Attained service and remaining time are recorded as of {@code since}, the moment the job entered
 * its current state, so that a running candidate stays valid while time passes ({@link #attainedAt}).
 *
 * @param reshapeable the gang may be re-cut into more, smaller workers of the same total when it does
 *     not fit as asked (a trace job that only says "8 GPUs"); the fewest workers are always tried first
 * @param attainedGpuSeconds GPU-seconds received before {@code since} (least-attained-service policies)
 * @param remaining true remaining run time as of {@code since}, when known (simulator, estimates)
 * @param constraints where it may run; placement honours them
 */
public record Candidate(String id, String queue, int priority, Instant submitted, Resources perWorker, int workers,
                        boolean reshapeable, List<Assignment> assignments, Instant since, double attainedGpuSeconds,
                        Optional<Duration> remaining, boolean canPreempt, boolean canBePreempted, Constraints constraints) {
    public Candidate {
        requireNonNull(id, "id is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(submitted, "submitted is null");
        requireNonNull(perWorker, "perWorker is null");
        assignments = List.copyOf(assignments);
        requireNonNull(since, "since is null");
        requireNonNull(remaining, "remaining is null");
        requireNonNull(constraints, "constraints is null");
        if (workers < 1) {
            throw new IllegalArgumentException("candidate " + id + ": workers must be >= 1, got " + workers);
        }
        if (!assignments.isEmpty() && assignments.size() != workers && !reshapeable) {
            throw new IllegalArgumentException("candidate " + id + ": " + assignments.size() + " assignments for " + workers + " workers");
        }
        if (attainedGpuSeconds < 0 || Double.isNaN(attainedGpuSeconds)) {
            throw new IllegalArgumentException("candidate " + id + ": attainedGpuSeconds must be >= 0, got " + attainedGpuSeconds);
        }
    }

    /** A waiting job with default queue and priority, preemptible both ways; refine with the {@code with…} methods. */
    public static Candidate waiting(String id, Resources perWorker, int workers, Instant submitted) {
        return new Candidate(id, "default", 0, submitted, perWorker, workers, false, List.of(), submitted, 0,
                Optional.empty(), true, true, Constraints.NONE);
    }

    public boolean running() {
        return !assignments.isEmpty();
    }

    /** GPUs of the whole gang. */
    public int gpus() {
        return perWorker.gpus() * workers;
    }

    /** GPU-seconds received up to {@code now}: what least-attained-service policies rank by. */
    public double attainedAt(Instant now) {
        return running() ? attainedGpuSeconds + secondsSince(now) * gpus() : attainedGpuSeconds;
    }

    /** Work done in the current run, which a preemption without a checkpoint would lose. */
    public double atRiskAt(Instant now) {
        return running() ? secondsSince(now) * gpus() : 0;
    }

    /** Remaining run time at {@code now}, when known. */
    public Optional<Duration> remainingAt(Instant now) {
        if (remaining.isEmpty() || !running()) {
            return remaining;
        }
        Duration left = remaining.get().minus(Duration.between(since, now));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** Remaining seconds at {@code now}, or +∞ when unknown (so unknown jobs sort last by shortest-first policies). */
    public double remainingSecondsAt(Instant now) {
        if (remaining.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double left = remaining.get().toMillis() / 1000.0 - (running() ? secondsSince(now) : 0);
        return Math.max(0, left);
    }

    /** Seconds in the current state (waiting or running) at {@code now}. */
    public double secondsSince(Instant now) {
        // Seconds and nanos apart rather than toEpochMilli(): this runs inside every comparison of a sort.
        return Math.max(0, (now.getEpochSecond() - since.getEpochSecond()) + (now.getNano() - since.getNano()) / 1e9);
    }

    public Candidate withQueue(String value) {
        return new Candidate(id, value, priority, submitted, perWorker, workers, reshapeable, assignments, since, attainedGpuSeconds,
                remaining, canPreempt, canBePreempted, constraints);
    }

    public Candidate withPriority(int value) {
        return new Candidate(id, queue, value, submitted, perWorker, workers, reshapeable, assignments, since, attainedGpuSeconds,
                remaining, canPreempt, canBePreempted, constraints);
    }

    public Candidate withRemaining(Duration value) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, reshapeable, assignments, since, attainedGpuSeconds,
                Optional.of(value), canPreempt, canBePreempted, constraints);
    }

    public Candidate withAttained(double gpuSeconds) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, reshapeable, assignments, since, gpuSeconds,
                remaining, canPreempt, canBePreempted, constraints);
    }

    public Candidate withPreemption(boolean mayPreemptOthers, boolean mayBePreempted) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, reshapeable, assignments, since, attainedGpuSeconds,
                remaining, mayPreemptOthers, mayBePreempted, constraints);
    }

    /** Where it may run (labels, taints, tier, region, GPU model). */
    public Candidate withConstraints(Constraints value) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, reshapeable, assignments, since, attainedGpuSeconds,
                remaining, canPreempt, canBePreempted, value);
    }

    public Candidate withReshapeable(boolean value) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, value, assignments, since, attainedGpuSeconds,
                remaining, canPreempt, canBePreempted, constraints);
    }

    /** Running on these assignments since {@code start}. */
    public Candidate runningOn(List<Assignment> on, Instant start) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, reshapeable, on, start, attainedGpuSeconds,
                remaining, canPreempt, canBePreempted, constraints);
    }

    /** Waiting again since {@code at} (after a preemption); progress is kept. */
    public Candidate waitingSince(Instant at) {
        return new Candidate(id, queue, priority, submitted, perWorker, workers, reshapeable, List.of(), at, attainedGpuSeconds,
                remaining, canPreempt, canBePreempted, constraints);
    }
}
