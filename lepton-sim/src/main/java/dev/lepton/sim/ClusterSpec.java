package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.PowerRange;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/** A simulated cluster: groups of identical nodes (a heterogeneous cluster is several groups). */
public record ClusterSpec(List<NodeGroup> groups) {
    public ClusterSpec {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node group");
        }
    }

    /**
     * {@code count} nodes, each with {@code gpus} GPUs of {@code gpuModel}, CPU in millicores and memory in bytes;
     * optionally the power of one of its GPUs (idle..max watts; else the known-hardware table decides) and the
     * price of one node per hour.
     */
    public record NodeGroup(int count, int gpus, String gpuModel, long cpuMillis, long memoryBytes, Optional<PowerRange> gpuPower,
                            OptionalDouble pricePerHour) {
        public NodeGroup {
            requireNonNull(gpuModel, "gpuModel is null");
            requireNonNull(gpuPower, "gpuPower is null");
            requireNonNull(pricePerHour, "pricePerHour is null");
            if (count < 1 || gpus < 0 || cpuMillis < 0 || memoryBytes < 0) {
                throw new IllegalArgumentException("node group needs count >= 1 and non-negative resources");
            }
            if (pricePerHour.isPresent() && !(pricePerHour.getAsDouble() >= 0 && Double.isFinite(pricePerHour.getAsDouble()))) {
                throw new IllegalArgumentException("pricePerHour must be a finite number >= 0, got " + pricePerHour.getAsDouble());
            }
        }

        /** A group with no power figures or price of its own. */
        public NodeGroup(int count, int gpus, String gpuModel, long cpuMillis, long memoryBytes) {
            this(count, gpus, gpuModel, cpuMillis, memoryBytes, Optional.empty(), OptionalDouble.empty());
        }
    }

    public int totalGpus() {
        return groups.stream().mapToInt(g -> g.count() * g.gpus()).sum();
    }
}
