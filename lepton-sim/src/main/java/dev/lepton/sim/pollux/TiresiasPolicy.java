package dev.lepton.sim.pollux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The artifact's Tiresias (+TunedJobs), §4.1: two FIFO queues split at 16 GPU-hours of attained
 * service (executed wall time × GPUs), no promotion back, skip-ahead admission over both queues, new
 * jobs placed greedily on the nodes with the most free GPUs, running jobs never moved.
 */
final class TiresiasPolicy implements RoundPolicy {
    static final double DEMOTION_GPU_SECONDS = 16 * 3600;

    private enum Status { RUNNING, PENDING }

    /** Per job: running or not after the last round, wall seconds run, when {@code executed} was last brought up to date. */
    private static final class State {
        Status status = Status.PENDING;
        double executed;
        double lastCheck;
        boolean demoted;

        State(double now) {
            lastCheck = now;
        }
    }

    private final Map<PolluxJob, State> states = new LinkedHashMap<>();
    private final List<PolluxJob> high = new ArrayList<>();
    private final List<PolluxJob> low = new ArrayList<>();

    @Override
    public Map<PolluxJob, Allocation> allocate(double now, List<PolluxJob> active, NodeLayout cluster) {
        track(now, active);
        account(now);
        List<PolluxJob> admitted = admit(cluster.totalGpus());
        return place(admitted, cluster);
    }

    /** Step 1: forget finished jobs, append new ones to the high queue in workload order. */
    private void track(double now, List<PolluxJob> active) {
        Set<PolluxJob> current = new HashSet<>(active);
        states.keySet().retainAll(current);
        high.retainAll(current);
        low.retainAll(current);
        for (PolluxJob job : active) {
            if (!states.containsKey(job)) {
                states.put(job, new State(now));
                high.add(job);
            }
        }
    }

    /** Steps 2–3: charge running jobs for the round and demote those past the threshold to the low queue's tail. */
    private void account(double now) {
        for (Map.Entry<PolluxJob, State> e : states.entrySet()) {
            State s = e.getValue();
            if (s.status == Status.RUNNING) {
                s.executed += now - s.lastCheck;
                if (!s.demoted && s.executed * e.getKey().spec().replicas() >= DEMOTION_GPU_SECONDS) {
                    s.demoted = true;
                    high.remove(e.getKey());
                    low.add(e.getKey());
                }
            }
            s.lastCheck = now;
        }
    }

    /** Step 4: walk high then low in queue order, running every job that still fits (skip-ahead). */
    private List<PolluxJob> admit(int gpus) {
        int free = gpus;
        List<PolluxJob> admitted = new ArrayList<>();
        for (List<PolluxJob> queue : List.of(high, low)) {
            for (PolluxJob job : queue) {
                int want = job.spec().replicas();
                boolean fits = want <= free;
                states.get(job).status = fits ? Status.RUNNING : Status.PENDING;
                if (fits) {
                    free -= want;
                    admitted.add(job);
                }
            }
        }
        return admitted;
    }

    /** Step 5: admitted jobs keep their GPUs; the others are placed in queue order on the most-free nodes. */
    private static Map<PolluxJob, Allocation> place(List<PolluxJob> admitted, NodeLayout cluster) {
        Map<PolluxJob, Allocation> next = new HashMap<>();
        for (PolluxJob job : admitted) {
            if (!job.allocation().isEmpty()) {
                next.put(job, job.allocation());
            }
        }
        int[] free = cluster.freeAfter(next);
        for (PolluxJob job : admitted) {
            if (job.allocation().isEmpty()) {
                next.put(job, NodeLayout.mostFreeFirst(free, job.spec().replicas()));
            }
        }
        return next;
    }
}
