package dev.lepton.bench.jmh;

import dev.lepton.core.placement.Constraints;
import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.policy.Candidate;
import dev.lepton.core.policy.RunningJobs;
import dev.lepton.core.policy.SchedulingPolicy;
import dev.lepton.core.resource.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * A cluster of identical 8-GPU nodes and the running jobs that fill it, generated from a seed: each
 * node gets a random number of busy GPUs (uniform over 0..8, so half the GPUs are busy on average,
 * with whole idle and whole busy nodes as a bin-packing scheduler leaves them), cut into jobs of 8, 4,
 * 2 and 1 GPUs; a busy fraction of 1 fills every GPU. Jobs ask for 8 cores and 64 GiB per GPU, have run
 * up to two days, and carry a priority and attained service drawn at random.
 *
 * @param snapshot what the caller hands the allocator
 * @param running one candidate per running job, consistent with the snapshot
 */
record SyntheticCluster(ClusterSnapshot snapshot, List<Candidate> running, Instant now) {
    static final int GPUS_PER_NODE = 8;
    static final long CORES_PER_GPU_MILLIS = 8_000;
    static final long MEMORY_PER_GPU = 64L << 30;
    static final Resources NODE = new Resources(96_000, 1L << 40, GPUS_PER_NODE);
    static final Instant NOW = Instant.parse("2025-06-01T00:00:00Z");

    /** Resources of one worker with {@code gpus} GPUs. */
    static Resources worker(int gpus) {
        return new Resources(gpus * CORES_PER_GPU_MILLIS, gpus * MEMORY_PER_GPU, gpus);
    }

    /**
     * @param full every GPU busy (for preemption); otherwise busy GPUs per node uniform over 0..8
     * @param priorities running jobs' priorities are drawn uniformly from 0 to {@code priorities - 1}
     */
    static SyntheticCluster generate(int nodeCount, boolean full, int priorities, RandomGenerator random) {
        List<NodeState> states = new ArrayList<>(nodeCount);
        List<Candidate> running = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            String name = "node-" + n;
            List<GpuDevice> gpus = new ArrayList<>(GPUS_PER_NODE);
            for (int g = 0; g < GPUS_PER_NODE; g++) {
                gpus.add(new GpuDevice(g, "GPU-" + name + "-" + g, "H100", 80L << 30, 700));
            }
            Node node = new Node(name, NODE, gpus, Map.of("pool", "train"), NodeCondition.READY);
            int busy = full ? GPUS_PER_NODE : random.nextInt(GPUS_PER_NODE + 1);
            Set<Integer> inUse = new TreeSet<>();
            int next = 0;
            while (next < busy) {
                int size = jobSize(busy - next, random);
                List<Integer> indices = new ArrayList<>(size);
                for (int g = next; g < next + size; g++) {
                    indices.add(g);
                    inUse.add(g);
                }
                next += size;
                running.add(runningJob("run-" + n + "-" + indices.getFirst(), size, new Assignment(0, name, indices), priorities, random));
            }
            states.add(new NodeState(node, worker(busy), inUse));
        }
        return new SyntheticCluster(new ClusterSnapshot(states), List.copyOf(running), NOW);
    }

    /** The largest power of two that fits, or half of it one time in three, so that small jobs mix in. */
    private static int jobSize(int room, RandomGenerator random) {
        int size = Integer.highestOneBit(room);
        return size > 1 && random.nextInt(3) == 0 ? size / 2 : size;
    }

    private static Candidate runningJob(String id, int gpus, Assignment on, int priorities, RandomGenerator random) {
        Instant started = NOW.minusSeconds(60 + random.nextInt(2 * 86_400));
        Instant submitted = started.minusSeconds(random.nextInt(3_600));
        // Attained before this run: up to 40 GPU-hours, so that LAS sees jobs on both sides of its 16 GPU-hour split.
        double attainedBefore = random.nextDouble() * 40 * 3_600;
        return new Candidate(id, "default", random.nextInt(priorities), submitted, worker(gpus), 1, false, List.of(on), started,
                attainedBefore, java.util.Optional.of(Duration.ofHours(1 + random.nextInt(48))), true, true, Constraints.NONE);
    }

    /** A waiting job of {@code workers} workers of {@code gpusPerWorker}, submitted a minute ago. */
    Candidate waiting(String id, int gpusPerWorker, int workers, int priority) {
        return Candidate.waiting(id, worker(gpusPerWorker), workers, now.minusSeconds(60)).withPriority(priority);
    }

    /** What {@code Allocator.allocate} takes: every running job and then the waiting ones. */
    List<Candidate> with(List<Candidate> waiting) {
        List<Candidate> all = new ArrayList<>(running.size() + waiting.size());
        all.addAll(running);
        all.addAll(waiting);
        return all;
    }

    /** The running jobs as a caller keeps them for the allocator under {@code policy}. */
    RunningJobs keptRunning(SchedulingPolicy policy) {
        RunningJobs kept = new RunningJobs(policy);
        running.forEach(r -> kept.add(r, now));
        return kept;
    }

    long busyGpus() {
        return snapshot.nodes().stream().mapToLong(s -> s.gpusInUse().size()).sum();
    }
}
