package dev.lepton.core.job;

import static dev.lepton.core.job.JobPhase.CANCELLED;
import static dev.lepton.core.job.JobPhase.DEFERRED;
import static dev.lepton.core.job.JobPhase.FAILED;
import static dev.lepton.core.job.JobPhase.PENDING;
import static dev.lepton.core.job.JobPhase.PREEMPTED;
import static dev.lepton.core.job.JobPhase.QUEUED;
import static dev.lepton.core.job.JobPhase.RUNNING;
import static dev.lepton.core.job.JobPhase.SCHEDULED;
import static dev.lepton.core.job.JobPhase.SUCCEEDED;

import dev.lepton.core.failure.ErrorCode;
import dev.lepton.core.failure.LeptonException;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The job state machine as one table: every legal move, and nothing else. */
public final class JobLifecycle {
    private static final Map<JobPhase, Set<JobPhase>> TRANSITIONS = new EnumMap<>(Map.of(
            PENDING, EnumSet.of(QUEUED, CANCELLED),
            // FAILED: a job it depends on ended in a way that can never satisfy it (Slurm's DependencyNeverSatisfied)
            // DEFERRED: on submission, its schedule chose a later, lower-carbon start
            QUEUED, EnumSet.of(SCHEDULED, CANCELLED, FAILED, DEFERRED),
            // QUEUED: its chosen start has come
            DEFERRED, EnumSet.of(QUEUED, CANCELLED),
            // QUEUED/FAILED: the launch failed (retry, or out of retries). SUCCEEDED: every worker ran
            // and ended while the server was down, between their launch and the record of their start.
            SCHEDULED, EnumSet.of(RUNNING, QUEUED, SUCCEEDED, FAILED, CANCELLED),
            // QUEUED again: an attempt failed or was lost and the retry policy allows another
            RUNNING, EnumSet.of(SUCCEEDED, FAILED, CANCELLED, QUEUED, PREEMPTED),
            PREEMPTED, EnumSet.of(QUEUED, CANCELLED),
            SUCCEEDED, EnumSet.noneOf(JobPhase.class),
            FAILED, EnumSet.noneOf(JobPhase.class),
            CANCELLED, EnumSet.noneOf(JobPhase.class)));

    private JobLifecycle() {}

    public static boolean allows(JobPhase from, JobPhase to) {
        return TRANSITIONS.get(from).contains(to);
    }

    public static Set<JobPhase> successors(JobPhase from) {
        return Set.copyOf(TRANSITIONS.get(from));
    }

    /** Checks a move; an illegal one is an error, never silently ignored. */
    public static JobPhase move(String job, JobPhase from, JobPhase to) {
        if (!allows(from, to)) {
            throw new LeptonException(ErrorCode.ILLEGAL_TRANSITION,
                    "job " + job + " cannot go from " + from.displayName() + " to " + to.displayName());
        }
        return to;
    }
}
