package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A replica's HTTP probe, as Kubernetes' {@code httpGet} probes: {@code GET path} every {@code period}, an answer below 500
 * within {@code timeout} a success (a model server's readiness: exactly 200), and {@code failureThreshold} failures in a
 * row a verdict: out of routing (readiness), or restarted (liveness, counted once the replica has been ready).
 */
public record Probe(String path, Duration period, Duration timeout, int failureThreshold) {
    public static final Duration MIN_PERIOD = Duration.ofSeconds(1);

    public Probe {
        requireNonNull(path, "path is null");
        requireNonNull(period, "period is null");
        requireNonNull(timeout, "timeout is null");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/' (got '" + path + "')");
        }
        if (period.compareTo(MIN_PERIOD) < 0) {
            throw new IllegalArgumentException("period must be at least 1s (got " + period + ")");
        }
        if (!timeout.isPositive() || timeout.compareTo(period) > 0) {
            throw new IllegalArgumentException("timeout must be more than 0 and at most the period (got " + timeout + ")");
        }
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failureThreshold must be at least 1 (got " + failureThreshold + ")");
        }
    }
}
