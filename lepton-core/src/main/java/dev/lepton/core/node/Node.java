package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A machine that runs workloads. {@code allocatable} is what the scheduler may hand out; its accelerators
 * (GPUs of any vendor, TPUs, …) are listed device by device in {@code gpus}, each with its resource name, so
 * that workers can be pinned to indices. {@code region} names the grid
 * its power comes from (for carbon intensity); {@code pricePerHour} is what it costs to run; {@code condition}
 * whether it takes new work, keeps only what it runs, or is down.
 */
public record Node(String name, Resources allocatable, List<GpuDevice> gpus, Map<String, String> labels, Set<Taint> taints,
                   Tier tier, String region, double pricePerHour, NodeCondition condition) {
    public static final String DEFAULT_REGION = "local";
    /** The most accelerator devices a node may list: the scheduler keeps a node's devices in use as a 64-bit mask of their indices. */
    public static final int MAX_DEVICES = 64;

    public Node {
        requireNonNull(name, "name is null");
        requireNonNull(allocatable, "allocatable is null");
        gpus = List.copyOf(gpus);
        labels = Map.copyOf(labels);
        taints = Set.copyOf(taints);
        requireNonNull(tier, "tier is null");
        requireNonNull(region, "region is null");
        // A node stored before conditions were kept reads as ready; its source says its condition again as it registers.
        condition = condition == null ? NodeCondition.READY : condition;
        if (pricePerHour < 0) {
            throw new IllegalArgumentException("node " + name + ": price per hour must not be negative, got " + pricePerHour);
        }
        if (allocatable.gpus() != gpus.size()) {
            throw new IllegalArgumentException("node " + name + " lists " + gpus.size() + " GPUs but offers " + allocatable.gpus());
        }
        for (int i = 0; i < allocatable.accelerators().size(); i++) {
            String resource = allocatable.accelerators().name(i);
            long listed = gpus.stream().filter(d -> d.resource().equals(resource)).count();
            if (listed != allocatable.accelerators().count(i)) {
                throw new IllegalArgumentException("node " + name + " lists " + listed + " devices of " + resource + " but offers "
                        + allocatable.accelerators().count(i));
            }
        }
    }

    /** A data-centre node in the default region, without taints or price. */
    public Node(String name, Resources allocatable, List<GpuDevice> gpus, Map<String, String> labels, NodeCondition condition) {
        this(name, allocatable, gpus, labels, Set.of(), Tier.DATACENTER, DEFAULT_REGION, 0, condition);
    }

    /** Whether it takes new work. */
    public boolean healthy() {
        return condition == NodeCondition.READY;
    }

    /** Whether what runs on it still runs: false once it is down. */
    public boolean alive() {
        return condition != NodeCondition.DOWN;
    }

    /** The same node in another condition. */
    public Node withCondition(NodeCondition now) {
        return new Node(name, allocatable, gpus, labels, taints, tier, region, pricePerHour, now);
    }

    /** The model of its GPUs, when it has any (nodes are homogeneous in practice; the first device speaks for them). */
    public java.util.Optional<String> gpuModel() {
        return gpus.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(gpus.getFirst().model());
    }
}
