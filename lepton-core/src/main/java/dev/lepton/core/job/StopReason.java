package dev.lepton.core.job;

/** Why Lepton is stopping a job's workers; it decides the phase the job ends in. */
public enum StopReason {
    /** A user cancelled: ends {@code Cancelled}. */
    CANCELLED,
    /** It ran past {@code maxDuration}: ends {@code Failed}, without retry. */
    TIMED_OUT,
    /** One worker failed, so the rest of its gang is stopped: retried or {@code Failed}. */
    GANG_FAILED,
    /** Higher-priority work needs the room: back to {@code Queued}, keeping its place; not a failure. */
    PREEMPTED
}
