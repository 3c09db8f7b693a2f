package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A running worker process: pid plus its start time, which together survive pid reuse. */
public record ProcessRef(AttemptId attempt, long pid, Instant startedAt) {
    public ProcessRef {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(startedAt, "startedAt is null");
    }
}
