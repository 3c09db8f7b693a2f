package dev.lepton.sim.pollux;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The artifact's loop (§1): every round, advance all jobs by the round's length under their current
 * allocations, move the clock, ask the policy for the active jobs' next allocations and apply the
 * changed ones. Runs until every job has completed.
 */
final class RoundSimulator {
    static final double ROUND_SECONDS = 60;
    /** A guard against a policy that never finishes the workload: this long past the last arrival is a bug. */
    private static final double HORIZON_SECONDS = 365 * 24 * 3600.0;

    private final NodeLayout cluster;
    private final RoundPolicy policy;
    private final double roundSeconds;

    RoundSimulator(NodeLayout cluster, RoundPolicy policy, double roundSeconds) {
        this.cluster = requireNonNull(cluster, "cluster is null");
        this.policy = requireNonNull(policy, "policy is null");
        if (!(roundSeconds > 0)) {
            throw new IllegalArgumentException("roundSeconds must be > 0, got " + roundSeconds);
        }
        this.roundSeconds = roundSeconds;
    }

    /** Runs {@code jobs} (in workload order) to completion; returns the simulated time it took. */
    double run(List<PolluxJob> jobs) {
        policy.checkFeasible(jobs, cluster);
        double lastArrival = jobs.stream().mapToDouble(j -> j.spec().arrival()).max().orElse(0);
        double now = 0;
        int remaining = jobs.size();
        while (remaining > 0) {
            for (PolluxJob job : jobs) {
                job.advance(now, roundSeconds);
            }
            now += roundSeconds;
            List<PolluxJob> active = new ArrayList<>();
            remaining = 0;
            for (PolluxJob job : jobs) {
                if (!job.completed()) {
                    remaining++;
                    if (job.arrivedBy(now)) {
                        active.add(job);
                    }
                }
            }
            if (!active.isEmpty()) {
                apply(now, jobs, policy.allocate(now, List.copyOf(active), cluster));
            }
            if (now > lastArrival + HORIZON_SECONDS) {
                throw new IllegalStateException("simulation passed " + now + " s with " + remaining + " jobs unfinished; policy "
                        + policy.getClass().getSimpleName() + " starves them");
            }
        }
        return now;
    }

    private static void apply(double now, List<PolluxJob> jobs, Map<PolluxJob, Allocation> next) {
        for (PolluxJob job : jobs) {
            Allocation allocation = next.getOrDefault(job, Allocation.NONE);
            if (!allocation.equals(job.allocation())) {
                job.reallocate(allocation, now);
            }
        }
    }
}
