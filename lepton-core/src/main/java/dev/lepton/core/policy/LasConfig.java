package dev.lepton.core.policy;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Settings of discretised two-dimensional least-attained-service (Tiresias, NSDI'19).
 *
 * @param thresholdsGpuSeconds attained service (GPU-seconds) at which a job moves down one queue;
 *     ascending, so {@code n} thresholds make {@code n + 1} queues
 * @param promoteKnob starvation guard: a waiting job whose wait exceeds {@code promoteKnob} times its
 *     run time so far (and at least {@code promoteFloor}) is promoted to the top queue; 0 turns it off
 *     (Tiresias' "PromoteKnob")
 * @param promoteFloor the least wait before any promotion, so that short jobs just preempted are not
 *     promoted at once
 * @param holdTheLineAfter starvation guard of Lepton's default: a job that has waited this long and
 *     still does not fit stops everything behind it, so that small jobs cannot keep a large gang
 *     waiting for ever; {@link Duration#ZERO} turns it off (Tiresias is work-conserving)
 */
public record LasConfig(List<Double> thresholdsGpuSeconds, double promoteKnob, Duration promoteFloor, Duration holdTheLineAfter) {
    /**
     * Tiresias as the Pollux artifact configures it (its {@code tiresias.py}): two queues split at 16
     * GPU-hours, no starvation guard.
     */
    public static final LasConfig TIRESIAS = new LasConfig(List.of(16 * 3600.0), 0, Duration.ZERO, Duration.ZERO);

    public LasConfig {
        thresholdsGpuSeconds = List.copyOf(thresholdsGpuSeconds);
        requireNonNull(promoteFloor, "promoteFloor is null");
        double previous = 0;
        for (double t : thresholdsGpuSeconds) {
            if (!(t > previous)) {
                throw new IllegalArgumentException("LAS thresholds must be positive and ascending, got " + thresholdsGpuSeconds);
            }
            previous = t;
        }
        if (promoteKnob < 0 || Double.isNaN(promoteKnob)) {
            throw new IllegalArgumentException("promoteKnob must be >= 0, got " + promoteKnob);
        }
        requireNonNull(holdTheLineAfter, "holdTheLineAfter is null");
        if (holdTheLineAfter.isNegative()) {
            throw new IllegalArgumentException("holdTheLineAfter must be >= 0, got " + holdTheLineAfter);
        }
        if (promoteFloor.isNegative()) {
            throw new IllegalArgumentException("promoteFloor must be >= 0, got " + promoteFloor);
        }
    }
}
