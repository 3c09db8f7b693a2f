package dev.lepton.core.policy;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is free on each node, indexed by number of free GPUs, so that "could this gang fit now?" and
 * "which nodes should placement look at?" cost a handful of steps instead of a pass over every node.
 * "GPUs" here are accelerator devices of every name, counted alike ({@link Resources#gpus()}): the index
 * narrows the search, and each node it yields is checked name by name. Counts alone decide only where every
 * node's accelerators are of one name ({@link #kind}) and the request asks for that name alone.
 * A caller that decides often on a large cluster builds it once ({@link #of}) and keeps it current
 * ({@link #started}, {@link #stopped}) rather than handing the allocator a new snapshot each time;
 * a plan changes it as it takes and frees room, and puts it back as it was when done.
 */
public final class FreeCapacity {
    private final Node[] nodes;
    /** The snapshot's sets of GPUs in use, read into {@link #gpusInUse} only for nodes a plan touches. */
    private final NodeState[] states;
    private final boolean[] maskRead;
    private final int[] freeGpus;
    private final long[] freeCpu;
    private final long[] freeMemory;
    private final long[] gpusInUse;
    private final boolean[] healthy;
    private final BitSet[] byFreeGpus;
    private final int[] capacityCount;
    private final int[] bucketSize;
    private final int maxGpus;
    /**
     * The one accelerator resource of every node that has accelerators (most clusters: {@code nvidia.com/gpu});
     * null when nodes hold several. Then free GPUs counted alike are free GPUs of the name a request asks for.
     */
    private final String kind;
    /** For a node of several accelerator names (rare), the mask of each name's devices, in its allocatable's name order; read on first need. */
    private long[][] devicesByName;
    /**
     * Do healthy nodes carry GPUs of more than one model? Then a gang of GPU workers may use one
     * model's nodes only (placement's rule). Found on the first gang's question: most calls never ask.
     */
    private Boolean mixedModels;
    /** Up to this many nodes are searched one by one rather than through a map of all names. */
    private static final int FEW = 16;
    private int totalFree;
    private Map<String, Integer> indexByName;
    /** The nodes of the last {@link #snapshotOf} while they are few: placement names one of them, a lookup without the full map. */
    private int[] lastListed = new int[0];
    /** Changes made since {@link #mark}, to undo: node, GPU mask, free CPU and memory before each. */
    private final Journal journal = new Journal();
    private boolean journaling;

    private FreeCapacity(List<NodeState> states) {
        int n = states.size();
        nodes = new Node[n];
        this.states = new NodeState[n];
        maskRead = new boolean[n];
        freeGpus = new int[n];
        freeCpu = new long[n];
        freeMemory = new long[n];
        gpusInUse = new long[n];
        healthy = new boolean[n];
        int max = 0;
        String one = null;
        boolean several = false;
        for (NodeState state : states) {
            Resources cap = state.node().allocatable();
            max = Math.max(max, cap.gpus());
            if (!cap.accelerators().isEmpty()) {
                String name = cap.accelerators().soleName();
                several |= name == null || one != null && !one.equals(name);
                one = one == null ? name : one;
            }
        }
        maxGpus = max;
        kind = several ? null : one;
        byFreeGpus = new BitSet[max + 1];
        capacityCount = new int[max + 1];
        bucketSize = new int[max + 1];
        for (int f = 0; f <= max; f++) {
            byFreeGpus[f] = new BitSet(n);
        }
        for (int i = 0; i < n; i++) {
            load(i, states.get(i));
        }
    }

    boolean mixedModels() {
        if (mixedModels == null) {
            mixedModels = findMixedModels();
        }
        return mixedModels;
    }

    private boolean findMixedModels() {
        String first = null;
        for (int i = 0; i < nodes.length; i++) {
            Optional<String> model = nodes[i].gpuModel();
            if (model.isPresent()) {
                if (first == null) {
                    first = model.get();
                } else if (!first.equals(model.get())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The free capacity of a snapshot; a plan reads each node's GPUs in use only when it touches the node. */
    public static FreeCapacity of(ClusterSnapshot snapshot) {
        return new FreeCapacity(snapshot.nodes());
    }

    /** The candidate now holds these assignments (a plan's start, once the caller has applied it). */
    public void started(Candidate candidate, List<Assignment> assignments) {
        Resources each = Shape.perAssignment(candidate, assignments.size());
        for (Assignment a : assignments) {
            take(a, each);
        }
    }

    /** The running candidate has given its room back (it ended, or was preempted and has stopped). */
    public void stopped(Candidate running) {
        Resources each = Shape.perAssignment(running, running.assignments().size());
        for (Assignment a : running.assignments()) {
            release(a, each);
        }
    }

    /**
     * The node's allocations changed between plans (workers started or ended): it is read again from {@code state}, as
     * {@link #of} read it, for a caller that keeps this across plans and knows which nodes changed. A node joining,
     * leaving or changing itself takes a new instance.
     */
    public void update(NodeState state) {
        if (journaling) {
            throw new IllegalStateException("a plan is under way");
        }
        Integer i = indexOf(state.node().name());
        if (i == null || nodes[i] != state.node()) {
            throw new IllegalArgumentException("node " + state.node().name() + " is not this capacity's: build it again");
        }
        if (healthy[i]) {
            byFreeGpus[freeGpus[i]].clear(i);
            bucketSize[freeGpus[i]]--;
            totalFree -= freeGpus[i];
        }
        capacityCount[nodes[i].allocatable().gpus()]--;
        maskRead[i] = false;
        load(i, state);
    }

    /** From now on, changes are recorded so that {@link #rollback} can undo them. */
    int mark() {
        journaling = true;
        return journal.size;
    }

    /** Undoes every change since {@code mark}, newest first. */
    void rollback(int mark) {
        while (journal.size > mark) {
            int j = --journal.size;
            restore(journal.node[j], journal.mask[j], journal.cpu[j], journal.memory[j]);
        }
        journaling = mark > 0;
    }

    private void load(int i, NodeState state) {
        Node node = state.node();
        nodes[i] = node;
        states[i] = state;
        Resources cap = node.allocatable();
        // The count is enough to index the node; which GPUs are busy is read when the plan touches it.
        freeGpus[i] = Math.max(0, cap.gpus() - state.gpusInUse().size());
        freeCpu[i] = Math.max(0, cap.cpuMillis() - state.allocated().cpuMillis());
        freeMemory[i] = Math.max(0, cap.memoryBytes() - state.allocated().memoryBytes());
        healthy[i] = node.healthy();
        // What could ever run counts every node (health may come back); what is free now, the healthy ones.
        capacityCount[cap.gpus()]++;
        if (healthy[i]) {
            byFreeGpus[freeGpus[i]].set(i);
            bucketSize[freeGpus[i]]++;
            totalFree += freeGpus[i];
        }
    }

    public int totalFreeGpus() {
        return totalFree;
    }

    /** Free CPU, memory and accelerators by name over the healthy nodes, as one pool (EASY's reservation counts so); a pass over the nodes. */
    Resources totalFree() {
        long cpu = 0;
        long memory = 0;
        Accelerators accelerators = kind != null ? Accelerators.of(kind, totalFree) : Accelerators.NONE;
        for (int i = 0; i < nodes.length; i++) {
            if (healthy[i]) {
                cpu += freeCpu[i];
                memory += freeMemory[i];
                if (kind == null && freeGpus[i] > 0) {
                    accelerators = accelerators.plus(nodes[i].allocatable().accelerators().atLeastZeroMinus(inUseByName(i, mask(i))));
                }
            }
        }
        return new Resources(cpu, memory, accelerators);
    }

    int size() {
        return nodes.length;
    }

    /** The most GPUs free on any one healthy node now. */
    int roomiestFreeGpus() {
        for (int f = maxGpus; f > 0; f--) {
            if (bucketSize[f] > 0) {
                return f;
            }
        }
        return 0;
    }

    /** GPUs free now on the named node (0 for a node not in the cluster or unhealthy). */
    int freeGpusOn(String node) {
        Integer i = indexOf(node);
        return i == null || !healthy[i] ? 0 : freeGpus[i];
    }

    /** The most GPUs any node has in all, healthy or not. */
    int largestNodeGpus() {
        for (int g = maxGpus; g > 0; g--) {
            if (capacityCount[g] > 0) {
                return g;
            }
        }
        return 0;
    }

    /** Could {@code workers} workers of {@code perWorker} fit were every node idle and healthy? A gang of GPU workers on one GPU model. */
    boolean everHolds(Resources perWorker, int workers) {
        if (workers > 1 && perWorker.gpus() > 0 && mixedModels()) {
            Map<String, Long> slotsByModel = new HashMap<>();
            for (int i = 0; i < nodes.length; i++) {
                if (nodes[i].gpuModel().isPresent()) {
                    slotsByModel.merge(nodes[i].gpuModel().get(), slots(nodes[i].allocatable(), perWorker), Long::sum);
                }
            }
            return slotsByModel.values().stream().anyMatch(slots -> slots >= workers);
        }
        long slots = 0;
        if (perWorker.gpus() > 0 && perWorker.cpuMillis() == 0 && perWorker.memoryBytes() == 0 && ofTheKind(perWorker)) {
            for (int g = perWorker.gpus(); g <= maxGpus && slots < workers; g++) {
                slots += (long) capacityCount[g] * (g / perWorker.gpus());
            }
            return slots >= workers;
        }
        for (int i = 0; i < nodes.length && slots < workers; i++) {
            slots += slots(nodes[i].allocatable(), perWorker);
        }
        return slots >= workers;
    }

    /** Could they fit on what is free now? Counts per-node slots, so fragmentation is taken into account. */
    boolean couldHold(Resources perWorker, int workers) {
        int g = perWorker.gpus();
        if (g > 0 && (long) g * workers > totalFree || g > maxGpus) {
            return false;
        }
        long slots = 0;
        boolean gpuOnly = perWorker.cpuMillis() == 0 && perWorker.memoryBytes() == 0 && ofTheKind(perWorker);
        if (g > 0 && gpuOnly) {
            for (int f = maxGpus; f >= g && slots < workers; f--) {
                slots += (long) bucketSize[f] * (f / g);
            }
            return slots >= workers;
        }
        for (int f = maxGpus; f >= g && slots < workers; f--) {
            BitSet bucket = byFreeGpus[f];
            for (int i = bucket.nextSetBit(0); i >= 0 && slots < workers; i = bucket.nextSetBit(i + 1)) {
                slots += freeSlots(i, perWorker);
            }
        }
        return slots >= workers;
    }

    /**
     * The nodes placement should look at: for one worker, the few tightest fits (bin-packing); for a
     * gang, the roomiest nodes until they hold it all, so that it spans as few nodes as possible.
     */
    List<Integer> shortlist(Resources perWorker, int workers, int tightest) {
        List<Integer> picked = new ArrayList<>();
        int g = perWorker.gpus();
        long slots = 0;
        if (workers == 1) {
            for (int f = g; f <= maxGpus && picked.size() < tightest; f++) {
                BitSet bucket = byFreeGpus[f];
                for (int i = bucket.nextSetBit(0); i >= 0 && picked.size() < tightest; i = bucket.nextSetBit(i + 1)) {
                    if (freeSlots(i, perWorker) > 0) {
                        picked.add(i);
                    }
                }
            }
            return picked;
        }
        for (int f = maxGpus; f >= g && slots < workers; f--) {
            BitSet bucket = byFreeGpus[f];
            for (int i = bucket.nextSetBit(0); i >= 0 && slots < workers; i = bucket.nextSetBit(i + 1)) {
                long s = freeSlots(i, perWorker);
                if (s > 0) {
                    picked.add(i);
                    slots += s;
                }
            }
        }
        return picked;
    }

    /** The snapshot of these nodes as they stand in this plan. */
    ClusterSnapshot snapshotOf(List<Integer> indices) {
        List<NodeState> listed = new ArrayList<>(indices.size());
        for (int i : indices) {
            listed.add(stateOf(i));
        }
        if (indices.size() <= FEW) {
            lastListed = indices.stream().mapToInt(Integer::intValue).toArray();
        }
        return new ClusterSnapshot(listed);
    }

    ClusterSnapshot snapshotOfAll() {
        List<Integer> all = new ArrayList<>(nodes.length);
        for (int i = 0; i < nodes.length; i++) {
            all.add(i);
        }
        return snapshotOf(all);
    }

    /** The GPUs in use on node {@code i}, as a bit mask. */
    private long mask(int i) {
        if (!maskRead[i]) {
            long mask = 0;
            for (int gpu : states[i].gpusInUse()) {
                if (gpu < 0 || gpu >= 64) {
                    throw new IllegalArgumentException("node " + nodes[i].name() + ": GPU index " + gpu + " out of range 0..63");
                }
                mask |= 1L << gpu;
            }
            gpusInUse[i] = mask;
            maskRead[i] = true;
        }
        return gpusInUse[i];
    }

    private NodeState stateOf(int i) {
        if (!maskRead[i]) {
            return states[i]; // untouched by this plan: as the snapshot has it
        }
        Resources cap = nodes[i].allocatable();
        Set<Integer> inUse = new TreeSet<>();
        for (long m = gpusInUse[i]; m != 0; m &= m - 1) {
            inUse.add(Long.numberOfTrailingZeros(m));
        }
        Resources allocated = new Resources(cap.cpuMillis() - freeCpu[i], cap.memoryBytes() - freeMemory[i], inUseByName(i, gpusInUse[i]));
        return new NodeState(nodes[i], allocated, inUse);
    }

    void take(Assignment assignment, Resources perWorker) {
        change(assignment, perWorker, true);
    }

    void release(Assignment assignment, Resources perWorker) {
        change(assignment, perWorker, false);
    }

    private void change(Assignment assignment, Resources perWorker, boolean take) {
        Integer i = indexOf(assignment.node());
        if (i == null) {
            return; // the node left the cluster: nothing of it to count
        }
        long mask = 0;
        for (int gpu : assignment.gpuIndices()) {
            mask |= 1L << gpu;
        }
        if (journaling) {
            journal.add(i, mask(i), freeCpu[i], freeMemory[i]);
        }
        int sign = take ? -1 : 1;
        restore(i, take ? mask(i) | mask : mask(i) & ~mask, Math.max(0, freeCpu[i] + sign * perWorker.cpuMillis()),
                Math.max(0, freeMemory[i] + sign * perWorker.memoryBytes()));
    }

    private void restore(int i, long mask, long cpu, long memory) {
        int before = freeGpus[i];
        gpusInUse[i] = mask;
        freeCpu[i] = cpu;
        freeMemory[i] = memory;
        freeGpus[i] = Math.max(0, nodes[i].allocatable().gpus() - Long.bitCount(mask));
        if (healthy[i]) {
            byFreeGpus[before].clear(i);
            bucketSize[before]--;
            byFreeGpus[freeGpus[i]].set(i);
            bucketSize[freeGpus[i]]++;
            totalFree += freeGpus[i] - before;
        }
    }

    private Integer indexOf(String name) {
        for (int i : lastListed) {
            if (nodes[i].name().equals(name)) {
                return i;
            }
        }
        if (indexByName == null) {
            indexByName = new HashMap<>(nodes.length * 2);
            for (int i = 0; i < nodes.length; i++) {
                indexByName.put(nodes[i].name(), i);
            }
        }
        return indexByName.get(name);
    }

    /** How many workers of {@code perWorker} node {@code i} holds now, name by name; a request for nothing counts as one. */
    private long freeSlots(int i, Resources perWorker) {
        long slots = Long.MAX_VALUE;
        if (perWorker.cpuMillis() > 0) {
            slots = freeCpu[i] / perWorker.cpuMillis();
        }
        if (perWorker.memoryBytes() > 0) {
            slots = Math.min(slots, freeMemory[i] / perWorker.memoryBytes());
        }
        Accelerators wanted = perWorker.accelerators();
        for (int k = 0; k < wanted.size() && slots > 0; k++) {
            slots = Math.min(slots, freeOf(i, wanted.name(k)) / wanted.count(k));
        }
        return slots == Long.MAX_VALUE ? 1 : slots;
    }

    /** Is {@link #totalFreeGpus} exactly what is free of the accelerators {@code perWorker} asks for? */
    boolean countsExactly(Resources perWorker) {
        return ofTheKind(perWorker);
    }

    /** Does the request ask for accelerators of the cluster's one name only, so that counting free GPUs alike is exact? */
    private boolean ofTheKind(Resources perWorker) {
        return kind != null && kind.equals(perWorker.accelerators().soleName());
    }

    /** Free devices of one accelerator resource on node {@code i} now. */
    private int freeOf(int i, String resource) {
        Accelerators cap = nodes[i].allocatable().accelerators();
        if (cap.size() <= 1) {
            return resource.equals(cap.soleName()) ? freeGpus[i] : 0;
        }
        long[] byName = devicesOf(i);
        for (int k = 0; k < cap.size(); k++) {
            if (cap.name(k).equals(resource)) {
                return Long.bitCount(byName[k] & ~mask(i));
            }
        }
        return 0;
    }

    /** The devices of each name that {@code mask} holds on node {@code i}. */
    private Accelerators inUseByName(int i, long mask) {
        Accelerators cap = nodes[i].allocatable().accelerators();
        if (cap.size() <= 1) {
            return cap.withCount(Long.bitCount(mask));
        }
        long[] byName = devicesOf(i);
        Map<String, Integer> inUse = new HashMap<>();
        for (int k = 0; k < cap.size(); k++) {
            inUse.put(cap.name(k), Long.bitCount(byName[k] & mask));
        }
        return Accelerators.of(inUse);
    }

    /** Node {@code i}'s devices as one mask per accelerator name, for a node of several names. */
    private long[] devicesOf(int i) {
        if (devicesByName == null) {
            devicesByName = new long[nodes.length][];
        }
        if (devicesByName[i] == null) {
            Accelerators cap = nodes[i].allocatable().accelerators();
            long[] byName = new long[cap.size()];
            for (GpuDevice device : nodes[i].gpus()) {
                if (device.index() < 0 || device.index() >= 64) {
                    throw new IllegalArgumentException("node " + nodes[i].name() + ": GPU index " + device.index() + " out of range 0..63");
                }
                for (int k = 0; k < cap.size(); k++) {
                    if (cap.name(k).equals(device.resource())) {
                        byName[k] |= 1L << device.index();
                    }
                }
            }
            devicesByName[i] = byName;
        }
        return devicesByName[i];
    }

    /** A request for nothing still counts as one worker per node. */
    private static long slots(Resources available, Resources perWorker) {
        long slots = perWorker.timesIn(available);
        return slots == Long.MAX_VALUE ? 1 : slots;
    }

    /** Parallel arrays that grow: a plan changes a handful of nodes, and allocates nothing once warm. */
    private static final class Journal {
        int[] node = new int[16];
        long[] mask = new long[16];
        long[] cpu = new long[16];
        long[] memory = new long[16];
        int size;

        void add(int i, long gpus, long freeCpu, long freeMemory) {
            if (size == node.length) {
                node = java.util.Arrays.copyOf(node, size * 2);
                mask = java.util.Arrays.copyOf(mask, size * 2);
                cpu = java.util.Arrays.copyOf(cpu, size * 2);
                memory = java.util.Arrays.copyOf(memory, size * 2);
            }
            node[size] = i;
            mask[size] = gpus;
            cpu[size] = freeCpu;
            memory[size] = freeMemory;
            size++;
        }
    }
}
