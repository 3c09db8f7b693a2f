package dev.lepton.core.job;

/**
 * Whether a job may preempt lower-priority work to start, and whether higher-priority work may
 * preempt it (it then goes back to its queue, keeping its place, after SIGTERM and a grace period).
 */
public record Preemption(boolean canPreempt, boolean canBePreempted) {
    public static final Preemption DEFAULT = new Preemption(true, true);
}
