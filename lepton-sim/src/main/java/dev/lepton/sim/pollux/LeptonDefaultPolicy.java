package dev.lepton.sim.pollux;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lepton's default policy in the round model: discretised least-attained-service (2D-LAS) like
 * Tiresias — levels by attained GPU-seconds, FIFO by arrival inside a level, skip-ahead admission
 * (a job that does not fit never blocks, and nothing is preempted for it), running jobs never moved —
 * with three differences: levels on a ×4 ladder (4 and 16 GPU-hours) instead of Tiresias' single
 * 16 GPU-hour split, a level that follows the GPU-seconds actually held (restarts included), and
 * single-node jobs placed best-fit (the fullest node with room) so whole nodes stay free for gangs.
 */
final class LeptonDefaultPolicy implements RoundPolicy {
    /** Level boundaries in attained GPU-seconds. */
    static final List<Double> LEVELS = List.of(4 * 3600.0, 16 * 3600.0);

    private final List<Double> levels;

    LeptonDefaultPolicy() {
        this(LEVELS);
    }

    LeptonDefaultPolicy(List<Double> levels) {
        this.levels = List.copyOf(levels);
        for (int i = 1; i < this.levels.size(); i++) {
            if (this.levels.get(i) <= this.levels.get(i - 1)) {
                throw new IllegalArgumentException("levels must increase, got " + levels);
            }
        }
    }

    @Override
    public Map<PolluxJob, Allocation> allocate(double now, List<PolluxJob> active, NodeLayout cluster) {
        List<PolluxJob> order = new ArrayList<>(active);
        order.sort(Comparator.comparingInt(this::level));
        int free = cluster.totalGpus();
        List<PolluxJob> admitted = new ArrayList<>();
        for (PolluxJob job : order) {
            if (job.spec().replicas() <= free) {
                free -= job.spec().replicas();
                admitted.add(job);
            }
        }
        Map<PolluxJob, Allocation> next = new HashMap<>();
        for (PolluxJob job : admitted) {
            if (!job.allocation().isEmpty()) {
                next.put(job, job.allocation());
            }
        }
        int[] freePerNode = cluster.freeAfter(next);
        for (PolluxJob job : admitted) {
            if (job.allocation().isEmpty()) {
                next.put(job, bestFit(freePerNode, job.spec().replicas()));
            }
        }
        return next;
    }

    int level(PolluxJob job) {
        int level = 0;
        while (level < levels.size() && job.attainedGpuSeconds() >= levels.get(level)) {
            level++;
        }
        return level;
    }

    /** The fullest node with room for all {@code gpus} (lowest index on ties); when none has, the most-free-first split. */
    static Allocation bestFit(int[] free, int gpus) {
        int best = -1;
        for (int n = 0; n < free.length; n++) {
            if (free[n] >= gpus && (best < 0 || free[n] < free[best])) {
                best = n;
            }
        }
        if (best < 0) {
            return NodeLayout.mostFreeFirst(free, gpus);
        }
        free[best] -= gpus;
        return new Allocation(Collections.nCopies(gpus, best));
    }
}
