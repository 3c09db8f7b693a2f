package dev.lepton.sim.pollux;

import java.util.List;
import java.util.Map;

/**
 * A scheduling policy of the round model: at each round boundary it is shown the active jobs (arrived,
 * not completed, in workload order, each with its current allocation) and returns the allocations for
 * the next round. A job it leaves out holds no GPUs. Implementations may keep state between rounds.
 */
interface RoundPolicy {
    Map<PolluxJob, Allocation> allocate(double now, List<PolluxJob> active, NodeLayout cluster);

    /** Fails before the run starts if a job can never be scheduled on {@code cluster}, which would never end. */
    default void checkFeasible(List<PolluxJob> jobs, NodeLayout cluster) {
        for (PolluxJob job : jobs) {
            if (job.spec().replicas() > cluster.totalGpus()) {
                throw new IllegalArgumentException("job " + job.spec().name() + " needs " + job.spec().replicas()
                        + " GPUs but the cluster has " + cluster.totalGpus());
            }
        }
    }
}
