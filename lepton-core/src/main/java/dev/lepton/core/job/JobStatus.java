package dev.lepton.core.job;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is happening to a job. {@code epoch} numbers its attempts (0 before the first launch);
 * a report that names an older epoch is stale and refused. {@code notBefore} holds a retry back.
 * {@code stopping} is set while the workers of the current attempt are being stopped, and says why.
 * {@code attainedGpuSeconds} counts the GPU-seconds its ended attempts ran, and
 * {@code lastAttemptEnded} says when the latest of them ended: least-attained-service policies rank
 * by the one and measure a requeued job's wait from the other. {@code waitCause} says, as a type,
 * why the scheduler last left the queued job waiting; any move to another phase clears it.
 */
public record JobStatus(
        JobPhase phase,
        int epoch,
        int failures,
        Optional<Instant> notBefore,
        Optional<Integer> exitCode,
        String message,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<StopReason> stopping,
        List<WorkerStatus> workers,
        double attainedGpuSeconds,
        Optional<Instant> lastAttemptEnded,
        Optional<WaitCause> waitCause) {

    public JobStatus {
        requireNonNull(phase, "phase is null");
        requireNonNull(notBefore, "notBefore is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(message, "message is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(stopping, "stopping is null");
        workers = List.copyOf(workers);
        lastAttemptEnded = lastAttemptEnded == null ? Optional.empty() : lastAttemptEnded; // stored before it existed
        waitCause = waitCause == null ? Optional.empty() : waitCause; // likewise
        if (attainedGpuSeconds < 0 || Double.isNaN(attainedGpuSeconds)) {
            throw new IllegalArgumentException("attainedGpuSeconds must be >= 0, got " + attainedGpuSeconds);
        }
    }

    public static JobStatus pending() {
        return new JobStatus(JobPhase.PENDING, 0, 0, Optional.empty(), Optional.empty(), "", Optional.empty(), Optional.empty(), Optional.empty(), List.of(), 0,
                Optional.empty(), Optional.empty());
    }
}
