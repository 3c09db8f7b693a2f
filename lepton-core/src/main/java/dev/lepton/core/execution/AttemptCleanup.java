package dev.lepton.core.execution;

import java.util.Set;

/**
 * Optional executor capability: what attempts leave behind on their node (working directories,
 * logs) is removed when their job is deleted or has outlived its retention, and a log that grows
 * too large is cut down to its tail.
 */
public interface AttemptCleanup {
    /**
     * Removes everything every attempt of the job left; nothing when it left nothing. Only for a job
     * whose workers have all ended: a worker still running keeps its job's files.
     */
    void remove(String jobUid);

    /** The jobs whose attempts have left something here, to find those left by jobs that no longer exist. */
    Set<String> jobUids();

    /**
     * Cuts each running worker's log longer than {@code maxBytes} down to its last part, headed by a
     * line that says how much was dropped. Readers see the log get shorter: {@link LogAccess#logSize}.
     */
    void capLogs(long maxBytes);
}
