package dev.lepton.core.serving;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What a deployment's gateway saw over one sampling interval ending {@code at}: requests in flight on
 * average over the interval, requests answered per second, and requests held waiting for a replica
 * (the gateway holds them while a deployment scales from zero).
 */
public record LoadSample(Instant at, double concurrency, double requestsPerSecond, int held) {
    public LoadSample {
        requireNonNull(at, "at is null");
        if (!(concurrency >= 0) || !(requestsPerSecond >= 0) || held < 0) {
            throw new IllegalArgumentException("load cannot be negative: concurrency " + concurrency + ", rps " + requestsPerSecond + ", held " + held);
        }
    }

    /** Whether anything asked this deployment for an answer in the interval. */
    boolean active() {
        return concurrency > 0 || requestsPerSecond > 0 || held > 0;
    }

    double of(ScalingMetric metric) {
        return switch (metric) {
            case CONCURRENCY -> concurrency;
            case RPS -> requestsPerSecond;
        };
    }
}
