package dev.lepton.kubernetes.pod;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A worker whose pod this executor watches, launched or recovered: its exit is reported once, and its
 * pod deleted once for a stop. Reserved before its pod is created, so two launches of one attempt cannot
 * both create it; its pod's events count only once it exists.
 */
final class WatchedPod {
    private final AttemptId attempt;
    private volatile ProcessRef process;
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();

    WatchedPod(AttemptId attempt) {
        this.attempt = requireNonNull(attempt, "attempt is null");
    }

    AttemptId attempt() {
        return attempt;
    }

    /** Its pod exists: from now on the pod's state is the worker's. */
    void created(ProcessRef ref) {
        process = requireNonNull(ref, "ref is null");
    }

    boolean isCreated() {
        return process != null;
    }

    ProcessRef process() {
        return process;
    }

    /** True the first time only: the exit is reported once. */
    boolean markReported() {
        return reported.compareAndSet(false, true);
    }

    /** True the first time only: one deletion per stop. */
    boolean markStopping() {
        return stopping.compareAndSet(false, true);
    }
}
