package dev.lepton.core.job;

/**
 * Where a job is in its life; {@link JobLifecycle} says which moves are legal. {@code DEFERRED}: a job
 * with slack ({@code spec.schedule}) holds, out of its queue, until the low-carbon start chosen for it.
 */
public enum JobPhase {
    PENDING,
    QUEUED,
    DEFERRED,
    SCHEDULED,
    RUNNING,
    PREEMPTED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The name users see: {@code Queued}, {@code Running}, … */
    public String displayName() {
        return name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
