package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Resources;
import java.util.List;
import java.util.Map;

/**
 * A machine that runs workloads. {@code allocatable} is what the scheduler may hand out;
 * GPUs are listed device by device so that workers can be pinned to indices.
 */
public record Node(String name, Resources allocatable, List<GpuDevice> gpus, Map<String, String> labels, boolean healthy) {
    public Node {
        requireNonNull(name, "name is null");
        requireNonNull(allocatable, "allocatable is null");
        gpus = List.copyOf(gpus);
        labels = Map.copyOf(labels);
        if (allocatable.gpus() != gpus.size()) {
            throw new IllegalArgumentException("node " + name + " lists " + gpus.size() + " GPUs but offers " + allocatable.gpus());
        }
    }
}
