package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.execution.ProcessRef;
import dev.lepton.core.execution.Usage;
import dev.lepton.node.limits.AttemptLimits;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker the executor watches. Exit handlers, stop timers and samplers touch it from different
 * threads, so its few changing facts are atomics: the usage seen so far, and one-shot flags that
 * make reporting and stopping happen once.
 */
final class RunningAttempt {
    private final ProcessRef process;
    private final long pgid;
    private final AttemptDirectory dir;
    private final AttemptLimits limits;
    private final long memoryLimit;
    private final AtomicBoolean killedForMemory = new AtomicBoolean();
    private final AtomicReference<Usage> usage = new AtomicReference<>(Usage.NONE);
    private final AtomicBoolean reported = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Future<?> exitPoller;

    RunningAttempt(ProcessRef process, long pgid, AttemptDirectory dir, AttemptLimits limits, long memoryLimit) {
        this.process = requireNonNull(process, "process is null");
        this.pgid = pgid;
        this.dir = requireNonNull(dir, "dir is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.memoryLimit = memoryLimit;
    }

    AttemptId attempt() {
        return process.attempt();
    }

    ProcessRef process() {
        return process;
    }

    /** A local worker always has one: {@link ProcessRef#local} made its reference. */
    long pid() {
        return process.pid().orElseThrow();
    }

    long pgid() {
        return pgid;
    }

    AttemptDirectory dir() {
        return dir;
    }

    AttemptLimits limits() {
        return limits;
    }

    /** Bytes of resident memory the worker may use; 0 when unlimited. */
    long memoryLimit() {
        return memoryLimit;
    }

    /** True exactly once: for the watch that kills the worker for its memory. */
    boolean markKilledForMemory() {
        return killedForMemory.compareAndSet(false, true);
    }

    boolean killedForMemory() {
        return killedForMemory.get();
    }

    /** CPU seconds as last sampled (monotone) and the highest resident memory seen. */
    Usage usage() {
        return usage.get();
    }

    void record(Usage sample) {
        usage.accumulateAndGet(sample, Usage::max);
    }

    /** True exactly once: for the caller that gets to report the exit. */
    boolean markReported() {
        return reported.compareAndSet(false, true);
    }

    /** True exactly once: for the caller that gets to stop the worker. */
    boolean markStopping() {
        return stopping.compareAndSet(false, true);
    }

    void pollExitWith(Future<?> poller) {
        exitPoller = poller;
    }

    void stopPolling() {
        Future<?> poller = exitPoller;
        if (poller != null) {
            poller.cancel(false);
        }
    }
}
