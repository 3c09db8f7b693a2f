package dev.lepton.core.placement;

import java.util.List;

/** Every node and its allocations at one instant; placement never sees anything else. */
public record ClusterSnapshot(List<NodeState> nodes) {
    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
    }
}
