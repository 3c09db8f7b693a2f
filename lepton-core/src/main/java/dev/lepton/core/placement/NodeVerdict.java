package dev.lepton.core.placement;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What placement thought of one node: why it was rejected, or the score it earned. */
public record NodeVerdict(String node, Optional<String> rejection, double score) {
    public NodeVerdict {
        requireNonNull(node, "node is null");
        requireNonNull(rejection, "rejection is null");
    }

    public static NodeVerdict rejected(String node, String why) {
        return new NodeVerdict(node, Optional.of(why), 0);
    }

    public static NodeVerdict scored(String node, double score) {
        return new NodeVerdict(node, Optional.empty(), score);
    }
}
