package dev.lepton.kubernetes.usage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One worker's use from the metrics API's samples ({@link PodUse}) and its energy so far: on each
 * {@link #energyUntil}, the power given then times the time since the one before (since the pod was made,
 * the first time). Safe to call from the sampling thread and the pod informer's.
 */
public final class WorkerMeter {
    private PodUse use = PodUse.NONE;
    private Instant meteredAt;
    private double joules;

    /** {@code since}: when the worker's pod was made, where its energy starts. */
    public WorkerMeter(Instant since) {
        this.meteredAt = requireNonNull(since, "since is null");
    }

    public synchronized void add(PodSample sample) {
        use = use.plus(sample);
    }

    public synchronized PodUse use() {
        return use;
    }

    /** The energy so far, with the time since the last call at {@code watts}; a running total that only grows. */
    public synchronized double energyUntil(Instant now, double watts) {
        if (now.isAfter(meteredAt)) {
            joules += Math.max(0, watts) * Duration.between(meteredAt, now).toNanos() / 1e9;
            meteredAt = now;
        }
        return joules;
    }
}
