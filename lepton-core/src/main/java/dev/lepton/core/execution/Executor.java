package dev.lepton.core.execution;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs worker processes. Exits are reported to the observer given to {@link #observe}, exactly
 * once per launched or recovered attempt, from any thread.
 */
public interface Executor extends AutoCloseable {
    /** Registers the one observer of worker exits. Call before launching. */
    void observe(Consumer<WorkerExit> observer);

    /** Starts a worker and returns once its process exists. Throws {@link LaunchFailedException} if it cannot. */
    ProcessRef launch(LaunchSpec spec);

    /** Asks the worker to stop (SIGTERM to its process group), then forces it (SIGKILL) after {@code grace}. */
    void stop(AttemptId attempt, Duration grace);

    /**
     * Stops the worker as planned: the warning signal first, if any, then as {@link #stop(AttemptId, Duration)}
     * after its lead. An executor that cannot signal a worker stops it after the lead without the warning.
     */
    default void stop(AttemptId attempt, StopPlan plan) {
        stop(attempt, plan.longest());
    }

    /**
     * After a restart: finds the given attempts' processes if they still run and watches them again,
     * so their exits are reported as usual. Attempts missing from the result have no live process;
     * for those, {@link #leftover} tells whether they ended with an exit code while nobody watched.
     */
    Map<AttemptId, ProcessRef> recover(Set<AttemptId> attempts);

    /**
     * Where the other workers of {@code attempt}'s gang reach it on {@code node}, for
     * {@code LEPTON_MASTER_ADDR}: a host name or address the executor knows, never assumed to be this
     * machine. By default the node's name, which a cluster's DNS resolves.
     */
    default String address(AttemptId attempt, String node) {
        return node;
    }

    /**
     * How many attempts the server launches at once through this executor. By default a few: spawning a
     * process pins its thread in native code. An executor whose launch is a call to a cluster's API, which
     * mostly waits on the network, takes more.
     */
    default int launchParallelism() {
        return 4;
    }

    /** The exit an attempt recorded while nobody watched it, if it recorded one. */
    java.util.Optional<WorkerExit> leftover(AttemptId attempt);

    @Override
    void close();
}
