package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * A running worker as its executor knows it: {@code handle} is the executor's own reference, opaque to
 * everyone else and shown to people ({@code pid 4242}, a Slurm job and task, a pod); {@code pid} is the
 * process id where the worker is a process on this machine; {@code startedAt} is when it started.
 */
public record ProcessRef(AttemptId attempt, String handle, Optional<Long> pid, Instant startedAt) {
    public ProcessRef {
        requireNonNull(attempt, "attempt is null");
        if (requireNonNull(handle, "handle is null").isBlank()) {
            throw new IllegalArgumentException("handle is blank");
        }
        requireNonNull(pid, "pid is null");
        requireNonNull(startedAt, "startedAt is null");
    }

    /** A process on this machine: its pid and start time, which together survive pid reuse. */
    public static ProcessRef local(AttemptId attempt, long pid, Instant startedAt) {
        return new ProcessRef(attempt, localHandle(pid), Optional.of(pid), startedAt);
    }

    /** How a local process is named to people: {@code pid 4242}. */
    public static String localHandle(long pid) {
        return "pid " + pid;
    }
}
