package dev.lepton.server.scheduler;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.job.Job;
import dev.lepton.core.job.JobPhase;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.RunningJobs;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.quota.Quota;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;

/**
 * What the jobs that hold resources add up to, kept as they change rather than counted again each turn: what each queue
 * uses (its quota's ledger), the running jobs as the allocator's victims ({@link RunningJobs}, in the policy's victim
 * order) and, through the {@link Cluster}, what each node's workers hold. With ten thousand jobs running on five thousand
 * nodes, counting it all again took a turn tens of milliseconds.
 */
final class Holdings {
    private final Cluster cluster;
    private final SchedulingPolicy policy;
    private final InstantSource clock;
    private final Map<String, Quota> usage = new HashMap<>();
    private RunningJobs running;
    /** The running jobs by their candidate's id: whom a plan's preemption names. */
    private final Map<String, Job> runningById = new HashMap<>();

    Holdings(Cluster cluster, SchedulingPolicy policy, InstantSource clock) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.running = new RunningJobs(policy);
    }

    /** {@code before}: the job as it held resources until now (null if none); {@code after}: as it holds them now (null if none). */
    void changed(Job before, Job after) {
        if (before != null) {
            usage.computeIfPresent(before.spec().queue(), (queue, used) -> {
                Quota left = used.minus(Quota.of(before.spec().totalResources()));
                return left.amounts().values().stream().allMatch(amount -> amount == 0) ? null : left;
            });
            if (runningById.remove(Candidates.id(before)) != null) {
                running.remove(Candidates.id(before));
            }
        }
        if (after != null) {
            usage.merge(after.spec().queue(), Quota.of(after.spec().totalResources()), Quota::plus);
            Instant now = clock.instant();
            Candidate c = isCandidate(after) ? Candidates.running(after, now) : null;
            if (c != null && c.running()) {
                running.add(c, now);
                runningById.put(c.id(), after);
            }
        }
        cluster.held(before, after);
    }

    /**
     * A running job a plan may preempt: running, and not being stopped already. A gang some of whose workers have ended
     * is not one (a candidate holds all its workers' room or none).
     */
    private static boolean isCandidate(Job job) {
        return job.phase() == JobPhase.RUNNING && job.status().stopping().isEmpty();
    }

    /** What each queue's jobs hold now. */
    Map<String, Quota> usage() {
        return usage;
    }

    RunningJobs running() {
        return running;
    }

    /** The running job behind a candidate id, or null. */
    Job runningJob(String candidateId) {
        return runningById.get(candidateId);
    }

    void clear() {
        usage.clear();
        runningById.clear();
        running = new RunningJobs(policy);
        cluster.clear();
    }
}
