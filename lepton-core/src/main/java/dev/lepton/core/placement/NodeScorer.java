package dev.lepton.core.placement;

import dev.lepton.core.resource.Resources;

/** Ranks a feasible node for one worker; higher is better, in [0, 1]. */
@FunctionalInterface
public interface NodeScorer {
    double score(NodeState node, Resources perWorker);
}
