package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a worker process ended. {@code exitCode} follows the shell convention: 128+N when the
 * worker died of signal N and the executor could record it; empty when no status could be
 * recorded (force-killed, or gone while nobody watched).
 */
public record WorkerExit(AttemptId attempt, Optional<Integer> exitCode, Usage usage) {
    public WorkerExit {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(usage, "usage is null");
    }
}
