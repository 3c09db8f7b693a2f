package dev.lepton.core.execution;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a worker process ended. {@code exitCode} follows the shell convention: 128+N when the
 * worker died of signal N and the executor could record it; empty when no status could be
 * recorded (force-killed, or gone while nobody watched). {@code reason} says why the executor
 * ended it, when it did, in Kubernetes' words ({@value #OOM_KILLED}: over its memory limit;
 * {@code ErrImagePull}: its image could not be pulled), and {@code message} says more, in the
 * executor's or the runtime's words.
 *
 * <p>Without an exit code, a reason means the executor failed the worker (it could not start it, or
 * evicted it): a failure of the job's. Neither means the worker was lost (its node or its pod went away).
 */
public record WorkerExit(AttemptId attempt, Optional<Integer> exitCode, Usage usage, Optional<String> reason, Optional<String> message) {
    /** The worker was killed for using more memory than its limit (by the kernel or by the executor's watch). */
    public static final String OOM_KILLED = "OOMKilled";

    public WorkerExit {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(exitCode, "exitCode is null");
        requireNonNull(usage, "usage is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(message, "message is null");
    }

    /** An exit the executor ended for {@code reason}, or had no part in, with nothing more to say. */
    public WorkerExit(AttemptId attempt, Optional<Integer> exitCode, Usage usage, Optional<String> reason) {
        this(attempt, exitCode, usage, reason, Optional.empty());
    }

    /** An exit the executor had no part in. */
    public WorkerExit(AttemptId attempt, Optional<Integer> exitCode, Usage usage) {
        this(attempt, exitCode, usage, Optional.empty());
    }

    public boolean oomKilled() {
        return reason.filter(OOM_KILLED::equals).isPresent();
    }

    /** Gone without an exit status and without a reason: its node or its pod went away. */
    public boolean lost() {
        return exitCode.isEmpty() && reason.isEmpty();
    }
}
