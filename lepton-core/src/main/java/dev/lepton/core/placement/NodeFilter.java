package dev.lepton.core.placement;

import dev.lepton.core.resource.Resources;
import java.util.Optional;

/** One feasibility check: the reason a node cannot take a worker, or empty when it can. */
@FunctionalInterface
public interface NodeFilter {
    Optional<String> reject(NodeState node, Resources perWorker);
}
