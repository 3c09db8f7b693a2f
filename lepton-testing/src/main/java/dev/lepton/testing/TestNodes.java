package dev.lepton.testing;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCondition;
import dev.lepton.core.placement.ClusterSnapshot;
import dev.lepton.core.placement.NodeState;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Quantities;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nodes and cluster snapshots for tests:
 * <pre>{@code
 * Node n1 = TestNodes.node("n1").cpus(8).memory("32GiB").gpus(4, "H100").unhealthy().build();
 * Node amd = TestNodes.node("amd").accelerators("amd.com/gpu", 8, "MI300X").build();
 * ClusterSnapshot cluster = TestNodes.snapshot(n1, TestNodes.node("n2").build());
 * }</pre>
 * Devices are indexed from 0, NVIDIA GPUs first, then other accelerators in the order given, with uuids
 * {@code GPU-<node>-<index>}.
 */
public final class TestNodes {
    private TestNodes() {}

    /** A healthy node with 8 CPUs, 32GiB and no GPU. */
    public static Builder node(String name) {
        return new Builder(name);
    }

    /** A snapshot in which every node is idle. */
    public static ClusterSnapshot snapshot(Node... nodes) {
        return new ClusterSnapshot(Arrays.stream(nodes).map(NodeState::idle).toList());
    }

    /** A snapshot of nodes with allocations already made (see {@link #busy}). */
    public static ClusterSnapshot snapshotOf(NodeState... nodes) {
        return new ClusterSnapshot(List.of(nodes));
    }

    /** The node with {@code allocated} handed out and these GPU indices in use. */
    public static NodeState busy(Node node, Resources allocated, Integer... gpusInUse) {
        List<Integer> gpus = List.of(gpusInUse);
        if (allocated.gpus() != gpus.size()) {
            throw new IllegalArgumentException("allocated " + allocated.gpus() + " GPUs but lists " + gpus.size() + " in use");
        }
        return new NodeState(node, allocated, Set.copyOf(gpus));
    }

    /** Fluent builder of a {@link Node}; every setter returns the builder. */
    public static final class Builder {
        private final String name;
        private long cpuMillis = 8_000;
        private long memoryBytes = 32L << 30;
        private int gpuCount;
        private String gpuModel = "H100";
        private final Map<String, Integer> otherCounts = new LinkedHashMap<>();
        private final Map<String, String> otherModels = new LinkedHashMap<>();
        private long gpuMemoryBytes = 80L << 30;
        private double gpuPowerLimitWatts = 700;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private NodeCondition condition = NodeCondition.READY;

        private Builder(String name) {
            this.name = requireNonNull(name, "name is null");
        }

        /** Whole cores. */
        public Builder cpus(int cores) { cpuMillis = cores * 1_000L; return this; }
        /** As users write it: {@code 2}, {@code 0.5}, {@code 500m}. */
        public Builder cpu(String value) { cpuMillis = Quantities.parseCpu(value); return this; }
        public Builder memory(String value) { memoryBytes = Quantities.parseBytes(value); return this; }
        public Builder gpus(int count, String model) { gpuCount = count; gpuModel = requireNonNull(model, "model is null"); return this; }
        /** {@code count} devices of another accelerator resource ({@code amd.com/gpu}, {@code google.com/tpu}), of this model. */
        public Builder accelerators(String resource, int count, String model) {
            otherCounts.put(requireNonNull(resource, "resource is null"), count);
            otherModels.put(resource, requireNonNull(model, "model is null"));
            return this;
        }
        public Builder gpuMemory(String value) { gpuMemoryBytes = Quantities.parseBytes(value); return this; }
        public Builder gpuPowerLimitWatts(double value) { gpuPowerLimitWatts = value; return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        /** Takes no new work, as a cordoned node; what runs there goes on. */
        public Builder unhealthy() { condition = NodeCondition.UNSCHEDULABLE; return this; }
        /** Runs nothing any more, as a node that went NotReady. */
        public Builder down() { condition = NodeCondition.DOWN; return this; }

        public Node build() {
            List<GpuDevice> devices = new ArrayList<>(gpuCount);
            for (int i = 0; i < gpuCount; i++) {
                devices.add(new GpuDevice(i, "GPU-" + name + "-" + i, gpuModel, gpuMemoryBytes, gpuPowerLimitWatts));
            }
            otherCounts.forEach((resource, count) -> {
                for (int i = 0; i < count; i++) {
                    int index = devices.size();
                    devices.add(new GpuDevice(index, "GPU-" + name + "-" + index, otherModels.get(resource), gpuMemoryBytes,
                            gpuPowerLimitWatts, resource));
                }
            });
            Accelerators accelerators = Accelerators.nvidiaGpus(gpuCount).plus(Accelerators.of(otherCounts));
            return new Node(name, new Resources(cpuMillis, memoryBytes, accelerators), devices, labels, condition);
        }
    }
}
