package dev.lepton.core.node;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An operator's hold on a node, over what its source says of it: cordoned, it takes no new work; drained,
 * what runs there is also stopped and queued again to run elsewhere, or, with {@code letFinish}, left to end
 * by itself (Slurm's {@code DRAIN}). It stays until the operator lifts it, whatever the source says
 * meanwhile; a node that goes down is down all the same.
 */
public record NodeCordon(String by, String reason, Instant at, boolean drain, boolean letFinish) {
    public NodeCordon {
        requireNonNull(by, "by is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(at, "at is null");
    }

    /** The node as the scheduler sees it under this hold. */
    public Node applyTo(Node node) {
        if (node.condition() == NodeCondition.DOWN) {
            return node;
        }
        return node.withCondition(drain && !letFinish ? NodeCondition.DRAINING : NodeCondition.UNSCHEDULABLE);
    }
}
