package dev.lepton.server.scheduler;

import dev.lepton.core.job.Horizon;
import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobTransitions;
import dev.lepton.core.job.WorkerStatus;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.policy.Admission;
import dev.lepton.core.policy.AllocationPlan;
import dev.lepton.core.policy.Allocator;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.FreeCapacity;
import dev.lepton.core.policy.RunningJobs;
import dev.lepton.core.policy.SchedulingPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Live jobs as the shared scheduling core sees them. Ids are the job's submission number, padded,
 * so that ties in policy order fall the way the loop's queue sorts (first submitted first).
 */
final class Candidates {
    private Candidates() {}

    /**
     * The allocator's plan for this turn: the running jobs the loop keeps (as possible victims), on the free capacity it
     * keeps, and queued ones (each queue's in the loop's order; read lazily, and only up to a held line, when that is the
     * policy's order) as candidates to start. {@code waitingById} learns the job of every waiting candidate read, to apply
     * the plan.
     */
    static AllocationPlan plan(Allocator allocator, SchedulingPolicy policy, boolean inQueueOrder, FreeCapacity free, RunningJobs running,
                               Collection<? extends Collection<Job>> queues, Predicate<Job> offered, Admission admission,
                               Map<String, Job> waitingById, Instant now) {
        QueueLines waiting = new QueueLines(queues, offered, job -> {
            Candidate c = waiting(job, now);
            waitingById.put(c.id(), job);
            return c;
        });
        if (inQueueOrder) {
            return allocator.allocateInOrder(free, running, waiting, policy, admission, now);
        }
        List<Candidate> all = new ArrayList<>();
        waiting.forEach(all::add);
        return allocator.allocate(free, running, all, policy, admission, now);
    }

    /** The submission number, zero-padded to 19 digits so that ids sort as numbers (built per job per turn: no format string). */
    static String id(Job job) {
        String digits = Long.toString(job.seq());
        return "0".repeat(19 - digits.length()) + digits;
    }

    /** A queued job; it has waited since it was submitted, or since its last attempt ended. */
    static Candidate waiting(Job job, Instant now) {
        return candidate(job, List.of(), job.status().lastAttemptEnded().orElse(job.createdAt()), timeLimitLeft(job, now));
    }

    /** A job whose workers hold resources; its attained service grows from its attempt's start. */
    static Candidate running(Job job, Instant now) {
        List<Assignment> assignments = job.status().workers().stream().filter(w -> !w.state().isFinished())
                .map(Candidates::assignment).toList();
        Instant since = JobTransitions.attemptStart(job).orElse(now);
        return candidate(job, assignments, since, timeLimitLeft(job, since));
    }

    /**
     * How long the job may still run, as of {@code at}: its maxDuration counts from its first start,
     * so it ends by then at the latest. EASY backfilling's expected end, as Slurm's reads {@code --time};
     * unknown for a job without a limit.
     */
    static Optional<Duration> timeLimitLeft(Job job, Instant at) {
        return job.spec().maxDuration().map(limit -> {
            Duration left = job.status().startedAt().map(first -> Duration.between(at, Horizon.plus(first, limit))).orElse(limit);
            return left.isNegative() ? Duration.ZERO : left;
        });
    }

    private static Candidate candidate(Job job, List<Assignment> assignments, Instant since, Optional<Duration> remaining) {
        var spec = job.spec();
        return new Candidate(id(job), spec.queue(), spec.priority(), job.createdAt(), spec.resources(), spec.workers(), false,
                assignments.size() == spec.workers() ? assignments : List.of(), since, job.status().attainedGpuSeconds(), remaining,
                spec.preemption().canPreempt(), spec.preemption().canBePreempted(), spec.constraints());
    }

    private static Assignment assignment(WorkerStatus worker) {
        return new Assignment(worker.rank(), worker.node(), worker.gpuIndices());
    }
}
