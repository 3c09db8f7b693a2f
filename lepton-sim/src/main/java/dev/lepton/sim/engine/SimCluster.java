package dev.lepton.sim.engine;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.Assignment;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import dev.lepton.sim.ClusterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated nodes and what is handed out on each. Node states are kept between events and only
 * the nodes an event touches are rebuilt, so a snapshot costs one list copy.
 */
final class SimCluster {
    private final Node[] nodes;
    private final NodeState[] states;
    private final Map<String, Integer> index = new HashMap<>();
    /** The cluster file's node group of each node, by node index. */
    private final int[] groupOf;
    private final int totalGpus;
    private boolean changed = true;
    private ClusterSnapshot snapshot;

    SimCluster(ClusterSpec spec) {
        List<Node> built = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        int group = 0;
        for (ClusterSpec.NodeGroup g : spec.groups()) {
            for (int i = 0; i < g.count(); i++) {
                built.add(node(String.format("g%d-n%04d", group, i), g));
                groups.add(group);
            }
            group++;
        }
        nodes = built.toArray(Node[]::new);
        groupOf = groups.stream().mapToInt(Integer::intValue).toArray();
        states = new NodeState[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            states[i] = NodeState.idle(nodes[i]);
            index.put(nodes[i].name(), i);
        }
        totalGpus = spec.totalGpus();
    }

    private static Node node(String name, ClusterSpec.NodeGroup g) {
        List<GpuDevice> gpus = new ArrayList<>(g.gpus());
        for (int i = 0; i < g.gpus(); i++) {
            gpus.add(new GpuDevice(i, "GPU-" + name + "-" + i, g.gpuModel(), 0, 0, g.accelerator()));
        }
        return new Node(name, new Resources(g.cpuMillis(), g.memoryBytes(), Accelerators.of(g.accelerator(), g.gpus())), gpus, Map.of(),
                NodeCondition.READY);
    }

    int totalGpus() {
        return totalGpus;
    }

    /** GPUs these assignments hold in each node group, indexed by group. */
    int[] gpusByGroup(List<Assignment> assignments, int groups) {
        int[] gpus = new int[groups];
        for (Assignment a : assignments) {
            gpus[groupOf[index.get(a.node())]] += a.gpuIndices().size();
        }
        return gpus;
    }

    ClusterSnapshot snapshot() {
        if (changed) {
            snapshot = new ClusterSnapshot(Arrays.asList(states));
            changed = false;
        }
        return snapshot;
    }

    void take(List<Assignment> assignments, Resources perWorker) {
        for (Assignment a : assignments) {
            change(a, perWorker, true);
        }
    }

    void release(List<Assignment> assignments, Resources perWorker) {
        for (Assignment a : assignments) {
            change(a, perWorker, false);
        }
    }

    private void change(Assignment a, Resources perWorker, boolean take) {
        int i = index.get(a.node());
        NodeState s = states[i];
        Set<Integer> inUse = new TreeSet<>(s.gpusInUse());
        Resources allocated;
        if (take) {
            inUse.addAll(a.gpuIndices());
            allocated = s.allocated().plus(held(a, perWorker));
        } else {
            a.gpuIndices().forEach(inUse::remove);
            allocated = s.allocated().minus(held(a, perWorker));
        }
        states[i] = new NodeState(s.node(), allocated, inUse);
        changed = true;
    }

    /** CPU and memory of one worker, and the devices of its worker's accelerator the assignment pins. */
    private static Resources held(Assignment a, Resources perWorker) {
        return new Resources(perWorker.cpuMillis(), perWorker.memoryBytes(), perWorker.accelerators().withCount(a.gpuIndices().size()));
    }

    /** Could the job ever run here, were every node idle? Only nodes with devices of {@code accelerator} count for its GPUs. */
    boolean everFits(String accelerator, int gpusPerWorker, int workers, boolean reshapeable, long cpu, long memory) {
        int total = gpusPerWorker * workers;
        if (!reshapeable || total == 0) {
            return slots(new Resources(cpu, memory, Accelerators.of(accelerator, gpusPerWorker))) >= workers;
        }
        for (int w = 1; w <= total; w++) {
            if (total % w == 0
                    && slots(new Resources(divUp(cpu * workers, w), divUp(memory * workers, w), Accelerators.of(accelerator, total / w))) >= w) {
                return true;
            }
        }
        return false;
    }

    /** How many of {@code each} the idle nodes hold together, name by name; a node counts once for a request of nothing. */
    private long slots(Resources each) {
        long slots = 0;
        for (Node n : nodes) {
            long s = each.timesIn(n.allocatable());
            slots += s == Long.MAX_VALUE ? 1 : s;
        }
        return slots;
    }

    private static long divUp(long a, long b) {
        return (a + b - 1) / b;
    }
}
