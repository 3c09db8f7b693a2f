package dev.lepton.core.job;

/** Where a job is in its life; {@link JobLifecycle} says which moves are legal. */
public enum JobPhase {
    PENDING,
    QUEUED,
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
