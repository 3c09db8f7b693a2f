package dev.lepton.core.energy;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.execution.AttemptId;
import dev.lepton.core.resource.Resources;
import java.util.Map;

/**
 * What one running attempt did in an interval: the resources it holds, the CPU time its processes
 * used in the interval, and the GPUs it has a part in, each with its weight on that GPU (its
 * processes' used memory there, or equal weights for holders by allocation; only the ratio between
 * the attempts on one GPU matters).
 */
public record AttemptActivity(AttemptId attempt, Resources allocated, double cpuSeconds, Map<Integer, Double> gpuShares) {
    public AttemptActivity {
        requireNonNull(attempt, "attempt is null");
        requireNonNull(allocated, "allocated is null");
        gpuShares = Map.copyOf(gpuShares);
        if (!(cpuSeconds >= 0) || Double.isInfinite(cpuSeconds)) {
            throw new IllegalArgumentException("cpuSeconds must be >= 0 for " + attempt + ": " + cpuSeconds);
        }
        gpuShares.forEach((gpu, share) -> {
            if (gpu < 0 || !(share >= 0) || Double.isInfinite(share)) {
                throw new IllegalArgumentException("invalid share of GPU " + gpu + " for " + attempt + ": " + share);
            }
        });
    }
}
