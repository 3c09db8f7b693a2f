package dev.lepton.node.probe;

import dev.lepton.core.node.GpuDevice;
import dev.lepton.core.resource.Accelerators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * This machine's GPUs as its node numbers them: {@code nvidia-smi}'s at their own indices, then {@code rocm-smi}'s
 * numbered on after them in ROCm's order. One numbering for the probe that offers the devices and for the power
 * sources that read them, so that an index names the same device to the scheduler, a worker's environment and the
 * energy ledger, and AMD device 0 is never taken for NVIDIA GPU 0.
 */
public final class NodeGpus {
    private final List<GpuDevice> all;
    private final Map<Integer, Integer> nodeIndexOfRocmIndex;

    private NodeGpus(List<GpuDevice> all, Map<Integer, Integer> nodeIndexOfRocmIndex) {
        this.all = List.copyOf(all);
        this.nodeIndexOfRocmIndex = Map.copyOf(nodeIndexOfRocmIndex);
    }

    /** {@code nvidia} as {@link NvidiaSmi#devices()} lists them, {@code amd} as {@link RocmSmi#devices()} does (ROCm indices). */
    public static NodeGpus number(List<GpuDevice> nvidia, List<GpuDevice> amd) {
        List<GpuDevice> all = new ArrayList<>(nvidia);
        Map<Integer, Integer> nodeIndexOfRocmIndex = new HashMap<>();
        for (GpuDevice d : amd) {
            nodeIndexOfRocmIndex.put(d.index(), all.size());
            all.add(new GpuDevice(all.size(), d.uuid(), d.model(), d.memoryBytes(), d.powerLimitWatts(), d.resource()));
        }
        return new NodeGpus(all, nodeIndexOfRocmIndex);
    }

    /** Every GPU, at its index on the node. */
    public List<GpuDevice> all() {
        return all;
    }

    /** The NVIDIA GPUs, whose node index is their {@code nvidia-smi} index. */
    public List<GpuDevice> nvidia() {
        return all.stream().filter(d -> d.resource().equals(Accelerators.NVIDIA_GPU)).toList();
    }

    public boolean hasAmd() {
        return !nodeIndexOfRocmIndex.isEmpty();
    }

    /** The node index of the AMD GPU {@code rocm-smi} calls {@code cardN}; empty for a card the node was detected without. */
    public OptionalInt amdIndex(int rocmIndex) {
        Integer index = nodeIndexOfRocmIndex.get(rocmIndex);
        return index == null ? OptionalInt.empty() : OptionalInt.of(index);
    }
}
