package dev.lepton.server.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.energy.MeasuredEnergy;
import dev.lepton.core.execution.AttemptId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns the running totals an executor measured for its workers into each interval's joules. A
 * worker once measured stays measured for as long as it runs: an interval without a new figure (the
 * engine had none this time) gives it none, and the next figure brings what that interval missed, so
 * no joule is counted twice, nor modelled as well. A figure that went down (the engine restarted its
 * count) starts a new count. Owned by the meter's sampling thread.
 */
final class MeasuredIntervals {
    private final Map<AttemptId, Double> last = new HashMap<>();

    /** The figures before the first interval: what they cover was drawn before the meter started. */
    void baseline(Map<AttemptId, MeasuredEnergy> totals) {
        totals.forEach((attempt, energy) -> last.put(attempt, energy.joules()));
    }

    /**
     * Each measured worker's joules since the previous call, for every worker of {@code running} that
     * has been measured; a worker seen for the first time brings all it drew since it started. Workers
     * no longer running are forgotten.
     */
    Map<AttemptId, Double> next(Map<AttemptId, MeasuredEnergy> totals, Set<AttemptId> running) {
        requireNonNull(totals, "totals is null");
        last.keySet().retainAll(running);
        Map<AttemptId, Double> interval = new HashMap<>();
        for (AttemptId attempt : running) {
            MeasuredEnergy now = totals.get(attempt);
            Double before = last.get(attempt);
            if (now == null) {
                if (before != null) {
                    interval.put(attempt, 0.0);
                }
                continue;
            }
            interval.put(attempt, before == null || now.joules() < before ? now.joules() : now.joules() - before);
            last.put(attempt, now.joules());
        }
        return interval;
    }
}
