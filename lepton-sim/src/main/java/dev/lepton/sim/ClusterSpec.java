package dev.lepton.sim;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.PowerRange;
import dev.lepton.core.resource.Accelerators;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/** A simulated cluster: groups of identical nodes (a heterogeneous cluster is several groups). */
public record ClusterSpec(List<NodeGroup> groups) {
    public ClusterSpec {
        groups = List.copyOf(groups);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node group");
        }
    }

    /**
     * {@code count} nodes, each with {@code gpus} devices of the accelerator resource {@code accelerator}
     * ({@code nvidia.com/gpu}, {@code amd.com/gpu}, …) and of {@code gpuModel}, CPU in millicores and memory in
     * bytes; optionally the power of one of its GPUs (idle..max watts; else the known-hardware table decides) and
     * the price of one node per hour.
     */
    public record NodeGroup(int count, int gpus, String accelerator, String gpuModel, long cpuMillis, long memoryBytes,
                            Optional<PowerRange> gpuPower, OptionalDouble pricePerHour) {
        public NodeGroup {
            requireNonNull(accelerator, "accelerator is null");
            if (!Accelerators.isValidName(accelerator)) {
                throw new IllegalArgumentException("accelerator: '" + accelerator + "' " + Accelerators.NAME_RULE);
            }
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

        /** A group of NVIDIA GPUs ({@value Accelerators#NVIDIA_GPU}). */
        public NodeGroup(int count, int gpus, String gpuModel, long cpuMillis, long memoryBytes, Optional<PowerRange> gpuPower,
                         OptionalDouble pricePerHour) {
            this(count, gpus, Accelerators.NVIDIA_GPU, gpuModel, cpuMillis, memoryBytes, gpuPower, pricePerHour);
        }

        /** A group of NVIDIA GPUs with no power figures or price of its own. */
        public NodeGroup(int count, int gpus, String gpuModel, long cpuMillis, long memoryBytes) {
            this(count, gpus, gpuModel, cpuMillis, memoryBytes, Optional.empty(), OptionalDouble.empty());
        }
    }

    /** Devices of every accelerator name together. */
    public int totalGpus() {
        return groups.stream().mapToInt(g -> g.count() * g.gpus()).sum();
    }

    /** Devices of each accelerator name the groups have devices of, by name, in name order. */
    public Map<String, Integer> gpusByAccelerator() {
        Map<String, Integer> by = new TreeMap<>();
        for (NodeGroup g : groups) {
            if (g.gpus() > 0) {
                by.merge(g.accelerator(), g.count() * g.gpus(), Integer::sum);
            }
        }
        return by;
    }

    /**
     * Does any group name an accelerator other than NVIDIA's GPU? Only then do the results name the resource,
     * so that a cluster of NVIDIA GPUs gives the results it always gave.
     */
    public boolean namesAccelerators() {
        return groups.stream().anyMatch(g -> !g.accelerator().equals(Accelerators.NVIDIA_GPU));
    }
}
