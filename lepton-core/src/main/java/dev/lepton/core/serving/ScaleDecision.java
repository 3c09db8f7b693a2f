package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

/**
 * How many replicas a deployment should have now, why (one sentence for events and {@code deploy
 * status}), and what the autoscaler remembers for its next decision.
 */
public record ScaleDecision(int replicas, String reason, Autoscaler.Memory memory) {
    public ScaleDecision {
        requireNonNull(reason, "reason is null");
        requireNonNull(memory, "memory is null");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas cannot be negative: " + replicas);
        }
    }
}
