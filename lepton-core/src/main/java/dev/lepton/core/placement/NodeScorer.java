package dev.lepton.core.placement;

/** Ranks a feasible node for one worker of the request; higher is better, in [0, 1]. */
@FunctionalInterface
public interface NodeScorer {
    double score(NodeState node, PlacementRequest request);
}
