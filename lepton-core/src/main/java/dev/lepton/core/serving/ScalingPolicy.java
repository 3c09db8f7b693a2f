package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a deployment scales: between {@code minReplicas} and {@code maxReplicas}, so that each replica
 * carries about {@code target} of {@code metric}, averaged over {@code window}. A rise must last
 * {@code scaleUpDelay} before replicas are added, a fall {@code scaleDownDelay} before they are removed
 * (as Kubernetes' HPA stabilisation windows); a burst of at least twice what the replicas carry is met at
 * once, measured over a tenth of the window (Knative's panic mode). With {@code minReplicas} 0, a
 * deployment that has seen no request for {@code idleTimeout} scales to zero.
 */
public record ScalingPolicy(int minReplicas, int maxReplicas, ScalingMetric metric, double target, Duration window,
                            Duration scaleUpDelay, Duration scaleDownDelay, Duration idleTimeout) {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    public static final Duration DEFAULT_SCALE_UP_DELAY = Duration.ZERO;
    public static final Duration DEFAULT_SCALE_DOWN_DELAY = Duration.ofMinutes(5);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(15);
    /** A burst is met at once when it needs this many times the replicas there are. */
    static final double BURST_FACTOR = 2.0;

    public ScalingPolicy {
        requireNonNull(metric, "metric is null");
        requireNonNull(window, "window is null");
        requireNonNull(scaleUpDelay, "scaleUpDelay is null");
        requireNonNull(scaleDownDelay, "scaleDownDelay is null");
        requireNonNull(idleTimeout, "idleTimeout is null");
        if (minReplicas < 0) {
            throw new IllegalArgumentException("replicas.min: must be 0 or more (got " + minReplicas + ")");
        }
        if (maxReplicas < Math.max(1, minReplicas)) {
            throw new IllegalArgumentException("replicas.max: must be at least 1 and at least replicas.min " + minReplicas + " (got " + maxReplicas + ")");
        }
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException("scaling.target: must be a number above 0 (got " + target + ")");
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("scaling.window: must be at least 1s (got " + window + ")");
        }
        requireNotNegative("scaling.scaleUpDelay", scaleUpDelay);
        requireNotNegative("scaling.scaleDownDelay", scaleDownDelay);
        requireNotNegative("scaling.idleTimeout", idleTimeout);
    }

    /** A deployment that keeps {@code replicas} replicas whatever the load. */
    public static ScalingPolicy fixed(int replicas) {
        return of(replicas, replicas, ScalingMetric.CONCURRENCY, 1);
    }

    /** The policy with the default window, delays and idle timeout. */
    public static ScalingPolicy of(int minReplicas, int maxReplicas, ScalingMetric metric, double target) {
        return new ScalingPolicy(minReplicas, maxReplicas, metric, target, DEFAULT_WINDOW, DEFAULT_SCALE_UP_DELAY, DEFAULT_SCALE_DOWN_DELAY,
                DEFAULT_IDLE_TIMEOUT);
    }

    public ScalingPolicy withDelays(Duration up, Duration down) {
        return new ScalingPolicy(minReplicas, maxReplicas, metric, target, window, up, down, idleTimeout);
    }

    public ScalingPolicy withIdleTimeout(Duration timeout) {
        return new ScalingPolicy(minReplicas, maxReplicas, metric, target, window, scaleUpDelay, scaleDownDelay, timeout);
    }

    public ScalingPolicy withWindow(Duration window) {
        return new ScalingPolicy(minReplicas, maxReplicas, metric, target, window, scaleUpDelay, scaleDownDelay, idleTimeout);
    }

    /** The short window a burst is measured over. */
    Duration burstWindow() {
        return window.dividedBy(10);
    }

    private static void requireNotNegative(String field, Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + ": must not be negative (got " + value + ")");
        }
    }
}
