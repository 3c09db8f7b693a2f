package dev.lepton.server.scheduler;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.policy.Candidate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Live jobs as the shared scheduling core sees them. Ids are the job's submission number, padded,
 * so that ties in policy order fall the way the loop's queue sorts (first submitted first).
 */
final class Candidates {
    private Candidates() {}

    static String id(Job job) {
        return String.format("%019d", job.seq());
    }

    static Candidate waiting(Job job) {
        return candidate(job, List.of(), job.createdAt());
    }

    /** A job whose workers hold resources; its attained service counts from its start. */
    static Candidate running(Job job, Instant now) {
        List<Assignment> assignments = job.status().workers().stream().filter(w -> !w.state().isFinished())
                .map(Candidates::assignment).toList();
        Instant since = job.status().startedAt().orElse(now);
        return candidate(job, assignments, since);
    }

    private static Candidate candidate(Job job, List<Assignment> assignments, Instant since) {
        var spec = job.spec();
        return new Candidate(id(job), spec.queue(), spec.priority(), job.createdAt(), spec.resources(), spec.workers(), false,
                assignments.size() == spec.workers() ? assignments : List.of(), since, 0, Optional.<Duration>empty(),
                spec.preemption().canPreempt(), spec.preemption().canBePreempted(), spec.constraints());
    }

    private static Assignment assignment(WorkerStatus worker) {
        return new Assignment(worker.rank(), worker.node(), worker.gpuIndices());
    }
}
