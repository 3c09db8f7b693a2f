package dev.lepton.core.job;

/**
 * Why the scheduler last left a queued (or deferred) job waiting, as a type rather than a sentence:
 * explanations and tools branch on this, never on the wording of the message beside it.
 */
public enum WaitCause {
    /** Nothing holds it back but its turn: it waits in its queue for the scheduler's next look. */
    QUEUED,
    /** A job it runs after has not ended as it asks yet. */
    DEPENDENCIES,
    /** Its array already runs as many tasks as its parallelism allows. */
    ARRAY_SLOT,
    /** Its user or its project already runs as many jobs at once as the server allows. */
    JOB_LIMIT,
    /** It fits the cluster, but not what is free now (an unhealthy node counts as not free). */
    RESOURCES,
    /** Starting it now would delay the backfill reservation of the job ahead. */
    RESERVATION,
    /** Its queue's quota, with what the queue may borrow, does not cover it now. */
    QUOTA,
    /** It preempted others for its room and starts once they have stopped. */
    PREEMPTING,
    /** It fits only on room that preempted work is still giving back. */
    ROOM_STOPPING,
    /** Its last attempt failed; it waits out its retry back-off. */
    RETRY_BACKOFF,
    /** No node could ever hold it, even idle and healthy: it waits until the nodes change. */
    INFEASIBLE,
    /** Its schedule gives it slack and the carbon forecast is lower later: it holds, {@link JobPhase#DEFERRED}, until then. */
    DEFERRED;

    /** As the API and the CLI show it: {@code quota}, {@code room-stopping}, … */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
