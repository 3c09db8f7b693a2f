package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** A simulated cluster: groups of identical nodes (a heterogeneous cluster is several groups). */
public record ClusterSpec(List<NodeGroup> groups) {
    public ClusterSpec {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node group");
        }
    }

    /** {@code count} nodes, each with {@code gpus} GPUs of {@code gpuModel}, CPU in millicores and memory in bytes. */
    public record NodeGroup(int count, int gpus, String gpuModel, long cpuMillis, long memoryBytes) {
        public NodeGroup {
            requireNonNull(gpuModel, "gpuModel is null");
            if (count < 1 || gpus < 0 || cpuMillis < 0 || memoryBytes < 0) {
                throw new IllegalArgumentException("node group needs count >= 1 and non-negative resources");
            }
        }
    }

    public int totalGpus() {
        return groups.stream().mapToInt(g -> g.count() * g.gpus()).sum();
    }
}
