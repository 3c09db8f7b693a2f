package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a worker process ended. {@code exitCode} follows the shell convention: 128+N when the
 * worker died of signal N and the executor could record it; empty when no status could be
 * recorded (force-killed, or gone while nobody watched). {@code reason} says why the executor
 * ended it, when it did, in Kubernetes' words ({@value #OOM_KILLED}: over its memory limit).
 */
public record WorkerExit(AttemptId attempt, Optional<Integer> exitCode, Usage usage, Optional<String> reason) {
    /** The worker was killed for using more memory than its limit (by the kernel or by the executor's watch). */
    public static final String OOM_KILLED = "OOMKilled";

    public WorkerExit {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(reason, "reason is null");
    }

    /** An exit the executor had no part in. */
    public WorkerExit(AttemptId attempt, Optional<Integer> exitCode, Usage usage) {
        this(attempt, exitCode, usage, Optional.empty());
    }

    public boolean oomKilled() {
        return reason.filter(OOM_KILLED::equals).isPresent();
    }
}
