package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import dev.lepton.core.resource.Quantities;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A replica's HTTP probe, as Kubernetes' {@code httpGet} probes: {@code GET path} every {@code period}, an answer from 200
 * to 399 within {@code timeout} a success, and {@code failureThreshold} failures in a row a verdict: out of routing
 * (readiness), or restarted (liveness, counted once the replica has been ready).
 */
public record Probe(String path, Duration period, Duration timeout, int failureThreshold) {
    /** What a probe the spec gives takes when it does not say. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;

    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    private static final int MAX_FAILURE_THRESHOLD = 100;

    public Probe {
        requireNonNull(path, "path is null");
        requireNonNull(period, "period is null");
        requireNonNull(timeout, "timeout is null");
        List<String> faults = faults(path, period, timeout, failureThreshold);
        if (!faults.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", faults));
        }
    }

    /** Every rule these values break, each as {@code field: why (got value)}; empty when they make a probe. */
    public static List<String> faults(String path, Duration period, Duration timeout, int failureThreshold) {
        List<String> faults = new ArrayList<>();
        if (path == null || !path.startsWith("/")) {
            faults.add("path: required, a path starting with '/' (got " + (path == null ? "none" : "'" + path + "'") + ")");
        }
        if (period.compareTo(MIN_PERIOD) < 0) {
            faults.add("period: at least 1s (got " + Quantities.formatDuration(period) + ")");
        }
        if (!timeout.isPositive() || timeout.compareTo(period) > 0) {
            faults.add("timeout: more than 0s and at most the period, " + Quantities.formatDuration(period) + " (got "
                    + Quantities.formatDuration(timeout) + ")");
        }
        if (failureThreshold < 1 || failureThreshold > MAX_FAILURE_THRESHOLD) {
            faults.add("failureThreshold: must be 1-" + MAX_FAILURE_THRESHOLD + " (got " + failureThreshold + ")");
        }
        return faults;
    }
}
