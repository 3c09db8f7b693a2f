package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import java.time.Instant;
import java.util.Optional;

/**
 * One worker of one attempt as the usage ledger keeps it: whose it was, where it ran, what it
 * asked for, when it ran ({@code endedAt} empty while it runs) and what it used so far.
 */
public record AttemptUsage(AttemptId attempt, String project, String jobName, String owner, String queue, String node,
                           int gpus, long cpuMillis, long memoryBytes, Instant startedAt, Optional<Instant> endedAt,
                           double cpuSeconds, long peakMemoryBytes) {
    public AttemptUsage {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(project, "project is null");
        requireNonNull(jobName, "jobName is null");
        requireNonNull(owner, "owner is null");
        requireNonNull(queue, "queue is null");
        requireNonNull(node, "node is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(endedAt, "endedAt is null");
    }
}
