package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Worker {@code rank} goes to {@code node}, pinned to these GPU indices. */
public record Assignment(int rank, String node, List<Integer> gpuIndices) {
    public Assignment {
        requireNonNull(node, "node is null");
        gpuIndices = List.copyOf(gpuIndices);
    }
}
