package dev.lepton.server.energy;

import dev.lepton.core.execution.AttemptId;
import java.util.Map;
import java.util.Set;

/** How much of each of this node's GPUs the running attempts' processes use, as the GPU driver reports it. */
@FunctionalInterface
public interface GpuShares {
    /** A node that cannot ask (no {@code nvidia-smi}): nothing is known, so its GPUs are split by allocation. */
    GpuShares NONE = running -> Map.of();

    /**
     * Each attempt of {@code running}, by GPU index, with the memory its processes use on that GPU (any
     * unit: only ratios matter). An attempt with no process on a GPU has no entry for it; processes of
     * other attempts, or of none, are left out.
     */
    Map<AttemptId, Map<Integer, Double>> shares(Set<AttemptId> running);
}
