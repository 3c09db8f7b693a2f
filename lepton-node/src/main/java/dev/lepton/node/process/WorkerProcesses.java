package dev.lepton.node.process;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which attempt a process of this host works for: the {@value LocalProcessExecutor#ATTEMPT_ID_VARIABLE}
 * that the local executor puts in every worker's environment at launch, and that the worker's
 * descendants inherit, read from {@code /proc/PID/environ} as recovery reads it. A process works for
 * none when its environment has no valid attempt id or cannot be read (gone, or another user's while
 * the server is not root).
 */
public final class WorkerProcesses {
    private static final Logger log = LoggerFactory.getLogger(WorkerProcesses.class);

    private final ProcFs proc;

    WorkerProcesses(ProcFs proc) {
        this.proc = requireNonNull(proc, "proc is null");
    }

    /** This host's {@code /proc}. */
    public static WorkerProcesses local() {
        return new WorkerProcesses(ProcFs.local());
    }

    /** The attempt whose worker {@code pid} is or descends from, at the cost of one read of its environment. */
    public Optional<AttemptId> attemptOf(long pid) {
        return proc.environment(pid, LocalProcessExecutor.ATTEMPT_ID_VARIABLE).flatMap(value -> parse(pid, value));
    }

    private static Optional<AttemptId> parse(long pid, String value) {
        try {
            return Optional.of(AttemptId.parse(value));
        } catch (IllegalArgumentException e) {
            log.atDebug().setMessage("a process sets the attempt variable to no attempt id; it works for none").addKeyValue("pid", pid)
                    .addKeyValue("value", value).log();
            return Optional.empty();
        }
    }
}
