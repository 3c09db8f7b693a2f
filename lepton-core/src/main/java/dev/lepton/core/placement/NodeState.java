package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.node.Node;
import dev.lepton.core.resource.Accelerators;
import dev.lepton.core.resource.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** What is free: CPU and memory by what is allocated, accelerators by the devices not in use, name by name. */
    public Resources free() {
        Resources cap = node.allocatable();
        return new Resources(
                Math.max(0, cap.cpuMillis() - allocated.cpuMillis()),
                Math.max(0, cap.memoryBytes() - allocated.memoryBytes()),
                freeAccelerators());
    }

    /**
     * Does {@code request} fit in what is free ({@link #free}), name by name? Without building what is free,
     * for a node of one accelerator name: the placement filters ask it of every node for every worker.
     */
    public boolean fits(Resources request) {
        Resources cap = node.allocatable();
        if (request.cpuMillis() > Math.max(0, cap.cpuMillis() - allocated.cpuMillis())
                || request.memoryBytes() > Math.max(0, cap.memoryBytes() - allocated.memoryBytes())) {
            return false;
        }
        Accelerators wanted = request.accelerators();
        if (wanted.isEmpty()) {
            return true;
        }
        String only = cap.accelerators().soleName();
        if (only != null && wanted.size() == 1) {
            return only.equals(wanted.name(0)) && wanted.count(0) <= Math.max(0, cap.accelerators().total() - gpusInUse.size());
        }
        return wanted.fitsIn(freeAccelerators());
    }

    private Accelerators freeAccelerators() {
        Accelerators cap = node.allocatable().accelerators();
        if (gpusInUse.isEmpty()) {
            return cap;
        }
        String only = cap.soleName();
        if (only != null) {
            return cap.withCount(Math.max(0, cap.total() - gpusInUse.size()));
        }
        Map<String, Integer> inUse = new HashMap<>();
        for (GpuDevice device : node.gpus()) {
            if (gpusInUse.contains(device.index())) {
                inUse.merge(device.resource(), 1, Integer::sum);
            }
        }
        return cap.atLeastZeroMinus(Accelerators.of(inUse));
    }

    /** The lowest-indexed free devices of each accelerator {@code request} names, as many as it asks of each. */
    public List<Integer> pickGpus(Accelerators request) {
        List<Integer> picked = new ArrayList<>(request.total());
        for (int k = 0; k < request.size(); k++) {
            String resource = request.name(k);
            int wanted = request.count(k);
            for (GpuDevice gpu : node.gpus()) {
                if (wanted == 0) {
                    break;
                }
                if (gpu.resource().equals(resource) && !gpusInUse.contains(gpu.index())) {
                    picked.add(gpu.index());
                    wanted--;
                }
            }
        }
        return picked;
    }

    /** The lowest-indexed free NVIDIA GPUs, {@code count} of them. */
    public List<Integer> pickGpus(int count) {
        return pickGpus(Accelerators.nvidiaGpus(count));
    }

    public NodeState take(Resources request, List<Integer> gpus) {
        Set<Integer> inUse = new TreeSet<>(gpusInUse);
        inUse.addAll(gpus);
        return new NodeState(node, allocated.plus(request), inUse);
    }
}
