package dev.lepton.store;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.node.Node;
import java.time.Instant;

/** A node as last reported, and when it last reported. */
public record StoredNode(Node node, Instant heartbeatAt) {
    public StoredNode {
        requireNonNull(node, "node is null");
        requireNonNull(heartbeatAt, "heartbeatAt is null");
    }
}
