package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import dev.lepton.core.node.NodeCordon;
import java.time.Instant;
import java.util.Optional;

/** A node as last reported, when it last reported, and the operator's hold on it, if any. */
public record StoredNode(Node node, Instant heartbeatAt, Optional<NodeCordon> cordon) {
    public StoredNode {
        requireNonNull(node, "node is null");
        requireNonNull(heartbeatAt, "heartbeatAt is null");
        requireNonNull(cordon, "cordon is null");
    }

    /** The node as the scheduler sees it: as reported, under the operator's hold. */
    public Node effective() {
        return cordon.map(c -> c.applyTo(node)).orElse(node);
    }
}
