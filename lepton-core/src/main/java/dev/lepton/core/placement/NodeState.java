package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A node and what is already handed out on it, at the moment of the snapshot. */
public record NodeState(Node node, Resources allocated, Set<Integer> gpusInUse) {
    public NodeState {
        requireNonNull(node, "node is null");
        requireNonNull(allocated, "allocated is null");
        gpusInUse = Set.copyOf(gpusInUse);
    }

    public static NodeState idle(Node node) {
        return new NodeState(node, Resources.NONE, Set.of());
    }

    public String name() {
        return node.name();
    }

    public Resources free() {
        Resources cap = node.allocatable();
        return new Resources(
                Math.max(0, cap.cpuMillis() - allocated.cpuMillis()),
                Math.max(0, cap.memoryBytes() - allocated.memoryBytes()),
                Math.max(0, cap.gpus() - gpusInUse.size()));
    }

    /** The lowest-indexed free GPUs, {@code count} of them. */
    public List<Integer> pickGpus(int count) {
        List<Integer> picked = new ArrayList<>(count);
        for (GpuDevice gpu : node.gpus()) {
            if (picked.size() == count) {
                break;
            }
            if (!gpusInUse.contains(gpu.index())) {
                picked.add(gpu.index());
            }
        }
        return picked;
    }

    public NodeState take(Resources request, List<Integer> gpus) {
        Set<Integer> inUse = new TreeSet<>(gpusInUse);
        inUse.addAll(gpus);
        return new NodeState(node, allocated.plus(request), inUse);
    }
}
