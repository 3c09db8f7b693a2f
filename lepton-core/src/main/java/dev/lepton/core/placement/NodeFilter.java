package dev.lepton.core.placement;

import java.util.Optional;

/** One feasibility check: the reason a node cannot take one worker of the request, or empty when it can. */
@FunctionalInterface
public interface NodeFilter {
    Optional<String> reject(NodeState node, PlacementRequest request);
}
