package dev.lepton.server.energy;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.server.scheduler.RunningWorker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Each running worker's weight on each of the node's GPUs, by which {@link dev.lepton.core.energy.EnergyAttribution}
 * splits a GPU's energy:
 *
 * <ol>
 *   <li>A GPU that the processes of running attempts are on goes to those attempts by the memory their
 *       processes use on it (equally if the driver reports none). Whoever holds it by allocation with no
 *       process on it gets none of it: the power is drawn by the processes.
 *   <li>A GPU that no running attempt's process is on (not started yet, between steps, or the driver not
 *       asked) goes to its holders by allocation, equally, idle or busy.
 *   <li>A GPU neither used nor held is idle.
 * </ol>
 */
final class GpuWeights {
    private GpuWeights() {}

    /** {@code byProcesses} is {@link GpuShares#shares}'s answer; attempts in it that are not in {@code running} are ignored. */
    static Map<AttemptId, Map<Integer, Double>> of(List<RunningWorker> running, Map<AttemptId, Map<Integer, Double>> byProcesses) {
        Set<Integer> used = new HashSet<>();
        for (RunningWorker worker : running) {
            used.addAll(byProcesses.getOrDefault(worker.attempt(), Map.of()).keySet());
        }
        Map<AttemptId, Map<Integer, Double>> weights = new HashMap<>();
        for (RunningWorker worker : running) {
            Map<Integer, Double> own = new HashMap<>(byProcesses.getOrDefault(worker.attempt(), Map.of()));
            for (int gpu : worker.gpus()) {
                if (!used.contains(gpu)) {
                    own.put(gpu, 1.0);
                }
            }
            weights.put(worker.attempt(), own);
        }
        return weights;
    }
}
